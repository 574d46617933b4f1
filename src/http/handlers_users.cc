// User management (organizers and admins, scoped in app::UserService).
#include "app/app.h"
#include "app/users/users.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/users_json.h"

namespace shuzhi::http {
namespace {

base::Result<std::int64_t> IdParam(const RouteContext& ctx) {
  const std::string& text = ctx.params.at("id");
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || v > 1'000'000'000'000) return base::NotFound("user.not_found", "no such user");
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

void AddUserRoutes(Router& router, app::App& app) {
  router.Add({"GET", "/api/v1/users", Access::kSession, false, [&app](RouteContext& ctx) {
                auto page = PageParam(ctx.request, "page", 1, 1'000'000);
                if (!page.ok()) return ErrorResponse(page.status(), ctx.lang);
                auto size = PageParam(ctx.request, "page_size", 20, 200);
                if (!size.ok()) return ErrorResponse(size.status(), ctx.lang);
                auto list = app.users().List(ctx.actor(), ctx.request.Query("q"), *page, *size);
                if (!list.ok()) return ErrorResponse(list.status(), ctx.lang);
                return JsonResponse(200, UserPageJson(*list));
              }});
  router.Add({"POST", "/api/v1/users", Access::kSession, false, [&app](RouteContext& ctx) {
                auto body = ParseObject(ctx.request);
                if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
                auto input = NewUserFrom(*body);
                if (!input.ok()) return ErrorResponse(input.status(), ctx.lang);
                auto user = app.users().Create(ctx.actor(), *input);
                if (!user.ok()) return ErrorResponse(user.status(), ctx.lang);
                return JsonResponse(201, UserJson(*user));
              }});
  router.Add({"GET", "/api/v1/users/{id}", Access::kSession, false, [&app](RouteContext& ctx) {
                auto id = IdParam(ctx);
                if (!id.ok()) return ErrorResponse(id.status(), ctx.lang);
                auto user = app.users().Get(ctx.actor(), *id);
                if (!user.ok()) return ErrorResponse(user.status(), ctx.lang);
                return JsonResponse(200, UserJson(*user));
              }});
  router.Add({"PATCH", "/api/v1/users/{id}", Access::kSession, false, [&app](RouteContext& ctx) {
                auto id = IdParam(ctx);
                if (!id.ok()) return ErrorResponse(id.status(), ctx.lang);
                auto body = ParseObject(ctx.request);
                if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
                auto patch = UserPatchFrom(*body);
                if (!patch.ok()) return ErrorResponse(patch.status(), ctx.lang);
                auto user = app.users().Update(ctx.actor(), *id, *patch);
                if (!user.ok()) return ErrorResponse(user.status(), ctx.lang);
                return JsonResponse(200, UserJson(*user));
              }});
  router.Add({"POST", "/api/v1/users/{id}/password", Access::kSession, false, [&app](RouteContext& ctx) {
                auto id = IdParam(ctx);
                if (!id.ok()) return ErrorResponse(id.status(), ctx.lang);
                auto body = ParseObject(ctx.request);
                if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
                auto password = RequiredString(*body, "new_password");
                if (!password.ok()) return ErrorResponse(password.status(), ctx.lang);
                auto st = app.users().ResetPassword(ctx.actor(), *id, *password);
                return st.ok() ? NoContent() : ErrorResponse(st, ctx.lang);
              }});
}

}  // namespace shuzhi::http
