// Logging in and out, and the current user.
#include "app/app.h"
#include "app/users/auth.h"
#include "app/users/users.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/users_json.h"

namespace shuzhi::http {
namespace {

// Secure, and named with __Host-, when the browser reached the server over
// TLS (directly, or through a trusted proxy that says so).
std::string CookieHeader(const Request& request, const std::string& value, bool clear) {
  std::string c = std::string(Api::session_cookie(request)) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (request.tls) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

}  // namespace

void AddSessionRoutes(Router& router, app::App& app) {
  router.Add({"POST", "/api/v1/session", Access::kPublic, false, [&app](RouteContext& ctx) {
                auto body = ParseObject(ctx.request);
                if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
                auto username = RequiredString(*body, "username");
                if (!username.ok()) return ErrorResponse(username.status(), ctx.lang);
                auto password = RequiredString(*body, "password");
                if (!password.ok()) return ErrorResponse(password.status(), ctx.lang);
                std::int64_t retry_after = 0;
                auto login = app.auth().Login(*username, *password, ctx.request.remote_address, &retry_after);
                if (!login.ok()) {
                  Response r = ErrorResponse(login.status(), ctx.lang);
                  if (retry_after > 0) r.SetHeader("Retry-After", std::to_string(retry_after));
                  return r;
                }
                Response r = JsonResponse(200, SessionJson(login->user, login->csrf_token));
                r.SetHeader("Set-Cookie", CookieHeader(ctx.request, login->session_token, false));
                return r;
              }});
  router.Add({"DELETE", "/api/v1/session", Access::kSession, false,
              [&app](RouteContext& ctx) {
                auto st = app.auth().Logout(ctx.request.Cookie(Api::session_cookie(ctx.request)));
                if (!st.ok()) return ErrorResponse(st, ctx.lang);
                Response r = NoContent();
                r.SetHeader("Set-Cookie", CookieHeader(ctx.request, "", true));
                return r;
              },
              true});
  router.Add({"GET", "/api/v1/me", Access::kSession, false,
              [&app](RouteContext& ctx) {
                auto me = app.auth().Me(ctx.actor());
                if (!me.ok()) return ErrorResponse(me.status(), ctx.lang);
                return JsonResponse(200, SessionJson(*me, ctx.session->csrf_token));
              },
              true});
  router.Add({"PUT", "/api/v1/me/password", Access::kSession, false,
              [&app](RouteContext& ctx) {
                auto body = ParseObject(ctx.request);
                if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
                auto current = RequiredString(*body, "current_password");
                if (!current.ok()) return ErrorResponse(current.status(), ctx.lang);
                auto next = RequiredString(*body, "new_password");
                if (!next.ok()) return ErrorResponse(next.status(), ctx.lang);
                auto st = app.users().ChangeOwnPassword(ctx.actor(), *current, *next);
                return st.ok() ? NoContent() : ErrorResponse(st, ctx.lang);
              },
              true});
}

}  // namespace shuzhi::http
