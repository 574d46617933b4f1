#include "core/roles.h"

#include <utility>

namespace shuzhi::core {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kOrganizer:
      return "organizer";
    case Role::kReviewer:
      return "reviewer";
    case Role::kGroupLeader:
      return "group_leader";
    case Role::kDeputy:
      return "deputy";
  }
  return "deputy";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kAdmin, Role::kOrganizer, Role::kReviewer, Role::kGroupLeader, Role::kDeputy}) {
    if (name == RoleName(r)) return r;
  }
  return std::nullopt;
}

base::Status ValidateGrant(const RoleGrant& g, std::size_t index) {
  const std::string at = "roles[" + std::to_string(index) + "].";
  auto bad = [&](const char* field, const char* why) {
    return base::InvalidArgument("user.bad_grant", std::string("role ") + RoleName(g.role) + ": " + field + " " + why,
                                 {{at + field, why}});
  };
  // A deputy's grant names the person, who may hold mandates in several
  // congresses and report in campaigns of any of them: no congress.
  const bool needs_congress = g.role != Role::kAdmin && g.role != Role::kDeputy;
  if (needs_congress && !g.congress_id) return bad("congress_id", "required");
  if (!needs_congress && g.congress_id) return bad("congress_id", "not_allowed");
  if (g.role == Role::kGroupLeader && !g.group_id) return bad("group_id", "required");
  if (g.role != Role::kGroupLeader && g.group_id) return bad("group_id", "not_allowed");
  if (g.role == Role::kDeputy && !g.deputy_id) return bad("deputy_id", "required");
  if (g.role != Role::kDeputy && g.deputy_id) return bad("deputy_id", "not_allowed");
  const std::pair<const char*, const std::optional<std::int64_t>*> ids[] = {
      {"congress_id", &g.congress_id}, {"group_id", &g.group_id}, {"deputy_id", &g.deputy_id}};
  for (const auto& [field, id] : ids) {
    if (*id && **id <= 0) return bad(field, "must_be_positive");
  }
  return base::Ok();
}

}  // namespace shuzhi::core
