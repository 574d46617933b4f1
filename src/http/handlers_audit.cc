// The audit log and its head.
#include "app/app.h"
#include "app/audit/audit.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/json_io.h"

namespace shuzhi::http {

void AddAuditRoutes(Router& router, app::App& app) {
  router.Add(
      {"GET", "/api/v1/audit", Access::kSession, false, Wrap([&app](RouteContext& ctx) -> base::Result<Response> {
         app::AuditQuery query;
         SHUZHI_ASSIGN_OR_RETURN(query.page, PageParam(ctx.request, "page", 1, 1'000'000));
         SHUZHI_ASSIGN_OR_RETURN(query.page_size, PageParam(ctx.request, "page_size", 50, 500));
         SHUZHI_ASSIGN_OR_RETURN(query.filter, AuditFilterFrom(ctx.request));
         SHUZHI_ASSIGN_OR_RETURN(auto list, app.audit().List(ctx.actor(), query, DocumentLang(ctx)));
         json::array items;
         for (const auto& row : list.items) {
           json::object o = AuditEntryJson(row.entry);
           o["actor_name"] = row.actor_name;
           o["action_label"] = row.action_label;
           o["object_label"] = row.object_label;
           items.push_back(std::move(o));
         }
         return JsonResponse(
             200, json::object{{"items", std::move(items)}, {"total", list.total}, {"head", AuditHeadJson(list.head)}});
       })});
  router.Add({"GET", "/api/v1/audit/facets", Access::kSession, false,
              Wrap([&app](RouteContext& ctx) -> base::Result<Response> {
                SHUZHI_ASSIGN_OR_RETURN(auto facets, app.audit().Facets(ctx.actor(), DocumentLang(ctx)));
                json::array actors, actions;
                for (const auto& [code, name] : facets.actors)
                  actors.push_back(json::object{{"username", code}, {"name", name}});
                for (const auto& [code, label] : facets.actions)
                  actions.push_back(json::object{{"code", code}, {"label", label}});
                return JsonResponse(200, json::object{{"actors", std::move(actors)}, {"actions", std::move(actions)}});
              })});
  router.Add({"GET", "/api/v1/audit/head", Access::kSession, false, [&app](RouteContext& ctx) {
                auto head = app.audit().Head(ctx.actor());
                if (!head.ok()) return ErrorResponse(head.status(), ctx.lang);
                return JsonResponse(200, AuditHeadJson(*head));
              }});
}

}  // namespace shuzhi::http
