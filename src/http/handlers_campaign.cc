// Evaluation campaigns: the plan and who reports.
#include "app/app.h"
#include "app/campaign/campaign.h"
#include "app/campaign/campaign_document.h"
#include "app/home/dashboard.h"
#include "core/campaign_codec.h"
#include "http/api.h"
#include "http/json_io.h"
#include "http/replies.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

json::object CampaignJson(const app::CampaignView& v) {
  json::array groups;
  for (auto g : v.record.group_ids) groups.push_back(json::value(g));
  return {{"id", v.record.id},
          {"congress_id", v.record.congress_id},
          {"state", v.record.state},
          {"group_ids", groups},
          {"created_at", base::FormatCst(v.record.created_at)},
          {"updated_at", base::FormatCst(v.record.updated_at)},
          {"report_deadline_at", base::FormatCst(core::DeadlineOf(v.spec.report_deadline))},
          {"deadline_passed", v.deadline_passed},
          {"spec", core::EncodeCampaignSpec(v.spec)}};
}

base::Result<std::vector<std::int64_t>> GroupIds(const json::object& o) {
  std::vector<std::int64_t> out;
  const auto* v = o.if_contains("group_ids");
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return base::InvalidArgument("request.invalid", "group_ids", {{"group_ids", "must_be_array"}});
  for (const auto& g : v->as_array()) {
    if (!g.is_int64())
      return base::InvalidArgument("request.invalid", "group_ids", {{"group_ids", "must_be_integers"}});
    out.push_back(g.as_int64());
  }
  return out;
}

json::object DeputiesJson(const std::vector<app::ReportingDeputy>& list) {
  json::array items;
  std::map<std::string, std::int64_t> by_occupation;
  for (const auto& d : list) {
    items.push_back(
        json::object{{"deputy_id", d.entry.deputy_id},
                     {"name", d.name},
                     {"occupation", d.occupation},
                     {"group_id", d.entry.group_id ? json::value(*d.entry.group_id) : json::value(nullptr)},
                     {"group_name", d.group_name},
                     {"source", d.entry.source},
                     {"confirmed_by", d.entry.confirmed_by ? json::value(*d.entry.confirmed_by) : json::value(nullptr)},
                     {"confirmed_at", d.entry.confirmed_at ? json::value(base::FormatCst(*d.entry.confirmed_at))
                                                           : json::value(nullptr)}});
    ++by_occupation[d.occupation];
  }
  json::array breakdown;
  for (const auto& [key, count] : by_occupation) breakdown.push_back(json::object{{"key", key}, {"count", count}});
  return {{"items", items}, {"occupation_breakdown", breakdown}};
}

base::Result<Response> ListCampaigns(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto congress, QueryId(ctx.request, "congress_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.campaigns().List(ctx.actor(), congress));
  json::array items;
  for (const auto& c : list) items.push_back(CampaignJson(c));
  return JsonResponse(200, json::object{{"items", items}});
}

base::Result<Response> CreateCampaign(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto congress, RequiredInt(body, "congress_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto tmpl, StringOr(body, "template", "custom"));
  SHUZHI_ASSIGN_OR_RETURN(auto year, RequiredInt(body, "year"));
  SHUZHI_ASSIGN_OR_RETURN(auto groups, GroupIds(body));
  SHUZHI_ASSIGN_OR_RETURN(auto out,
                          app.campaigns().Create(ctx.actor(), congress, tmpl,
                                                 static_cast<int>(std::clamp<std::int64_t>(year, 0, 100000)), groups));
  return JsonResponse(201, CampaignJson(out));
}

base::Result<Response> GetCampaign(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, app.campaigns().Get(ctx.actor(), id));
  return JsonResponse(200, CampaignJson(out));
}

base::Result<Response> UpdateCampaign(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  const auto* spec_json = body.if_contains("spec");
  if (!spec_json) return base::InvalidArgument("request.invalid", "spec", {{"spec", "required"}});
  SHUZHI_ASSIGN_OR_RETURN(auto spec, core::DecodeCampaignSpec(*spec_json));
  // Without group_ids the campaign keeps its groups (they were cleared).
  std::optional<std::vector<std::int64_t>> groups;
  if (body.contains("group_ids")) {
    SHUZHI_ASSIGN_OR_RETURN(groups, GroupIds(body));
  }
  SHUZHI_ASSIGN_OR_RETURN(auto out, app.campaigns().Update(ctx.actor(), id, spec, groups));
  return JsonResponse(200, CampaignJson(out));
}

base::Result<Response> SetCampaignState(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto state, RequiredString(body, "state"));
  const auto to = core::ParseCampaignState(state);
  if (!to) return base::InvalidArgument("request.invalid", "state", {{"state", "invalid"}});
  SHUZHI_ASSIGN_OR_RETURN(auto out, app.campaigns().SetState(ctx.actor(), id, *to));
  return JsonResponse(200, CampaignJson(out));
}

base::Result<Response> ListDeputies(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.campaigns().Deputies(ctx.actor(), id));
  return JsonResponse(200, DeputiesJson(list));
}

base::Result<Response> AddDeputy(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, RequiredInt(body, "deputy_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto group, NullableInt(body, "group_id"));
  SHUZHI_TRY(app.campaigns().AddDeputy(ctx.actor(), id, deputy, group));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.campaigns().Deputies(ctx.actor(), id));
  return JsonResponse(201, DeputiesJson(list));
}

base::Result<Response> AddDeputiesFromRotation(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto added, app.campaigns().AddFromRotation(ctx.actor(), id));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.campaigns().Deputies(ctx.actor(), id));
  auto out = DeputiesJson(list);
  out["added"] = added;
  return JsonResponse(200, out);
}

base::Result<Response> RemoveDeputy(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, PathId(ctx.params, "deputy_id", "campaign.deputy_not_listed"));
  SHUZHI_TRY(app.campaigns().RemoveDeputy(ctx.actor(), id, deputy));
  return NoContent();
}

base::Result<Response> GetDashboard(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto d, app::CampaignDashboard(app, ctx.actor(), id));
  json::array groups;
  for (const auto& g : d.groups) {
    json::object reports;
    for (const auto& [k, v] : g.reports) reports[k] = v;
    groups.push_back(json::object{{"group_id", g.group_id ? json::value(*g.group_id) : json::value(nullptr)},
                                  {"group_name", g.group_name},
                                  {"reports", reports},
                                  {"opinions_received", g.opinions_received},
                                  {"opinions_answered", g.opinions_answered}});
  }
  const auto spec = core::EncodeCampaignSpec(d.spec);
  return JsonResponse(200, json::object{{"state", d.state},
                                        {"today", d.today},
                                        {"report_deadline", d.spec.report_deadline},
                                        {"phases", spec.at("phases")},
                                        {"groups", groups}});
}

base::Result<Response> GetPlanPdf(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  return PdfResponse(app::CampaignPlanPdf(app, ctx.actor(), id, DocumentLang(ctx)),
                     "plan-" + std::to_string(id) + ".pdf");
}

base::Result<Response> GetReportPdf(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, PathId(ctx.params, "deputy_id", "report.not_listed"));
  return PdfResponse(app::ReportPdf(app, ctx.actor(), id, deputy, DocumentLang(ctx)),
                     "report-" + std::to_string(deputy) + ".pdf");
}

base::Result<Response> GetGroupReportsPdf(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto group, PathId(ctx.params, "group_id", "registry.group_not_found"));
  return PdfResponse(app::GroupReportsPdf(app, ctx.actor(), id, group, DocumentLang(ctx)),
                     "reports-group-" + std::to_string(group) + ".pdf");
}

base::Result<Response> ConfirmGroup(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto group, RequiredInt(body, "group_id"));
  SHUZHI_TRY(app.campaigns().ConfirmGroup(ctx.actor(), id, group));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.campaigns().Deputies(ctx.actor(), id));
  return JsonResponse(200, DeputiesJson(list));
}

// The routes, in the order the router tries them.
constexpr ServiceRoute<app::App> kCampaignRoutes[] = {
    {"GET", "/api/v1/campaigns", ListCampaigns},
    {"POST", "/api/v1/campaigns", CreateCampaign},
    {"GET", "/api/v1/campaigns/{id}", GetCampaign},
    {"PUT", "/api/v1/campaigns/{id}", UpdateCampaign},
    {"POST", "/api/v1/campaigns/{id}/state", SetCampaignState},
    {"GET", "/api/v1/campaigns/{id}/deputies", ListDeputies},
    {"POST", "/api/v1/campaigns/{id}/deputies", AddDeputy},
    {"POST", "/api/v1/campaigns/{id}/deputies/from-rotation", AddDeputiesFromRotation},
    {"DELETE", "/api/v1/campaigns/{id}/deputies/{deputy_id}", RemoveDeputy},
    {"GET", "/api/v1/campaigns/{id}/dashboard", GetDashboard},
    {"GET", "/api/v1/campaigns/{id}/plan.pdf", GetPlanPdf},
    {"GET", "/api/v1/campaigns/{id}/reports/{deputy_id}/report.pdf", GetReportPdf},
    {"GET", "/api/v1/campaigns/{id}/groups/{group_id}/reports.pdf", GetGroupReportsPdf},
    {"POST", "/api/v1/campaigns/{id}/deputies/confirm", ConfirmGroup},
};

}  // namespace

void AddCampaignRoutes(Router& router, app::App& app) { AddServiceRoutes(router, app, kCampaignRoutes); }

}  // namespace shuzhi::http
