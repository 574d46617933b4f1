// Constituents' opinions, the moderation queue and the public form.
#include "app/app.h"
#include "app/campaign/campaign_document.h"
#include "app/opinion/opinion.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/opinion_json.h"
#include "http/replies.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

base::Result<Response> ListOpinions(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.opinions().List(ctx.actor(), id));
  return JsonResponse(200, OpinionListJson(list));
}

base::Result<Response> RecordOpinion(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto in, NewOpinionFrom(body));
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
  return JsonResponse(200, OpinionListJson(list));
}

base::Result<Response> NewOpinionLink(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto token, app.opinions().NewLink(ctx.actor(), id));
  return JsonResponse(201, OpinionLinkJson(token));
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
  return JsonResponse(200, PublicFormJson(form));
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
