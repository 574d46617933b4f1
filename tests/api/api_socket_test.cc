// The API over a real socket against a started server: login, wrong
// password, throttling, CSRF and Origin, session expiry (fake clock), logout,
// scopes, bad input (malformed JSON, unknown route, oversized body), and how
// replies are framed (keep-alive, HTTP/1.0, HEAD).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

#include "app/testing/app_test_util.h"
#include "base/json.h"
#include "http/api.h"
#include "http/server.h"
#include "http_client.h"

namespace shuzhi {
namespace {

using app::testing::kPassword;
using shuzhi::testing::Exchange;
using shuzhi::testing::HttpCall;
using shuzhi::testing::HttpResult;
namespace json = base::json;

class ApiSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = std::make_unique<app::testing::TestApp>();
    t_->AddUser("admin", {{core::Role::kAdmin, {}, {}, {}}});
    t_->AddUser("org1", {{core::Role::kOrganizer, 1, {}, {}}});
    t_->AddUser("org2", {{core::Role::kOrganizer, 2, {}, {}}});
    t_->AddUser("dep1", {{core::Role::kDeputy, {}, {}, t_->AddPerson("代表甲", 1)}});
    api_ = std::make_unique<http::Api>(t_->app(), http::ApiOptions{false, "test"});
    http::ServerOptions o;
    o.port = 0;
    o.io_threads = 2;
    o.workers = 4;
    o.body_limit = 64 * 1024;
    server_ = std::make_unique<http::Server>(*api_, o);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
  }

  void TearDown() override {
    server_->Stop();
    server_.reset();
    api_.reset();
    t_.reset();
  }

  struct Login {
    std::string cookie;
    std::string csrf;
  };

  HttpResult PostLogin(const std::string& user, const std::string& password) {
    return HttpCall(port_, "POST", "/api/v1/session",
                    json::serialize(json::object{{"username", user}, {"password", password}}),
                    {{"Content-Type", "application/json"}});
  }

  Login LogIn(const std::string& user) {
    HttpResult r = PostLogin(user, kPassword);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set = r.Header("set-cookie");
    return {set.substr(0, set.find(';')), std::string(json::parse(r.body).at("csrf_token").as_string())};
  }

  static std::string Code(const HttpResult& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    if (ec || !v.is_object() || !v.as_object().contains("error")) return "(no envelope: " + r.body + ")";
    return std::string(v.at("error").at("code").as_string());
  }

  std::unique_ptr<app::testing::TestApp> t_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ApiSocketTest, HealthAnswersWithoutLogin) {
  HttpResult r = HttpCall(port_, "GET", "/api/v1/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("status").as_string(), "ok");
  EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
}

TEST_F(ApiSocketTest, LoginMeLogout) {
  Login l = LogIn("org1");
  HttpResult me = HttpCall(port_, "GET", "/api/v1/me", "", {{"Cookie", l.cookie}});
  ASSERT_EQ(me.status, 200);
  auto body = json::parse(me.body);
  EXPECT_EQ(body.at("user").at("username").as_string(), "org1");
  EXPECT_EQ(body.at("user").at("roles").at(0).at("role").as_string(), "organizer");
  EXPECT_EQ(body.at("csrf_token").as_string(), l.csrf);

  HttpResult out = HttpCall(port_, "DELETE", "/api/v1/session", "", {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  // The old cookie is worthless after logout.
  HttpResult after = HttpCall(port_, "GET", "/api/v1/me", "", {{"Cookie", l.cookie}});
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(Code(after), "auth.unauthenticated");
}

TEST_F(ApiSocketTest, WrongPasswordThenThrottled) {
  HttpResult wrong = PostLogin("org1", "not-the-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Code(wrong), "auth.invalid_credentials");
  for (int i = 1; i < t_->app().options().login_failures_per_user; ++i) PostLogin("org1", "not-the-password");
  HttpResult locked = PostLogin("org1", kPassword);  // even the right password waits
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(Code(locked), "auth.throttled");
  EXPECT_FALSE(locked.Header("retry-after").empty());
  t_->clock().Advance(t_->app().options().throttle_window);
  EXPECT_EQ(PostLogin("org1", kPassword).status, 200);
}

TEST_F(ApiSocketTest, CsrfTokenAndOriginAreEnforced) {
  Login l = LogIn("org1");
  const std::string body =
      R"({"username":"newdep","display_name":"新代表","password":"password-9999","roles":[{"role":"reviewer","congress_id":1}]})";
  HttpResult no_token = HttpCall(port_, "POST", "/api/v1/users", body, {{"Cookie", l.cookie}});
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(Code(no_token), "csrf.token_invalid");
  HttpResult foreign = HttpCall(port_, "POST", "/api/v1/users", body,
                                {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}, {"Origin", "http://attacker.test"}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(Code(foreign), "csrf.origin_mismatch");
  HttpResult ok = HttpCall(
      port_, "POST", "/api/v1/users", body,
      {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}, {"Origin", "http://127.0.0.1:" + std::to_string(port_)}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // Nothing was created by the refused calls: exactly one user matches.
  HttpResult list = HttpCall(port_, "GET", "/api/v1/users?q=newdep", "", {{"Cookie", l.cookie}});
  EXPECT_EQ(json::parse(list.body).at("total").as_int64(), 1);
}

// Issue 18 item 7: the audit log filtered by person, action and day (China
// Standard Time, both days included), in words, and exported as filtered;
// malformed filters are refused naming the field.
TEST_F(ApiSocketTest, AuditLogIsFilteredInWordsAndExported) {
  t_->clock().Set(*base::ParseIso8601("2026-12-01T23:30:00+08:00"));
  LogIn("org1");
  t_->clock().Set(*base::ParseIso8601("2026-12-02T00:30:00+08:00"));
  Login admin = LogIn("admin");
  auto get = [&](const std::string& query) {
    return HttpCall(port_, "GET", "/api/v1/audit" + query, "", {{"Cookie", admin.cookie}});
  };

  json::value day1 = json::parse(get("?action=session.login&from=2026-12-01&to=2026-12-01").body);
  ASSERT_EQ(day1.at("total").as_int64(), 1) << json::serialize(day1);
  EXPECT_EQ(day1.at("items").at(0).at("actor").as_string(), "org1");
  EXPECT_EQ(day1.at("items").at(0).at("action_label").as_string(), "登录");
  EXPECT_EQ(json::parse(get("?action=session.&from=2026-12-02").body).at("total").as_int64(), 1);
  EXPECT_EQ(json::parse(get("?actor=admin&action=session.login").body).at("total").as_int64(), 1);
  json::value en = json::parse(get("?action=session.login&actor=admin&lang=en").body);
  EXPECT_EQ(en.at("items").at(0).at("action_label").as_string(), "Logged in");

  for (const char* bad : {"?from=2026-13-01", "?to=yesterday", "?action=DROP%20TABLE"}) {
    HttpResult r = get(bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(Code(r), "request.invalid") << bad;
  }
  HttpResult csv =
      HttpCall(port_, "GET", "/api/v1/audit/export?format=csv&action=session.login&from=2026-12-01&to=2026-12-01", "",
               {{"Cookie", admin.cookie}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find(",org1,登录,session.login,"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find("admin,登录"), std::string::npos) << "the other day's login is not exported";
  // Deputies and reviewers read neither the log nor its export.
  Login dep = LogIn("dep1");
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/audit/export", "", {{"Cookie", dep.cookie}}).status, 403);
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/audit/facets", "", {{"Cookie", dep.cookie}}).status, 403);
  json::value facets = json::parse(HttpCall(port_, "GET", "/api/v1/audit/facets", "", {{"Cookie", admin.cookie}}).body);
  EXPECT_GE(facets.at("actions").as_array().size(), 50u);
  EXPECT_GE(facets.at("actors").as_array().size(), 2u);
}

TEST_F(ApiSocketTest, SessionsExpireByTheClock) {
  Login l = LogIn("org1");
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/me", "", {{"Cookie", l.cookie}}).status, 200);
  t_->clock().Advance(t_->app().options().session_idle + base::kMicrosPerSecond);
  HttpResult r = HttpCall(port_, "GET", "/api/v1/me", "", {{"Cookie", l.cookie}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Code(r), "auth.session_expired");
}

TEST_F(ApiSocketTest, ScopesAreEnforcedWith403) {
  Login org2 = LogIn("org2");
  Login dep = LogIn("dep1");
  // A deputy manages nobody and reads no audit log.
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/users", "", {{"Cookie", dep.cookie}}).status, 403);
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/audit", "", {{"Cookie", dep.cookie}}).status, 403);
  // An organizer of congress 2 cannot see or reset a user of congress 1.
  Login admin = LogIn("admin");
  HttpResult found = HttpCall(port_, "GET", "/api/v1/users?q=dep1", "", {{"Cookie", admin.cookie}});
  const auto id = json::parse(found.body).at("items").at(0).at("id").as_int64();
  HttpResult get = HttpCall(port_, "GET", "/api/v1/users/" + std::to_string(id), "", {{"Cookie", org2.cookie}});
  EXPECT_EQ(get.status, 403);
  EXPECT_EQ(Code(get), "auth.forbidden");
  HttpResult reset =
      HttpCall(port_, "POST", "/api/v1/users/" + std::to_string(id) + "/password", R"({"new_password":"taken-over-1"})",
               {{"Cookie", org2.cookie}, {"X-CSRF-Token", org2.csrf}});
  EXPECT_EQ(reset.status, 403);
  EXPECT_EQ(PostLogin("dep1", kPassword).status, 200);  // the password did not change
}

TEST_F(ApiSocketTest, AResetPasswordMustBeChangedBeforeAnythingElse) {
  Login admin = LogIn("admin");
  HttpResult found = HttpCall(port_, "GET", "/api/v1/users?q=org1", "", {{"Cookie", admin.cookie}});
  const auto id = json::parse(found.body).at("items").at(0).at("id").as_int64();
  HttpResult reset =
      HttpCall(port_, "POST", "/api/v1/users/" + std::to_string(id) + "/password",
               R"({"new_password":"temporary-pass-1"})", {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}});
  ASSERT_EQ(reset.status, 204) << reset.body;
  HttpResult login = PostLogin("org1", "temporary-pass-1");
  ASSERT_EQ(login.status, 200);
  const std::string set = login.Header("set-cookie");
  const std::string cookie = set.substr(0, set.find(';'));
  const std::string csrf(json::parse(login.body).at("csrf_token").as_string());
  HttpResult blocked = HttpCall(port_, "GET", "/api/v1/users", "", {{"Cookie", cookie}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(Code(blocked), "auth.password_change_required");
  HttpResult me = HttpCall(port_, "GET", "/api/v1/me", "", {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200);
  EXPECT_TRUE(json::parse(me.body).at("user").at("must_change_password").as_bool());
  HttpResult change = HttpCall(port_, "PUT", "/api/v1/me/password",
                               R"({"current_password":"temporary-pass-1","new_password":"my-own-pass-1"})",
                               {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(change.status, 204) << change.body;
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/users", "", {{"Cookie", cookie}}).status, 200);
}

TEST_F(ApiSocketTest, BadInputGetsEnvelopes) {
  HttpResult malformed =
      HttpCall(port_, "POST", "/api/v1/session", "{\"username\":", {{"Content-Type", "application/json"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(Code(malformed), "request.malformed_json");
  HttpResult unknown = HttpCall(port_, "GET", "/api/v1/no-such-thing");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Code(unknown), "route.not_found");
  const std::string big(200 * 1024, 'x');
  HttpResult too_large = HttpCall(port_, "POST", "/api/v1/session", big, {{"Content-Type", "application/json"}});
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(Code(too_large), "request.too_large");
  // The server is still serving afterwards.
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/health").status, 200);
}

TEST_F(ApiSocketTest, WebShellIsServedWithSpaFallback) {
  HttpResult root = HttpCall(port_, "GET", "/", "", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(root.status, 200) << "the web UI is embedded by the build (make builds web/ first)";
  EXPECT_EQ(root.Header("content-encoding"), "gzip");
  EXPECT_EQ(root.Header("cache-control"), "no-cache");
  HttpResult route = HttpCall(port_, "GET", "/users");
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("<div id=\"app\""), std::string::npos);
  HttpResult missing = HttpCall(port_, "GET", "/assets/no-such-file.js");
  EXPECT_EQ(missing.status, 404);
  HttpResult again = HttpCall(port_, "GET", "/", "", {{"If-None-Match", root.Header("etag")}});
  EXPECT_EQ(again.status, 304);
}

// Splits a byte stream into replies by their Content-Length.
std::vector<std::pair<std::string, std::string>> Replies(const std::string& stream, bool head_only_first = false) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t at = 0;
  while (at < stream.size()) {
    const auto end = stream.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    std::string head = stream.substr(at, end + 4 - at);
    const auto cl = head.find("Content-Length: ");
    const std::size_t length = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 16));
    const bool no_body = head_only_first && out.empty();
    out.emplace_back(head, no_body ? "" : stream.substr(end + 4, length));
    at = end + 4 + (no_body ? 0 : length);
  }
  return out;
}

TEST_F(ApiSocketTest, RepliesAreFramedForKeepAliveHeadAndHttp10) {
  bool closed = false;
  // Two requests on one HTTP/1.1 connection: two complete replies, and the
  // connection stays open.
  const std::string get = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  auto replies = Replies(Exchange(port_, get + get, 300, &closed));
  ASSERT_EQ(replies.size(), 2u);
  for (const auto& [head, body] : replies) {
    EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
    EXPECT_NE(head.find("Server: shuzhi\r\n"), std::string::npos);
    EXPECT_NE(head.find("Content-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos);
    EXPECT_EQ(head.find("Connection:"), std::string::npos) << head;
    EXPECT_EQ(json::parse(body).at("status").as_string(), "ok") << body;
  }
  EXPECT_FALSE(closed);

  // HEAD: the length GET would send, no body; the next reply follows at once.
  const std::string head_req = "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n";
  replies = Replies(Exchange(port_, head_req + "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 300, &closed), true);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_NE(replies[0].first.find("Content-Length: " + std::to_string(replies[1].second.size()) + "\r\n"),
            std::string::npos)
      << replies[0].first;
  EXPECT_EQ(replies[0].first.rfind("HTTP/1.1 200 OK", 0), 0u) << replies[0].first;
  EXPECT_EQ(replies[1].first.rfind("HTTP/1.1 200 OK", 0), 0u) << replies[1].first;
  EXPECT_NE(replies[1].second.find("<div id=\"app\""), std::string::npos);

  // One reply whose head holds `expect`, then the server closes.
  auto one_then_closed = [&](const std::string& raw, const std::string& expect) {
    auto one = Replies(Exchange(port_, raw, 2000, &closed));
    ASSERT_EQ(one.size(), 1u);
    EXPECT_NE(one[0].first.find(expect), std::string::npos) << one[0].first;
    EXPECT_TRUE(closed);
  };
  // Connection: close is answered with it; HTTP/1.0 closes unless asked to
  // keep the connection.
  one_then_closed("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "Connection: close\r\n");
  one_then_closed("GET /api/v1/health HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\n");
  const std::string get10 = "GET /api/v1/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
  replies = Replies(Exchange(port_, get10 + get10, 300, &closed));
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_NE(replies[0].first.find("Connection: keep-alive\r\n"), std::string::npos) << replies[0].first;
  EXPECT_FALSE(closed);

  // An error reply is framed the same way.
  replies = Replies(Exchange(port_, "GET /api/v1/no-such-thing HTTP/1.1\r\nHost: x\r\n\r\n", 300, &closed));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].first.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << replies[0].first;
  EXPECT_EQ(Code({404, {}, replies[0].second}), "route.not_found");
}

// A header value can never end its header early: CR and LF become spaces.
// A chunked request whose trailer holds a field of 65,535 bytes or more made
// Beast throw and the process abort, without a login, on any route.
TEST_F(ApiSocketTest, LargeTrailersGet431OnEveryRouteAndTheServerLives) {
  for (const std::string target : {"/api/v1/health", "/api/v1/public/ballot/cast", "/api/v1/session"}) {
    bool closed = false;
    const std::string raw = "POST " + target +
                            " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-T: " +
                            std::string(65'535, 'a') + "\r\n\r\n";
    const std::string out = Exchange(port_, raw, 5000, &closed);
    EXPECT_EQ(out.rfind("HTTP/1.1 431 ", 0), 0u) << target << ": " << out.substr(0, 200);
    EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/health").status, 200) << target;
  }
}

TEST(ReplyHeadTest, HeaderValuesCannotSplitTheHead) {
  http::Response r;
  r.status = 201;
  r.SetHeader("Content-Disposition", "inline; filename=\"a\r\nSet-Cookie: x=1\"");
  r.SetHeader("X-Plain", "value");
  r.body = "{}";
  EXPECT_EQ(http::ReplyHead(r, 11, true),
            "HTTP/1.1 201 Created\r\nServer: shuzhi\r\n"
            "Content-Disposition: inline; filename=\"a  Set-Cookie: x=1\"\r\n"
            "X-Plain: value\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(http::ReplyHead(r, 11, false),
            "HTTP/1.1 201 Created\r\nServer: shuzhi\r\n"
            "Content-Disposition: inline; filename=\"a  Set-Cookie: x=1\"\r\n"
            "X-Plain: value\r\nConnection: close\r\nContent-Length: 2\r\n\r\n");
}

}  // namespace
}  // namespace shuzhi
