#include "app/users/users.h"

#include <algorithm>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/errors.h"
#include "app/registry/registry.h"
#include "app/registry/registry_internal.h"
#include "app/users/users_internal.h"
#include "core/access.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

base::json::array GrantsJson(const std::vector<core::RoleGrant>& roles) {
  base::json::array out;
  for (const auto& g : roles) {
    base::json::object o;
    o["role"] = core::RoleName(g.role);
    if (g.congress_id) o["congress_id"] = *g.congress_id;
    if (g.group_id) o["group_id"] = *g.group_id;
    if (g.deputy_id) o["deputy_id"] = *g.deputy_id;
    out.push_back(std::move(o));
  }
  return out;
}

// Looks up the congresses of every person a deputy grant names, once each.
// Grants being given (`strict`) must name an existing person; stored grants
// of a person since removed simply belong to no congress.
Status LookUpPersons(storage::Tx& tx, const std::vector<core::RoleGrant>& grants, bool strict,
                     core::PersonCongresses& persons) {
  for (std::size_t i = 0; i < grants.size(); ++i) {
    const auto& g = grants[i];
    if (g.role != core::Role::kDeputy || !g.deputy_id || persons.count(*g.deputy_id)) continue;
    auto congresses = CongressesOfPerson(tx, *g.deputy_id);
    if (congresses.ok()) {
      persons[*g.deputy_id] = *std::move(congresses);
    } else if (congresses.status().code() != base::Code::kNotFound) {
      return congresses.status();
    } else if (strict) {
      const std::string field = "roles[" + std::to_string(i) + "].deputy_id";
      return base::InvalidArgument("user.bad_grant", "role deputy: no deputy " + std::to_string(*g.deputy_id),
                                   {{field, "not_found"}});
    } else {
      persons[*g.deputy_id] = {};
    }
  }
  return base::Ok();
}

// Admins see everyone; organizers see users holding a grant in one of their
// congresses (for a deputy: a person with a mandate there).
bool MayView(const std::vector<core::RoleGrant>& actor, const std::vector<core::RoleGrant>& target,
             const core::PersonCongresses& persons) {
  if (core::IsAdmin(actor)) return true;
  return std::any_of(target.begin(), target.end(), [&](const core::RoleGrant& t) {
    const auto within = core::CongressesOf(t, persons);
    return std::any_of(within.begin(), within.end(), [&](std::int64_t c) {
      return core::Allows(actor, core::Action::kManageUsers, core::Scope{c, {}, {}});
    });
  });
}

Status CheckMayGrant(const Actor& actor, const std::vector<core::RoleGrant>& grants,
                     const core::PersonCongresses& persons) {
  for (const auto& g : grants) {
    if (!core::MayGrant(actor.roles, g, persons)) {
      return base::PermissionDenied("auth.forbidden", std::string("you may not grant ") + core::RoleName(g.role));
    }
  }
  return base::Ok();
}

bool ValidUsername(const std::string& u) {
  if (u.size() < 2 || u.size() > 64) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

// The user `id` if the actor may manage them: not_found, or permission_denied.
Result<storage::UserRecord> LoadManageable(storage::Tx& tx, const Actor& actor, std::int64_t id) {
  SHUZHI_ASSIGN_OR_RETURN(auto user, tx.users().FindById(id));
  if (!user) return base::NotFound("user.not_found", "no user " + std::to_string(id));
  core::PersonCongresses persons;
  SHUZHI_TRY(LookUpPersons(tx, user->roles, false, persons));
  if (!core::MayManageUser(actor.roles, user->roles, persons)) return Forbidden("you may not manage this user");
  return *std::move(user);
}

}  // namespace

UserView UserViewOf(const storage::UserRecord& r) {
  return UserView{r.id,         r.username,      r.display_name,      r.disabled, r.must_change_password,
                  r.created_at, r.last_login_at, r.previous_login_at, r.roles,    {}};
}

constexpr int kMinPasswordChars = 12;

Status ValidatePassword(const std::string& password, const char* field) {
  // Counted in code points, so a Chinese pass phrase is not penalised.
  const auto chars = std::count_if(password.begin(), password.end(), [](char c) { return (c & 0xC0) != 0x80; });
  // OWASP ASVS 4.0.3 V2.1.1: at least 12. Checked when a password is set or
  // changed; one set earlier under the old minimum of 8 still logs in.
  if (chars < kMinPasswordChars) {
    return base::InvalidArgument("user.password_too_short", "at least 12 characters", {{field, "too_short"}});
  }
  if (password.size() > 256) {
    return base::InvalidArgument("user.password_too_long", "at most 256 bytes", {{field, "too_long"}});
  }
  return base::Ok();
}

Status UserService::ValidateNewUser(const NewUser& in) const {
  std::vector<base::FieldError> errors;
  if (!ValidUsername(in.username)) errors.push_back({"username", "invalid"});
  if (in.display_name.empty() || in.display_name.size() > 128) errors.push_back({"display_name", "invalid"});
  if (!errors.empty()) {
    return base::InvalidArgument("request.invalid", "username: 2–64 of a-z 0-9 _ . -; display name: 1–128 bytes",
                                 std::move(errors));
  }
  SHUZHI_TRY(ValidatePassword(in.password, "password"));
  for (std::size_t i = 0; i < in.roles.size(); ++i) SHUZHI_TRY(core::ValidateGrant(in.roles[i], i));
  return base::Ok();
}

Result<UserPage> UserService::List(const Actor& actor, const std::string& q, std::int64_t page,
                                   std::int64_t page_size) {
  if (!core::Allows(actor.roles, core::Action::kManageUsers)) return Forbidden("managing users needs organizer");
  UserPage out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    out = {};
    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.users().Search(q));
    core::PersonCongresses persons;
    if (!core::IsAdmin(actor.roles)) {
      for (const auto& u : all) SHUZHI_TRY(LookUpPersons(tx, u.roles, false, persons));
    }
    // Only the page's users are named.
    GrantNamer namer(tx);
    for (const auto& u : all) {
      if (!MayView(actor.roles, u.roles, persons)) continue;
      if (out.total >= (page - 1) * page_size && out.total < page * page_size) {
        SHUZHI_ASSIGN_OR_RETURN(auto view, namer.ViewOf(u));
        out.items.push_back(std::move(view));
      }
      ++out.total;
    }
    return base::Ok();
  }));
  return out;
}

Result<UserView> UserService::Get(const Actor& actor, std::int64_t id) {
  if (!core::Allows(actor.roles, core::Action::kManageUsers) && actor.user_id != id) {
    return Forbidden("managing users needs organizer");
  }
  std::optional<storage::UserRecord> user;
  core::PersonCongresses persons;
  UserView view;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(user, tx.users().FindById(id));
    if (!user) return base::Ok();
    SHUZHI_TRY(LookUpPersons(tx, user->roles, false, persons));
    SHUZHI_ASSIGN_OR_RETURN(view, GrantNamer(tx).ViewOf(*user));
    return base::Ok();
  }));
  if (!user) return base::NotFound("user.not_found", "no user " + std::to_string(id));
  if (actor.user_id != id && !MayView(actor.roles, user->roles, persons))
    return Forbidden("user outside your congresses");
  return view;
}

Result<UserView> UserService::Create(const Actor& actor, const NewUser& input) {
  if (!core::Allows(actor.roles, core::Action::kManageUsers)) return Forbidden("managing users needs organizer");
  SHUZHI_TRY(ValidateNewUser(input));
  if (input.roles.empty() && !core::IsAdmin(actor.roles))
    return Forbidden("only an admin creates a user without roles");
  // The creator knows the initial password, so the user must replace it.
  return Insert(&actor, actor.username, input, true);
}

Result<UserView> UserService::CreateAsSystem(const NewUser& input, bool must_change_password) {
  SHUZHI_TRY(ValidateNewUser(input));
  return Insert(nullptr, "system", input, must_change_password);
}

Result<UserView> UserService::Insert(const Actor* granter, const std::string& actor, const NewUser& input,
                                     bool must_change_password) {
  // Hash before the transaction: it takes tens of milliseconds and must not
  // hold the write lock.
  SHUZHI_ASSIGN_OR_RETURN(std::string hash, base::HashPassword(input.password, options_.password_cost));
  storage::UserRecord rec;
  rec.username = input.username;
  rec.display_name = input.display_name;
  rec.password_hash = std::move(hash);
  rec.must_change_password = must_change_password;
  rec.created_at = clock_.Now();
  rec.roles = input.roles;
  UserView view;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    core::PersonCongresses persons;
    SHUZHI_TRY(LookUpPersons(tx, rec.roles, true, persons));
    if (granter) SHUZHI_TRY(CheckMayGrant(*granter, rec.roles, persons));
    SHUZHI_ASSIGN_OR_RETURN(rec.id, tx.users().Insert(rec));
    SHUZHI_ASSIGN_OR_RETURN(view, GrantNamer(tx).ViewOf(rec));
    return RecordAudit(tx, clock_, actor, "user.create", "user:" + std::to_string(rec.id),
                       {{"username", rec.username}, {"roles", GrantsJson(rec.roles)}});
  }));
  return view;
}

Result<UserView> UserService::Update(const Actor& actor, std::int64_t id, const UserPatch& patch) {
  if (!core::Allows(actor.roles, core::Action::kManageUsers)) return Forbidden("managing users needs organizer");
  if (patch.display_name && (patch.display_name->empty() || patch.display_name->size() > 128)) {
    return base::InvalidArgument("request.invalid", "display name: 1–128 bytes", {{"display_name", "invalid"}});
  }
  if (patch.roles) {
    for (std::size_t i = 0; i < patch.roles->size(); ++i) SHUZHI_TRY(core::ValidateGrant((*patch.roles)[i], i));
  }
  if (id == actor.user_id && patch.disabled.value_or(false)) {
    return base::FailedPrecondition("user.cannot_disable_self", "you cannot disable your own account");
  }
  if (id == actor.user_id && patch.roles && core::IsAdmin(actor.roles) && !core::IsAdmin(*patch.roles)) {
    return base::FailedPrecondition("user.cannot_demote_self", "you cannot remove your own admin role");
  }
  storage::UserRecord user;
  UserView view;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(user, LoadManageable(tx, actor, id));
    if (patch.roles) {
      core::PersonCongresses persons;
      SHUZHI_TRY(LookUpPersons(tx, *patch.roles, true, persons));
      SHUZHI_TRY(CheckMayGrant(actor, *patch.roles, persons));
    }
    base::json::object changed;
    if (patch.display_name) {
      user.display_name = *patch.display_name;
      changed["display_name"] = user.display_name;
    }
    if (patch.disabled) {
      user.disabled = *patch.disabled;
      changed["disabled"] = user.disabled;
      if (user.disabled) SHUZHI_TRY(tx.sessions().DeleteForUser(id));
    }
    SHUZHI_TRY(tx.users().Update(user));
    if (patch.roles) {
      user.roles = *patch.roles;
      SHUZHI_TRY(tx.users().ReplaceRoles(id, user.roles));
      changed["roles"] = GrantsJson(user.roles);
    }
    SHUZHI_ASSIGN_OR_RETURN(view, GrantNamer(tx).ViewOf(user));
    return RecordAudit(tx, clock_, actor.username, "user.update", "user:" + std::to_string(id), changed);
  }));
  return view;
}

Status UserService::ResetPassword(const Actor& actor, std::int64_t id, const std::string& new_password) {
  if (!core::Allows(actor.roles, core::Action::kManageUsers)) return Forbidden("managing users needs organizer");
  SHUZHI_TRY(ValidatePassword(new_password, "new_password"));
  SHUZHI_ASSIGN_OR_RETURN(std::string hash, base::HashPassword(new_password, options_.password_cost));
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(storage::UserRecord user, LoadManageable(tx, actor, id));
    user.password_hash = hash;
    user.must_change_password = id != actor.user_id;
    SHUZHI_TRY(tx.users().Update(user));
    SHUZHI_TRY(tx.sessions().DeleteForUser(id));
    return RecordAudit(tx, clock_, actor.username, "user.reset_password", "user:" + std::to_string(id));
  });
}

Status UserService::ChangeOwnPassword(const Actor& actor, const std::string& current, const std::string& next) {
  SHUZHI_TRY(ValidatePassword(next, "new_password"));
  std::optional<storage::UserRecord> user;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(user, tx.users().FindById(actor.user_id));
    return base::Ok();
  }));
  if (!user) return base::NotFound("user.not_found", "your account no longer exists");
  if (!base::VerifyPassword(user->password_hash, current)) {
    return base::InvalidArgument("auth.wrong_password", "the current password is wrong",
                                 {{"current_password", "wrong"}});
  }
  SHUZHI_ASSIGN_OR_RETURN(std::string hash, base::HashPassword(next, options_.password_cost));
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto fresh, tx.users().FindById(actor.user_id));
    if (!fresh) return base::NotFound("user.not_found", "your account no longer exists");
    fresh->password_hash = hash;
    fresh->must_change_password = false;
    SHUZHI_TRY(tx.users().Update(*fresh));
    return RecordAudit(tx, clock_, actor.username, "user.change_password", "user:" + std::to_string(actor.user_id));
  });
}

Status UserService::SetPasswordAsSystem(const std::string& username, const std::string& new_password) {
  SHUZHI_TRY(ValidatePassword(new_password, "password"));
  SHUZHI_ASSIGN_OR_RETURN(std::string hash, base::HashPassword(new_password, options_.password_cost));
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto user, tx.users().FindByUsername(username));
    if (!user) return base::NotFound("user.not_found", "no user named " + username);
    user->password_hash = hash;
    user->must_change_password = false;
    SHUZHI_TRY(tx.users().Update(*user));
    SHUZHI_TRY(tx.sessions().DeleteForUser(user->id));
    return RecordAudit(tx, clock_, "system", "user.reset_password", "user:" + std::to_string(user->id));
  });
}

Status UserService::SetDisabledAsSystem(const std::string& username, bool disabled) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto user, tx.users().FindByUsername(username));
    if (!user) return base::NotFound("user.not_found", "no user named " + username);
    user->disabled = disabled;
    SHUZHI_TRY(tx.users().Update(*user));
    if (disabled) SHUZHI_TRY(tx.sessions().DeleteForUser(user->id));
    return RecordAudit(tx, clock_, "system", "user.update", "user:" + std::to_string(user->id),
                       {{"disabled", disabled}});
  });
}

}  // namespace shuzhi::app
