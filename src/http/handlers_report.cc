// Duty reports within a campaign.
#include "app/home/notifications.h"
#include "app/app.h"
#include "app/report/report.h"
#include "http/api.h"
#include "http/json_io.h"

namespace shuzhi::http {
namespace {

json::value When(const std::optional<base::Micros>& t) { return t ? json::value(base::FormatCst(*t)) : json::value(nullptr); }

json::object ReportJson(const app::ReportView& v) {
  json::array versions, reviews;
  for (const auto& x : v.versions) {
    versions.push_back(json::object{{"version", x.version},
                                    {"words", x.words},
                                    {"chars", x.chars},
                                    {"saved_by", x.saved_by},
                                    {"saved_at", base::FormatCst(x.saved_at)},
                                    {"late", x.late}});
  }
  for (const auto& r : v.reviews) {
    reviews.push_back(json::object{{"action", r.action},
                                   {"comment", r.comment},
                                   {"reviewer", r.reviewer},
                                   {"at", base::FormatCst(r.at)}});
  }
  return {{"campaign_id", v.campaign_id},
          {"deputy_id", v.deputy_id},
          {"deputy_name", v.deputy_name},
          {"state", app::ReportProgressCode(v.state)},
          {"late", v.late},
          {"submitted_at", When(v.submitted_at)},
          {"period_start", v.period_start},
          {"period_end", v.period_end},
          {"content", app::EncodeReportContent(v.content)},
          {"counts", json::object{{"words", v.counts.words},
                                  {"chars_no_spaces", v.counts.chars_no_spaces},
                                  {"chars_with_spaces", v.counts.chars_with_spaces}}},
          {"word_limit", v.word_limit},
          {"report_deadline", v.report_deadline},
          {"versions", versions},
          {"reviews", reviews}};
}

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
  if (text.empty() || text.size() > 6 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
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
      items.push_back(json::object{{"kind", n.kind},
                                   {"campaign_id", n.campaign_id},
                                   {"deputy_id", n.deputy_id},
                                   {"title", n.title},
                                   {"detail", n.detail}});
    }
    return JsonResponse(200, json::object{{"items", items}});
  });
  add("GET", "/api/v1/campaigns/{id}/reports", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto list, svc.List(ctx.actor(), id));
    json::array items;
    std::map<std::string, std::int64_t> counts{{"not_started", 0}, {"draft", 0}, {"submitted", 0},
                                               {"late", 0},        {"returned", 0}, {"accepted", 0}};
    for (const auto& s : list) {
      items.push_back(json::object{{"deputy_id", s.deputy_id},
                                   {"name", s.name},
                                   {"group_id", s.group_id ? json::value(*s.group_id) : json::value(nullptr)},
                                   {"group_name", s.group_name},
                                   {"state", app::ReportProgressCode(s.state)},
                                   {"late", s.late},
                                   {"words", s.words},
                                   {"submitted_at", When(s.submitted_at)}});
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
    SHUZHI_ASSIGN_OR_RETURN(auto decoded, app::DecodeReportContent(*content));
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
    json::array sections;
    for (const auto& s : diff) {
      json::array segments;
      for (const auto& seg : s.segments) {
        const char* op = seg.op == core::DiffSegment::Op::kEqual    ? "equal"
                         : seg.op == core::DiffSegment::Op::kInsert ? "insert"
                                                                    : "delete";
        segments.push_back(json::object{{"op", op}, {"text", seg.text}});
      }
      sections.push_back(json::object{{"key", s.key}, {"title", s.title}, {"segments", segments}});
    }
    return JsonResponse(200, json::object{{"from", from}, {"to", to}, {"sections", sections}});
  });
}

}  // namespace shuzhi::http
