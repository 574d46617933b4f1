// Evaluation campaigns: the plan and who reports.
#include "app/app.h"
#include "app/campaign/campaign.h"
#include "app/campaign/campaign_document.h"
#include "app/home/dashboard.h"
#include "app/summary/summary.h"
#include "core/campaign_codec.h"
#include "http/api.h"
#include "http/campaign_json.h"
#include "http/replies.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

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
  SHUZHI_ASSIGN_OR_RETURN(auto groups, GroupIdsFrom(body));
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
    SHUZHI_ASSIGN_OR_RETURN(groups, GroupIdsFrom(body));
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
  return JsonResponse(200, ReportingDeputiesJson(list));
}

base::Result<Response> AddDeputy(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, RequiredInt(body, "deputy_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto group, NullableInt(body, "group_id"));
  SHUZHI_TRY(app.campaigns().AddDeputy(ctx.actor(), id, deputy, group));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.campaigns().Deputies(ctx.actor(), id));
  return JsonResponse(201, ReportingDeputiesJson(list));
}

base::Result<Response> AddDeputiesFromRotation(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto added, app.campaigns().AddFromRotation(ctx.actor(), id));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.campaigns().Deputies(ctx.actor(), id));
  auto out = ReportingDeputiesJson(list);
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
  return JsonResponse(200, DashboardJson(d));
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

// The summary for the presidium or standing committee (评议情况报告).
base::Result<Response> GetSummaryPdf(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  return PdfResponse(app::CampaignSummaryPdf(app, ctx.actor(), id, DocumentLang(ctx)),
                     "summary-" + std::to_string(id) + ".pdf");
}

base::Result<Response> GetSummaryXlsx(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto f, app::CampaignSummaryXlsx(app, ctx.actor(), id, DocumentLang(ctx)));
  return AttachmentResponse(f.content_type, f.file_name, "summary-" + std::to_string(id) + ".xlsx", std::move(f.bytes));
}

base::Result<Response> ConfirmGroup(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto group, RequiredInt(body, "group_id"));
  SHUZHI_TRY(app.campaigns().ConfirmGroup(ctx.actor(), id, group));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.campaigns().Deputies(ctx.actor(), id));
  return JsonResponse(200, ReportingDeputiesJson(list));
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
    {"GET", "/api/v1/campaigns/{id}/summary.pdf", GetSummaryPdf},
    {"GET", "/api/v1/campaigns/{id}/summary.xlsx", GetSummaryXlsx},
    {"GET", "/api/v1/campaigns/{id}/reports/{deputy_id}/report.pdf", GetReportPdf},
    {"GET", "/api/v1/campaigns/{id}/groups/{group_id}/reports.pdf", GetGroupReportsPdf},
    {"POST", "/api/v1/campaigns/{id}/deputies/confirm", ConfirmGroup},
};

}  // namespace

void AddCampaignRoutes(Router& router, app::App& app) { AddServiceRoutes(router, app, kCampaignRoutes); }

}  // namespace shuzhi::http
