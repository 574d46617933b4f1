// The server survives what a request can do to it: a handler that throws
// (on the I/O thread, on the worker pool, in a deferred reply, in an event
// stream, in the server's own code around the handler) ends that request or
// connection only, and oversized heads and trailers are refused with 431.
// Each case is followed by a plain request that must still be answered.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"
#include "http_client.h"

namespace shuzhi {
namespace {

using shuzhi::testing::Exchange;
using shuzhi::testing::HttpCall;

// Throws where the path says; answers "ok" elsewhere.
class ThrowingHandler final : public http::RequestHandler {
 public:
  using http::RequestHandler::Handle;
  http::Response Handle(const http::Request& request, const http::Routing&) override {
    const std::string path = request.Path();
    if (path == "/throw" || path == "/pool/throw") throw std::runtime_error("planted failure");
    if (path == "/deferred/throw") {
      http::Response r;
      r.deferred = [](const http::Reply&) { throw std::runtime_error("planted deferred failure"); };
      return r;
    }
    if (path == "/events/throw") {
      http::Response r;
      r.events = std::make_shared<ThrowingEvents>();
      return r;
    }
    http::Response r;
    r.body = "ok";
    return r;
  }
  http::Routing Route(const http::Request& request) const override {
    const std::string path = request.Path();
    // A throw here happens in the server's own completion handler, outside
    // any handler call: only the I/O loop's guard can catch it.
    if (path == "/needs-pool/throw") throw std::logic_error("planted failure before the handler");
    http::Routing routing;
    routing.needs_pool = path.rfind("/pool/", 0) == 0 || path.rfind("/events/", 0) == 0;
    return routing;
  }
  std::size_t BodyLimitFor(std::string_view, std::string_view, std::size_t general) const override { return general; }

 private:
  class ThrowingEvents final : public http::EventStream {
   public:
    base::Result<std::string> Next() override { throw std::runtime_error("planted event failure"); }
  };
};

class ServerFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::ServerOptions o;
    o.port = 0;
    o.io_threads = 2;
    o.workers = 2;
    server_ = std::make_unique<http::Server>(handler_, o);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
  }
  void TearDown() override { server_->Stop(); }

  void ExpectAlive() {
    auto r = HttpCall(port_, "GET", "/plain");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "ok");
  }

  ThrowingHandler handler_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

// CPU seconds (user + system) of this process so far.
double ProcessCpu() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Out of descriptors, the server cannot accept a connection (EMFILE). It
// must wait and try again, not fail again at once in a loop that takes a
// core; and once a descriptor is free, serve the connection that waited.
TEST_F(ServerFaultTest, OutOfDescriptorsTheServerWaitsThenServesTheWaitingConnection) {
#if defined(__SANITIZE_ADDRESS__)
  // The sanitizers' own checks need descriptors (UBSan's vptr check opens a
  // pipe to probe memory), and with none left they report asio's code as
  // broken when it is not. The build without sanitizers runs this test.
  GTEST_SKIP() << "exhausts the descriptors the sanitizers need; run in the plain build";
#endif
  rlimit was{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &was), 0);
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);  // what the fillers copy
  ASSERT_GE(null, 0);
  std::size_t open = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++open;
  rlimit tight = was;
  tight.rlim_cur = open + 16;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &tight), 0);
  // Every descriptor below the limit taken, then one given back for the
  // client's socket: the server has none left for the connection.
  std::vector<int> fillers;
  for (int d; (d = ::dup(null)) >= 0;) fillers.push_back(d);
  ASSERT_FALSE(fillers.empty());
  ::close(fillers.back());
  fillers.pop_back();
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  const double cpu_before = ProcessCpu();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const double cpu = ProcessCpu() - cpu_before;
  for (int d : fillers) ::close(d);
  ::close(null);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &was), 0);
  ASSERT_TRUE(connected) << "the client's socket: " << fd;
  EXPECT_LT(cpu, 0.2) << "the server spun while it could not accept";
  const std::string request = "GET /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string reply;
  char buf[1024];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  ExpectAlive();
}

TEST_F(ServerFaultTest, AThrowingHandlerOnTheIoThreadGets500) {
  auto r = HttpCall(port_, "GET", "/throw");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("internal.error"), std::string::npos) << r.body;
  ExpectAlive();
}

TEST_F(ServerFaultTest, AThrowingHandlerOnThePoolGets500) {
  for (int i = 0; i < 5; ++i) {  // more than the pool's threads
    auto r = HttpCall(port_, "GET", "/pool/throw");
    EXPECT_EQ(r.status, 500);
  }
  ExpectAlive();
}

TEST_F(ServerFaultTest, AThrowingDeferredReplyGets500AndStopDoesNotWaitForIt) {
  auto r = HttpCall(port_, "GET", "/deferred/throw");
  EXPECT_EQ(r.status, 500);
  ExpectAlive();
  // The deferred reply was counted as done: Stop does not sit out its
  // 30-second wait for replies still in flight.
  const auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST_F(ServerFaultTest, AThrowingEventStreamEndsItsConnectionOnly) {
  bool closed = false;
  const std::string out = Exchange(port_, "GET /events/throw HTTP/1.1\r\nHost: x\r\n\r\n", 3000, &closed);
  EXPECT_NE(out.find("text/event-stream"), std::string::npos) << out;
  EXPECT_TRUE(closed);
  ExpectAlive();
}

TEST_F(ServerFaultTest, AThrowOutsideTheHandlerClosesThatConnectionOnly) {
  bool closed = false;
  Exchange(port_, "GET /needs-pool/throw HTTP/1.1\r\nHost: x\r\n\r\n", 3000, &closed);
  EXPECT_TRUE(closed);
  // Every I/O thread may have taken such a throw; all still serve.
  for (int i = 0; i < 4; ++i) Exchange(port_, "GET /needs-pool/throw HTTP/1.1\r\nHost: x\r\n\r\n", 3000, &closed);
  for (int i = 0; i < 4; ++i) ExpectAlive();
}

// A chunked body whose trailer holds one field of `size` bytes.
std::string ChunkedWithTrailer(const std::string& target, std::size_t size) {
  return "POST " + target +
         " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
         "2\r\n{}\r\n0\r\nX-T: " +
         std::string(size, 'a') + "\r\n\r\n";
}

TEST_F(ServerFaultTest, LargeTrailersAreRefusedWith431) {
  // 65,535 bytes made Beast throw and the process abort; the larger ones
  // would have grown the read buffer without end.
  for (std::size_t size : {30'000u, 65'479u, 65'535u, 70'000u, 1'000'000u}) {
    bool closed = false;
    const std::string out = Exchange(port_, ChunkedWithTrailer("/plain", size), 5000, &closed);
    EXPECT_EQ(out.rfind("HTTP/1.1 431 ", 0), 0u) << size << ": " << out.substr(0, 200);
    EXPECT_NE(out.find("request.header_too_large"), std::string::npos) << out;
    ExpectAlive();
  }
  // A small trailer is fine.
  bool closed = false;
  const std::string out = Exchange(port_, ChunkedWithTrailer("/plain", 100), 1000, &closed);
  EXPECT_EQ(out.rfind("HTTP/1.1 200 ", 0), 0u) << out.substr(0, 200);
}

TEST_F(ServerFaultTest, LargeHeadsAreRefusedWith431) {
  bool closed = false;
  const std::string out = Exchange(
      port_, "GET /plain HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40'000, 'b') + "\r\n\r\n", 5000, &closed);
  EXPECT_EQ(out.rfind("HTTP/1.1 431 ", 0), 0u) << out.substr(0, 200);
  ExpectAlive();
}

// ParseRequest reads bytes as a connection does: the head limit, the
// route's body limit (checked on Content-Length and on a chunked body), and
// a clear refusal of what is not one whole request.
TEST(ParseRequestTest, ReadsWholeRequestsWithinTheServersLimits) {
  ThrowingHandler handler;
  auto ok =
      http::ParseRequest("POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nX-Y: z\r\n\r\nbody", handler, 16);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->method, "POST");
  EXPECT_EQ(ok->target, "/a?x=1");
  EXPECT_EQ(ok->body, "body");
  EXPECT_EQ(ok->Header("x-y"), "z");
  auto chunked = http::ParseRequest(
      "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", handler, 16);
  ASSERT_TRUE(chunked.ok()) << chunked.status().ToString();
  EXPECT_EQ(chunked->body, "abc");

  auto reason = [&](std::string_view raw) { return http::ParseRequest(raw, handler, 16).status().reason(); };
  EXPECT_EQ(reason("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n"), "request.too_large");
  EXPECT_EQ(reason("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n" + std::string(17, 'x') +
                   "\r\n0\r\n\r\n"),
            "request.too_large");
  EXPECT_EQ(reason("GET /a HTTP/1.1\r\nX: " + std::string(20'000, 'x') + "\r\n\r\n"), "request.too_large");
  EXPECT_EQ(reason("GET /a HTTP/1.1\r\nHost: h\r\n"), "request.malformed");                   // the head never ends
  EXPECT_EQ(reason("POST /a HTTP/1.1\r\nContent-Length: 4\r\n\r\nab"), "request.malformed");  // nor the body
  EXPECT_EQ(reason("NOT HTTP\r\n\r\n"), "request.malformed");
  EXPECT_EQ(reason(""), "request.malformed");
}

}  // namespace
}  // namespace shuzhi
