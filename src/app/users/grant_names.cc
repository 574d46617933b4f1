// GrantNamer: the names of role grants' scopes (users_internal.h).
#include "app/users/users_internal.h"

namespace shuzhi::app {
namespace {

// The name `find` reads for `id`, remembered in `seen`; nullopt for a
// record that is gone.
template <typename Find>
Result<std::optional<std::string>> Remembered(std::map<std::int64_t, std::optional<std::string>>& seen, std::int64_t id,
                                              Find find) {
  if (auto it = seen.find(id); it != seen.end()) return it->second;
  SHUZHI_ASSIGN_OR_RETURN(auto record, find(id));
  std::optional<std::string> name;
  if (record) name = record->name;
  seen.emplace(id, name);
  return name;
}

}  // namespace

Result<std::optional<std::string>> GrantNamer::Congress(std::int64_t id) {
  return Remembered(congresses_, id, [this](std::int64_t i) { return tx_.registry().FindCongress(i); });
}

Result<std::optional<std::string>> GrantNamer::Group(std::int64_t id) {
  return Remembered(groups_, id, [this](std::int64_t i) { return tx_.registry().FindGroup(i); });
}

Result<std::optional<std::string>> GrantNamer::Deputy(std::int64_t id) {
  return Remembered(deputies_, id, [this](std::int64_t i) { return tx_.registry().FindDeputy(i); });
}

Result<UserView> GrantNamer::ViewOf(const storage::UserRecord& r) {
  UserView view = UserViewOf(r);
  view.role_names.reserve(view.roles.size());
  for (const auto& g : view.roles) {
    GrantNames names;
    // The macro is several statements: each needs its braces.
    if (g.congress_id) {
      SHUZHI_ASSIGN_OR_RETURN(names.congress, Congress(*g.congress_id));
    }
    if (g.group_id) {
      SHUZHI_ASSIGN_OR_RETURN(names.group, Group(*g.group_id));
    }
    if (g.deputy_id) {
      SHUZHI_ASSIGN_OR_RETURN(names.deputy, Deputy(*g.deputy_id));
    }
    view.role_names.push_back(std::move(names));
  }
  return view;
}

}  // namespace shuzhi::app
