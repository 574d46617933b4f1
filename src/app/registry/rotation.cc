// The rotation plan of a group: the three-year schedule, moves and what was
// reported (DESIGN.md §4).
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
    if (std::none_of(mandates.begin(), mandates.end(),
                     [&](const core::Mandate& m) { return m.deputy_id == deputy_id; })) {
      return base::NotFound("rotation.not_in_group", "the deputy has no mandate in this group");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.registry().ListRotationEntries(group_id));
    core::RotationEntry e{group_id, deputy_id, std::nullopt, reported_year};
    for (const auto& cur : entries) {
      if (cur.deputy_id == deputy_id) e.pinned_year = cur.pinned_year;
    }
    SHUZHI_TRY(tx.registry().UpsertRotationEntry(e));
    SHUZHI_TRY(RecordAudit(
        tx, clock_, actor.username, "rotation.reported", "group:" + std::to_string(group_id),
        {{"deputy_id", deputy_id}, {"year", reported_year ? json::value(*reported_year) : json::value(nullptr)}}));
    SHUZHI_ASSIGN_OR_RETURN(out, BuildRotation(tx, g, year));
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
