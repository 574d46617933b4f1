// Routes: method + path pattern ("/api/v1/users/{id}") to a handler. Built
// once at start, then read-only (safe for concurrent Match calls).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/users/auth.h"
#include "base/i18n.h"
#include "http/message.h"

namespace shuzhi::http {

// What a handler gets: the request, path parameters, the language for
// messages, and the session when the route needs one.
struct RouteContext {
  const Request& request;
  std::map<std::string, std::string> params;
  base::Lang lang = base::Lang::kZhCn;
  std::optional<app::SessionInfo> session;  // set for Access::kSession routes

  const app::Actor& actor() const { return session->actor; }
};

using Handler = std::function<Response(RouteContext&)>;

enum class Access {
  kPublic,     // no login
  kSession,    // login required; state changes need the CSRF token
  kEvaluator,  // no login, and refused with a staff session: an evaluator's
               // phone never has one, and a staff browser must not be the
               // one that casts (or opens) a ballot
};

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kSession;
  // Runs on the I/O thread: only for handlers that never block (no
  // database, no password hashing), such as health, static files, and the
  // ballot cast, which only parses and hashes before deferring its reply.
  bool inline_ok = false;
  Handler handler;
  // Allowed while the user must still change a reset password.
  bool during_password_change = false;
};

class Router {
 public:
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;  // null: no route
    bool method_mismatch = false;  // the path exists with another method
    std::map<std::string, std::string> params;
  };
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  // A route's pattern split at '/', with "{name}" segments as their name.
  struct Compiled {
    std::vector<std::string> segments;
    std::vector<bool> is_param;
  };
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;  // one per route
};

}  // namespace shuzhi::http
