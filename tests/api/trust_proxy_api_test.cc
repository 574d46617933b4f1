// `serve --trust-proxy CIDR` against the real binary: X-Forwarded-For and
// X-Forwarded-Proto from a peer outside the trusted networks change
// nothing (the login throttle counts the peer, the cookie stays plain, an
// https Origin is refused, the log shows the peer); from a trusted peer the
// client is the right-most untrusted address of X-Forwarded-For (the
// throttle counts it, the log shows it) and X-Forwarded-Proto: https makes
// the session cookie __Host- and Secure and adds Strict-Transport-Security,
// as TLS to the server itself would.
//
// The test's connections come from 127.0.0.1: the "untrusted" server
// trusts 192.0.2.0/24 only, the trusted one names its networks in a TOML
// configuration file (a list, as an administrator writes it).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/json.h"
#include "http_client.h"
#include "serve_process.h"

namespace shuzhi {
namespace {

namespace fs = std::filesystem;
using testing::HttpCall;
using testing::HttpResult;

constexpr const char* kAdminPassword = "trust-proxy-admin-pass";

class TrustProxyApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / ("shuzhi-trust-proxy-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(work_);
    fs::create_directories(work_);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(work_);
  }

  // A server with a low per-address login limit (3) and a high per-user one.
  void Start(std::vector<std::string> args) {
    testing::ServeConfig config;
    config.binary = SHUZHI_BIN;
    config.args = {"--data", (work_ / "data").string(),   "--log-file", log(), "--login-failures-per-address",
                   "3",      "--login-failures-per-user", "1000"};
    config.args.insert(config.args.end(), args.begin(), args.end());
    config.port = testing::FreePort();
    config.log = (work_ / "serve.out").string();
    config.env = {{"SHUZHI_ADMIN_PASSWORD", kAdminPassword}};
    server_ = std::make_unique<testing::ServeProcess>(config);
    ASSERT_TRUE(server_->Start()) << "see " << config.log;
  }

  std::string log() const { return (work_ / "server.log").string(); }

  HttpResult Login(const std::string& password, std::vector<std::pair<std::string, std::string>> headers) {
    headers.emplace_back("Content-Type", "application/json");
    return HttpCall(server_->port(), "POST", "/api/v1/session",
                    R"({"username":"admin","password":")" + password + R"("})", headers);
  }

  // A failed login that the client says came from `client`.
  int FailFrom(const std::string& forwarded_for) {
    return Login("wrong-password", {{"X-Forwarded-For", forwarded_for}}).status;
  }

  std::string Log() const {
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the log flushes at least every second
    std::ifstream in(log());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path work_;
  std::unique_ptr<testing::ServeProcess> server_;
};

TEST_F(TrustProxyApiTest, HeadersFromAnUntrustedPeerAreIgnored) {
  Start({"--trust-proxy", "192.0.2.0/24"});
  const auto login = Login(kAdminPassword, {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = login.Header("set-cookie");
  EXPECT_EQ(cookie.rfind("shuzhi_session=", 0), 0u) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;
  EXPECT_TRUE(login.Header("strict-transport-security").empty());
  // An https Origin is not this plain-HTTP server's, whatever the header says.
  const auto logout = HttpCall(server_->port(), "DELETE", "/api/v1/session", "",
                               {{"Cookie", cookie.substr(0, cookie.find(';'))},
                                {"Origin", "https://127.0.0.1:" + std::to_string(server_->port())},
                                {"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(logout.status, 403);
  EXPECT_NE(logout.body.find("csrf.origin_mismatch"), std::string::npos) << logout.body;

  // Three failures "from" three addresses are three from 127.0.0.1: the
  // fourth, from a fourth address, is throttled.
  EXPECT_EQ(FailFrom("203.0.113.1"), 401);
  EXPECT_EQ(FailFrom("203.0.113.2"), 401);
  EXPECT_EQ(FailFrom("203.0.113.3"), 401);
  EXPECT_EQ(FailFrom("203.0.113.4"), 429);
  const std::string text = Log();
  EXPECT_NE(text.find("POST /api/v1/session 401"), std::string::npos);
  EXPECT_EQ(text.find("203.0.113."), std::string::npos) << "a spoofed address reached the log";
  EXPECT_NE(text.find(" 127.0.0.1\n"), std::string::npos);
}

TEST_F(TrustProxyApiTest, ATrustedProxySpeaksForTheClient) {
  // What an administrator writes: a list in the configuration file.
  const std::string config = (work_ / "shuzhi.toml").string();
  std::ofstream(config) << "trust-proxy = [\"10.0.0.0/8\", \"127.0.0.0/8\", \"fd00::/8\"]\n";
  Start({"--config", config});

  const auto login = Login(kAdminPassword, {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.9"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = login.Header("set-cookie");
  EXPECT_EQ(cookie.rfind("__Host-shuzhi_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_EQ(login.Header("strict-transport-security"), "max-age=31536000");
  const std::string session = cookie.substr(0, cookie.find(';'));
  const auto me =
      HttpCall(server_->port(), "GET", "/api/v1/me", "", {{"Cookie", session}, {"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(me.status, 200) << me.body;
  const std::string csrf(base::json::parse(me.body).at("csrf_token").as_string());
  // The browser's Origin is https://host: through the balancer, that is this server.
  const auto logout = HttpCall(server_->port(), "DELETE", "/api/v1/session", "",
                               {{"Cookie", session},
                                {"X-CSRF-Token", csrf},
                                {"Origin", "https://127.0.0.1:" + std::to_string(server_->port())},
                                {"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(logout.status, 204) << logout.body;

  // Each client address has its own count; a spoofed left part does not
  // change who the right-most untrusted address is, and the balancer's own
  // hops (10.x) are skipped.
  EXPECT_EQ(FailFrom("203.0.113.1"), 401);
  EXPECT_EQ(FailFrom("192.0.2.50, 203.0.113.1"), 401);
  EXPECT_EQ(FailFrom("203.0.113.1, 10.1.2.3"), 401);
  EXPECT_EQ(FailFrom("203.0.113.1"), 429) << "the fourth failure of 203.0.113.1";
  EXPECT_EQ(FailFrom("203.0.113.1, 203.0.113.2"), 401) << "203.0.113.2 is a client of its own";
  EXPECT_EQ(FailFrom("203.0.113.2, 203.0.113.1"), 429) << "the right-most untrusted address is 203.0.113.1";
  const std::string text = Log();
  EXPECT_NE(text.find("POST /api/v1/session 429"), std::string::npos);
  EXPECT_NE(text.find(" 203.0.113.1\n"), std::string::npos);
  EXPECT_NE(text.find(" 203.0.113.2\n"), std::string::npos);
  EXPECT_EQ(text.find("192.0.2.50"), std::string::npos) << "the spoofed left part reached the log";
  EXPECT_NE(text.find("believing X-Forwarded-For and X-Forwarded-Proto from 10.0.0.0/8, 127.0.0.0/8, fd00::/8"),
            std::string::npos);
}

TEST_F(TrustProxyApiTest, ABadNetworkStopsTheServerFromStarting) {
  testing::ServeConfig config;
  config.binary = SHUZHI_BIN;
  config.args = {"--data", (work_ / "data").string(), "--trust-proxy", "10.1.2.3/8"};
  config.port = testing::FreePort();
  config.log = (work_ / "serve.out").string();
  testing::ServeProcess bad(config);
  EXPECT_FALSE(bad.Start(20'000));
  std::ifstream in(config.log);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("cli.bad_trust_proxy"), std::string::npos) << text.str();
}

}  // namespace
}  // namespace shuzhi
