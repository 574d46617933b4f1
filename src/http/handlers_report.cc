// Duty reports within a campaign.
#include "app/app.h"
#include "app/home/notifications.h"
#include "http/api.h"
#include "http/json_io.h"
#include "http/report_json.h"

namespace shuzhi::http {
namespace {

struct Ids {
  std::int64_t campaign = 0;
  std::int64_t deputy = 0;
};

base::Result<Ids> IdsOf(const RouteContext& ctx) {
  Ids ids;
  SHUZHI_ASSIGN_OR_RETURN(ids.campaign, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(ids.deputy, PathId(ctx.params, "deputy_id", "report.not_listed"));
  return ids;
}

base::Result<int> VersionParam(const Request& r, const char* name) {
  const std::string text = r.Query(name);
  if (text.empty() || text.size() > 6 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return base::InvalidArgument("request.invalid", name, {{name, "must_be_version_number"}});
  }
  return std::stoi(text);
}

}  // namespace

void AddReportRoutes(Router& router, app::App& app) {
  auto& svc = app.reports();
  auto* app_ptr = &app;
  auto add = [&router](const char* method, const char* pattern, ResultHandler fn) {
    router.Add({method, pattern, Access::kSession, false, Wrap(std::move(fn))});
  };
  add("GET", "/api/v1/notifications", [app_ptr](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto list, app::NotificationsFor(*app_ptr, ctx.actor()));
    json::array items;
    for (const auto& n : list) {
      json::object item{{"kind", n.kind},
                        {"campaign_id", n.campaign_id},
                        {"deputy_id", n.deputy_id},
                        {"title", n.title},
                        {"detail", n.detail}};
      if (n.meeting_id != 0) item["meeting_id"] = n.meeting_id;
      if (n.measure_id != 0) item["measure_id"] = n.measure_id;
      items.push_back(std::move(item));
    }
    return JsonResponse(200, json::object{{"items", items}});
  });
  add("GET", "/api/v1/campaigns/{id}/reports", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto list, svc.List(ctx.actor(), id));
    json::array items;
    std::map<std::string, std::int64_t> counts{{"not_started", 0}, {"draft", 0},    {"submitted", 0},
                                               {"late", 0},        {"returned", 0}, {"accepted", 0}};
    for (const auto& s : list) {
      items.push_back(ReportSummaryJson(s));
      ++counts[app::ReportProgressCode(s.state)];
      if (s.late) ++counts["late"];
    }
    json::object count_json;
    for (const auto& [k, v] : counts) count_json[k] = v;
    return JsonResponse(200, json::object{{"items", items}, {"counts", count_json}});
  });
  add("GET", "/api/v1/campaigns/{id}/reports/{deputy_id}", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto ids, IdsOf(ctx));
    SHUZHI_ASSIGN_OR_RETURN(auto v, svc.Get(ctx.actor(), ids.campaign, ids.deputy));
    return JsonResponse(200, ReportJson(v));
  });
  add("PUT", "/api/v1/campaigns/{id}/reports/{deputy_id}/draft", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto ids, IdsOf(ctx));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    const auto* content = body.if_contains("content");
    if (!content) return base::InvalidArgument("request.invalid", "content", {{"content", "required"}});
    SHUZHI_ASSIGN_OR_RETURN(auto decoded, ReportContentFrom(*content));
    SHUZHI_ASSIGN_OR_RETURN(auto start, OptionalString(body, "period_start"));
    SHUZHI_ASSIGN_OR_RETURN(auto end, OptionalString(body, "period_end"));
    SHUZHI_ASSIGN_OR_RETURN(auto v, svc.SaveDraft(ctx.actor(), ids.campaign, ids.deputy, decoded, start, end));
    return JsonResponse(200, ReportJson(v));
  });
  add("POST", "/api/v1/campaigns/{id}/reports/{deputy_id}/submit", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto ids, IdsOf(ctx));
    SHUZHI_ASSIGN_OR_RETURN(auto v, svc.Submit(ctx.actor(), ids.campaign, ids.deputy));
    return JsonResponse(200, ReportJson(v));
  });
  add("POST", "/api/v1/campaigns/{id}/reports/{deputy_id}/review", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto ids, IdsOf(ctx));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    SHUZHI_ASSIGN_OR_RETURN(auto action, RequiredString(body, "action"));
    SHUZHI_ASSIGN_OR_RETURN(auto comment, StringOr(body, "comment", ""));
    SHUZHI_ASSIGN_OR_RETURN(auto v, svc.Review(ctx.actor(), ids.campaign, ids.deputy, action, comment));
    return JsonResponse(200, ReportJson(v));
  });
  add("POST", "/api/v1/campaigns/{id}/reports/{deputy_id}/docx", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto ids, IdsOf(ctx));
    SHUZHI_ASSIGN_OR_RETURN(auto paragraphs, svc.ReadDocx(ctx.actor(), ids.campaign, ids.deputy, ctx.request.body));
    json::array items;
    for (const auto& p : paragraphs) items.push_back(json::value(p));
    return JsonResponse(200, json::object{{"paragraphs", items}});
  });
  add("GET", "/api/v1/campaigns/{id}/reports/{deputy_id}/diff", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto ids, IdsOf(ctx));
    SHUZHI_ASSIGN_OR_RETURN(auto from, VersionParam(ctx.request, "from"));
    SHUZHI_ASSIGN_OR_RETURN(auto to, VersionParam(ctx.request, "to"));
    SHUZHI_ASSIGN_OR_RETURN(auto diff, svc.Diff(ctx.actor(), ids.campaign, ids.deputy, from, to));
    return JsonResponse(200, json::object{{"from", from}, {"to", to}, {"sections", ReportDiffJson(diff)}});
  });
}

}  // namespace shuzhi::http
