// Health and the OpenAPI document: public, never blocking.
#include "app/app.h"
#include "base/embedded.h"
#include "http/api.h"
#include "http/json_io.h"

const shuzhi::base::EmbeddedFile* FindDocFile(std::string_view path);

namespace shuzhi::http {

void AddSystemRoutes(Router& router, app::App& app, const ApiOptions& options) {
  // Computed once: health must answer without touching the database so that
  // a load balancer's probes cost nothing.
  const app::SystemInfo system = app.system_info();
  const std::string health = json::serialize(json::object{{"status", "ok"},
                                                          {"version", options.version},
                                                          {"schema_version", system.schema_version},
                                                          {"database", system.database}});
  router.Add({"GET", "/api/v1/health", Access::kPublic, true, [health](RouteContext&) {
                Response r;
                r.SetHeader("Content-Type", "application/json; charset=utf-8");
                r.body = health;
                return r;
              }});
  router.Add({"GET", "/api/v1/openapi.json", Access::kPublic, true, [](RouteContext&) {
                Response r;
                const base::EmbeddedFile* doc = FindDocFile("openapi.json");
                r.SetHeader("Content-Type", "application/json; charset=utf-8");
                r.SetHeader("Cache-Control", "no-cache");
                r.body = doc ? std::string(doc->data) : std::string("{}");
                return r;
              }});
}

}  // namespace shuzhi::http
