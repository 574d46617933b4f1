// Who may do what, as pure functions over role grants. Every use case in
// src/app asks these before it touches storage; nothing else decides access.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/roles.h"

namespace shuzhi::core {

// What an action is about. Empty fields mean "not scoped by this".
struct Scope {
  std::optional<std::int64_t> congress_id;
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> deputy_id;
};

enum class Action {
  kManageUsers,     // list, create, change, disable, reset users
  kReadAudit,       // browse the audit log
  kReadAuditHead,   // see the audit head (count and hash)
  kReadCongress,    // read anything within a congress (reviewers and up)
  kManageCongress,  // change anything within a congress (organizers and up)
  kManageGroup      // a group's rotation plan and voter representatives (its leader, organizers)
};

bool IsAdmin(const std::vector<RoleGrant>& grants);

// True if a grant makes the holder the leader of `group_id` (false for no
// group: a deputy outside every group has no leader).
bool LeadsGroup(const std::vector<RoleGrant>& grants, std::optional<std::int64_t> group_id);

// The deputies (persons) the grants name as the holder themselves.
std::set<std::int64_t> OwnDeputies(const std::vector<RoleGrant>& grants);

// True if any grant allows `action` on `scope`. An action with an empty scope
// is allowed to any role that may do it somewhere (e.g. an organizer lists
// users, filtered to their congresses by the caller).
bool Allows(const std::vector<RoleGrant>& grants, Action action, const Scope& scope = {});

// A deputy grant names a person, not a congress. The congresses it belongs
// to, for granting and managing, are those where the person holds a mandate
// (the mandate's term's congress, or its group's): the caller looks them up
// for every deputy grant it asks about. A person missing from the map
// belongs to no congress.
using PersonCongresses = std::map<std::int64_t, std::vector<std::int64_t>>;

// The congresses a grant is within: its own, or for a deputy the person's.
std::vector<std::int64_t> CongressesOf(const RoleGrant& grant, const PersonCongresses& persons);

// Whether `actor` may give `grant` to someone: admins any; organizers only
// reviewer and group_leader grants within their own congresses, and deputy
// grants for persons holding a mandate there.
bool MayGrant(const std::vector<RoleGrant>& actor, const RoleGrant& grant, const PersonCongresses& persons);

// Whether `actor` may change, disable or reset a user holding `target`:
// admins anyone; organizers only users whose every grant they could give.
// A user with no grants is managed by admins only.
bool MayManageUser(const std::vector<RoleGrant>& actor, const std::vector<RoleGrant>& target,
                   const PersonCongresses& persons);

}  // namespace shuzhi::core
