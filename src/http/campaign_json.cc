#include "http/campaign_json.h"

#include <map>
#include <string>

#include "core/campaign_codec.h"

namespace shuzhi::http {
namespace {

json::object ReportingDeputyJson(const app::ReportingDeputy& d) {
  return {{"deputy_id", d.entry.deputy_id},
          {"name", d.name},
          {"occupation", d.occupation},
          {"group_id", Nullable(d.entry.group_id)},
          {"group_name", d.group_name},
          {"source", d.entry.source},
          {"confirmed_by", Nullable(d.entry.confirmed_by)},
          {"confirmed_at", NullableTime(d.entry.confirmed_at)}};
}

json::object GroupProgressJson(const app::GroupProgress& g) {
  json::object reports;
  for (const auto& [k, v] : g.reports) reports[k] = v;
  return {{"group_id", Nullable(g.group_id)},
          {"group_name", g.group_name},
          {"reports", reports},
          {"opinions_received", g.opinions_received},
          {"opinions_answered", g.opinions_answered},
          {"measures", json::object{{"total", g.measures.total},
                                    {"open", g.measures.open},
                                    {"done", g.measures.done},
                                    {"accepted", g.measures.accepted},
                                    {"returned", g.measures.returned},
                                    {"overdue", g.measures.overdue}}},
          {"feedback_due", g.feedback_due}};
}

}  // namespace

json::object CampaignJson(const app::CampaignView& v) {
  json::array groups;
  for (auto g : v.record.group_ids) groups.push_back(json::value(g));
  return {{"id", v.record.id},
          {"congress_id", v.record.congress_id},
          {"state", core::CampaignStateCode(v.record.state)},
          {"group_ids", groups},
          {"created_at", base::FormatCst(v.record.created_at)},
          {"updated_at", base::FormatCst(v.record.updated_at)},
          {"report_deadline_at", base::FormatCst(core::DeadlineOf(v.spec.report_deadline))},
          {"deadline_passed", v.deadline_passed},
          {"spec", core::EncodeCampaignSpec(v.spec)}};
}

json::object ReportingDeputiesJson(const std::vector<app::ReportingDeputy>& list) {
  json::array items;
  std::map<std::string, std::int64_t> by_occupation;
  for (const auto& d : list) {
    items.push_back(ReportingDeputyJson(d));
    ++by_occupation[d.occupation];
  }
  json::array breakdown;
  for (const auto& [key, count] : by_occupation) breakdown.push_back(json::object{{"key", key}, {"count", count}});
  return {{"items", items}, {"occupation_breakdown", breakdown}};
}

json::object DashboardJson(const app::Dashboard& d) {
  json::array groups;
  for (const auto& g : d.groups) groups.push_back(GroupProgressJson(g));
  const auto spec = core::EncodeCampaignSpec(d.spec);
  return {{"state", core::CampaignStateCode(d.state)},
          {"today", d.today},
          {"report_deadline", d.spec.report_deadline},
          {"phases", spec.at("phases")},
          {"groups", groups}};
}

base::Result<std::vector<std::int64_t>> GroupIdsFrom(const json::object& o) { return IdArray(o, "group_ids"); }

}  // namespace shuzhi::http
