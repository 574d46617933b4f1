#include "app/users/bootstrap.h"

#include "app/app.h"
#include "app/users/users.h"
#include "storage/store.h"

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

}  // namespace shuzhi::app
