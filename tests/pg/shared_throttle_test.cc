// Two `shuzhi serve` processes over one PostgreSQL enforce one limit
// (app/users/throttle_sharing.h): failed logins from one address, and wrong
// carrier codes from one address, spread over both servers, lock the
// address on both once together they pass the limit — where each server
// alone has seen only half of it — and a server started again still knows.
// argv[1] is the shuzhi binary; SHUZHI_TEST_PG_URL names the server.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include "http_client.h"
#include "serve_process.h"

namespace shuzhi::testing {
namespace {

using Clock = std::chrono::steady_clock;
std::string g_binary;
constexpr const char* kAdminPassword = "shared-throttle-admin";

// Failed logins allowed per address: 4, so 2 on each server stay under it
// on either alone. Wrong carrier codes: the server's 20 per address.
std::unique_ptr<ServeProcess> Start(const std::string& url) {
  ServeConfig config;
  config.binary = g_binary;
  config.args = {"--db", url, "--login-failures-per-address", "4", "--login-failures-per-user", "1000"};
  config.port = FreePort();
  config.log = "/tmp/shuzhi-shared-throttle-" + std::to_string(::getpid()) + "-" + std::to_string(config.port) + ".log";
  config.env = {{"SHUZHI_ADMIN_PASSWORD", kAdminPassword}};
  auto s = std::make_unique<ServeProcess>(config);
  EXPECT_TRUE(s->Start()) << "server on " << s->port() << " did not start; see " << s->log();
  return s;
}

int Login(std::uint16_t port, const std::string& password) {
  return HttpCall(port, "POST", "/api/v1/session", R"({"username":"admin","password":")" + password + R"("})",
                  {{"Content-Type", "application/json"}})
      .status;
}

HttpResult WrongCode(std::uint16_t port) {
  return HttpCall(port, "POST", "/api/v1/public/ballot/lookup", R"({"code":"NOT-A-CODE"})",
                  {{"Content-Type", "application/json"}});
}

// Logs in with the right password (which changes no count) until the
// address is refused; the seconds that took, or -1 after `limit_s`.
double SecondsUntilLocked(std::uint16_t port, double limit_s) {
  const auto start = Clock::now();
  for (;;) {
    const double waited = std::chrono::duration<double>(Clock::now() - start).count();
    if (Login(port, kAdminPassword) == 429) return waited;
    if (waited > limit_s) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

class SharedThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = std::getenv("SHUZHI_TEST_PG_URL") ? std::getenv("SHUZHI_TEST_PG_URL") : "";
    ASSERT_FALSE(url_.empty()) << "SHUZHI_TEST_PG_URL is not set; run through make test";
    PGconn* c = PQconnectdb(url_.c_str());
    PQclear(PQexec(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
    PQfinish(c);
    a_ = Start(url_);
    b_ = Start(url_);
  }
  void TearDown() override {
    if (a_) a_->Stop();
    if (b_) b_->Stop();
  }

  std::string url_;
  std::unique_ptr<ServeProcess> a_, b_;
};

TEST_F(SharedThrottleTest, TwoServersEnforceOneLimit) {
  ASSERT_TRUE(a_->running() && b_->running());
  // Ten wrong codes on each (each server alone: 10 of 20), then two failed
  // logins on each (alone: 2 of 4). Each server sends its counts in one
  // exchange, codes before logins, so once a server is refused a login it
  // holds the other's codes too.
  for (int i = 0; i < 10; ++i) {
    for (auto* s : {a_.get(), b_.get()}) {
      const auto r = WrongCode(s->port());
      ASSERT_EQ(r.status, 400) << r.body;
      ASSERT_NE(r.body.find("credential.malformed"), std::string::npos) << r.body;
    }
  }
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Login(a_->port(), "wrong-password"), 401);
    EXPECT_EQ(Login(b_->port(), "wrong-password"), 401);
  }
  const double a_locked = SecondsUntilLocked(a_->port(), 15);
  const double b_locked = SecondsUntilLocked(b_->port(), 15);
  ASSERT_GE(a_locked, 0) << "server A never counted B's failed logins";
  ASSERT_GE(b_locked, 0) << "server B never counted A's failed logins";
  std::printf("failed logins shared: A refused after %.2f s, B after %.2f s more\n", a_locked, b_locked);

  for (auto* s : {a_.get(), b_.get()}) {
    const auto r = WrongCode(s->port());
    EXPECT_EQ(r.status, 429) << r.body;
    EXPECT_NE(r.body.find("ballot.too_many_attempts"), std::string::npos) << r.body;
    EXPECT_FALSE(r.Header("retry-after").empty());
  }

  // The counts live in the database: a server started again still refuses.
  a_->Kill();
  ASSERT_TRUE(a_->Start());
  const double restarted = SecondsUntilLocked(a_->port(), 15);
  EXPECT_GE(restarted, 0) << "a restarted server forgot the failed logins";
  std::printf("a server killed and started again refused the address after %.2f s\n", restarted);
}

}  // namespace
}  // namespace shuzhi::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: shared_throttle_test SHUZHI\n");
    return 2;
  }
  shuzhi::testing::g_binary = argv[1];
  return RUN_ALL_TESTS();
}
