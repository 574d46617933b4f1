#include "app/home/dashboard.h"

#include "app/app.h"
#include "app/campaign/campaign.h"
#include "app/errors.h"
#include "app/feedback/feedback.h"
#include "app/measure/measure.h"
#include "app/opinion/opinion.h"
#include "app/report/report.h"

namespace shuzhi::app {
namespace {

void Count(MeasureCounts& c, const MeasureView& v) {
  ++c.total;
  switch (v.measure.state) {
    case core::MeasureState::kOpen:
      ++c.open;
      break;
    case core::MeasureState::kDone:
      ++c.done;
      break;
    case core::MeasureState::kAccepted:
      ++c.accepted;
      break;
    case core::MeasureState::kReturned:
      ++c.returned;
      break;
  }
  if (v.overdue) ++c.overdue;
}

// The measures and the feedback talks still owed, into the groups the report
// list made (measures of a deputy in no listed group are left out, as their
// reports are).
Status CountAfterMeeting(App& app, const Actor& actor, std::int64_t campaign_id,
                         const std::map<std::int64_t, std::string>& group_of,
                         std::map<std::string, GroupProgress>& by_group) {
  auto measures = app.measures().ForCampaign(actor, campaign_id, {});
  if (!measures.ok() && !IsRefusal(measures.status())) return measures.status();
  if (measures.ok()) {
    for (const auto& v : *measures) {
      auto it = by_group.find(v.group_name);
      if (it != by_group.end()) Count(it->second.measures, v);
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(auto owed, app.feedback().Undelivered(actor));
  for (const auto& f : owed) {
    if (f.campaign_id != campaign_id) continue;
    auto g = group_of.find(f.deputy_id);
    if (g == group_of.end()) continue;
    if (auto it = by_group.find(g->second); it != by_group.end()) ++it->second.feedback_due;
  }
  return base::Ok();
}

}  // namespace

Result<Dashboard> CampaignDashboard(App& app, const Actor& actor, std::int64_t campaign_id) {
  Dashboard d;
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  d.spec = campaign.spec;
  d.state = campaign.record.state;
  d.today = base::FormatCst(app.clock().Now()).substr(0, 10);
  // The report list is already scoped: leaders get their groups' deputies.
  SHUZHI_ASSIGN_OR_RETURN(auto reports, app.reports().List(actor, campaign_id));
  std::map<std::string, GroupProgress> by_group;
  std::map<std::int64_t, std::string> group_of;  // deputy → group name
  for (const auto& r : reports) {
    group_of[r.deputy_id] = r.group_name;
    auto& g = by_group[r.group_name];
    g.group_id = r.group_id;
    g.group_name = r.group_name;
    for (const char* s : {"not_started", "draft", "submitted", "late", "returned", "accepted"}) g.reports.emplace(s, 0);
    ++g.reports[ReportProgressCode(r.state)];
    if (r.late) ++g.reports["late"];
    // Opinions are the deputy's, whoever may read them; staff who may not
    // (reviewers) see the report figures only.
    auto opinions = app.opinions().List(actor, r.deputy_id);
    if (!opinions.ok() && IsRefusal(opinions.status())) continue;
    SHUZHI_TRY(opinions.status());
    for (const auto& o : *opinions) {
      if (o.status == "pending" || o.status == "rejected") continue;
      ++g.opinions_received;
      if (o.status == "answered" || o.status == "addressed") ++g.opinions_answered;
    }
  }
  SHUZHI_TRY(CountAfterMeeting(app, actor, campaign_id, group_of, by_group));
  for (auto& [name, g] : by_group) d.groups.push_back(std::move(g));
  return d;
}

}  // namespace shuzhi::app
