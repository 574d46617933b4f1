// Accounts: create, list, change, disable, reset (organizers and admins, in
// their scope), and a user's own password change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

// The names of one role grant's scope, so that people read "组织者 ·
// 某某县人大常委会" and never an id. Each is empty where the grant has no such
// scope, or where its congress, group or person no longer exists.
struct GrantNames {
  std::optional<std::string> congress;
  std::optional<std::string> group;
  std::optional<std::string> deputy;
};

// A user as the API shows it: everything but the password hash.
struct UserView {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  bool disabled = false;
  bool must_change_password = false;
  Micros created_at = 0;
  std::optional<Micros> last_login_at;
  std::optional<Micros> previous_login_at;
  std::vector<core::RoleGrant> roles;
  // One entry per grant in `roles`, in the same order.
  std::vector<GrantNames> role_names;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string password;
  std::vector<core::RoleGrant> roles;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<bool> disabled;
  std::optional<std::vector<core::RoleGrant>> roles;
};

struct UserPage {
  std::vector<UserView> items;
  std::int64_t total = 0;
};

// invalid_argument "user.password_too_short" (< 8 characters) or
// "user.password_too_long" (> 256 bytes).
Status ValidatePassword(const std::string& password, const char* field);

class UserService {
 public:
  UserService(storage::Store& store, const base::Clock& clock, const AppOptions& options)
      : store_(store), clock_(clock), options_(options) {}

  // Users the actor may see (admin: all; organizer: those with a grant in
  // their congresses), filtered by `q` and paged from 1.
  Result<UserPage> List(const Actor& actor, const std::string& q, std::int64_t page, std::int64_t page_size);
  Result<UserView> Get(const Actor& actor, std::int64_t id);
  // Creates a user who must change the initial password at first login.
  // conflict "user.username_taken"; permission_denied for a grant the actor
  // may not give.
  Result<UserView> Create(const Actor& actor, const NewUser& input);
  Result<UserView> Update(const Actor& actor, std::int64_t id, const UserPatch& patch);
  // Sets a new password that the user must change at next login, and ends
  // the user's sessions.
  Status ResetPassword(const Actor& actor, std::int64_t id, const std::string& new_password);
  // The actor's own password; invalid_argument "auth.wrong_password".
  Status ChangeOwnPassword(const Actor& actor, const std::string& current, const std::string& next);

  // For the CLI and first start: creates a user with no actor check,
  // audited as "system".
  Result<UserView> CreateAsSystem(const NewUser& input, bool must_change_password);
  Status SetPasswordAsSystem(const std::string& username, const std::string& new_password);
  Status SetDisabledAsSystem(const std::string& username, bool disabled);

 private:
  Status ValidateNewUser(const NewUser& input) const;
  // Inserts the user; `granter`, when given, must be allowed every grant.
  Result<UserView> Insert(const Actor* granter, const std::string& actor, const NewUser& input,
                          bool must_change_password);

  storage::Store& store_;
  const base::Clock& clock_;
  const AppOptions& options_;
};

}  // namespace shuzhi::app
