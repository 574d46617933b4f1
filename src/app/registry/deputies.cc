// Deputies and their mandates, the roster, and a group's membership across
// congresses.
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

using namespace registry_detail;

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
      return base::Conflict("registry.person_exists", "a deputy with this name and birth date exists (id " +
                                                          std::to_string(same[0].id) +
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
    return RecordAudit(
        tx, clock_, actor.username, "group.member_remove", "group:" + std::to_string(group_id),
        {{"mandate_id", out.id}, {"deputy_id", out.deputy_id}, {"name", person ? person->name : std::string()}});
  }));
  return out;
}

}  // namespace shuzhi::app
