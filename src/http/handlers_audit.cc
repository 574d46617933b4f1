// The audit log and its head.
#include "app/app.h"
#include "app/audit/audit.h"
#include "http/api.h"
#include "http/audit_json.h"
#include "http/errors.h"

namespace shuzhi::http {

void AddAuditRoutes(Router& router, app::App& app) {
  router.Add(
      {"GET", "/api/v1/audit", Access::kSession, false, Wrap([&app](RouteContext& ctx) -> base::Result<Response> {
         app::AuditQuery query;
         SHUZHI_ASSIGN_OR_RETURN(query.page, PageParam(ctx.request, "page", 1, 1'000'000));
         SHUZHI_ASSIGN_OR_RETURN(query.page_size, PageParam(ctx.request, "page_size", 50, 500));
         SHUZHI_ASSIGN_OR_RETURN(query.filter, AuditFilterFrom(ctx.request));
         SHUZHI_ASSIGN_OR_RETURN(auto list, app.audit().List(ctx.actor(), query, DocumentLang(ctx)));
         return JsonResponse(200, AuditPageJson(list));
       })});
  router.Add({"GET", "/api/v1/audit/facets", Access::kSession, false,
              Wrap([&app](RouteContext& ctx) -> base::Result<Response> {
                SHUZHI_ASSIGN_OR_RETURN(auto facets, app.audit().Facets(ctx.actor(), DocumentLang(ctx)));
                return JsonResponse(200, AuditFacetsJson(facets));
              })});
  router.Add({"GET", "/api/v1/audit/head", Access::kSession, false, [&app](RouteContext& ctx) {
                auto head = app.audit().Head(ctx.actor());
                if (!head.ok()) return ErrorResponse(head.status(), ctx.lang);
                return JsonResponse(200, AuditHeadJson(*head));
              }});
}

}  // namespace shuzhi::http
