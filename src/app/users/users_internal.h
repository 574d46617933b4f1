// Inside the users room: what auth.cc and users.cc share and the public
// header must not show (it names a storage record).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "app/users/users.h"
#include "storage/store.h"

namespace shuzhi::app {

// A user as the API shows it: the record without its password hash, and
// without the names of its grants' scopes (GrantNamer adds them).
UserView UserViewOf(const storage::UserRecord& r);

// Names the scopes of users' role grants within one transaction, reading
// each congress, group and person once however many grants name it (a page
// of 200 users mostly names a handful). Borrows `tx` for its lifetime.
class GrantNamer {
 public:
  explicit GrantNamer(storage::Tx& tx) : tx_(tx) {}

  // The user's view with `role_names` filled in; storage errors only.
  Result<UserView> ViewOf(const storage::UserRecord& r);

 private:
  using Names = std::map<std::int64_t, std::optional<std::string>>;
  Result<std::optional<std::string>> Congress(std::int64_t id);
  Result<std::optional<std::string>> Group(std::int64_t id);
  Result<std::optional<std::string>> Deputy(std::int64_t id);

  storage::Tx& tx_;
  Names congresses_;
  Names groups_;
  Names deputies_;
};

}  // namespace shuzhi::app
