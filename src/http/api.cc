#include "http/api.h"

#include <chrono>

#include "app/app.h"
#include "app/imports/import.h"
#include "base/crypto.h"
#include "base/log.h"
#include "core/measure.h"
#include "http/errors.h"
#include "http/security_headers.h"

namespace shuzhi::http {
namespace {

bool IsStateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool IsApi(const std::string& path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

// An Origin, when sent, must be this server: scheme and Host header.
bool OriginAllowed(const Request& r) {
  const std::string_view origin = r.Header("origin");
  if (origin.empty()) return true;  // non-browser clients; the CSRF token still applies
  const std::string expected = std::string(r.tls ? "https://" : "http://") + std::string(r.Header("host"));
  return origin == expected;
}

}  // namespace

std::string LoggablePath(const std::string& path) {
  for (const std::string prefix : {"/api/v1/public/opinion-forms/", "/o/", "/api/v1/public/projector/", "/p/"}) {
    if (path.rfind(prefix, 0) == 0 && path.size() > prefix.size()) return prefix + "…";
  }
  return path;
}

std::string LoggableAddress(const std::string& path, const std::string& address) {
  // A ballot request's address and time would tie a device to a moment of
  // casting; the ballot routes log neither who nor, in their body, what.
  if (path.rfind("/api/v1/public/ballot/", 0) == 0 || path.rfind("/api/v1/public/receipts/", 0) == 0) return "-";
  return address;
}

Api::Api(app::App& app, ApiOptions options)
    : app_(app), options_(std::move(options)), request_id_prefix_(base::ToHex(base::RandomBytes(4)) + "-") {
  AddSystemRoutes(router_, app_, options_);
  AddSessionRoutes(router_, app_);
  AddUserRoutes(router_, app_);
  AddAuditRoutes(router_, app_);
  AddRegistryRoutes(router_, app_);
  AddImportExportRoutes(router_, app_);
  AddCampaignRoutes(router_, app_);
  AddReportRoutes(router_, app_);
  AddHomeRoutes(router_, app_);
  AddOpinionRoutes(router_, app_);
  AddMeetingRoutes(router_, app_);
  AddFeedbackRoutes(router_, app_);
  AddMeasureRoutes(router_, app_);
  AddArchiveRoutes(router_, app_);
  AddAssessmentRoutes(router_, app_);
}

const char* Api::session_cookie(const Request& request) {
  return request.tls ? "__Host-shuzhi_session" : "shuzhi_session";
}

Routing Api::Route(const Request& request) const {
  Routing routing;
  const std::string path = request.Path();
  if (!IsApi(path)) {
    routing.needs_pool = false;  // static files come from memory
    return routing;
  }
  auto match = router_.Find(request.method, path);
  routing.method_mismatch = match.method_mismatch;
  if (match.route != nullptr) {
    routing.route = static_cast<int>(match.route - router_.routes().data());
    routing.needs_pool = !match.route->inline_ok;
    routing.params = std::move(match.params);
  }
  return routing;
}

std::size_t Api::BodyLimitFor(std::string_view method, std::string_view target, std::size_t general) const {
  const bool docx = target.size() > 5 && target.substr(target.size() - 5) == "/docx";
  if (method == "POST" && (target == "/api/v1/imports" || target.rfind("/api/v1/imports?", 0) == 0 || docx)) {
    return std::max(general, app::kMaxImportBytes);
  }
  // An evidence file: POST /api/v1/measures/{id}/notes/{note_id}/files?name=….
  const auto path = target.substr(0, target.find('?'));
  if (method == "POST" && path.rfind("/api/v1/measures/", 0) == 0 && path.size() > 6 &&
      path.substr(path.size() - 6) == "/files") {
    return std::max(general, static_cast<std::size_t>(core::kMaxEvidenceFileBytes));
  }
  return general;
}

Response Api::Handle(const Request& request, const Routing& routing) {
  const auto started = std::chrono::steady_clock::now();
  const base::Lang lang = base::NegotiateLang(request.Header("accept-language"));
  const std::string path = request.Path();
  Response r = Dispatch(request, routing, path, lang);
  std::string id = request_id_prefix_ + std::to_string(next_request_id_++);
  if (!r.deferred) {
    Finish(r, id, request.method, path, request.remote_address, request.tls, started);
    return r;
  }
  // The reply comes later: finish and log it then, with what the request
  // said (the request itself is gone by then).
  auto later = std::move(r.deferred);
  r.deferred = [this, later = std::move(later), id = std::move(id), method = request.method, path,
                address = request.remote_address, tls = request.tls, started](Reply reply) mutable {
    later([this, reply = std::move(reply), id = std::move(id), method = std::move(method), path,
           address = std::move(address), tls, started](Response done) {
      Finish(done, id, method, path, address, tls, started);
      reply(std::move(done));
    });
  };
  return r;
}

void Api::Finish(Response& r, const std::string& id, const std::string& method, const std::string& path,
                 const std::string& address, bool tls, std::chrono::steady_clock::time_point started) const {
  // HSTS on this server's own TLS, and on a request a trusted proxy says
  // came over HTTPS (forwarded.h).
  AddSecurityHeaders(r, options_.tls || tls);
  r.SetHeader("X-Request-Id", id);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  // The access log names the path only: no query string, no body, no cookie.
  base::LogInfo("{} {} {} {} {}us {}", id, method, LoggablePath(path), r.status, micros,
                LoggableAddress(path, address));
}

Response Api::Dispatch(const Request& request, const Routing& routing, const std::string& path, base::Lang lang) {
  if (!IsApi(path)) {
    if (request.method != "GET" && request.method != "HEAD") {
      return ErrorResponse(base::NotFound("route.not_found", "no such route"), lang);
    }
    return ServeStatic(request);
  }
  if (routing.route < 0) {
    if (routing.method_mismatch) {
      return ErrorResponse(base::Status(base::Code::kInvalidArgument, "route.method_not_allowed", "method not allowed"),
                           lang);
    }
    return ErrorResponse(base::NotFound("route.not_found", "no such route"), lang);
  }
  const http::Route& route = router_.routes()[static_cast<std::size_t>(routing.route)];
  RouteContext ctx{request, routing.params, lang, std::nullopt};
  if (IsStateChanging(request.method) && !OriginAllowed(request)) {
    return ErrorResponse(base::PermissionDenied("csrf.origin_mismatch", "foreign Origin"), lang);
  }
  if (route.access == Access::kEvaluator &&
      (!request.Cookie("shuzhi_session").empty() || !request.Cookie("__Host-shuzhi_session").empty())) {
    return ErrorResponse(base::PermissionDenied("ballot.staff_session",
                                                "this browser holds a staff session; vote from a phone, or log out"),
                         lang);
  }
  if (route.access == Access::kSession) {
    auto session = app_.auth().Authenticate(request.Cookie(session_cookie(request)));
    if (!session.ok()) return ErrorResponse(session.status(), lang);
    if (IsStateChanging(request.method) &&
        !base::ConstantTimeEqual(request.Header("x-csrf-token"), session->csrf_token)) {
      return ErrorResponse(base::PermissionDenied("csrf.token_invalid", "missing or wrong X-CSRF-Token"), lang);
    }
    if (session->must_change_password && !route.during_password_change) {
      return ErrorResponse(
          base::PermissionDenied("auth.password_change_required", "change the password set by an organizer first"),
          lang);
    }
    ctx.session = std::move(session).value();
  }
  try {
    return route.handler(ctx);
  } catch (const std::exception& e) {
    // Handlers return errors as values; reaching here is a defect.
    base::LogError("handler for {} {} threw: {}", request.method, route.pattern, e.what());
    return ErrorResponse(base::Internal("internal.error", e.what()), lang);
  }
}

}  // namespace shuzhi::http
