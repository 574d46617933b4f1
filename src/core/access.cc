#include "core/access.h"

#include <algorithm>

namespace shuzhi::core {
namespace {

bool InCongress(const RoleGrant& g, const Scope& s) { return !s.congress_id || g.congress_id == s.congress_id; }

bool GrantAllows(const RoleGrant& g, Action action, const Scope& s) {
  switch (g.role) {
    case Role::kAdmin:
      return true;
    case Role::kOrganizer:
      return InCongress(g, s);
    case Role::kReviewer:
      return (action == Action::kReadCongress || action == Action::kReadAuditHead) && InCongress(g, s);
    case Role::kGroupLeader:
      // A group leader acts within their group only: a scope naming no
      // group (a whole congress) is not theirs.
      if (action != Action::kManageGroup && action != Action::kReadCongress) return false;
      return InCongress(g, s) && s.group_id && g.group_id == s.group_id && !s.deputy_id;
    case Role::kDeputy:
      // The person, in whichever congress the scope names.
      return action == Action::kReadCongress && s.deputy_id && g.deputy_id == s.deputy_id;
  }
  return false;
}

}  // namespace

bool IsAdmin(const std::vector<RoleGrant>& grants) {
  return std::any_of(grants.begin(), grants.end(), [](const RoleGrant& g) { return g.role == Role::kAdmin; });
}

bool LeadsGroup(const std::vector<RoleGrant>& grants, std::optional<std::int64_t> group_id) {
  if (!group_id) return false;
  return std::any_of(grants.begin(), grants.end(),
                     [&](const RoleGrant& g) { return g.role == Role::kGroupLeader && g.group_id == group_id; });
}

std::set<std::int64_t> OwnDeputies(const std::vector<RoleGrant>& grants) {
  std::set<std::int64_t> out;
  for (const auto& g : grants) {
    if (g.role == Role::kDeputy && g.deputy_id) out.insert(*g.deputy_id);
  }
  return out;
}

bool Allows(const std::vector<RoleGrant>& grants, Action action, const Scope& scope) {
  return std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& g) { return GrantAllows(g, action, scope); });
}

std::vector<std::int64_t> CongressesOf(const RoleGrant& grant, const PersonCongresses& persons) {
  std::vector<std::int64_t> out;
  // A deputy grant made before grants named only the person still carries
  // its congress.
  if (grant.congress_id) out.push_back(*grant.congress_id);
  if (grant.role == Role::kDeputy && grant.deputy_id) {
    auto it = persons.find(*grant.deputy_id);
    if (it != persons.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

bool MayGrant(const std::vector<RoleGrant>& actor, const RoleGrant& grant, const PersonCongresses& persons) {
  if (IsAdmin(actor)) return true;
  if (grant.role == Role::kAdmin || grant.role == Role::kOrganizer) return false;
  const auto within = CongressesOf(grant, persons);
  return std::any_of(actor.begin(), actor.end(), [&](const RoleGrant& g) {
    return g.role == Role::kOrganizer && g.congress_id &&
           std::find(within.begin(), within.end(), *g.congress_id) != within.end();
  });
}

bool MayManageUser(const std::vector<RoleGrant>& actor, const std::vector<RoleGrant>& target,
                   const PersonCongresses& persons) {
  if (IsAdmin(actor)) return true;
  if (target.empty()) return false;
  return std::all_of(target.begin(), target.end(), [&](const RoleGrant& g) { return MayGrant(actor, g, persons); });
}

}  // namespace shuzhi::core
