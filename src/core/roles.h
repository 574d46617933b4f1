// Roles and their scopes (DESIGN.md §1). A user holds any number of grants;
// each grant is a role plus the scope it applies to:
//   admin         — no scope, everything;
//   organizer     — a congress;
//   reviewer      — a congress, read-only;
//   group_leader  — a deputy group within a congress;
//   deputy        — themselves: a person (deputy record), whichever congress
//                   holds their mandates or runs the campaign they report in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shuzhi::core {

enum class Role { kAdmin, kOrganizer, kReviewer, kGroupLeader, kDeputy };

const char* RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

struct RoleGrant {
  Role role = Role::kDeputy;
  std::optional<std::int64_t> congress_id;
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> deputy_id;
  bool operator==(const RoleGrant&) const = default;
};

// Checks that a grant names exactly the scope its role needs. Returns
// invalid_argument "user.bad_grant" naming the offending field otherwise.
base::Status ValidateGrant(const RoleGrant& grant, std::size_t index);

}  // namespace shuzhi::core
