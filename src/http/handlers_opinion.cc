// Constituents' opinions, the moderation queue and the public form.
#include "app/app.h"
#include "app/campaign/campaign_document.h"
#include "app/opinion/opinion.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/json_io.h"
#include "http/replies.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

json::object OpinionJson(const core::Opinion& o) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return {{"id", o.id},
          {"deputy_id", o.deputy_id},
          {"campaign_id", opt(o.campaign_id)},
          {"source", o.source},
          {"received_on", o.received_on},
          {"content", o.content},
          {"constituent", o.constituent},
          {"category", o.category},
          {"collector_voter_rep_id", opt(o.collector_voter_rep_id)},
          {"recorded_by", o.recorded_by},
          {"status", o.status},
          {"answer", o.answer},
          {"answered_at", o.answered_at ? json::value(base::FormatCst(*o.answered_at)) : json::value(nullptr)},
          {"created_at", base::FormatCst(o.created_at)}};
}

json::object Items(const std::vector<core::Opinion>& list) {
  json::array items;
  for (const auto& o : list) items.push_back(OpinionJson(o));
  return {{"items", items}};
}

base::Result<Response> ListOpinions(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.opinions().List(ctx.actor(), id));
  return JsonResponse(200, Items(list));
}

base::Result<Response> RecordOpinion(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  app::NewOpinion in;
  SHUZHI_ASSIGN_OR_RETURN(in.source, RequiredString(body, "source"));
  SHUZHI_ASSIGN_OR_RETURN(in.received_on, RequiredString(body, "received_on"));
  SHUZHI_ASSIGN_OR_RETURN(in.content, RequiredString(body, "content"));
  SHUZHI_ASSIGN_OR_RETURN(in.constituent, StringOr(body, "constituent", ""));
  SHUZHI_ASSIGN_OR_RETURN(in.category, StringOr(body, "category", ""));
  SHUZHI_ASSIGN_OR_RETURN(in.collector_voter_rep_id, NullableInt(body, "collector_voter_rep_id"));
  SHUZHI_ASSIGN_OR_RETURN(in.campaign_id, NullableInt(body, "campaign_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, app.opinions().Record(ctx.actor(), id, in));
  return JsonResponse(201, OpinionJson(out));
}

base::Result<Response> AnswerOpinion(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "opinion.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto answer, RequiredString(body, "answer"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, app.opinions().Answer(ctx.actor(), id, answer));
  return JsonResponse(200, OpinionJson(out));
}

base::Result<Response> ModerateOpinion(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "opinion.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  const auto* approve = body.if_contains("approve");
  if (!approve || !approve->is_bool())
    return base::InvalidArgument("request.invalid", "approve", {{"approve", "required"}});
  SHUZHI_ASSIGN_OR_RETURN(auto out, app.opinions().Moderate(ctx.actor(), id, approve->as_bool()));
  return JsonResponse(200, OpinionJson(out));
}

base::Result<Response> ListPendingOpinions(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.opinions().Pending(ctx.actor()));
  return JsonResponse(200, Items(list));
}

base::Result<Response> NewOpinionLink(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto token, app.opinions().NewLink(ctx.actor(), id));
  return JsonResponse(201, json::object{{"token", token}, {"path", "/o/" + token}});
}

base::Result<Response> GetOpinionCardPdf(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  // The card points phones at this server, as the organizer reached it.
  const std::string base =
      std::string(ctx.request.tls ? "https://" : "http://") + std::string(ctx.request.Header("host"));
  return PdfResponse(app::OpinionCardPdf(app, ctx.actor(), id, base, PublicDocumentLang(ctx)),
                     "opinion-card-" + std::to_string(id) + ".pdf");
}

// The public form: no account; the token names the deputy.
base::Result<Response> OpenPublicForm(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto form, app.opinions().OpenForm(ctx.params.at("token")));
  return JsonResponse(200, json::object{{"deputy_name", form.deputy_name}, {"max_chars", 2000}});
}

// Not through Wrap: a throttled submission's error carries Retry-After.
Response SubmitPublicOpinion(app::OpinionService& svc, RouteContext& ctx) {
  auto body = ParseObject(ctx.request);
  if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
  auto content = RequiredString(*body, "content");
  if (!content.ok()) return ErrorResponse(content.status(), ctx.lang);
  auto constituent = StringOr(*body, "constituent", "");
  if (!constituent.ok()) return ErrorResponse(constituent.status(), ctx.lang);
  std::int64_t retry_after = 0;
  auto st = svc.Submit(ctx.params.at("token"), *content, *constituent, ctx.request.remote_address, &retry_after);
  if (!st.ok()) {
    Response r = ErrorResponse(st, ctx.lang);
    if (retry_after > 0) r.SetHeader("Retry-After", std::to_string(retry_after));
    return r;
  }
  return JsonResponse(201, json::object{{"status", "pending"}});
}

// The routes, in the order the router tries them.
constexpr ServiceRoute<app::App> kOpinionRoutes[] = {
    {"GET", "/api/v1/deputies/{id}/opinions", ListOpinions},
    {"POST", "/api/v1/deputies/{id}/opinions", RecordOpinion},
    {"PUT", "/api/v1/opinions/{id}/answer", AnswerOpinion},
    {"POST", "/api/v1/opinions/{id}/moderation", ModerateOpinion},
    {"GET", "/api/v1/opinions/pending", ListPendingOpinions},
    {"POST", "/api/v1/deputies/{id}/opinion-link", NewOpinionLink},
    {"POST", "/api/v1/deputies/{id}/opinion-card", GetOpinionCardPdf},
    {"GET", "/api/v1/public/opinion-forms/{token}", OpenPublicForm, Access::kPublic},
};

}  // namespace

void AddOpinionRoutes(Router& router, app::App& app) {
  AddServiceRoutes(router, app, kOpinionRoutes);
  auto& svc = app.opinions();
  router.Add({"POST", "/api/v1/public/opinion-forms/{token}", Access::kPublic, false,
              [&svc](RouteContext& ctx) { return SubmitPublicOpinion(svc, ctx); }});
}

}  // namespace shuzhi::http
