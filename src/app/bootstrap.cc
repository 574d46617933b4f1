#include "app/bootstrap.h"

#include "app/users.h"

namespace shuzhi::app {

Result<std::optional<std::string>> EnsureAdmin(App& app, const std::string& password) {
  std::int64_t count = 0;
  SHUZHI_TRY(app.store().Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(count, tx.users().Count());
    return base::Ok();
  }));
  if (count > 0) return std::optional<std::string>();
  const std::string chosen = password.empty() ? base::RandomToken(12) : password;
  // A generated password was only ever shown on a terminal: it must be
  // changed at first login. One the operator chose need not be.
  auto created = app.users().CreateAsSystem(
      {"admin", "系统管理员", chosen, {core::RoleGrant{core::Role::kAdmin, {}, {}, {}}}}, password.empty());
  // Several servers starting at once on one empty PostgreSQL database race
  // here; the one that loses finds the account made by the winner.
  if (!created.ok() && created.status().reason() == "user.username_taken") return std::optional<std::string>();
  SHUZHI_TRY(created.status());
  return password.empty() ? std::optional<std::string>(chosen) : std::optional<std::string>();
}

Result<int> SeedDemoAccounts(App& app, const std::string& password) {
  using core::Role;
  const NewUser demo[] = {
      {"organizer", "县人大常委会办公室 王敏", password, {{Role::kOrganizer, 1, {}, {}}}},
      {"reviewer", "县人大常委会 李副主任", password, {{Role::kReviewer, 1, {}, {}}}},
      {"leader", "第一代表小组 张组长", password, {{Role::kGroupLeader, 1, 1, {}}}},
      {"deputy", "代表 陈晓", password, {{Role::kDeputy, 1, {}, 1}}},
  };
  int created = 0;
  for (const auto& u : demo) {
    bool exists = false;
    SHUZHI_TRY(app.store().Read([&](storage::Tx& tx) -> Status {
      SHUZHI_ASSIGN_OR_RETURN(auto found, tx.users().FindByUsername(u.username));
      exists = found.has_value();
      return base::Ok();
    }));
    if (exists) continue;
    SHUZHI_TRY(app.users().CreateAsSystem(u, false).status());
    ++created;
  }
  return created;
}

}  // namespace shuzhi::app
