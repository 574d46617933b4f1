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
      return action == Action::kReadCongress && InCongress(g, s) && s.deputy_id && g.deputy_id == s.deputy_id;
  }
  return false;
}

}  // namespace

bool IsAdmin(const std::vector<RoleGrant>& grants) {
  return std::any_of(grants.begin(), grants.end(), [](const RoleGrant& g) { return g.role == Role::kAdmin; });
}

bool Allows(const std::vector<RoleGrant>& grants, Action action, const Scope& scope) {
  return std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& g) { return GrantAllows(g, action, scope); });
}

bool MayGrant(const std::vector<RoleGrant>& actor, const RoleGrant& grant) {
  if (IsAdmin(actor)) return true;
  if (grant.role == Role::kAdmin || grant.role == Role::kOrganizer) return false;
  return std::any_of(actor.begin(), actor.end(), [&](const RoleGrant& g) {
    return g.role == Role::kOrganizer && grant.congress_id && g.congress_id == grant.congress_id;
  });
}

bool MayManageUser(const std::vector<RoleGrant>& actor, const std::vector<RoleGrant>& target) {
  if (IsAdmin(actor)) return true;
  if (target.empty()) return false;
  return std::all_of(target.begin(), target.end(), [&](const RoleGrant& g) { return MayGrant(actor, g); });
}

}  // namespace shuzhi::core
