#include "app/home/workbench.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/app.h"
#include "app/report/report.h"
#include "core/access.h"
#include "core/campaign_codec.h"
#include "core/result_record.h"
#include "core/workbench.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

using storage::WorkbenchRepo;
using storage::WorkCount;
using storage::WorkScope;
using By = WorkScope::By;

// The one campaign the count lies in (on `tab`), or the list of campaigns.
WorkbenchLink ToCampaign(const WorkCount& c, const char* tab) {
  if (c.campaigns == 1) return {"campaign", c.first_campaign, 0, 0, tab};
  return {"campaigns", 0, 0, 0, ""};
}

// The one meeting (on `tab`), or the one campaign's meetings, or the list of
// campaigns.
WorkbenchLink ToMeeting(const WorkCount& c, const char* tab) {
  if (c.meetings == 1) return {"meeting", 0, c.first_meeting, 0, tab};
  return ToCampaign(c, "meetings");
}

WorkbenchCard Card(const char* role, const char* kind, std::int64_t count, WorkbenchLink link) {
  return {role, kind, count, std::nullopt, std::move(link)};
}

// The actor's grants, by role.
struct Scopes {
  bool admin = false;
  std::vector<std::int64_t> organizing, reviewing, groups, deputies;
};

Scopes ScopesOf(const Actor& actor) {
  Scopes s;
  std::set<std::int64_t> organizing, reviewing, groups;
  for (const auto& g : actor.roles) {
    switch (g.role) {
      case core::Role::kAdmin:
        s.admin = true;
        break;
      case core::Role::kOrganizer:
        if (g.congress_id) organizing.insert(*g.congress_id);
        break;
      case core::Role::kReviewer:
        if (g.congress_id) reviewing.insert(*g.congress_id);
        break;
      case core::Role::kGroupLeader:
        if (g.group_id) groups.insert(*g.group_id);
        break;
      case core::Role::kDeputy:
        break;
    }
  }
  const auto deputies = core::OwnDeputies(actor.roles);
  s.organizing.assign(organizing.begin(), organizing.end());
  s.reviewing.assign(reviewing.begin(), reviewing.end());
  s.groups.assign(groups.begin(), groups.end());
  s.deputies.assign(deputies.begin(), deputies.end());
  return s;
}

// The rows with a result to give the deputy: a withheld row (fewer valid
// votes than the campaign's minimum) has none, and the meeting page offers
// no release for it. Each poll's record is read once (rows come by poll).
WorkCount Releasable(const std::vector<storage::UnreleasedRow>& rows) {
  WorkCount out;
  std::set<std::int64_t> campaigns, meetings;
  std::int64_t poll = 0;
  std::optional<core::ResultRecord> record;
  for (const auto& r : rows) {
    if (r.poll_id != poll) {
      poll = r.poll_id;
      record = core::ReadResultRecord(r.result);
    }
    if (record && std::any_of(record->deputies.begin(), record->deputies.end(),
                              [&](const core::RecordDeputy& d) { return d.deputy_id == r.deputy_id && d.withheld; })) {
      continue;
    }
    ++out.count;
    campaigns.insert(r.campaign_id);
    meetings.insert(r.meeting_id);
  }
  out.campaigns = static_cast<std::int64_t>(campaigns.size());
  out.first_campaign = campaigns.empty() ? 0 : *campaigns.begin();
  out.meetings = static_cast<std::int64_t>(meetings.size());
  out.first_meeting = meetings.empty() ? 0 : *meetings.begin();
  return out;
}

Result<core::CampaignSpec> SpecOf(const std::string& text) {
  boost::system::error_code ec;
  const auto v = base::json::parse(text, ec);
  if (ec) return base::Internal("campaign.corrupt", "stored plan is not JSON");
  return core::DecodeCampaignSpec(v);
}

Status OrganizerCards(WorkbenchRepo& r, const char* role, const WorkScope& scope, Micros now,
                      std::vector<WorkbenchCard>& out) {
  SHUZHI_ASSIGN_OR_RETURN(auto review, r.Reports(scope, core::ReportState::kSubmitted));
  out.push_back(Card(role, "review_waiting", review.count, ToCampaign(review, "progress")));
  SHUZHI_ASSIGN_OR_RETURN(auto pending, r.Opinions(scope, "pending"));
  out.push_back(Card(role, "opinion_moderation", pending, {"opinions_pending", 0, 0, 0, ""}));
  const auto day = core::CstDay(now), week = core::CstWeek(now);
  SHUZHI_ASSIGN_OR_RETURN(auto today, r.Meetings(scope, {std::nullopt, day.from, day.to, false}));
  out.push_back(Card(role, "meetings_today", today.count, ToMeeting(today, "")));
  SHUZHI_ASSIGN_OR_RETURN(auto this_week, r.Meetings(scope, {std::nullopt, week.from, week.to, false}));
  out.push_back(Card(role, "meetings_this_week", this_week.count, ToMeeting(this_week, "")));
  SHUZHI_ASSIGN_OR_RETURN(auto open, r.Polls(scope, core::PollState::kOpen));
  out.push_back(Card(role, "polls_open", open.count, ToMeeting(open, "console")));
  SHUZHI_ASSIGN_OR_RETURN(auto counting, r.Polls(scope, core::PollState::kCounting));
  out.push_back(Card(role, "results_to_sign_off", counting.count, ToMeeting(counting, "paper")));
  return base::Ok();
}

Status LeaderCards(WorkbenchRepo& r, const std::vector<std::int64_t>& groups, std::vector<WorkbenchCard>& out) {
  const char* role = core::RoleName(core::Role::kGroupLeader);
  const WorkScope scope{By::kGroups, groups};
  SHUZHI_ASSIGN_OR_RETURN(auto unconfirmed, r.Unconfirmed(groups));
  out.push_back(Card(role, "list_unconfirmed", unconfirmed.count, ToCampaign(unconfirmed, "deputies")));
  SHUZHI_ASSIGN_OR_RETURN(auto review, r.Reports(scope, core::ReportState::kSubmitted));
  out.push_back(Card(role, "review_waiting", review.count, ToCampaign(review, "progress")));
  SHUZHI_ASSIGN_OR_RETURN(auto pending, r.Opinions(scope, "pending"));
  out.push_back(Card(role, "opinion_moderation", pending, {"opinions_pending", 0, 0, 0, ""}));
  SHUZHI_ASSIGN_OR_RETURN(auto unanswered, r.Opinions(scope, "new"));
  WorkbenchLink group{"groups", 0, 0, 0, ""};
  if (groups.size() == 1) group = {"group", 0, 0, groups.front(), "opinions"};
  out.push_back(Card(role, "opinions_unanswered", unanswered, group));
  // Results are released only where the campaign keeps them private, and
  // not once it is archived.
  SHUZHI_ASSIGN_OR_RETURN(auto covering, r.CampaignsCovering(groups));
  std::vector<std::int64_t> private_campaigns;
  for (const auto& c : covering) {
    if (c.state == core::CampaignState::kArchived) continue;
    SHUZHI_ASSIGN_OR_RETURN(auto spec, SpecOf(c.spec));
    if (spec.disclosure == core::Disclosure::kPrivate) private_campaigns.push_back(c.id);
  }
  SHUZHI_ASSIGN_OR_RETURN(auto unreleased, r.Unreleased(groups, private_campaigns));
  const WorkCount release = Releasable(unreleased);
  out.push_back(Card(role, "results_to_release", release.count, ToMeeting(release, "feedback")));
  return base::Ok();
}

Status DeputyCards(WorkbenchRepo& r, const std::vector<std::int64_t>& deputies, Micros now,
                   std::vector<WorkbenchCard>& out) {
  const char* role = core::RoleName(core::Role::kDeputy);
  SHUZHI_ASSIGN_OR_RETURN(auto listed, r.Listed(deputies));
  std::map<std::int64_t, core::CampaignSpec> specs;
  std::vector<std::int64_t> announced;
  std::int64_t to_hand_in = 0;
  std::optional<WorkbenchReport> shown;
  std::int64_t shown_campaign = 0;
  bool shown_due = false;
  for (const auto& l : listed) {
    auto it = specs.find(l.campaign.id);
    if (it == specs.end()) {
      SHUZHI_ASSIGN_OR_RETURN(auto spec, SpecOf(l.campaign.spec));
      if (spec.disclosure == core::Disclosure::kAnnounce) announced.push_back(l.campaign.id);
      it = specs.emplace(l.campaign.id, std::move(spec)).first;
    }
    if (l.campaign.state != core::CampaignState::kActive) continue;
    const auto& spec = it->second;
    const bool due = !l.report || *l.report == core::ReportState::kDraft || *l.report == core::ReportState::kReturned;
    if (due) ++to_hand_in;
    // The report due soonest; failing that, the first active campaign's.
    const bool sooner = due && (!shown_due || spec.report_deadline < shown->deadline);
    if (!shown || sooner) {
      shown = WorkbenchReport{spec.title, spec.report_deadline, core::DaysLeft(now, spec.report_deadline),
                              ReportProgressCode(l.report)};
      shown_campaign = l.campaign.id;
      shown_due = due;
    }
  }
  WorkbenchCard report = Card(role, "my_report", to_hand_in, {"my_reports", 0, 0, 0, ""});
  if (shown) report.link = {"my_report", shown_campaign, 0, 0, ""};
  report.report = std::move(shown);
  out.push_back(std::move(report));
  SHUZHI_ASSIGN_OR_RETURN(auto unanswered, r.Opinions({By::kDeputies, deputies}, "new"));
  out.push_back(Card(role, "opinions_to_answer", unanswered, {"my_opinions", 0, 0, 0, ""}));
  SHUZHI_ASSIGN_OR_RETURN(auto results, r.OwnResults(deputies, announced));
  out.push_back(Card(role, "results_released", results.count, {"my_results", 0, 0, 0, ""}));
  return base::Ok();
}

Status ReviewerCards(WorkbenchRepo& r, const std::vector<std::int64_t>& congresses, std::vector<WorkbenchCard>& out) {
  const char* role = core::RoleName(core::Role::kReviewer);
  // Finished meetings of the campaigns under way or just closed; each
  // campaign with one has a summary to read.
  SHUZHI_ASSIGN_OR_RETURN(auto finished, r.Meetings({By::kCongresses, congresses},
                                                    {core::MeetingState::kFinished, std::nullopt, std::nullopt, true}));
  out.push_back(Card(role, "meetings_finished", finished.count, ToMeeting(finished, "results")));
  out.push_back(Card(role, "summaries", finished.campaigns, ToCampaign(finished, "")));
  return base::Ok();
}

}  // namespace

Result<Workbench> WorkbenchFor(App& app, const Actor& actor) {
  Workbench out;
  const Micros now = app.clock().Now();
  out.today = base::FormatCst(now).substr(0, 10);
  const Scopes s = ScopesOf(actor);
  SHUZHI_TRY(app.store().Read([&](storage::Tx& tx) -> Status {
    auto& r = tx.workbench();
    if (s.admin) SHUZHI_TRY(OrganizerCards(r, core::RoleName(core::Role::kAdmin), {By::kAll, {}}, now, out.cards));
    if (!s.organizing.empty()) {
      SHUZHI_TRY(
          OrganizerCards(r, core::RoleName(core::Role::kOrganizer), {By::kCongresses, s.organizing}, now, out.cards));
    }
    if (!s.groups.empty()) SHUZHI_TRY(LeaderCards(r, s.groups, out.cards));
    if (!s.deputies.empty()) SHUZHI_TRY(DeputyCards(r, s.deputies, now, out.cards));
    if (!s.reviewing.empty()) SHUZHI_TRY(ReviewerCards(r, s.reviewing, out.cards));
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
