// User management (organizers and admins, scoped in app::UserService).
#include "app/app.h"
#include "app/users/users.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/json_io.h"

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
                json::array items;
                for (const auto& u : list->items) items.push_back(UserJson(u));
                return JsonResponse(200, json::object{{"items", std::move(items)}, {"total", list->total}});
              }});
  router.Add({"POST", "/api/v1/users", Access::kSession, false, [&app](RouteContext& ctx) {
                auto body = ParseObject(ctx.request);
                if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
                app::NewUser input;
                auto username = RequiredString(*body, "username");
                if (!username.ok()) return ErrorResponse(username.status(), ctx.lang);
                auto display = RequiredString(*body, "display_name");
                if (!display.ok()) return ErrorResponse(display.status(), ctx.lang);
                auto password = RequiredString(*body, "password");
                if (!password.ok()) return ErrorResponse(password.status(), ctx.lang);
                input.username = *username;
                input.display_name = *display;
                input.password = *password;
                if (const auto* roles = body->if_contains("roles")) {
                  auto grants = Grants(*roles, "roles");
                  if (!grants.ok()) return ErrorResponse(grants.status(), ctx.lang);
                  input.roles = *grants;
                }
                auto user = app.users().Create(ctx.actor(), input);
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
                app::UserPatch patch;
                auto display = OptionalString(*body, "display_name");
                if (!display.ok()) return ErrorResponse(display.status(), ctx.lang);
                patch.display_name = *display;
                auto disabled = OptionalBool(*body, "disabled");
                if (!disabled.ok()) return ErrorResponse(disabled.status(), ctx.lang);
                patch.disabled = *disabled;
                if (const auto* roles = body->if_contains("roles"); roles && !roles->is_null()) {
                  auto grants = Grants(*roles, "roles");
                  if (!grants.ok()) return ErrorResponse(grants.status(), ctx.lang);
                  patch.roles = *grants;
                }
                auto user = app.users().Update(ctx.actor(), *id, patch);
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
