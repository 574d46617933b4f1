// The audit log and its head.
#include "app/audit.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/json_io.h"

namespace shuzhi::http {

void AddAuditRoutes(Router& router, app::App& app) {
  router.Add({"GET", "/api/v1/audit", Access::kSession, false, [&app](RouteContext& ctx) {
                auto page = PageParam(ctx.request, "page", 1, 1'000'000);
                if (!page.ok()) return ErrorResponse(page.status(), ctx.lang);
                auto size = PageParam(ctx.request, "page_size", 50, 500);
                if (!size.ok()) return ErrorResponse(size.status(), ctx.lang);
                auto list = app.audit().List(ctx.actor(), *page, *size);
                if (!list.ok()) return ErrorResponse(list.status(), ctx.lang);
                json::array items;
                for (const auto& e : list->items) items.push_back(AuditEntryJson(e));
                return JsonResponse(200, json::object{{"items", std::move(items)},
                                                      {"total", list->total},
                                                      {"head", AuditHeadJson(list->head)}});
              }});
  router.Add({"GET", "/api/v1/audit/head", Access::kSession, false, [&app](RouteContext& ctx) {
                auto head = app.audit().Head(ctx.actor());
                if (!head.ok()) return ErrorResponse(head.status(), ctx.lang);
                return JsonResponse(200, AuditHeadJson(*head));
              }});
}

}  // namespace shuzhi::http
