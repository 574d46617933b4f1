#include "app/home/dashboard.h"

#include "app/app.h"
#include "app/campaign/campaign.h"
#include "app/errors.h"
#include "app/opinion/opinion.h"
#include "app/report/report.h"

namespace shuzhi::app {

Result<Dashboard> CampaignDashboard(App& app, const Actor& actor, std::int64_t campaign_id) {
  Dashboard d;
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  d.spec = campaign.spec;
  d.state = campaign.record.state;
  d.today = base::FormatCst(app.clock().Now()).substr(0, 10);
  // The report list is already scoped: leaders get their groups' deputies.
  SHUZHI_ASSIGN_OR_RETURN(auto reports, app.reports().List(actor, campaign_id));
  std::map<std::string, GroupProgress> by_group;
  std::vector<std::int64_t> deputies;
  for (const auto& r : reports) {
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
  for (auto& [name, g] : by_group) d.groups.push_back(std::move(g));
  return d;
}

}  // namespace shuzhi::app
