#include "http/router.h"

#include <gtest/gtest.h>

namespace shuzhi::http {
namespace {

Handler Named(std::string name) {
  return [name](RouteContext&) {
    Response r;
    r.body = name;
    return r;
  };
}

TEST(RouterTest, MatchesMethodPathAndParams) {
  Router r;
  r.Add({"GET", "/api/v1/users", Access::kSession, false, Named("list")});
  r.Add({"GET", "/api/v1/users/{id}", Access::kSession, false, Named("get")});
  r.Add({"POST", "/api/v1/users/{id}/password", Access::kSession, false, Named("reset")});

  auto m = r.Find("GET", "/api/v1/users/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/users/{id}");
  EXPECT_EQ(m.params.at("id"), "42");

  EXPECT_EQ(r.Find("GET", "/api/v1/users").route->pattern, "/api/v1/users");
  auto reset = r.Find("POST", "/api/v1/users/7/password");
  ASSERT_NE(reset.route, nullptr);
  EXPECT_EQ(reset.params.at("id"), "7");

  auto wrong_method = r.Find("DELETE", "/api/v1/users/7");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_TRUE(wrong_method.method_mismatch);
  auto none = r.Find("GET", "/api/v1/nothing");
  EXPECT_EQ(none.route, nullptr);
  EXPECT_FALSE(none.method_mismatch);
  EXPECT_EQ(r.Find("GET", "/api/v1/users/").route, nullptr);
}

TEST(RequestTest, QueryCookiesAndHeaders) {
  Request req;
  req.target = "/api/v1/users?q=%E7%8E%8B&page=2";
  req.headers = {{"cookie", "a=1; shuzhi_session=abc; b=2"}, {"accept-language", "en"}};
  EXPECT_EQ(req.Path(), "/api/v1/users");
  EXPECT_EQ(req.Query("q"), "王");
  EXPECT_EQ(req.Query("page"), "2");
  EXPECT_EQ(req.Query("missing"), "");
  EXPECT_EQ(req.Cookie("shuzhi_session"), "abc");
  EXPECT_EQ(req.Cookie("shuzhi"), "");
  EXPECT_EQ(req.Header("Accept-Language"), "en");
}

}  // namespace
}  // namespace shuzhi::http
