// The home page: the workbench of what waits for the logged-in user.
#include "app/app.h"
#include "app/home/workbench.h"
#include "http/api.h"
#include "http/home_json.h"

namespace shuzhi::http {

void AddHomeRoutes(Router& router, app::App& app) {
  auto* app_ptr = &app;
  router.Add({"GET", "/api/v1/me/workbench", Access::kSession, false,
              Wrap([app_ptr](RouteContext& ctx) -> base::Result<Response> {
                SHUZHI_ASSIGN_OR_RETURN(auto w, app::WorkbenchFor(*app_ptr, ctx.actor()));
                return JsonResponse(200, WorkbenchJson(w));
              })});
}

}  // namespace shuzhi::http
