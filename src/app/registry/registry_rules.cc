// The registry room's shared rules (registry_internal.h) and the validators
// the importer shares (registry.h).
#include <algorithm>
#include <map>
#include <set>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/errors.h"
#include "app/registry/registry.h"
#include "app/registry/registry_internal.h"
#include "base/json.h"
#include "core/access.h"
#include "core/registry.h"
#include "storage/store.h"

namespace shuzhi::app {

namespace registry_detail {

namespace json = base::json;
using core::Action;
using core::Scope;

Status NotFoundOf(const char* what, std::int64_t id) {
  return base::NotFound(std::string("registry.") + what + "_not_found",
                        std::string("no ") + what + " " + std::to_string(id));
}

bool ValidName(const std::string& s, std::size_t max) { return !s.empty() && s.size() <= max; }

bool IsStaff(const Actor& a) {
  return std::any_of(a.roles.begin(), a.roles.end(),
                     [](const core::RoleGrant& g) { return g.role != core::Role::kDeputy; });
}

bool MayManage(const Actor& a, std::int64_t congress_id) {
  return core::Allows(a.roles, Action::kManageCongress, Scope{congress_id, {}, {}});
}
bool MayRead(const Actor& a, std::int64_t congress_id) {
  return core::Allows(a.roles, Action::kReadCongress, Scope{congress_id, {}, {}});
}
bool MayReadGroup(const Actor& a, const core::DeputyGroup& g) {
  return core::Allows(a.roles, Action::kReadCongress, Scope{g.congress_id, g.id, {}});
}
bool MayManageGroup(const Actor& a, const core::DeputyGroup& g) {
  return core::Allows(a.roles, Action::kManageGroup, Scope{g.congress_id, g.id, {}});
}

// The roster scope of an actor: admins everything, otherwise their congresses,
// groups and own deputy record.
void ApplyScope(const Actor& a, core::RosterFilter& f) {
  if (core::IsAdmin(a.roles)) {
    f.congress_scope.reset();
    return;
  }
  f.congress_scope = std::vector<std::int64_t>{};
  for (const auto& g : a.roles) {
    if ((g.role == core::Role::kOrganizer || g.role == core::Role::kReviewer) && g.congress_id) {
      f.congress_scope->push_back(*g.congress_id);
    } else if (g.role == core::Role::kGroupLeader && g.group_id) {
      f.group_scope.push_back(*g.group_id);
    } else if (g.role == core::Role::kDeputy && g.deputy_id) {
      f.deputy_scope = g.deputy_id;
    }
  }
}

json::object Details(const std::string& name) { return json::object{{"name", name}}; }

// The congresses that own a mandate: its term's and its group's.
Result<std::vector<std::int64_t>> OwnersOf(storage::Tx& tx, const core::Mandate& m) {
  std::vector<std::int64_t> out;
  SHUZHI_ASSIGN_OR_RETURN(auto term, tx.registry().FindTerm(m.term_id));
  if (!term)
    return base::InvalidArgument("registry.term_not_found", "no term " + std::to_string(m.term_id),
                                 {{"term_id", "not_found"}});
  out.push_back(term->congress_id);
  if (m.group_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto group, tx.registry().FindGroup(*m.group_id));
    if (!group) return base::InvalidArgument("registry.group_not_found", "no group", {{"group_id", "not_found"}});
    out.push_back(group->congress_id);
  }
  if (m.constituency_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto k, tx.registry().FindConstituency(*m.constituency_id));
    if (!k)
      return base::InvalidArgument("registry.constituency_not_found", "no constituency",
                                   {{"constituency_id", "not_found"}});
    if (k->congress_id != term->congress_id) {
      return base::InvalidArgument("registry.constituency_mismatch",
                                   "the constituency belongs to another congress than the term",
                                   {{"constituency_id", "other_congress"}});
    }
  }
  return out;
}

}  // namespace registry_detail

using namespace registry_detail;

Result<std::vector<std::int64_t>> CongressesOfPerson(storage::Tx& tx, std::int64_t deputy_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(deputy_id));
  if (!d) return NotFoundOf("deputy", deputy_id);
  SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfDeputy(deputy_id));
  std::vector<std::int64_t> out;
  for (const auto& m : mandates) {
    SHUZHI_ASSIGN_OR_RETURN(auto owners, OwnersOf(tx, m));
    for (auto c : owners) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

namespace registry_detail {

// A mandate is kept by the organizers of its term's congress and of the
// congress running the group it sits in (plan 2: the town keeps the district
// deputies of its groups). Outside its groups, another congress's mandate is
// read-only to an organizer: found by ListGroupCandidates, moved into a group
// by AddGroupMember.
Result<bool> MayManageMandate(storage::Tx& tx, const Actor& a, const core::Mandate& m) {
  SHUZHI_ASSIGN_OR_RETURN(auto owners, OwnersOf(tx, m));
  return std::any_of(owners.begin(), owners.end(), [&](std::int64_t c) { return MayManage(a, c); });
}

// The person is in the actor's read scope through any mandate, or is the actor.
Result<bool> MayReadDeputy(storage::Tx& tx, const Actor& a, std::int64_t deputy_id,
                           const std::vector<core::Mandate>& mandates) {
  if (core::IsAdmin(a.roles)) return true;
  for (const auto& g : a.roles) {
    if (g.role == core::Role::kDeputy && g.deputy_id == deputy_id) return true;
  }
  for (const auto& m : mandates) {
    SHUZHI_ASSIGN_OR_RETURN(auto owners, OwnersOf(tx, m));
    for (auto c : owners) {
      if (MayRead(a, c)) return true;
    }
    if (m.group_id) {
      SHUZHI_ASSIGN_OR_RETURN(auto group, tx.registry().FindGroup(*m.group_id));
      if (group && MayReadGroup(a, *group)) return true;
    }
  }
  return false;
}

// not_found "registry.group_not_found".
Result<core::DeputyGroup> LoadGroup(storage::Tx& tx, std::int64_t id) {
  SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(id));
  if (!g) return NotFoundOf("group", id);
  return *g;
}

Status CheckCodes(const std::string& gender, const std::string& occupation) {
  if (!core::ParseGender(gender)) return Invalid("gender", "invalid");
  if (!core::ParseOccupation(occupation)) return Invalid("occupation", "invalid");
  return base::Ok();
}

}  // namespace registry_detail

Status ValidateDeputy(const core::Deputy& d) {
  if (!ValidName(d.name, 64)) return Invalid("name", "required");
  SHUZHI_TRY(CheckCodes(d.gender, d.occupation));
  if (!core::IsIsoDate(d.birth_date)) return Invalid("birth_date", "invalid_date");
  for (const auto* s : {&d.ethnicity, &d.employer, &d.title, &d.phone}) {
    if (s->size() > 256) return Invalid("deputy", "too_long");
  }
  return base::Ok();
}

Status ValidateMandate(const core::Mandate& m) {
  if (!core::ParseMandateStatus(m.status) || m.status.empty()) return Invalid("status", "invalid");
  if (m.status_date && !core::IsIsoDate(*m.status_date)) return Invalid("status_date", "invalid_date");
  if (m.elected_date && !core::IsIsoDate(*m.elected_date)) return Invalid("elected_date", "invalid_date");
  if (m.status != "active" && !m.status_date) return Invalid("status_date", "required");
  return base::Ok();
}

Status ValidateTerm(const core::Term& t) {
  if (t.number < 1 || t.number > 100) return Invalid("number", "invalid");
  if (!core::IsIsoDate(t.start_date)) return Invalid("start_date", "invalid_date");
  if (!core::IsIsoDate(t.end_date)) return Invalid("end_date", "invalid_date");
  if (t.end_date <= t.start_date) return Invalid("end_date", "before_start");
  return base::Ok();
}

core::PanelTargets PanelTargetsOf(const core::DeputyGroup& g) {
  core::PanelTargets t;
  t.min_size = g.panel_min;
  t.max_size = g.panel_max;
  boost::system::error_code ec;
  json::value v = json::parse(g.panel_targets, ec);
  if (ec || !v.is_object()) return t;
  for (const auto& [dim, cats] : v.as_object()) {
    if (dim == "tolerance" && cats.is_int64()) {
      t.tolerance = static_cast<int>(cats.as_int64());
      continue;
    }
    if (!cats.is_object()) continue;
    for (const auto& [key, pct] : cats.as_object()) {
      if (pct.is_number()) t.shares[std::string(dim)][std::string(key)] = pct.to_number<double>();
    }
  }
  return t;
}

Status ValidatePanelTargets(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Invalid("panel_targets", "must_be_object");
  for (const auto& [dim, cats] : v.as_object()) {
    if (dim == "tolerance") {
      if (!cats.is_int64() || cats.as_int64() < 0 || cats.as_int64() > 100)
        return Invalid("panel_targets.tolerance", "invalid");
      continue;
    }
    if (dim != "gender" && dim != "age_band" && dim != "occupation")
      return Invalid("panel_targets." + std::string(dim), "unknown_dimension");
    if (!cats.is_object()) return Invalid("panel_targets." + std::string(dim), "must_be_object");
    for (const auto& [key, pct] : cats.as_object()) {
      if (!pct.is_number() || pct.to_number<double>() < 0 || pct.to_number<double>() > 100) {
        return Invalid("panel_targets." + std::string(dim) + "." + std::string(key), "must_be_percent");
      }
    }
  }
  return base::Ok();
}

std::vector<core::RotationPerson> RotationPersons(const std::vector<core::Mandate>& mandates,
                                                  const std::vector<core::RotationEntry>& entries) {
  // One person per deputy, however many mandates they hold in the group.
  std::map<std::int64_t, core::RotationPerson> persons;
  std::map<std::int64_t, bool> any_active, all_by_election;
  for (const auto& m : mandates) {
    auto& p = persons[m.deputy_id];
    p.deputy_id = m.deputy_id;
    const bool active = m.status == "active";
    any_active[m.deputy_id] = any_active[m.deputy_id] || active;
    if (!all_by_election.count(m.deputy_id)) all_by_election[m.deputy_id] = true;
    all_by_election[m.deputy_id] = all_by_election[m.deputy_id] && m.by_election;
    if (m.by_election && m.elected_date) {
      const int y = core::YearOf(*m.elected_date);
      p.join_year = p.join_year == 0 ? y : std::min(p.join_year, y);
    }
    if (!active && m.status_date) {
      const int y = core::YearOf(*m.status_date);
      p.left_year = p.left_year ? std::max(*p.left_year, y) : y;
    }
  }
  std::vector<core::RotationPerson> out;
  for (auto& [id, p] : persons) {
    if (!all_by_election[id]) p.join_year = 0;  // an original mandate counts from the start
    if (any_active[id])
      p.left_year.reset();
    else if (!p.left_year)
      p.left_year = 0;
    out.push_back(p);
  }
  for (const auto& e : entries) {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const core::RotationPerson& p) { return p.deputy_id == e.deputy_id; });
    if (it == out.end()) continue;  // no longer in the group
    it->pinned_year = e.pinned_year;
    it->reported_year = e.reported_year;
  }
  return out;
}

int RegistryService::CurrentYear() const { return std::stoi(base::FormatCst(clock_.Now()).substr(0, 4)); }

}  // namespace shuzhi::app
