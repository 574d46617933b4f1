#include "app/campaign/campaign.h"

#include <algorithm>
#include <set>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/campaign/campaign_access.h"
#include "app/errors.h"
#include "app/registry/registry.h"
#include "core/access.h"
#include "core/archive.h"
#include "core/campaign_codec.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

namespace json = base::json;
using core::Action;
using core::Scope;

// Every covered group must belong to the campaign's congress or to one the
// actor manages.
Status CheckGroups(storage::Tx& tx, const Actor& a, std::int64_t congress_id, const std::vector<std::int64_t>& groups) {
  for (auto id : groups) {
    SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(id));
    if (!g) return Invalid("group_ids", "not_found");
    if (g->congress_id != congress_id &&
        !core::Allows(a.roles, Action::kManageCongress, Scope{g->congress_id, {}, {}})) {
      return Forbidden("a covered group is outside your congresses");
    }
  }
  return base::Ok();
}

}  // namespace

namespace campaign_access {

// The campaign's congress is the organizing one: organizers manage it,
// reviewers read it; group leaders read campaigns covering their groups.
bool MayManage(const Actor& a, const core::Campaign& c) {
  return core::Allows(a.roles, core::Action::kManageCongress, core::Scope{c.congress_id, {}, {}});
}
bool MayReadAll(const Actor& a, const core::Campaign& c) {
  return core::Allows(a.roles, core::Action::kReadCongress, core::Scope{c.congress_id, {}, {}});
}
bool MayRead(const Actor& a, const core::Campaign& c) {
  if (MayReadAll(a, c)) return true;
  return std::any_of(c.group_ids.begin(), c.group_ids.end(),
                     [&](std::int64_t g) { return core::LeadsGroup(a.roles, g); });
}

// Deputies read the campaigns they report in (their report's plan, the
// deadline); nothing else of them.
Result<bool> MayReadIn(storage::Tx& tx, const Actor& a, const core::Campaign& c) {
  if (MayRead(a, c)) return true;
  const auto own = core::OwnDeputies(a.roles);
  if (own.empty()) return false;
  SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(c.id));
  return std::any_of(listed.begin(), listed.end(),
                     [&](const core::CampaignDeputy& e) { return own.count(e.deputy_id) > 0; });
}

Result<CampaignView> ViewOf(const core::Campaign& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.spec, ec);
  if (ec) return base::Internal("campaign.corrupt", "stored plan is not JSON");
  SHUZHI_ASSIGN_OR_RETURN(auto spec, core::DecodeCampaignSpec(v));
  return CampaignView{r, std::move(spec)};
}

Result<core::Campaign> Load(storage::Tx& tx, std::int64_t id) {
  SHUZHI_ASSIGN_OR_RETURN(auto c, tx.campaigns().Find(id));
  if (!c) return base::NotFound("campaign.not_found", "no campaign " + std::to_string(id));
  return *c;
}

}  // namespace campaign_access

using campaign_access::Load;
using campaign_access::MayManage;
using campaign_access::MayRead;
using campaign_access::MayReadIn;
using campaign_access::ViewOf;

Result<std::vector<CampaignView>> CampaignService::List(const Actor& actor, std::optional<std::int64_t> congress_id) {
  std::vector<CampaignView> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.campaigns().List(congress_id));
    for (const auto& r : all) {
      SHUZHI_ASSIGN_OR_RETURN(bool may, MayReadIn(tx, actor, r));
      if (!may) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto v, ViewOf(r));
      v.deadline_passed = clock_.Now() > core::DeadlineOf(v.spec.report_deadline);
      out.push_back(std::move(v));
    }
    return base::Ok();
  }));
  return out;
}

Result<CampaignView> CampaignService::Get(const Actor& actor, std::int64_t id) {
  CampaignView out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto r, Load(tx, id));
    SHUZHI_ASSIGN_OR_RETURN(bool may, MayReadIn(tx, actor, r));
    if (!may) return Forbidden("campaign outside your scope");
    SHUZHI_ASSIGN_OR_RETURN(out, ViewOf(r));
    out.deadline_passed = clock_.Now() > core::DeadlineOf(out.spec.report_deadline);
    return base::Ok();
  }));
  return out;
}

Result<CampaignView> CampaignService::Create(const Actor& actor, std::int64_t congress_id,
                                             const std::string& template_code, int year,
                                             const std::vector<std::int64_t>& group_ids) {
  if (!core::Allows(actor.roles, Action::kManageCongress, Scope{congress_id, {}, {}}))
    return Forbidden("not your congress");
  if (template_code != "committee" && template_code != "voter" && template_code != "custom") {
    return Invalid("template", "invalid");
  }
  if (year < 2000 || year > 2200) return Invalid("year", "invalid");
  core::CampaignSpec spec = core::TemplateFor(template_code, year);
  if (spec.title.empty()) spec.title = std::to_string(year) + "年代表述职评议活动";
  SHUZHI_TRY(core::ValidateCampaign(spec));
  const base::Micros now = clock_.Now();
  core::Campaign r{0,
                   congress_id,
                   year,
                   spec.title,
                   spec.template_code,
                   core::CampaignState::kDraft,
                   json::serialize(core::EncodeCampaignSpec(spec)),
                   now,
                   now,
                   group_ids};
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(congress_id));
    if (!c) return base::NotFound("registry.congress_not_found", "no such congress");
    SHUZHI_TRY(CheckGroups(tx, actor, congress_id, group_ids));
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.campaigns().Insert(r));
    return RecordAudit(tx, clock_, actor.username, "campaign.create", "campaign:" + std::to_string(r.id),
                       {{"template", template_code}, {"year", year}});
  }));
  return Get(actor, r.id);
}

Result<CampaignView> CampaignService::Update(const Actor& actor, std::int64_t id, const core::CampaignSpec& spec,
                                             const std::optional<std::vector<std::int64_t>>& new_groups) {
  SHUZHI_TRY(core::ValidateCampaign(spec));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto r, Load(tx, id));
    if (!MayManage(actor, r)) return Forbidden("not your congress");
    if (r.state == core::CampaignState::kClosed || r.state == core::CampaignState::kArchived) {
      return base::FailedPrecondition("campaign.not_editable", "a closed or archived campaign cannot be changed");
    }
    // Once a poll has opened, ballots are cast against the scale and counted
    // by the rule: changing either then would change what voters chose.
    SHUZHI_ASSIGN_OR_RETURN(auto before, ViewOf(r));
    const auto& old = before.spec;
    const bool rule_changed = old.scale != spec.scale || old.grade_base != spec.grade_base ||
                              old.min_valid_votes != spec.min_valid_votes ||
                              old.abstention_allowed != spec.abstention_allowed || old.disclosure != spec.disclosure;
    if (rule_changed) {
      SHUZHI_ASSIGN_OR_RETURN(auto meetings, tx.meetings().ListForCampaign(id));
      for (const auto& m : meetings) {
        SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m.id));
        for (const auto& p : polls) {
          if (p.state != core::PollState::kPending) {
            return base::FailedPrecondition("campaign.rule_locked",
                                            "a poll of this campaign has opened: its scale, grade rule and "
                                            "disclosure can no longer change");
          }
        }
      }
    }
    const std::vector<std::int64_t> group_ids = new_groups.value_or(r.group_ids);
    SHUZHI_TRY(CheckGroups(tx, actor, r.congress_id, group_ids));
    r.year = spec.year;
    r.title = spec.title;
    r.template_code = spec.template_code;
    r.spec = json::serialize(core::EncodeCampaignSpec(spec));
    r.updated_at = clock_.Now();
    r.group_ids = group_ids;
    SHUZHI_TRY(tx.campaigns().Update(r));
    return RecordAudit(tx, clock_, actor.username, "campaign.update", "campaign:" + std::to_string(id),
                       {{"title", spec.title}});
  }));
  return Get(actor, id);
}

namespace {

// A campaign is archived once every group with listed deputies (or the
// whole campaign) has a finished archive (core::CheckArchivedCovered).
Status CheckArchivesDone(storage::Tx& tx, std::int64_t id) {
  SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(id));
  std::set<std::int64_t> groups;
  bool ungrouped = false;
  for (const auto& d : listed) {
    if (d.group_id) {
      groups.insert(*d.group_id);
    } else {
      ungrouped = true;
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(auto archives, tx.archives().List(id));
  std::set<std::optional<std::int64_t>> done;
  for (const auto& a : archives) {
    if (a.state == core::ArchiveState::kDone) done.insert(a.group_id);
  }
  return core::CheckArchivedCovered(groups, ungrouped, done);
}

}  // namespace

Result<CampaignView> CampaignService::SetState(const Actor& actor, std::int64_t id, core::CampaignState to) {
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto r, Load(tx, id));
    if (!MayManage(actor, r)) return Forbidden("not your congress");
    const auto from = r.state;
    SHUZHI_TRY(core::CheckTransition(from, to));
    if (to == core::CampaignState::kArchived) SHUZHI_TRY(CheckArchivesDone(tx, id));
    r.state = to;
    r.updated_at = clock_.Now();
    SHUZHI_TRY(tx.campaigns().Update(r));
    return RecordAudit(tx, clock_, actor.username, "campaign.state", "campaign:" + std::to_string(id),
                       {{"from", core::CampaignStateCode(from)}, {"to", core::CampaignStateCode(to)}});
  }));
  return Get(actor, id);
}

Result<std::vector<ReportingDeputy>> CampaignService::Deputies(const Actor& actor, std::int64_t id) {
  std::vector<ReportingDeputy> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto r, Load(tx, id));
    if (!MayRead(actor, r)) return Forbidden("campaign outside your scope");
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.campaigns().ListDeputies(id));
    for (auto& e : entries) {
      ReportingDeputy d{e, "", "", ""};
      SHUZHI_ASSIGN_OR_RETURN(auto deputy, tx.registry().FindDeputy(e.deputy_id));
      if (deputy) {
        d.name = deputy->name;
        d.occupation = deputy->occupation;
      }
      if (e.group_id) {
        SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*e.group_id));
        if (g) d.group_name = g->name;
      }
      out.push_back(std::move(d));
    }
    return base::Ok();
  }));
  return out;
}

Result<int> CampaignService::AddFromRotation(const Actor& actor, std::int64_t id) {
  int added = 0;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto r, Load(tx, id));
    if (!MayManage(actor, r)) return Forbidden("not your congress");
    SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(id));
    std::set<std::int64_t> have;
    for (const auto& e : listed) have.insert(e.deputy_id);
    for (auto gid : r.group_ids) {
      SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(gid));
      if (!g) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfGroup(gid));
      SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.registry().ListRotationEntries(gid));
      // The plan as it stands at the start of the campaign's year.
      const auto plan =
          core::PlanRotation(RotationPersons(mandates, entries), {g->rotation_start_year, g->rotation_years, r.year},
                             static_cast<std::uint64_t>(g->rotation_seed));
      for (const auto& slot : plan.slots) {
        if (slot.state != core::RotationState::kPlanned || slot.year != r.year || have.count(slot.deputy_id)) continue;
        SHUZHI_TRY(tx.campaigns().AddDeputy({id, slot.deputy_id, gid, "rotation", std::nullopt, std::nullopt}));
        have.insert(slot.deputy_id);
        ++added;
      }
    }
    return RecordAudit(tx, clock_, actor.username, "campaign.deputies_from_rotation", "campaign:" + std::to_string(id),
                       {{"added", added}});
  }));
  return added;
}

Status CampaignService::AddDeputy(const Actor& actor, std::int64_t id, std::int64_t deputy_id,
                                  std::optional<std::int64_t> group_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto r, Load(tx, id));
    if (!MayManage(actor, r)) return Forbidden("not your congress");
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(deputy_id));
    if (!d) return base::NotFound("registry.deputy_not_found", "no such deputy");
    if (group_id && std::find(r.group_ids.begin(), r.group_ids.end(), *group_id) == r.group_ids.end()) {
      return Invalid("group_id", "not_covered");
    }
    SHUZHI_TRY(tx.campaigns().AddDeputy({id, deputy_id, group_id, "manual", std::nullopt, std::nullopt}));
    return RecordAudit(tx, clock_, actor.username, "campaign.deputy_add", "campaign:" + std::to_string(id),
                       {{"deputy_id", deputy_id}});
  });
}

Status CampaignService::RemoveDeputy(const Actor& actor, std::int64_t id, std::int64_t deputy_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto r, Load(tx, id));
    if (!MayManage(actor, r)) return Forbidden("not your congress");
    SHUZHI_TRY(tx.campaigns().RemoveDeputy(id, deputy_id));
    return RecordAudit(tx, clock_, actor.username, "campaign.deputy_remove", "campaign:" + std::to_string(id),
                       {{"deputy_id", deputy_id}});
  });
}

Status CampaignService::ConfirmGroup(const Actor& actor, std::int64_t id, std::int64_t group_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto r, Load(tx, id));
    SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(group_id));
    if (!g || std::find(r.group_ids.begin(), r.group_ids.end(), group_id) == r.group_ids.end()) {
      return Invalid("group_id", "not_covered");
    }
    if (!core::Allows(actor.roles, Action::kManageGroup, Scope{g->congress_id, g->id, {}}) && !MayManage(actor, r)) {
      return Forbidden("not your group");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.campaigns().ListDeputies(id));
    const base::Micros now = clock_.Now();
    int confirmed = 0;
    for (auto& e : entries) {
      if (e.group_id != group_id) continue;
      e.confirmed_by = actor.username;
      e.confirmed_at = now;
      SHUZHI_TRY(tx.campaigns().UpdateDeputy(e));
      ++confirmed;
    }
    return RecordAudit(tx, clock_, actor.username, "campaign.group_confirm", "campaign:" + std::to_string(id),
                       {{"group_id", group_id}, {"confirmed", confirmed}});
  });
}

}  // namespace shuzhi::app
