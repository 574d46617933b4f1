// The security headers are on every reply (issue 15 §4): each route of the
// router (its reply to a caller who may call it, and a 4xx), the static
// pages (the app, the phone vote page, the projector, the opinion form, an
// asset, a missing file, a client-side route, HEAD, a 304), unknown paths
// and methods, a non-API POST, and the replies the server makes without the
// Api: a body or head over the limit, a malformed request, a handler that
// threw, and the 503 while stopping. And the built pages hold no inline
// script, which the Content-Security-Policy would block.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "http/security_headers.h"
#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

// The Api, plus three paths of the test's own that only the server can
// answer for: /test/throw throws, /test/hold defers its reply until released
// (so that Stop waits for it), /test/defer defers and replies at once (and is
// refused with the 503 once the server stops taking deferred work).
class TestHandler final : public http::RequestHandler {
 public:
  explicit TestHandler(http::Api& api) : api_(api) {}

  http::Routing Route(const http::Request& r) const override {
    if (r.Path().rfind("/test/", 0) != 0) return api_.Route(r);
    http::Routing routing;
    routing.needs_pool = false;
    return routing;
  }

  http::Response Handle(const http::Request& r, const http::Routing& routing) override {
    const std::string path = r.Path();
    if (path.rfind("/test/", 0) != 0) return api_.Handle(r, routing);
    if (path == "/test/throw") throw std::runtime_error("a handler that throws");
    http::Response out;
    const bool hold = path == "/test/hold";
    out.deferred = [this, hold](http::Reply reply) {
      if (!hold) return reply(http::Response{});
      std::lock_guard lock(mu_);
      held_ = std::move(reply);
      cv_.notify_all();
    };
    return out;
  }

  std::size_t BodyLimitFor(std::string_view method, std::string_view target, std::size_t general) const override {
    return api_.BodyLimitFor(method, target, general);
  }

  bool WaitHeld() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return static_cast<bool>(held_); });
  }
  void Release() {
    http::Reply reply;
    {
      std::lock_guard lock(mu_);
      reply = std::move(held_);
    }
    // Large, so that writing it takes a while: Stop must wait for it.
    http::Response done;
    done.body.assign(kHeldBytes, 'x');
    if (reply) reply(std::move(done));
  }
  static constexpr std::size_t kHeldBytes = std::size_t{32} << 20;

 private:
  http::Api& api_;
  std::mutex mu_;
  std::condition_variable cv_;
  http::Reply held_;
};

// A raw reply (status line, headers, body) as HttpCall returns it.
HttpResult ParseReply(const std::string& in) {
  HttpResult out;
  const auto end = in.find("\r\n\r\n");
  if (end == std::string::npos || in.size() < 12) return out;
  out.status = std::stoi(in.substr(9, 3));
  std::istringstream head(in.substr(0, end));
  std::string line;
  std::getline(head, line);
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace(name, line.substr(line.find_first_not_of(' ', colon + 1)));
  }
  out.body = in.substr(end + 4);
  return out;
}

// A directive of a Content-Security-Policy ("script-src 'self'" for
// "script-src"), empty when absent.
std::string Directive(const std::string& csp, const std::string& name) {
  std::istringstream in(csp);
  std::string d;
  while (std::getline(in, d, ';')) {
    d.erase(0, d.find_first_not_of(' '));
    if (d.rfind(name + " ", 0) == 0) return d;
  }
  return "";
}

class HttpHeadersApiTest : public MeetingApiTest {
 protected:
  void SetUp() override {
    MeetingApiTest::SetUp();
    // The same Api behind the test's handler, on a server of its own.
    server_->Stop();
    handler_ = std::make_unique<TestHandler>(*api_);
    http::ServerOptions o;
    o.port = 0;
    o.io_threads = 2;
    o.workers = 4;
    o.body_limit = std::size_t{64} * 1024;
    server_ = std::make_unique<http::Server>(*handler_, o);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
  }

  // Every security header, once, on `r`; `what` names the reply.
  void Expect(const HttpResult& r, const std::string& what) {
    ++replies_;
    statuses_.insert(r.status);
    ASSERT_NE(r.status, 0) << what << ": no reply";
    for (const char* h : {"content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"}) {
      EXPECT_EQ(r.headers.count(h), 1u) << what << " (" << r.status << "): " << h;
    }
    const std::string csp = r.Header("content-security-policy");
    const std::string scripts = Directive(csp, "script-src");
    EXPECT_EQ(scripts, "script-src 'self'") << what;
    EXPECT_EQ(Directive(csp, "default-src"), "default-src 'self'") << what;
    EXPECT_EQ(Directive(csp, "object-src"), "object-src 'none'") << what;
    EXPECT_EQ(Directive(csp, "frame-ancestors"), "frame-ancestors 'none'") << what;
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << what;
    EXPECT_EQ(r.Header("referrer-policy"), "no-referrer") << what;
    EXPECT_EQ(r.Header("x-frame-options"), "DENY") << what;
    EXPECT_EQ(r.Header("permissions-policy"), http::kPermissionsPolicy) << what;
    EXPECT_NE(r.Header("permissions-policy").find("camera=()"), std::string::npos) << what;
    EXPECT_EQ(r.Header("cross-origin-opener-policy"), "same-origin") << what;
    EXPECT_EQ(r.Header("cross-origin-resource-policy"), "same-origin") << what;
  }

  // Expect, and the reply is a 4xx with the error envelope.
  void ExpectError(const HttpResult& r, const std::string& what) {
    Expect(r, what);
    EXPECT_GE(r.status, 400) << what;
    EXPECT_LT(r.status, 500) << what;
    EXPECT_NE(Code(r).rfind("(no envelope", 0), 0u) << what << ": " << r.body.substr(0, 200);
  }

  // The pattern with its parameters filled in from `ids`, 1 otherwise.
  static std::string Target(const std::string& pattern, const std::map<std::string, std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size();) {
      if (pattern[i] != '{') {
        out += pattern[i++];
        continue;
      }
      const auto end = pattern.find('}', i);
      const auto known = ids.find(pattern.substr(i + 1, end - i - 1));
      out += known == ids.end() ? "1" : known->second;
      i = end + 1;
    }
    return out;
  }

  void CheckRoutes();
  void CheckPages();
  void CheckServerReplies();
  void CheckStopping();

  std::unique_ptr<TestHandler> handler_;
  std::string projector_token_, opinion_token_;
  int replies_ = 0;
  std::set<int> statuses_;
};

// Each route: as a caller who may call it (GET with real records; other
// methods with a body of the wrong type, so that the reply is the route's
// own and changes nothing where the route takes a body), without a session
// (401) or, for public routes, with a token that names nothing or a bad body,
// and with a method the path does not take (405).
void HttpHeadersApiTest::CheckRoutes() {
  const auto meeting = Meeting(org_, Json(Get(org_, "/api/v1/campaigns/" + std::to_string(committee_) + "/meetings"))
                                         .at("items")
                                         .at(0)
                                         .at("id")
                                         .as_int64());
  projector_token_ = std::string(meeting.at("projector_token").as_string());
  const std::int64_t deputy = Reporting(committee_).at(0);
  const HttpResult link = Send(org_, "POST", "/api/v1/deputies/" + std::to_string(deputy) + "/opinion-link", "");
  ASSERT_EQ(link.status, 201) << link.body;
  opinion_token_ = std::string(Json(link).at("token").as_string());
  const std::map<std::string, std::string> ids{{"token", projector_token_}};
  for (const auto& route : api_->router().routes()) {
    const std::string name = route.method + " " + route.pattern;
    std::string target = Target(route.pattern, ids);
    if (route.pattern.find("opinion-forms") != std::string::npos)
      target = Target(route.pattern, {{"token", opinion_token_}});
    const bool session = route.access == http::Access::kSession;
    if (route.pattern.ends_with("/events")) {
      // An event stream: its head, then it goes on; read the head only.
      Expect(ParseReply(ReadStreamUntil(port_, target, "\r\n\r\n", 5000)), name + " (stream)");
    } else if (route.method == "GET") {
      Expect(session ? Get(org_, target) : HttpCall(port_, "GET", target), name);
    } else if (route.method == "DELETE" && route.pattern == "/api/v1/session") {
      Expect(Send(LogIn("reviewer"), "DELETE", target, ""), name);
    } else {
      Expect(session ? Send(org_, route.method, target, "[]") : HttpCall(port_, route.method, target, "[]"), name);
    }
    if (session) {
      ExpectError(HttpCall(port_, route.method, target, "{}", {{"Content-Type", "application/json"}}), name + " 401");
    } else if (route.pattern.find('{') != std::string::npos || route.method != "GET") {
      // A public route: a token that names nothing, or a body of the wrong
      // type (/health and /openapi.json have no 4xx of their own but 405).
      ExpectError(HttpCall(port_, route.method, Target(route.pattern, {{"token", "none"}, {"id", "999999999"}}), "[]",
                           {{"Content-Type", "application/json"}}),
                  name + " 4xx");
    }
    ExpectError(HttpCall(port_, "OPTIONS", target), name + " 405");
  }
}

// The pages and files the server serves outside the API.
void HttpHeadersApiTest::CheckPages() {
  for (const std::string& page :
       std::vector<std::string>{"/", "/v/", "/v/ABCD-EFGH", "/p/" + projector_token_, "/o/" + opinion_token_,
                                "/meetings/1", "/no-such-file.js", "/assets/no-such-asset.css"}) {
    Expect(HttpCall(port_, "GET", page), "GET " + page);
  }
  const HttpResult index = HttpCall(port_, "GET", "/");
  Expect(HttpCall(port_, "HEAD", "/"), "HEAD /");
  if (!index.Header("etag").empty()) {
    const HttpResult same = HttpCall(port_, "GET", "/", "", {{"If-None-Match", index.Header("etag")}});
    EXPECT_EQ(same.status, 304);
    Expect(same, "GET / (304)");
  }
  std::smatch m;
  if (std::regex_search(index.body, m, std::regex(R"(src="(/assets/[^"]+\.js)\")"))) {
    Expect(HttpCall(port_, "GET", m[1].str()), "GET " + m[1].str());
  }
  ExpectError(HttpCall(port_, "POST", "/", "a=1", {{"Content-Type", "application/x-www-form-urlencoded"}}), "POST /");
  ExpectError(HttpCall(port_, "POST", "/p/" + projector_token_, "{}"), "POST /p/…");
  ExpectError(HttpCall(port_, "GET", "/api/v1/no-such-route"), "GET /api/v1/no-such-route");
  ExpectError(HttpCall(port_, "GET", "/api"), "GET /api");
}

// What the server answers by itself, before or around the Api.
void HttpHeadersApiTest::CheckServerReplies() {
  bool closed = false;
  const std::string host = "Host: 127.0.0.1\r\n";
  HttpResult r = ParseReply(
      Exchange(port_, "POST /api/v1/session HTTP/1.1\r\n" + host + "Content-Length: 100000000\r\n\r\n", 2000, &closed));
  EXPECT_EQ(r.status, 413);
  ExpectError(r, "body over the limit");
  r = ParseReply(
      Exchange(port_, "GET / HTTP/1.1\r\n" + host + "X-Big: " + std::string(20000, 'a') + "\r\n\r\n", 2000, &closed));
  EXPECT_EQ(r.status, 431);
  ExpectError(r, "head over the limit");
  r = ParseReply(Exchange(port_, "NOT HTTP AT ALL\r\n\r\n", 2000, &closed));
  EXPECT_EQ(r.status, 400);
  ExpectError(r, "malformed request");
  r = HttpCall(port_, "GET", "/test/throw");
  EXPECT_EQ(r.status, 500);
  Expect(r, "a handler that threw");
  EXPECT_EQ(Code(r), "internal.error");
  Expect(HttpCall(port_, "GET", "/test/defer"), "a deferred reply");
}

// One reply read from a connection that stays open: the head, then as many
// body bytes as Content-Length says.
HttpResult ReadOneReply(int fd) {
  std::string in;
  char buf[4096];
  for (;;) {
    const auto end = in.find("\r\n\r\n");
    if (end != std::string::npos) {
      HttpResult r = ParseReply(in);
      const std::string length = r.Header("content-length");
      if (r.body.size() >= (length.empty() ? 0 : std::stoul(length))) return r;
    }
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return ParseReply(in);
    in.append(buf, static_cast<std::size_t>(n));
  }
}

// The 503 the server sends while stopping: Stop waits for a held deferred
// reply (and writes it before the I/O threads stop), and a deferred request
// that comes meanwhile, on a connection opened before, is refused.
void HttpHeadersApiTest::CheckStopping() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  HttpResult held;
  std::thread holder([this, &held] {
    bool closed = false;  // a reply never written would leave the connection open: give up after 15 s
    held = ParseReply(
        Exchange(port_, "GET /test/hold HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 15000, &closed));
  });
  ASSERT_TRUE(handler_->WaitHeld());
  std::thread stopper([this] { server_->Stop(); });
  HttpResult stopping;
  int before = 0;
  for (int i = 0; i < 2000 && stopping.status != 503; ++i) {
    const std::string req = "GET /test/defer HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
    HttpResult r = ReadOneReply(fd);
    ASSERT_NE(r.status, 0) << "the connection closed before the 503";
    if (r.status == 503) {
      stopping = std::move(r);
    } else {
      ++before;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  handler_->Release();
  stopper.join();
  holder.join();
  ::close(fd);
  // The reply Stop waited for was written before the I/O threads stopped.
  EXPECT_EQ(held.status, 200);
  EXPECT_EQ(held.body.size(), TestHandler::kHeldBytes);
  Expect(held, "a deferred reply written while stopping");
  ASSERT_EQ(stopping.status, 503) << before << " deferred replies before the stop";
  EXPECT_EQ(Code(stopping), "server.stopping");
  Expect(stopping, "the 503 while stopping");
}

TEST_F(HttpHeadersApiTest, EveryReplyCarriesTheSecurityHeaders) {
  CheckRoutes();
  CheckPages();
  CheckServerReplies();
  CheckStopping();
  std::string statuses;
  for (int s : statuses_) statuses += " " + std::to_string(s);
  std::printf("security headers: %zu routes, %d replies checked, statuses%s\n", api_->router().routes().size(),
              replies_, statuses.c_str());
}

// The Content-Security-Policy allows scripts from files of this server only:
// the pages must load theirs from files, and run none inline (no inline
// <script>, no on… attribute, no javascript: URL).
TEST_F(HttpHeadersApiTest, BuiltPagesHaveNoInlineScript) {
  const HttpResult index = HttpCall(port_, "GET", "/");
  if (index.status == 404) GTEST_SKIP() << "built without the web UI (SHUZHI_EMBED_WEB=OFF): no pages to check";
  const std::regex script(R"(<script\b([^>]*)>([\s\S]*?)</script\s*>)", std::regex::icase);
  const std::regex handler(R"(<[^>]+\son[a-z]+\s*=)", std::regex::icase);
  // The app (its projector and opinion form are routes of it) and the vote page.
  for (const std::string& page :
       std::vector<std::string>{"/", "/p/" + std::string(40, 'A'), "/o/" + std::string(40, 'A'), "/v/"}) {
    const HttpResult r = HttpCall(port_, "GET", page);
    ASSERT_EQ(r.status, 200) << page;
    EXPECT_NE(r.Header("content-type").find("text/html"), std::string::npos) << page;
    int scripts = 0;
    for (std::sregex_iterator it(r.body.begin(), r.body.end(), script), end; it != end; ++it, ++scripts) {
      EXPECT_NE((*it)[1].str().find("src="), std::string::npos) << page << ": inline script " << it->str();
      EXPECT_EQ((*it)[2].str().find_first_not_of(" \t\r\n"), std::string::npos) << page << ": " << it->str();
    }
    EXPECT_GE(scripts, 1) << page << ": no script at all";
    EXPECT_FALSE(std::regex_search(r.body, handler)) << page << ": an on… attribute";
    EXPECT_EQ(r.body.find("javascript:"), std::string::npos) << page;
  }
  // The vote page is its own entry, not the app's.
  EXPECT_NE(HttpCall(port_, "GET", "/v/").body, index.body);
}

}  // namespace
}  // namespace shuzhi::testing
