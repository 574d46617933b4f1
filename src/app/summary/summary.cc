// CampaignSummary: gathers the campaign's figures from the services that own
// them (reports, opinions, measures, the meetings' signed results), as the
// dashboard does, and adds each deputy's result and occupation.
#include "app/summary/summary.h"

#include <map>

#include "app/app.h"
#include "app/campaign/campaign.h"
#include "app/campaign/campaign_access.h"
#include "app/errors.h"
#include "app/measure/measure.h"
#include "app/meeting/meeting.h"
#include "app/opinion/opinion.h"
#include "app/registry/registry.h"
#include "app/report/report.h"
#include "core/result_record.h"

namespace shuzhi::app {
namespace {

// Each deputy's last final result in the campaign, by the time its poll
// closed (all in China Standard Time, so the ISO texts compare as times): a
// deputy evaluated again at a later meeting has the later result.
Status AddResults(App& app, const Actor& actor, std::int64_t campaign_id,
                  std::map<std::int64_t, SummaryDeputy*>& by_id) {
  std::map<std::int64_t, std::string> closed_at;
  SHUZHI_ASSIGN_OR_RETURN(auto meetings, app.meetings().List(actor, campaign_id));
  for (const auto& m : meetings) {
    SHUZHI_ASSIGN_OR_RETURN(auto meeting, app.meetings().Get(actor, m.id));
    for (const auto& poll : meeting.polls) {
      if (poll.state != core::PollState::kFinal || !poll.has_result) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto result, app.meetings().ResultFor(actor, poll.id));
      const auto record = result.available ? core::ReadResultRecord(result.signed_record) : std::nullopt;
      if (!record || record->void_poll) continue;
      for (const auto& row : record->deputies) {
        auto it = by_id.find(row.deputy_id);
        if (it == by_id.end()) continue;
        auto& latest = closed_at[row.deputy_id];
        if (record->closed_at < latest) continue;
        latest = record->closed_at;
        SummaryDeputy& d = *it->second;
        d.has_result = true;
        d.withheld = row.withheld;
        d.grade = row.grade;
        const auto* option = record->Option(row.grade);
        d.grade_label = option ? option->label : "";
        d.approval_grade = option && option->approval;
        d.approval_tenths = row.approval_tenths;
        d.approval_percent = row.approval_percent;
      }
    }
  }
  return base::Ok();
}

// Opinions of the campaign: recorded for it, or for no campaign and received
// in its year. Pending and rejected ones are not opinions yet. False when
// the actor may not read them.
Result<bool> AddOpinions(App& app, const Actor& actor, const CampaignView& c, SummaryDeputy& d) {
  auto opinions = app.opinions().List(actor, d.deputy_id);
  if (!opinions.ok() && IsRefusal(opinions.status())) return false;
  SHUZHI_TRY(opinions.status());
  const std::string year = std::to_string(c.spec.year);
  for (const auto& o : *opinions) {
    if (o.status == "pending" || o.status == "rejected") continue;
    const bool ours = o.campaign_id ? *o.campaign_id == c.record.id : o.received_on.rfind(year, 0) == 0;
    if (!ours) continue;
    ++d.opinions_received;
    if (o.status == "answered" || o.status == "addressed") ++d.opinions_answered;
  }
  return true;
}

Status AddMeasures(App& app, const Actor& actor, std::int64_t campaign_id,
                   std::map<std::int64_t, SummaryDeputy*>& by_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto measures, app.measures().ForCampaign(actor, campaign_id, {}));
  for (const auto& v : measures) {
    auto it = by_id.find(v.measure.deputy_id);
    if (it == by_id.end()) continue;
    ++it->second->measures;
    const auto s = v.measure.state;
    if (s == core::MeasureState::kDone || s == core::MeasureState::kAccepted) ++it->second->measures_completed;
  }
  return base::Ok();
}

void Tabulate(CampaignSummaryView& v) {
  std::map<std::string, SummaryOccupation> occupations;
  std::map<std::string, std::int64_t> grades;
  for (const auto& d : v.deputies) {
    auto& o = occupations[d.occupation];
    o.occupation = d.occupation;
    ++o.deputies;
    if (d.reported) ++o.reported;
    if (!d.has_result) {
      ++v.no_result;
    } else if (d.withheld) {
      ++v.withheld;
    } else {
      ++grades[d.grade];
    }
  }
  for (auto& [code, o] : occupations) v.occupations.push_back(std::move(o));
  for (const auto& option : v.spec.scale) v.grades.push_back({option.code, option.label, grades[option.code]});
}

}  // namespace

Result<CampaignSummaryView> CampaignSummary(App& app, const Actor& actor, std::int64_t campaign_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  if (!campaign_access::MayReadAll(actor, campaign.record)) {
    return Forbidden("the summary is for the congress's organizers and reviewers");
  }
  SHUZHI_ASSIGN_OR_RETURN(auto dashboard, CampaignDashboard(app, actor, campaign_id));
  CampaignSummaryView v;
  v.spec = campaign.spec;
  v.state = campaign.record.state;
  v.today = dashboard.today;
  v.groups = std::move(dashboard.groups);
  SHUZHI_ASSIGN_OR_RETURN(auto reports, app.reports().List(actor, campaign_id));
  v.deputies.reserve(reports.size());
  for (const auto& r : reports) {
    SummaryDeputy d;
    d.deputy_id = r.deputy_id;
    d.name = r.name;
    d.group_name = r.group_name;
    d.report_state = ReportProgressCode(r.state);
    d.reported = r.submitted_at.has_value();
    d.late = r.late;
    auto deputy = app.registry().GetDeputy(actor, r.deputy_id);
    if (deputy.ok()) d.occupation = deputy->deputy.occupation;
    if (!deputy.ok() && !IsRefusal(deputy.status())) return deputy.status();
    SHUZHI_ASSIGN_OR_RETURN(const bool visible, AddOpinions(app, actor, campaign, d));
    if (!visible) v.opinions_visible = false;
    v.deputies.push_back(std::move(d));
  }
  std::map<std::int64_t, SummaryDeputy*> by_id;
  for (auto& d : v.deputies) by_id[d.deputy_id] = &d;
  SHUZHI_TRY(AddResults(app, actor, campaign_id, by_id));
  SHUZHI_TRY(AddMeasures(app, actor, campaign_id, by_id));
  Tabulate(v);
  return v;
}

}  // namespace shuzhi::app
