// The HTTP listener (Boost.Beast, asynchronous): a fixed number of I/O
// threads, keep-alive, read timeouts, a body limit, optional TLS, and clean
// shutdown. Limits: a request head (and a chunked body's trailer) of 16 KiB,
// the route's body limit. Requests that may block run on a bounded worker pool and resume
// on their connection's strand, so an I/O thread never waits on the database
// or on password hashing (STYLE.md §5). Every reply it writes, including
// those it makes itself (limits, malformed requests, a handler that threw,
// the 503 while stopping), carries the security headers (security_headers.h).
//
// Start/Stop/Wait are called from one controlling thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "http/forwarded.h"
#include "http/message.h"

namespace shuzhi::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  int io_threads = 0;         // 0: one per core
  int workers = 16;           // blocking-work pool (database reads, password hashing); ballots do not use it
  std::size_t body_limit = 1 << 20;
  int read_timeout_seconds = 30;
  std::string tls_cert;  // PEM files; both set turns TLS on
  std::string tls_key;
  // Peers whose X-Forwarded-For and X-Forwarded-Proto are believed
  // (forwarded.h); empty: none, the headers are ignored.
  TrustedProxies trusted_proxies;
};

class Server {
 public:
  // `handler` outlives the server. An exception thrown by the handler, or
  // anywhere in a connection's work, ends that connection (with a 500 reply
  // when one can still be sent) and is logged; it never ends the process.
  Server(RequestHandler& handler, ServerOptions options);
  ~Server();

  // Binds and starts serving; returns the bound port, or unavailable
  // "server.bind_failed" / invalid_argument "server.tls_files".
  base::Result<std::uint16_t> Start();
  // Stops on SIGINT or SIGTERM (call after Start), then returns.
  void WaitForSignal();
  // Stops accepting, ends connections, joins threads. Idempotent.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// A reply's head as the server sends it (status line, headers, blank line;
// the body follows unchanged); exposed for tests.
// A whole request as bytes (head and body), parsed as a connection parses
// it: the same head limit, and the body limit the handler sets for the
// request's method and target (`general` otherwise). invalid_argument
// "request.too_large" past a limit, "request.malformed" for bytes that are
// not one complete HTTP/1.1 request. For tests and fuzzing without a socket.
base::Result<Request> ParseRequest(std::string_view raw, const RequestHandler& handler, std::size_t general);

std::string ReplyHead(const Response& reply, unsigned version, bool keep_alive);

}  // namespace shuzhi::http
