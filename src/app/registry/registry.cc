// The registry's reference data: congresses, terms, constituencies and
// deputy groups.
#include "app/registry/registry.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/errors.h"
#include "app/registry/registry_internal.h"
#include "base/json.h"
#include "core/access.h"
#include "core/registry.h"
#include "storage/store.h"

namespace shuzhi::app {

using namespace registry_detail;

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
    return RecordAudit(tx, clock_, actor.username, "congress.create", "congress:" + std::to_string(r.id),
                       Details(r.name));
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
    return RecordAudit(tx, clock_, actor.username, "congress.update", "congress:" + std::to_string(r.id),
                       Details(r.name));
  }));
  return r;
}

Result<std::vector<core::Term>> RegistryService::ListTerms(const Actor& actor, std::int64_t congress_id) {
  if (!IsStaff(actor)) return Forbidden("staff only");
  std::vector<core::Term> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    // A congress that does not exist has no list, not an empty one.
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(congress_id));
    if (!c) return NotFoundOf("congress", congress_id);
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
    return RecordAudit(tx, clock_, actor.username, "term.update", "term:" + std::to_string(r.id),
                       {{"number", r.number}});
  }));
  return out;
}

Result<std::vector<core::Constituency>> RegistryService::ListConstituencies(const Actor& actor,
                                                                            std::int64_t congress_id) {
  if (!IsStaff(actor)) return Forbidden("staff only");
  std::vector<core::Constituency> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    // A congress that does not exist has no list, not an empty one.
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(congress_id));
    if (!c) return NotFoundOf("congress", congress_id);
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

Result<core::Constituency> RegistryService::CreateConstituency(const Actor& actor, core::Constituency r) {
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

Result<core::Constituency> RegistryService::UpdateConstituency(const Actor& actor, const core::Constituency& r) {
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

Result<std::vector<GroupView>> RegistryService::ListGroups(const Actor& actor,
                                                           std::optional<std::int64_t> congress_id) {
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

}  // namespace shuzhi::app
