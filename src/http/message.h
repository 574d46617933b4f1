// Plain request and response values, so that routing, middleware and
// handlers are functions from Request to Response that tests call without a
// socket and that compile without Beast (only the server library, server.cc
// and request_parse.cc, includes it).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shuzhi::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // path and query as received
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string remote_address;
  bool tls = false;

  // The path without the query string, percent-decoded.
  std::string Path() const;
  // The value of query parameter `name`, percent-decoded; empty if absent.
  std::string Query(std::string_view name) const;
  // The first header `name` (lower-case), empty if absent.
  std::string_view Header(std::string_view name) const;
  // The value of cookie `name`, empty if absent.
  std::string Cookie(std::string_view name) const;
};

// A server-sent event stream (text/event-stream). Once the headers are
// sent the server hands the stream a wake (Start), then calls Next() on the
// worker pool: at once, again soon after each wake, and at the latest every
// idle(); it writes what Next returns (nothing when empty), and a non-ok
// status ends the stream. The client (EventSource) reconnects by itself
// after a drop or a restart.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Called once, before the first Next. `wake` may be called from any
  // thread, any number of times (wakes before a Next runs are one); it
  // never blocks. A stream that never wakes is polled every idle().
  virtual void Start(const std::function<void()>& wake) { (void)wake; }
  virtual base::Result<std::string> Next() = 0;
  virtual std::chrono::milliseconds idle() const { return std::chrono::milliseconds(500); }
};

struct Response;
// Sends a reply that was deferred; callable from any thread, exactly once.
using Reply = std::function<void(Response)>;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::shared_ptr<EventStream> events;  // set: an event stream, `body` unused
  // Set: the reply comes later (a ballot waiting for its group commit), and
  // nothing else here is used. The server calls it once with where to send
  // the reply, and the thread moves on to other requests meanwhile.
  std::function<void(Reply)> deferred;

  void SetHeader(std::string name, std::string value);
  std::string_view Header(std::string_view name) const;
};

// How a handler routed one request: decided once, before the request runs,
// and handed back to Handle, so that a request is matched against the routes
// once whichever thread runs it.
struct Routing {
  bool needs_pool = true;        // may block (database, hashing): run on the worker pool
  int route = -1;                // the handler's own index of the matched route; -1: none
  bool method_mismatch = false;  // no route, but the path exists with another method
  std::map<std::string, std::string> params;
};

// What the server runs for each request: a plain function from request to
// reply (the Api in production; a throwing handler in the server's tests).
// Thread-safe: Route and Handle may run on many threads at once.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Runs on the I/O thread: must not block.
  virtual Routing Route(const Request& request) const = 0;
  virtual Response Handle(const Request& request, const Routing& routing) = 0;
  // Both steps at once, for callers without a thread to choose (tests).
  Response Handle(const Request& request) { return Handle(request, Route(request)); }
  // True when the request may block: it then runs on the worker pool
  // instead of the I/O thread.
  bool NeedsPool(const Request& request) const { return Route(request).needs_pool; }
  // The largest body accepted, decided from method and target before the
  // body is read.
  virtual std::size_t BodyLimitFor(std::string_view method, std::string_view target, std::size_t general) const = 0;
};

}  // namespace shuzhi::http
