// The request pipeline, independent of sockets: request id, routing, session
// authentication, CSRF and Origin checks, the handler, error mapping,
// security headers and the access log. The Beast server (server.h) calls
// Route() then Handle() for each request — on the I/O thread when the route
// does not need the pool,
// on the blocking-work pool otherwise. A handler may defer its reply
// (Response::deferred); the reply is then finished and logged when it comes.
//
// Thread-safe: Handle may run on many threads at once.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "app/app.h"
#include "http/message.h"
#include "http/router.h"

namespace shuzhi::http {

struct ApiOptions {
  bool tls = false;     // the server speaks TLS itself: Strict-Transport-Security
  std::string version;  // reported by /health
};

class Api final : public RequestHandler {
 public:
  Api(app::App& app, ApiOptions options);

  using RequestHandler::Handle;
  // Matches the route once: static files and inline routes run on the I/O
  // thread, everything else on the pool.
  Routing Route(const Request& request) const override;
  Response Handle(const Request& request, const Routing& routing) override;
  // The largest body accepted for a request, decided from its method and
  // target before the body is read: roster uploads may be larger.
  std::size_t BodyLimitFor(std::string_view method, std::string_view target, std::size_t general) const override;
  const Router& router() const { return router_; }
  // The session cookie's name: with the __Host- prefix for a request that
  // came over TLS (to this server, or to a trusted proxy: forwarded.h).
  static const char* session_cookie(const Request& request);

 private:
  Response Dispatch(const Request& request, const Routing& routing, const std::string& path, base::Lang lang);
  // Security headers, the request id and the access log line.
  void Finish(Response& r, const std::string& id, const std::string& method, const std::string& path,
              const std::string& address, bool tls, std::chrono::steady_clock::time_point started) const;

  app::App& app_;
  const ApiOptions options_;
  Router router_;
  std::atomic<std::uint64_t> next_request_id_{1};
  const std::string request_id_prefix_;
};

// The path as the access log may show it: capability tokens in a path (the
// public opinion form's link) are replaced by "…", since a log line must not
// hand out what opens a form.
std::string LoggablePath(const std::string& path);
// The client address as the access log may show it: none for ballot and
// receipt requests (DESIGN.md §5).
std::string LoggableAddress(const std::string& path, const std::string& address);

// Route groups, one file each.
void AddSystemRoutes(Router& router, app::App& app, const ApiOptions& options);
void AddSessionRoutes(Router& router, app::App& app);
void AddUserRoutes(Router& router, app::App& app);
void AddAuditRoutes(Router& router, app::App& app);
void AddRegistryRoutes(Router& router, app::App& app);
void AddImportExportRoutes(Router& router, app::App& app);
void AddCampaignRoutes(Router& router, app::App& app);
void AddReportRoutes(Router& router, app::App& app);
void AddHomeRoutes(Router& router, app::App& app);
void AddOpinionRoutes(Router& router, app::App& app);
void AddMeetingRoutes(Router& router, app::App& app);
void AddFeedbackRoutes(Router& router, app::App& app);
void AddMeasureRoutes(Router& router, app::App& app);
void AddArchiveRoutes(Router& router, app::App& app);
void AddAssessmentRoutes(Router& router, app::App& app);

// The embedded web UI: a file when one matches, index.html for other
// non-API paths (client-side routes), with caching and gzip.
Response ServeStatic(const Request& request);

}  // namespace shuzhi::http
