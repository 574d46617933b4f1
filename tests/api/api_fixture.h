// An in-process server on a free loopback port over a fresh SQLite store
// with a fake clock, and helpers to log in and call it over the socket.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/testing/app_test_util.h"
#include "base/json.h"
#include "http/api.h"
#include "http/server.h"
#include "http_client.h"

namespace shuzhi::testing {

namespace json = base::json;

class ApiFixture : public ::testing::Test {
 protected:
  struct Login {
    std::string cookie;
    std::string csrf;
  };

  void StartServer() {
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

  void SetUp() override { t_ = std::make_unique<app::testing::TestApp>(app_options_); }

  void TearDown() override {
    if (server_) server_->Stop();
    server_.reset();
    api_.reset();
    t_.reset();
  }

  HttpResult PostLogin(const std::string& user, const std::string& password) {
    return HttpCall(port_, "POST", "/api/v1/session",
                    json::serialize(json::object{{"username", user}, {"password", password}}),
                    {{"Content-Type", "application/json"}});
  }

  Login LogIn(const std::string& user, const std::string& password = app::testing::kPassword) {
    HttpResult r = PostLogin(user, password);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set = r.Header("set-cookie");
    boost::system::error_code ec;
    auto body = json::parse(r.body, ec);
    if (ec) return {};
    return {set.substr(0, set.find(';')), std::string(body.at("csrf_token").as_string())};
  }

  HttpResult Get(const Login& l, const std::string& target) {
    return HttpCall(port_, "GET", target, "", {{"Cookie", l.cookie}});
  }
  HttpResult Send(const Login& l, const std::string& method, const std::string& target, const std::string& body,
                  const std::string& type = "application/json") {
    return HttpCall(port_, method, target, body,
                    {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}, {"Content-Type", type}});
  }

  static json::value Json(const HttpResult& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    return ec ? json::value(nullptr) : v;
  }

  static std::string Code(const HttpResult& r) {
    auto v = Json(r);
    if (!v.is_object() || !v.as_object().contains("error")) return "(no envelope: " + r.body.substr(0, 200) + ")";
    return std::string(v.at("error").at("code").as_string());
  }

  app::AppOptions app_options_;  // what a subclass sets before SetUp
  std::unique_ptr<app::testing::TestApp> t_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

}  // namespace shuzhi::testing
