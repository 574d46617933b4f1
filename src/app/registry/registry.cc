#include "app/registry/registry.h"
#include "app/registry/registry_internal.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/errors.h"
#include "base/json.h"
#include "core/access.h"
#include "core/registry.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

namespace json = base::json;
using core::Action;
using core::Scope;

Status NotFoundOf(const char* what, std::int64_t id) {
  return base::NotFound(std::string("registry.") + what + "_not_found", std::string("no ") + what + " " + std::to_string(id));
}

bool ValidName(const std::string& s, std::size_t max = 128) { return !s.empty() && s.size() <= max; }

bool IsStaff(const Actor& a) {
  return std::any_of(a.roles.begin(), a.roles.end(), [](const core::RoleGrant& g) { return g.role != core::Role::kDeputy; });
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
  if (!term) return base::InvalidArgument("registry.term_not_found", "no term " + std::to_string(m.term_id), {{"term_id", "not_found"}});
  out.push_back(term->congress_id);
  if (m.group_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto group, tx.registry().FindGroup(*m.group_id));
    if (!group) return base::InvalidArgument("registry.group_not_found", "no group", {{"group_id", "not_found"}});
    out.push_back(group->congress_id);
  }
  if (m.constituency_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto k, tx.registry().FindConstituency(*m.constituency_id));
    if (!k) return base::InvalidArgument("registry.constituency_not_found", "no constituency", {{"constituency_id", "not_found"}});
    if (k->congress_id != term->congress_id) {
      return base::InvalidArgument("registry.constituency_mismatch",
                                   "the constituency belongs to another congress than the term",
                                   {{"constituency_id", "other_congress"}});
    }
  }
  return out;
}

}  // namespace

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

namespace {

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

Status CheckCodes(const std::string& gender, const std::string& occupation) {
  if (!core::ParseGender(gender)) return Invalid("gender", "invalid");
  if (!core::ParseOccupation(occupation)) return Invalid("occupation", "invalid");
  return base::Ok();
}

}  // namespace

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
      if (!cats.is_int64() || cats.as_int64() < 0 || cats.as_int64() > 100) return Invalid("panel_targets.tolerance", "invalid");
      continue;
    }
    if (dim != "gender" && dim != "age_band" && dim != "occupation") return Invalid("panel_targets." + std::string(dim), "unknown_dimension");
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
    if (any_active[id]) p.left_year.reset();
    else if (!p.left_year) p.left_year = 0;
    out.push_back(p);
  }
  for (const auto& e : entries) {
    auto it = std::find_if(out.begin(), out.end(), [&](const core::RotationPerson& p) { return p.deputy_id == e.deputy_id; });
    if (it == out.end()) continue;  // no longer in the group
    it->pinned_year = e.pinned_year;
    it->reported_year = e.reported_year;
  }
  return out;
}

int RegistryService::CurrentYear() const {
  return std::stoi(base::FormatCst(clock_.Now()).substr(0, 4));
}

// --- congresses, terms, constituencies

Result<std::vector<core::Congress>> RegistryService::ListCongresses(const Actor& actor) {
  if (!IsStaff(actor)) return Forbidden("staff only");
  std::vector<core::Congress> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out, tx.registry().ListCongresses());
    return base::Ok();
  }));
  return out;
}

Result<core::Congress> RegistryService::CreateCongress(const Actor& actor, core::Congress r) {
  if (!core::IsAdmin(actor.roles)) return Forbidden("only an admin creates a congress");
  if (!core::ParseLevel(r.level)) return Invalid("level", "invalid");
  if (!ValidName(r.name)) return Invalid("name", "required");
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    if (r.parent_id) {
      SHUZHI_ASSIGN_OR_RETURN(auto parent, tx.registry().FindCongress(*r.parent_id));
      if (!parent) return Invalid("parent_id", "not_found");
    }
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.registry().InsertCongress(r));
    return RecordAudit(tx, clock_, actor.username, "congress.create", "congress:" + std::to_string(r.id), Details(r.name));
  }));
  return r;
}

Result<core::Congress> RegistryService::UpdateCongress(const Actor& actor, const core::Congress& r) {
  if (!MayManage(actor, r.id)) return Forbidden("not your congress");
  if (!core::ParseLevel(r.level)) return Invalid("level", "invalid");
  if (!ValidName(r.name)) return Invalid("name", "required");
  if (r.parent_id == r.id) return Invalid("parent_id", "self");
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_TRY(tx.registry().UpdateCongress(r));
    return RecordAudit(tx, clock_, actor.username, "congress.update", "congress:" + std::to_string(r.id), Details(r.name));
  }));
  return r;
}

Result<std::vector<core::Term>> RegistryService::ListTerms(const Actor& actor, std::int64_t congress_id) {
  if (!IsStaff(actor)) return Forbidden("staff only");
  std::vector<core::Term> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out, tx.registry().ListTerms(congress_id));
    return base::Ok();
  }));
  return out;
}

Result<core::Term> RegistryService::CreateTerm(const Actor& actor, core::Term r) {
  if (!MayManage(actor, r.congress_id)) return Forbidden("not your congress");
  SHUZHI_TRY(ValidateTerm(r));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(r.congress_id));
    if (!c) return NotFoundOf("congress", r.congress_id);
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.registry().InsertTerm(r));
    return RecordAudit(tx, clock_, actor.username, "term.create", "term:" + std::to_string(r.id),
                       {{"congress_id", r.congress_id}, {"number", r.number}});
  }));
  return r;
}

Result<core::Term> RegistryService::UpdateTerm(const Actor& actor, const core::Term& r) {
  SHUZHI_TRY(ValidateTerm(r));
  core::Term out = r;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindTerm(r.id));
    if (!cur) return NotFoundOf("term", r.id);
    if (!MayManage(actor, cur->congress_id)) return Forbidden("not your congress");
    out.congress_id = cur->congress_id;
    SHUZHI_TRY(tx.registry().UpdateTerm(out));
    return RecordAudit(tx, clock_, actor.username, "term.update", "term:" + std::to_string(r.id), {{"number", r.number}});
  }));
  return out;
}

Result<std::vector<core::Constituency>> RegistryService::ListConstituencies(const Actor& actor,
                                                                                    std::int64_t congress_id) {
  if (!IsStaff(actor)) return Forbidden("staff only");
  std::vector<core::Constituency> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out, tx.registry().ListConstituencies(congress_id));
    return base::Ok();
  }));
  return out;
}

namespace {
Status ValidateConstituency(const core::Constituency& r) {
  if (!ValidName(r.name)) return Invalid("name", "required");
  if (r.kind != "constituency" && r.kind != "electoral_unit") return Invalid("kind", "invalid");
  for (const auto& v : r.villages) {
    if (!ValidName(v) || v.find('\n') != std::string::npos) return Invalid("villages", "invalid");
  }
  return base::Ok();
}
}  // namespace

Result<core::Constituency> RegistryService::CreateConstituency(const Actor& actor,
                                                                       core::Constituency r) {
  if (!MayManage(actor, r.congress_id)) return Forbidden("not your congress");
  SHUZHI_TRY(ValidateConstituency(r));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(r.congress_id));
    if (!c) return NotFoundOf("congress", r.congress_id);
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.registry().InsertConstituency(r));
    return RecordAudit(tx, clock_, actor.username, "constituency.create", "constituency:" + std::to_string(r.id),
                       Details(r.name));
  }));
  return r;
}

Result<core::Constituency> RegistryService::UpdateConstituency(const Actor& actor,
                                                                       const core::Constituency& r) {
  SHUZHI_TRY(ValidateConstituency(r));
  core::Constituency out = r;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindConstituency(r.id));
    if (!cur) return NotFoundOf("constituency", r.id);
    if (!MayManage(actor, cur->congress_id)) return Forbidden("not your congress");
    out.congress_id = cur->congress_id;
    SHUZHI_TRY(tx.registry().UpdateConstituency(out));
    return RecordAudit(tx, clock_, actor.username, "constituency.update", "constituency:" + std::to_string(r.id),
                       Details(r.name));
  }));
  return out;
}

// --- groups

namespace {
Status ValidateGroup(const core::DeputyGroup& r) {
  if (!ValidName(r.name)) return Invalid("name", "required");
  if (r.leader_name.size() > 64) return Invalid("leader_name", "too_long");
  if (r.rotation_start_year < 1950 || r.rotation_start_year > 2200) return Invalid("rotation_start_year", "invalid");
  if (r.rotation_years < 1 || r.rotation_years > 10) return Invalid("rotation_years", "invalid");
  if (r.panel_min < 1 || r.panel_max < r.panel_min || r.panel_max > 1000) return Invalid("panel_max", "invalid_range");
  return ValidatePanelTargets(r.panel_targets);
}

Result<std::int64_t> MemberCount(storage::Tx& tx, std::int64_t group_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfGroup(group_id));
  std::set<std::int64_t> persons;
  for (const auto& m : mandates) {
    if (m.status == "active") persons.insert(m.deputy_id);
  }
  return static_cast<std::int64_t>(persons.size());
}
}  // namespace

Result<std::vector<GroupView>> RegistryService::ListGroups(const Actor& actor, std::optional<std::int64_t> congress_id) {
  std::vector<GroupView> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto groups, tx.registry().ListGroups(congress_id));
    for (auto& g : groups) {
      if (!MayReadGroup(actor, g)) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto n, MemberCount(tx, g.id));
      out.push_back({std::move(g), n});
    }
    return base::Ok();
  }));
  return out;
}

Result<GroupView> RegistryService::GetGroup(const Actor& actor, std::int64_t id) {
  GroupView out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(id));
    if (!g) return NotFoundOf("group", id);
    if (!MayReadGroup(actor, *g)) return Forbidden("not your group");
    out.group = *g;
    SHUZHI_ASSIGN_OR_RETURN(out.member_count, MemberCount(tx, id));
    return base::Ok();
  }));
  return out;
}

Result<core::DeputyGroup> RegistryService::CreateGroup(const Actor& actor, core::DeputyGroup r) {
  if (!MayManage(actor, r.congress_id)) return Forbidden("not your congress");
  if (r.rotation_start_year == 0) r.rotation_start_year = CurrentYear();
  if (r.rotation_seed == 0) {
    // A random seed per group: the draw is fixed once the group exists.
    const auto bytes = base::RandomBytes(8);
    std::uint64_t seed = 0;
    for (unsigned char c : bytes) seed = (seed << 8) | c;
    r.rotation_seed = static_cast<std::int64_t>(seed >> 1);
  }
  SHUZHI_TRY(ValidateGroup(r));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(r.congress_id));
    if (!c) return NotFoundOf("congress", r.congress_id);
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.registry().InsertGroup(r));
    return RecordAudit(tx, clock_, actor.username, "group.create", "group:" + std::to_string(r.id), Details(r.name));
  }));
  return r;
}

Result<core::DeputyGroup> RegistryService::UpdateGroup(const Actor& actor, const core::DeputyGroup& r) {
  core::DeputyGroup out = r;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindGroup(r.id));
    if (!cur) return NotFoundOf("group", r.id);
    if (!MayManage(actor, cur->congress_id)) return Forbidden("not your congress");
    out.congress_id = cur->congress_id;
    out.rotation_seed = cur->rotation_seed;  // the draw never changes
    SHUZHI_TRY(ValidateGroup(out));
    SHUZHI_TRY(tx.registry().UpdateGroup(out));
    return RecordAudit(tx, clock_, actor.username, "group.update", "group:" + std::to_string(r.id), Details(r.name));
  }));
  return out;
}

// --- roster and deputies

Result<RosterPage> RegistryService::ListRoster(const Actor& actor, core::RosterFilter filter) {
  ApplyScope(actor, filter);
  RosterPage out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto page, tx.registry().ListRoster(filter));
    out.items = std::move(page.first);
    out.total = page.second;
    return base::Ok();
  }));
  return out;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> RegistryService::CountRoster(
    const Actor& actor, core::RosterFilter filter, core::RosterDimension dimension) {
  ApplyScope(actor, filter);
  std::vector<std::pair<std::string, std::int64_t>> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out, tx.registry().CountRoster(filter, dimension));
    return base::Ok();
  }));
  return out;
}

Result<DeputyView> RegistryService::GetDeputy(const Actor& actor, std::int64_t id) {
  DeputyView out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(id));
    if (!d) return NotFoundOf("deputy", id);
    SHUZHI_ASSIGN_OR_RETURN(out.mandates, tx.registry().ListMandatesOfDeputy(id));
    SHUZHI_ASSIGN_OR_RETURN(bool may, MayReadDeputy(tx, actor, id, out.mandates));
    if (!may) return Forbidden("deputy outside your scope");
    out.deputy = *d;
    return base::Ok();
  }));
  return out;
}

Result<DeputyView> RegistryService::CreateDeputy(const Actor& actor, core::Deputy d, core::Mandate m) {
  SHUZHI_TRY(ValidateDeputy(d));
  SHUZHI_TRY(ValidateMandate(m));
  DeputyView out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(bool may, MayManageMandate(tx, actor, m));
    if (!may) return Forbidden("the mandate is outside your congresses");
    SHUZHI_ASSIGN_OR_RETURN(auto same, tx.registry().FindDeputiesByPerson(d.name, d.birth_date));
    if (!same.empty()) {
      return base::Conflict("registry.person_exists",
                            "a deputy with this name and birth date exists (id " + std::to_string(same[0].id) +
                                "); add a mandate to that person instead");
    }
    SHUZHI_ASSIGN_OR_RETURN(d.id, tx.registry().InsertDeputy(d));
    m.deputy_id = d.id;
    SHUZHI_ASSIGN_OR_RETURN(m.id, tx.registry().InsertMandate(m));
    out = {d, {m}};
    return RecordAudit(tx, clock_, actor.username, "deputy.create", "deputy:" + std::to_string(d.id),
                       {{"name", d.name}, {"term_id", m.term_id}});
  }));
  return out;
}

Result<DeputyView> RegistryService::UpdateDeputy(const Actor& actor, const core::Deputy& d) {
  SHUZHI_TRY(ValidateDeputy(d));
  DeputyView out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindDeputy(d.id));
    if (!cur) return NotFoundOf("deputy", d.id);
    SHUZHI_ASSIGN_OR_RETURN(out.mandates, tx.registry().ListMandatesOfDeputy(d.id));
    bool may = core::IsAdmin(actor.roles);
    for (const auto& m : out.mandates) {
      if (may) break;
      SHUZHI_ASSIGN_OR_RETURN(may, MayManageMandate(tx, actor, m));
    }
    if (!may) return Forbidden("deputy outside your congresses");
    SHUZHI_TRY(tx.registry().UpdateDeputy(d));
    out.deputy = d;
    return RecordAudit(tx, clock_, actor.username, "deputy.update", "deputy:" + std::to_string(d.id), Details(d.name));
  }));
  return out;
}

Result<core::Mandate> RegistryService::CreateMandate(const Actor& actor, core::Mandate m) {
  SHUZHI_TRY(ValidateMandate(m));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(m.deputy_id));
    if (!d) return NotFoundOf("deputy", m.deputy_id);
    SHUZHI_ASSIGN_OR_RETURN(bool may, MayManageMandate(tx, actor, m));
    if (!may) return Forbidden("the mandate is outside your congresses");
    SHUZHI_ASSIGN_OR_RETURN(m.id, tx.registry().InsertMandate(m));
    return RecordAudit(tx, clock_, actor.username, "mandate.create", "mandate:" + std::to_string(m.id),
                       {{"deputy_id", m.deputy_id}, {"term_id", m.term_id}});
  }));
  return m;
}

Result<core::Mandate> RegistryService::UpdateMandate(const Actor& actor, const core::Mandate& m) {
  SHUZHI_TRY(ValidateMandate(m));
  core::Mandate out = m;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindMandate(m.id));
    if (!cur) return NotFoundOf("mandate", m.id);
    SHUZHI_ASSIGN_OR_RETURN(bool may_now, MayManageMandate(tx, actor, *cur));
    out.deputy_id = cur->deputy_id;
    out.term_id = cur->term_id;
    SHUZHI_ASSIGN_OR_RETURN(bool may_after, MayManageMandate(tx, actor, out));
    if (!may_now || !may_after) return Forbidden("the mandate is outside your congresses");
    SHUZHI_TRY(tx.registry().UpdateMandate(out));
    return RecordAudit(tx, clock_, actor.username, "mandate.update", "mandate:" + std::to_string(m.id),
                       {{"status", out.status}});
  }));
  return out;
}

// --- group membership across congresses

namespace {

// The congress that runs a group and those above it, nearest first.
Result<std::vector<core::Congress>> CongressChain(storage::Tx& tx, std::int64_t congress_id) {
  std::vector<core::Congress> out;
  std::optional<std::int64_t> next = congress_id;
  // Bounded: five levels exist (national to township); a cycle stops here.
  for (int depth = 0; next && depth < 8; ++depth) {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(*next));
    if (!c) break;
    if (std::any_of(out.begin(), out.end(), [&](const auto& seen) { return seen.id == c->id; })) break;
    next = c->parent_id;
    out.push_back(*std::move(c));
  }
  return out;
}

// The group, when the actor organises its congress.
Result<core::DeputyGroup> GroupToKeep(storage::Tx& tx, const Actor& a, std::int64_t group_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(group_id));
  if (!g) return NotFoundOf("group", group_id);
  if (!MayManage(a, g->congress_id)) return Forbidden("only the organizer of the congress that runs the group");
  return *g;
}

Result<core::Mandate> MandateOf(storage::Tx& tx, std::int64_t mandate_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto m, tx.registry().FindMandate(mandate_id));
  if (!m) return NotFoundOf("mandate", mandate_id);
  return *m;
}

}  // namespace

Result<std::vector<core::RosterRow>> RegistryService::ListGroupCandidates(const Actor& actor, std::int64_t group_id,
                                                                            const std::string& q) {
  std::vector<core::RosterRow> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, GroupToKeep(tx, actor, group_id));
    SHUZHI_ASSIGN_OR_RETURN(auto chain, CongressChain(tx, g.congress_id));
    for (const auto& c : chain) {
      core::RosterFilter f;
      f.congress_id = c.id;
      f.status = "active";
      f.q = q;
      f.limit = 50;
      SHUZHI_ASSIGN_OR_RETURN(auto page, tx.registry().ListRoster(f));
      for (auto& row : page.first) {
        if (out.size() >= 50) break;
        out.push_back(std::move(row));
      }
    }
    return base::Ok();
  }));
  return out;
}

Result<core::Mandate> RegistryService::AddGroupMember(const Actor& actor, std::int64_t group_id,
                                                               std::int64_t mandate_id) {
  core::Mandate out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, GroupToKeep(tx, actor, group_id));
    SHUZHI_ASSIGN_OR_RETURN(out, MandateOf(tx, mandate_id));
    if (out.group_id == group_id) return base::Ok();  // already there: nothing to record
    SHUZHI_ASSIGN_OR_RETURN(auto term, tx.registry().FindTerm(out.term_id));
    SHUZHI_ASSIGN_OR_RETURN(auto chain, CongressChain(tx, g.congress_id));
    if (!term || std::none_of(chain.begin(), chain.end(), [&](const auto& c) { return c.id == term->congress_id; })) {
      return base::InvalidArgument("registry.mandate_outside_group_congresses",
                                   "a group holds deputies of its own congress and of the congresses above it",
                                   {{"mandate_id", "other_congress"}});
    }
    if (out.status != "active") {
      return base::FailedPrecondition("registry.mandate_not_active", "the mandate has ended (" + out.status + ")");
    }
    std::optional<std::int64_t> from = out.group_id;
    if (from) {
      SHUZHI_ASSIGN_OR_RETURN(auto other, tx.registry().FindGroup(*from));
      if (other && !MayManage(actor, other->congress_id)) {
        return base::Conflict("registry.mandate_in_other_group",
                              "the deputy is in " + other->name + ", which another congress runs");
      }
    }
    out.group_id = group_id;
    SHUZHI_TRY(tx.registry().UpdateMandate(out));
    SHUZHI_ASSIGN_OR_RETURN(auto person, tx.registry().FindDeputy(out.deputy_id));
    json::object details{{"mandate_id", out.id},
                         {"deputy_id", out.deputy_id},
                         {"name", person ? person->name : std::string()},
                         {"congress_id", term->congress_id}};
    if (from) details["from_group_id"] = *from;
    return RecordAudit(tx, clock_, actor.username, "group.member_add", "group:" + std::to_string(group_id), details);
  }));
  return out;
}

Result<core::Mandate> RegistryService::RemoveGroupMember(const Actor& actor, std::int64_t group_id,
                                                                  std::int64_t mandate_id) {
  core::Mandate out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_TRY(GroupToKeep(tx, actor, group_id).status());
    SHUZHI_ASSIGN_OR_RETURN(out, MandateOf(tx, mandate_id));
    if (out.group_id != group_id) {
      return base::NotFound("registry.not_a_member", "mandate " + std::to_string(mandate_id) + " is not in this group");
    }
    out.group_id.reset();
    SHUZHI_TRY(tx.registry().UpdateMandate(out));
    SHUZHI_ASSIGN_OR_RETURN(auto person, tx.registry().FindDeputy(out.deputy_id));
    return RecordAudit(tx, clock_, actor.username, "group.member_remove", "group:" + std::to_string(group_id),
                       {{"mandate_id", out.id}, {"deputy_id", out.deputy_id}, {"name", person ? person->name : std::string()}});
  }));
  return out;
}

// --- evaluator pools

namespace {
Status ValidateMember(const std::string& name, const std::string& gender, const std::string& occupation,
                      std::optional<int> birth_year) {
  if (!ValidName(name, 64)) return Invalid("name", "required");
  SHUZHI_TRY(CheckCodes(gender, occupation));
  if (birth_year && (*birth_year < 1900 || *birth_year > 2100)) return Invalid("birth_year", "invalid");
  return base::Ok();
}
}  // namespace

Result<std::vector<core::CommitteeMember>> RegistryService::ListCommitteeMembers(const Actor& actor,
                                                                                         std::int64_t congress_id) {
  if (!MayRead(actor, congress_id)) return Forbidden("not your congress");
  std::vector<core::CommitteeMember> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out, tx.registry().ListCommitteeMembers(congress_id));
    return base::Ok();
  }));
  return out;
}

Result<core::CommitteeMember> RegistryService::CreateCommitteeMember(const Actor& actor,
                                                                             core::CommitteeMember r) {
  if (!MayManage(actor, r.congress_id)) return Forbidden("not your congress");
  SHUZHI_TRY(ValidateMember(r.name, r.gender, r.occupation, r.birth_year));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(r.congress_id));
    if (!c) return NotFoundOf("congress", r.congress_id);
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.registry().InsertCommitteeMember(r));
    return RecordAudit(tx, clock_, actor.username, "committee_member.create", "committee_member:" + std::to_string(r.id),
                       Details(r.name));
  }));
  return r;
}

Result<core::CommitteeMember> RegistryService::UpdateCommitteeMember(const Actor& actor,
                                                                             const core::CommitteeMember& r) {
  SHUZHI_TRY(ValidateMember(r.name, r.gender, r.occupation, r.birth_year));
  core::CommitteeMember out = r;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindCommitteeMember(r.id));
    if (!cur) return NotFoundOf("member", r.id);
    if (!MayManage(actor, cur->congress_id)) return Forbidden("not your congress");
    out.congress_id = cur->congress_id;
    SHUZHI_TRY(tx.registry().UpdateCommitteeMember(out));
    return RecordAudit(tx, clock_, actor.username, "committee_member.update", "committee_member:" + std::to_string(r.id),
                       Details(r.name));
  }));
  return out;
}

namespace {
Result<core::DeputyGroup> LoadGroup(storage::Tx& tx, std::int64_t id) {
  SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(id));
  if (!g) return NotFoundOf("group", id);
  return *g;
}
}  // namespace

Result<std::vector<core::VoterRep>> RegistryService::ListVoterReps(const Actor& actor, std::int64_t group_id) {
  std::vector<core::VoterRep> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, group_id));
    if (!MayReadGroup(actor, g)) return Forbidden("not your group");
    SHUZHI_ASSIGN_OR_RETURN(out, tx.registry().ListVoterReps(group_id));
    return base::Ok();
  }));
  return out;
}

Result<core::VoterRep> RegistryService::CreateVoterRep(const Actor& actor, core::VoterRep r) {
  SHUZHI_TRY(ValidateMember(r.name, r.gender, r.occupation, r.birth_year));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, r.group_id));
    if (!MayManageGroup(actor, g)) return Forbidden("not your group");
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.registry().InsertVoterRep(r));
    return RecordAudit(tx, clock_, actor.username, "voter_rep.create", "voter_rep:" + std::to_string(r.id), Details(r.name));
  }));
  return r;
}

Result<core::VoterRep> RegistryService::UpdateVoterRep(const Actor& actor, const core::VoterRep& r) {
  SHUZHI_TRY(ValidateMember(r.name, r.gender, r.occupation, r.birth_year));
  core::VoterRep out = r;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindVoterRep(r.id));
    if (!cur) return NotFoundOf("voter_rep", r.id);
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, cur->group_id));
    if (!MayManageGroup(actor, g)) return Forbidden("not your group");
    out.group_id = cur->group_id;
    SHUZHI_TRY(tx.registry().UpdateVoterRep(out));
    return RecordAudit(tx, clock_, actor.username, "voter_rep.update", "voter_rep:" + std::to_string(r.id), Details(r.name));
  }));
  return out;
}

Result<PanelView> RegistryService::GetPanel(const Actor& actor, std::int64_t group_id) {
  PanelView out;
  const int year = CurrentYear();
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out.group, LoadGroup(tx, group_id));
    if (!MayReadGroup(actor, out.group)) return Forbidden("not your group");
    SHUZHI_ASSIGN_OR_RETURN(auto reps, tx.registry().ListVoterReps(group_id));
    std::vector<core::PanelMember> members;
    for (const auto& r : reps) {
      if (!r.active) continue;
      members.push_back({r.gender, r.birth_year ? core::AgeBand(*r.birth_year, year) : "", r.occupation, r.village});
    }
    std::vector<std::string> villages;
    if (out.group.constituency_id) {
      SHUZHI_ASSIGN_OR_RETURN(auto k, tx.registry().FindConstituency(*out.group.constituency_id));
      if (k) villages = k->villages;
    }
    out.targets = PanelTargetsOf(out.group);
    out.report = core::CheckPanel(members, villages, out.targets);
    return base::Ok();
  }));
  return out;
}

// --- rotation

namespace {
Result<RotationView> BuildRotation(storage::Tx& tx, const core::DeputyGroup& g, int current_year,
                                   const std::function<void(std::vector<core::RotationPerson>&)>& adjust = {}) {
  RotationView v;
  v.group = g;
  v.window = {g.rotation_start_year, g.rotation_years, current_year};
  SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfGroup(g.id));
  SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.registry().ListRotationEntries(g.id));
  auto persons = RotationPersons(mandates, entries);
  if (adjust) adjust(persons);
  v.plan = core::PlanRotation(persons, v.window, static_cast<std::uint64_t>(g.rotation_seed));
  for (std::size_t i = 0; i < persons.size(); ++i) {
    RotationPersonView pv;
    pv.slot = v.plan.slots[i];
    pv.person = persons[i];
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(persons[i].deputy_id));
    if (d) {
      pv.name = d->name;
      pv.occupation = d->occupation;
    }
    for (const auto& m : mandates) {
      if (m.deputy_id != persons[i].deputy_id) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto term, tx.registry().FindTerm(m.term_id));
      if (!term) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(term->congress_id));
      if (c) pv.levels.push_back(c->level);
    }
    v.persons.push_back(std::move(pv));
  }
  return v;
}
}  // namespace

Result<RotationView> RegistryService::GetRotation(const Actor& actor, std::int64_t group_id) {
  RotationView out;
  const int year = CurrentYear();
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, group_id));
    if (!MayReadGroup(actor, g)) return Forbidden("not your group");
    SHUZHI_ASSIGN_OR_RETURN(out, BuildRotation(tx, g, year));
    return base::Ok();
  }));
  return out;
}

Result<MoveResult> RegistryService::MoveInRotation(const Actor& actor, std::int64_t group_id, std::int64_t deputy_id,
                                                   std::optional<int> to_year, bool dry_run) {
  MoveResult out;
  const int year = CurrentYear();
  auto run = [&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, group_id));
    if (!MayManageGroup(actor, g)) return Forbidden("not your group");
    SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfGroup(group_id));
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.registry().ListRotationEntries(group_id));
    const core::RotationWindow window{g.rotation_start_year, g.rotation_years, year};
    out.check = core::CheckMove(RotationPersons(mandates, entries), window, static_cast<std::uint64_t>(g.rotation_seed),
                                deputy_id, to_year);
    if (!out.check.allowed && !dry_run) {
      std::vector<base::FieldError> details;
      for (const auto& r : out.check.refusals) details.push_back({"to_year", r});
      return base::Status(base::Code::kFailedPrecondition, "rotation.move_refused",
                          "the move breaks the rotation rules", details);
    }
    if (out.check.allowed && !dry_run) {
      core::RotationEntry e{group_id, deputy_id, to_year, std::nullopt};
      for (const auto& cur : entries) {
        if (cur.deputy_id == deputy_id) e.reported_year = cur.reported_year;
      }
      SHUZHI_TRY(tx.registry().UpsertRotationEntry(e));
      json::array warnings;
      for (const auto& w : out.check.warnings) warnings.push_back(json::value(w));
      SHUZHI_TRY(RecordAudit(tx, clock_, actor.username, "rotation.move", "group:" + std::to_string(group_id),
                             {{"deputy_id", deputy_id},
                              {"to_year", to_year ? json::value(*to_year) : json::value(nullptr)},
                              {"warnings", warnings}}));
    }
    const bool applied = out.check.allowed && !dry_run;
    const std::optional<int> pin = to_year;
    SHUZHI_ASSIGN_OR_RETURN(out.view, BuildRotation(tx, g, year, [&](std::vector<core::RotationPerson>& persons) {
                              if (!applied && dry_run && out.check.allowed) {
                                for (auto& p : persons) {
                                  if (p.deputy_id == deputy_id) p.pinned_year = pin;
                                }
                              }
                            }));
    return base::Ok();
  };
  SHUZHI_TRY(dry_run ? store_.Read(run) : store_.Write(run));
  return out;
}

Result<RotationView> RegistryService::SetReported(const Actor& actor, std::int64_t group_id, std::int64_t deputy_id,
                                                  std::optional<int> reported_year) {
  RotationView out;
  const int year = CurrentYear();
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, group_id));
    if (!MayManageGroup(actor, g)) return Forbidden("not your group");
    if (reported_year && (*reported_year < g.rotation_start_year ||
                          *reported_year > g.rotation_start_year + g.rotation_years - 1 || *reported_year > year)) {
      return Invalid("year", "outside_window_or_future");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfGroup(group_id));
    if (std::none_of(mandates.begin(), mandates.end(), [&](const core::Mandate& m) { return m.deputy_id == deputy_id; })) {
      return base::NotFound("rotation.not_in_group", "the deputy has no mandate in this group");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.registry().ListRotationEntries(group_id));
    core::RotationEntry e{group_id, deputy_id, std::nullopt, reported_year};
    for (const auto& cur : entries) {
      if (cur.deputy_id == deputy_id) e.pinned_year = cur.pinned_year;
    }
    SHUZHI_TRY(tx.registry().UpsertRotationEntry(e));
    SHUZHI_TRY(RecordAudit(tx, clock_, actor.username, "rotation.reported", "group:" + std::to_string(group_id),
                           {{"deputy_id", deputy_id},
                            {"year", reported_year ? json::value(*reported_year) : json::value(nullptr)}}));
    SHUZHI_ASSIGN_OR_RETURN(out, BuildRotation(tx, g, year));
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
