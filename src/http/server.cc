// The server (with request_parse.cc, the only translation units that include
// Beast: it is slow to compile, so everything else sees plain Request/Response
// values, message.h).
#include "http/server.h"

#include <pthread.h>

#include <array>
#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "base/log.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/in_flight.h"
#include "http/security_headers.h"
#include "http/server_beast.h"

namespace shuzhi::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// A reply's head as sent: status line and headers, through the blank line;
// the body follows as it is, not copied. Written here rather than with
// Beast's message and serializer: a reply is a status, a few headers and a
// body already in memory, and Beast's generic path (a node allocated per
// field, then a walk over a concatenated buffer sequence) cost a tenth of the
// network threads' time per ballot. Beast still parses every request. Header
// values are the server's own; CR and LF in them become spaces all the same,
// so that no value can end a header early.
std::string ReplyHead(const Response& in, unsigned version, bool keep_alive) {
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(in.status));
  std::string out;
  out.reserve(256);
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(in.status);
  out += ' ';
  out.append(reason.data(), reason.size());
  out += "\r\nServer: shuzhi\r\n";
  for (const auto& [name, value] : in.headers) {
    out += name;
    out += ": ";
    if (value.find_first_of("\r\n") == std::string::npos) {
      out += value;
    } else {
      for (char c : value) out += (c == '\r' || c == '\n') ? ' ' : c;
    }
    out += "\r\n";
  }
  // HTTP/1.1 keeps a connection unless told; HTTP/1.0 closes it unless told.
  if (version >= 11 && !keep_alive) out += "Connection: close\r\n";
  if (version < 11 && keep_alive) out += "Connection: keep-alive\r\n";
  out += "Content-Length: ";
  out += std::to_string(in.body.size());
  out += "\r\n\r\n";
  return out;
}

namespace {

// Each connection runs on a strand of the I/O context, named by its
// concrete type rather than asio's type-erased any_io_executor: every
// completion of every request passes through it, and the erased executor
// cost several percent of the I/O threads' time (copies, queries).
using Executor = asio::strand<asio::io_context::executor_type>;
using Socket = tcp::socket::rebind_executor<Executor>::other;
using PlainStream = beast::basic_stream<tcp, Executor>;
using TlsStream = ssl::stream<PlainStream>;

// The read buffer holds a request head, a trailer or a piece of a body on its
// way into the request (the parser moves body bytes out as they arrive), so
// it never needs much more than the head limit. Beast bounds neither a
// trailer by the head limit nor the buffer by default: a 64 KiB trailer field
// made Beast throw (its field table stores lengths in 16 bits), and a larger
// one would have grown the buffer without end.
// A little more than a head, so a head at the limit still fits with the
// start of its body; a trailer is thereby bounded to about the head limit.
constexpr std::size_t kReadBufferLimit = kHeaderLimit + std::size_t{4} * 1024;

// The reply to a request whose handler threw: handlers return errors as
// values, so this is a defect, logged, and the client gets the envelope.
Response Internal(const Request& request, const char* what) {
  base::LogError("handler for {} {} threw: {}", request.method, LoggablePath(request.Path()), what);
  return ErrorResponse(base::Internal("internal.error", "internal error"),
                       base::NegotiateLang(request.Header("accept-language")));
}

Response SafeHandle(RequestHandler& handler, const Request& request, const Routing& routing) {
  try {
    return handler.Handle(request, routing);
  } catch (const std::exception& e) {
    return Internal(request, e.what());
  } catch (...) {
    return Internal(request, "unknown exception");
  }
}

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, RequestHandler& api, asio::thread_pool& pool, InFlight& in_flight,
          const ServerOptions& options, bool tls)
      : stream_(std::move(stream)),
        api_(api),
        pool_(pool),
        in_flight_(in_flight),
        options_(options),
        tls_(tls),
        buffer_(kReadBufferLimit) {
    // Room for a whole typical request (a ballot is about 600 bytes): an
    // empty buffer would read 512 bytes first and need a second system call.
    buffer_.reserve(4096);
    beast::error_code ec;
    const auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    remote_ = ec ? std::string("?") : ep.address().to_string();
  }

  void Run() {
    if constexpr (std::is_same_v<Stream, PlainStream>) {
      asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, this->shared_from_this()));
    } else {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(options_.read_timeout_seconds));
      stream_.async_handshake(ssl::stream_base::server,
                              beast::bind_front_handler(&Session::OnHandshake, this->shared_from_this()));
    }
  }

 private:
  void OnHandshake(beast::error_code ec) {
    if (ec) return;  // a client that cannot speak TLS; nothing to answer
    Read();
  }

  void Read() {
    parser_.emplace();
    // The header is read with the largest limit any route allows; OnHeader
    // then applies the limit of the route the request is for.
    parser_->body_limit(std::max(options_.body_limit, api_.BodyLimitFor("POST", "/api/v1/imports", 0)));
    parser_->header_limit(kHeaderLimit);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, this->shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t bytes) {
    if (ec) return OnRead(ec, bytes);
    const auto& h = parser_->get();
    const std::size_t limit =
        api_.BodyLimitFor(std::string_view(h.method_string()), std::string_view(h.target()), options_.body_limit);
    const auto length = parser_->content_length();
    if (length && *length > limit) return OnRead(bhttp::error::body_limit, 0);
    parser_->body_limit(limit);  // chunked bodies are counted as they arrive
    // Uploads of several megabytes over a hall's Wi-Fi need more than the
    // idle read timeout.
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(options_.read_timeout_seconds * 4));
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, this->shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream) return Close();
    if (ec == bhttp::error::body_limit) {
      const auto& h = parser_->get();
      const auto lang = base::NegotiateLang(std::string(h[bhttp::field::accept_language]));
      Response r = ErrorResponse(
          base::Status(base::Code::kInvalidArgument, "request.too_large", "the request body is larger than the limit"),
          lang);
      return Write(std::move(r), h.version(), false, false);
    }
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      // A head, or a chunked body's trailer, over the limit.
      Response r = ErrorResponse(base::Status(base::Code::kInvalidArgument, "request.header_too_large",
                                              "the request's header fields are larger than the limit"),
                                 base::Lang::kZhCn);
      return Write(std::move(r), 11, false, false);
    }
    if (ec) {
      if (ec == beast::error::timeout || ec == asio::error::operation_aborted || ec == asio::error::eof ||
          ec == asio::error::connection_reset || ec == ssl::error::stream_truncated) {
        return;
      }
      Response r =
          ErrorResponse(base::InvalidArgument("request.malformed", "malformed HTTP request"), base::Lang::kZhCn);
      return Write(std::move(r), 11, false, false);
    }
    auto req = parser_->release();
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();
    const bool head = req.method() == bhttp::verb::head;
    Request request = ToRequest(std::move(req), remote_, tls_);
    options_.trusted_proxies.Apply(request);  // behind a load balancer: the client, not the balancer
    Routing routing = api_.Route(request);
    if (!routing.needs_pool) {
      return Write(SafeHandle(api_, request, routing), version, keep_alive, head);
    }
    // Blocking work leaves the I/O thread and comes back to this
    // connection's strand.
    asio::post(pool_, [self = this->shared_from_this(), request = std::move(request), routing = std::move(routing),
                       version, keep_alive, head]() mutable {
      // Nothing may escape into the pool's thread, which would end the process.
      try {
        self->Deliver(SafeHandle(self->api_, request, routing), version, keep_alive, head);
      } catch (const std::exception& e) {
        base::LogError("request on the worker pool failed: {}", e.what());
      } catch (...) {
        base::LogError("request on the worker pool failed");
      }
    });
  }

  // From any thread: writes `r` on this connection's strand. A deferred
  // reply is written when it comes; the connection reads nothing meanwhile.
  // `written`, when set, runs once the write has ended (sent or failed).
  void Deliver(Response&& r, unsigned version, bool keep_alive, bool head, std::function<void()> written = {}) {
    if (r.deferred) {
      auto later = std::move(r.deferred);
      if (!in_flight_.TryAdd()) {
        Response stopping =
            ErrorResponse(base::Unavailable("server.stopping", "the server is stopping"), base::Lang::kZhCn);
        return Deliver(std::move(stopping), version, false, head);
      }
      // Exactly one of the two paths below counts the reply as done: the
      // callback, or the catch when `later` threw before taking it.
      auto taken = std::make_shared<std::atomic<bool>>(false);
      try {
        return later([self = this->shared_from_this(), version, keep_alive, head, taken](Response done) mutable {
          taken->store(true);
          InFlight& in_flight = self->in_flight_;
          // Done once written, not once queued: Stop stops the I/O threads
          // when nothing is in flight, and a reply still queued then (a
          // ballot the database had acknowledged) was never sent.
          auto once = std::make_shared<std::atomic<bool>>(false);
          auto written = [&in_flight, once] {
            if (!once->exchange(true)) in_flight.Done();
          };
          try {
            // The session's reference moves into the write: this thread
            // keeps none that could outlive Stop (and the I/O context the
            // session's socket uses).
            PostWrite(std::move(self), std::move(done), version, keep_alive, head, written);
          } catch (const std::exception& e) {
            base::LogError("a deferred reply failed: {}", e.what());
            written();
          }
        });
      } catch (const std::exception& e) {
        base::LogError("a deferred request failed: {}", e.what());
        if (taken->load()) return;
        in_flight_.Done();
        Response failed = ErrorResponse(base::Internal("internal.error", "internal error"), base::Lang::kZhCn);
        return Deliver(std::move(failed), version, false, head);
      }
    }
    PostWrite(this->shared_from_this(), std::move(r), version, keep_alive, head, std::move(written));
  }

  // Writes `r` on the strand of `self`, which the write then owns.
  static void PostWrite(std::shared_ptr<Session> self, Response&& r, unsigned version, bool keep_alive, bool head,
                        std::function<void()> written) {
    auto executor = self->stream_.get_executor();  // before `self` moves
    asio::post(executor, [self = std::move(self), r = std::move(r), version, keep_alive, head,
                          written = std::move(written)]() mutable {
      self->Write(std::move(r), version, keep_alive, head, std::move(written));
    });
  }

  void Write(Response&& r, unsigned version, bool keep_alive, bool head, std::function<void()> written = {}) {
    if (r.deferred) return Deliver(std::move(r), version, keep_alive, head, std::move(written));
    // Every reply, including those made here without the Api (limits,
    // malformed requests, a handler that threw, the 503 while stopping).
    AddSecurityHeaders(r, tls_);
    if (r.events && r.status == 200 && !head) {
      if (written) written();  // a stream is never deferred
      return StartEvents(std::move(r), version);
    }
    // The head, and the body moved along with it (HEAD: its length only).
    // The head first: it reads the body's length.
    std::string reply_head = ReplyHead(r, version, keep_alive);
    auto bytes = std::make_shared<std::pair<std::string, std::string>>(std::move(reply_head),
                                                                       head ? std::string() : std::move(r.body));
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(bytes->first), asio::buffer(bytes->second)};
    asio::async_write(stream_, buffers,
                      [self = this->shared_from_this(), bytes, keep_alive, written = std::move(written)](
                          beast::error_code ec, std::size_t) {
                        if (written) written();
                        if (ec) return;
                        if (!keep_alive) return self->Close();
                        self->Read();
                      });
  }

  // An event stream: the header, then whatever the stream yields, until the
  // client goes away. The body ends with the connection (no length, no
  // chunking), which EventSource expects.
  void StartEvents(Response&& r, unsigned version) {
    events_ = std::move(r.events);
    // A stream reads nothing more: its parser and read buffer go (10,000
    // idle projectors would otherwise hold 40 MB of buffers).
    parser_.reset();
    buffer_.clear();
    buffer_.shrink_to_fit();
    auto msg = std::make_shared<bhttp::response<bhttp::empty_body>>(static_cast<bhttp::status>(r.status), version);
    msg->set(bhttp::field::server, "shuzhi");
    for (auto& [k, v] : r.headers) msg->set(k, v);
    msg->set(bhttp::field::content_type, "text/event-stream; charset=utf-8");
    msg->set(bhttp::field::cache_control, "no-store");
    msg->set("X-Accel-Buffering", "no");
    msg->keep_alive(false);
    auto sr = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*msg);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    bhttp::async_write_header(stream_, *sr,
                              [self = this->shared_from_this(), msg, sr](beast::error_code ec, std::size_t) {
                                if (ec) return;
                                self->timer_.emplace(self->stream_.get_executor());
                                // The wake holds the connection weakly: a
                                // stream gone is not kept by its source.
                                self->events_->Start([weak = self->weak_from_this()] {
                                  auto s = weak.lock();
                                  if (!s) return;
                                  auto executor = s->stream_.get_executor();
                                  asio::post(executor, [s = std::move(s)] { s->Wake(); });
                                });
                                self->NextEvent();
                              });
  }

  // On the strand. Ends the idle wait now, or makes the next wait end at
  // once when Next is running or its output is being written.
  void Wake() {
    if (!waiting_) {
      wake_pending_ = true;
      return;
    }
    woken_ = true;
    timer_->cancel();
  }

  void NextEvent() {
    asio::post(pool_, [self = this->shared_from_this()] {
      base::Result<std::string> next = base::Internal("internal.error", "event stream failed");
      try {
        next = self->events_->Next();
      } catch (const std::exception& e) {
        base::LogError("event stream failed: {}", e.what());
      }
      asio::post(self->stream_.get_executor(), [self, next = std::move(next)]() mutable {
        if (!next.ok()) return self->Close();
        if (next->empty()) return self->WaitEvent();
        auto data = std::make_shared<std::string>(std::move(*next));
        beast::get_lowest_layer(self->stream_).expires_after(std::chrono::seconds(30));
        asio::async_write(self->stream_, asio::buffer(*data), [self, data](beast::error_code ec, std::size_t) {
          if (ec) return;
          self->WaitEvent();
        });
      });
    });
  }

  void WaitEvent() {
    if (wake_pending_) {
      wake_pending_ = false;
      return NextEvent();
    }
    waiting_ = true;
    timer_->expires_after(events_->idle());
    timer_->async_wait([self = this->shared_from_this()](beast::error_code ec) {
      self->waiting_ = false;
      const bool woken = std::exchange(self->woken_, false);
      if (ec && !woken) return;
      self->NextEvent();
    });
  }

  void Close() {
    beast::error_code ec;
    if constexpr (std::is_same_v<Stream, PlainStream>) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      // Drain what the client still sends (a refused large body) so that
      // closing does not reset the connection before it reads our answer.
      Drain();
    } else {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    }
  }

  void Drain() {
    if constexpr (std::is_same_v<Stream, PlainStream>) {
      stream_.expires_after(std::chrono::seconds(5));
      drain_buf_.resize(std::size_t{16} * 1024);
      stream_.async_read_some(asio::buffer(drain_buf_),
                              [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                if (ec) {
                                  beast::error_code ignored;
                                  self->stream_.socket().close(ignored);
                                  return;
                                }
                                self->Drain();
                              });
    }
  }

  Stream stream_;
  RequestHandler& api_;
  asio::thread_pool& pool_;
  InFlight& in_flight_;
  const ServerOptions& options_;
  const bool tls_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::vector<char> drain_buf_;
  std::shared_ptr<EventStream> events_;
  std::optional<asio::steady_timer> timer_;
  // An event stream's wait, on the strand: waiting for the timer; woken
  // while waiting (the timer was cancelled for it); woken while not.
  bool waiting_ = false, woken_ = false, wake_pending_ = false;
};

}  // namespace

class Server::Impl {
 public:
  Impl(RequestHandler& api, ServerOptions options)
      : api_(api),
        options_(std::move(options)),
        io_threads_(options_.io_threads > 0 ? options_.io_threads
                                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        ioc_(io_threads_),
        pool_(static_cast<std::size_t>(std::max(1, options_.workers))),
        acceptor_(asio::make_strand(ioc_)),
        ssl_ctx_(ssl::context::tls_server) {}

  ~Impl() {
    // A destructor must not throw; Stop's asio calls may (a thread that
    // cannot be joined, memory).
    try {
      Stop();
    } catch (const std::exception& e) {
      base::LogWarn("stopping the server: {}", e.what());
    }
  }

  base::Result<std::uint16_t> Start() {
    tls_ = !options_.tls_cert.empty() && !options_.tls_key.empty();
    if (tls_) {
      beast::error_code ec;
      ssl_ctx_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                           ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
      ssl_ctx_.use_certificate_chain_file(options_.tls_cert, ec);
      if (!ec) ssl_ctx_.use_private_key_file(options_.tls_key, ssl::context::pem, ec);
      if (ec) return base::InvalidArgument("server.tls_files", "cannot load TLS certificate or key: " + ec.message());
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(options_.address, ec);
    if (ec) return base::InvalidArgument("server.bad_address", "cannot parse listen address " + options_.address);
    const tcp::endpoint endpoint{address, options_.port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return base::Unavailable("server.bind_failed", "cannot listen on " + options_.address + ":" +
                                                         std::to_string(options_.port) + ": " + ec.message());
    }
    const std::uint16_t port = acceptor_.local_endpoint().port();
    Accept();
    for (int i = 0; i < io_threads_; ++i) {
      threads_.emplace_back([this] {
        pthread_setname_np(pthread_self(), "shuzhi-io");  // as top -H and perf show it
        RunGuarded();
      });
    }
    running_ = true;
    return port;
  }

  void WaitForSignal() {
    asio::io_context sig_ioc;
    asio::signal_set signals(sig_ioc, SIGINT, SIGTERM);
    signals.async_wait([](beast::error_code, int) {});
    sig_ioc.run();
    Stop();
  }

  void Stop() {
    if (!running_) return;
    running_ = false;
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
    });
    pool_.join();
    // Ballots queued for their commit still get their replies (on the
    // network threads, still running), and nothing calls into the Api
    // after this returns.
    in_flight_.Close();
    if (!in_flight_.WaitIdle(std::chrono::seconds(30))) {
      base::LogWarn("stopping with replies still waiting for the database");
    }
    ioc_.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, Socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        // Out of descriptors (EMFILE) or memory: the connection waits in the
        // listen queue; accepting again at once would fail at once, in a loop
        // that takes a core and floods the log.
        base::LogWarn("accept failed: {}; trying again in 100 ms", ec.message());
        accept_retry_.expires_after(std::chrono::milliseconds(100));
        accept_retry_.async_wait([this](beast::error_code wait) {
          if (!wait) Accept();
        });
        return;
      }
      socket.set_option(tcp::no_delay(true), ec);
      if (tls_) {
        std::make_shared<Session<TlsStream>>(TlsStream(PlainStream(std::move(socket)), ssl_ctx_), api_, pool_,
                                             in_flight_, options_, true)
            ->Run();
      } else {
        std::make_shared<Session<PlainStream>>(PlainStream(std::move(socket)), api_, pool_, in_flight_, options_, false)
            ->Run();
      }
      Accept();
    });
  }

  // Runs the I/O context until it stops. An exception escaping a
  // completion handler leaves run() (asio lets it through, and run() may
  // then be called again): the handler that threw is destroyed on the way,
  // and with it its connection's last reference, so that connection is
  // closed; every other connection goes on.
  void RunGuarded() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        base::LogError("a connection failed and was closed: {}", e.what());
      } catch (...) {
        base::LogError("a connection failed and was closed");
      }
    }
  }

  RequestHandler& api_;
  const ServerOptions options_;
  const int io_threads_;
  asio::io_context ioc_;
  asio::thread_pool pool_;
  InFlight in_flight_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_{acceptor_.get_executor()};  // after a failed accept
  ssl::context ssl_ctx_;
  bool tls_ = false;
  bool running_ = false;
  std::vector<std::thread> threads_;
};

Server::Server(RequestHandler& api, ServerOptions options) : impl_(std::make_unique<Impl>(api, std::move(options))) {}
Server::~Server() = default;
base::Result<std::uint16_t> Server::Start() { return impl_->Start(); }
void Server::WaitForSignal() { impl_->WaitForSignal(); }
void Server::Stop() { impl_->Stop(); }

}  // namespace shuzhi::http
