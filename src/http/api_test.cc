// The request pipeline without sockets: routing, error envelopes, CSRF,
// Origin, security headers. (tests/api repeats the important flows over a
// real socket.)
#include "http/api.h"

#include <gtest/gtest.h>

#include "app/testing/app_test_util.h"
#include "base/json.h"

namespace shuzhi::http {
namespace {

using app::testing::kPassword;
using app::testing::TestApp;
namespace json = base::json;

class ApiTest : public ::testing::Test {
 protected:
  ApiTest() : api_(t_.app(), {false, "test"}) { t_.AddUser("org", {{core::Role::kOrganizer, 1, {}, {}}}); }

  Response Call(const std::string& method, const std::string& target, const std::string& body = "",
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.headers = std::move(headers);
    r.headers.emplace_back("host", "127.0.0.1:8080");
    r.remote_address = "127.0.0.1";
    return api_.Handle(r);
  }

  // Logs in as `org`; returns {cookie header, csrf token}.
  std::pair<std::string, std::string> Login() {
    Response r = Call("POST", "/api/v1/session", R"({"username":"org","password":")" + std::string(kPassword) + "\"}");
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie(r.Header("Set-Cookie"));
    const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    return {cookie, std::string(json::parse(r.body).at("csrf_token").as_string())};
  }

  static std::string Code(const Response& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  }

  TestApp t_;
  Api api_;
};

TEST_F(ApiTest, HealthIsPublicAndInline) {
  Response r = Call("GET", "/api/v1/health");
  EXPECT_EQ(r.status, 200);
  auto body = json::parse(r.body);
  EXPECT_EQ(body.at("status").as_string(), "ok");
  EXPECT_EQ(body.at("database").as_string(), "sqlite");
  Request req;
  req.method = "GET";
  req.target = "/api/v1/health";
  EXPECT_FALSE(api_.NeedsPool(req));
  req.target = "/api/v1/me";
  EXPECT_TRUE(api_.NeedsPool(req));
}

TEST_F(ApiTest, UnknownRouteAndMethodGiveEnvelopes) {
  Response r = Call("GET", "/api/v1/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Code(r), "route.not_found");
  EXPECT_FALSE(json::parse(r.body).at("error").at("message").as_string().empty());
  Response m = Call("DELETE", "/api/v1/health");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(Code(m), "route.method_not_allowed");
}

TEST_F(ApiTest, MalformedJsonIs400InTheRequestLanguage) {
  Response zh = Call("POST", "/api/v1/session", "{not json");
  EXPECT_EQ(zh.status, 400);
  EXPECT_EQ(Code(zh), "request.malformed_json");
  EXPECT_EQ(json::parse(zh.body).at("error").at("message").as_string(), "请求内容不是有效的 JSON。");
  Response en = Call("POST", "/api/v1/session", "[1]", {{"accept-language", "en-US"}});
  EXPECT_EQ(Code(en), "request.invalid");
  Response missing = Call("POST", "/api/v1/session", R"({"username":"org"})");
  EXPECT_EQ(Code(missing), "request.invalid");
  EXPECT_EQ(json::parse(missing.body).at("error").at("details").at(0).at("field").as_string(), "password");
}

TEST_F(ApiTest, LoginSetsAStrictHttpOnlyCookie) {
  Response r = Call("POST", "/api/v1/session", R"({"username":"org","password":")" + std::string(kPassword) + "\"}");
  ASSERT_EQ(r.status, 200);
  const std::string cookie(r.Header("Set-Cookie"));
  EXPECT_EQ(cookie.rfind("shuzhi_session=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // no TLS here
  EXPECT_EQ(json::parse(r.body).at("user").at("username").as_string(), "org");
  Response bad = Call("POST", "/api/v1/session", R"({"username":"org","password":"nope-nope"})");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(Code(bad), "auth.invalid_credentials");
}

TEST_F(ApiTest, StateChangesNeedTheCsrfTokenAndOwnOrigin) {
  auto [cookie, csrf] = Login();
  const std::string body =
      R"({"username":"dep1","display_name":"代表","password":"password-1111","roles":[{"role":"reviewer","congress_id":1}]})";
  Response no_token = Call("POST", "/api/v1/users", body, {{"cookie", cookie}});
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(Code(no_token), "csrf.token_invalid");
  Response wrong = Call("POST", "/api/v1/users", body, {{"cookie", cookie}, {"x-csrf-token", "x" + csrf}});
  EXPECT_EQ(Code(wrong), "csrf.token_invalid");
  Response foreign = Call("POST", "/api/v1/users", body,
                          {{"cookie", cookie}, {"x-csrf-token", csrf}, {"origin", "http://evil.example"}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(Code(foreign), "csrf.origin_mismatch");
  Response ok = Call("POST", "/api/v1/users", body,
                     {{"cookie", cookie}, {"x-csrf-token", csrf}, {"origin", "http://127.0.0.1:8080"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // Reads need no token.
  Response list = Call("GET", "/api/v1/users?q=dep", "", {{"cookie", cookie}});
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body).at("total").as_int64(), 1);
}

TEST_F(ApiTest, WithoutSessionIs401) {
  Response r = Call("GET", "/api/v1/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Code(r), "auth.unauthenticated");
  Response bad_page = Call("GET", "/api/v1/users?page=0");
  EXPECT_EQ(bad_page.status, 401);  // authentication comes before validation
}

TEST_F(ApiTest, EveryResponseCarriesSecurityHeaders) {
  for (const auto& r : {Call("GET", "/api/v1/health"), Call("GET", "/api/v1/nope"), Call("GET", "/")}) {
    EXPECT_NE(r.Header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string_view::npos);
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer");
    EXPECT_FALSE(r.Header("X-Request-Id").empty());
  }
}

TEST(LoggablePathTest, TokensInPathsAreNotLogged) {
  EXPECT_EQ(LoggablePath("/api/v1/public/opinion-forms/Zx9-3kQv1mWQbT0aPp7uRg"), "/api/v1/public/opinion-forms/…");
  EXPECT_EQ(LoggablePath("/o/Zx9-3kQv1mWQbT0aPp7uRg"), "/o/…");
  EXPECT_EQ(LoggablePath("/api/v1/users/7"), "/api/v1/users/7");
  EXPECT_EQ(LoggablePath("/o/"), "/o/");
}

TEST_F(ApiTest, ValidationErrorsNameTheField) {
  auto [cookie, csrf] = Login();
  Response r = Call("GET", "/api/v1/users?page=abc", "", {{"cookie", cookie}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body).at("error").at("details").at(0).at("field").as_string(), "page");
  Response roles = Call("POST", "/api/v1/users",
                        R"({"username":"x1","display_name":"x","password":"password-1111","roles":[{"role":"king"}]})",
                        {{"cookie", cookie}, {"x-csrf-token", csrf}});
  EXPECT_EQ(roles.status, 400);
  EXPECT_EQ(json::parse(roles.body).at("error").at("details").at(0).at("field").as_string(), "roles[0].role");
}

}  // namespace
}  // namespace shuzhi::http
