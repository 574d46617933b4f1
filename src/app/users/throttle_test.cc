#include "app/users/throttle.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/users/throttle_sharing.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

TEST(ThrottleTest, LocksAfterLimitWithinWindowThenReleases) {
  base::FakeClock clock;
  FailureThrottle t(clock, 60 * base::kMicrosPerSecond);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfterSeconds("k", 3), 0);
    t.RecordFailure("k");
    clock.Advance(base::kMicrosPerSecond);
  }
  const auto wait = t.RetryAfterSeconds("k", 3);
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 60);
  EXPECT_EQ(t.RetryAfterSeconds("other", 3), 0);  // keys are independent
  clock.Advance(wait * base::kMicrosPerSecond);
  EXPECT_EQ(t.RetryAfterSeconds("k", 3), 0);
}

TEST(ThrottleTest, ClearForgetsFailures) {
  base::FakeClock clock;
  FailureThrottle t(clock, 60 * base::kMicrosPerSecond);
  t.RecordFailure("k");
  t.RecordFailure("k");
  t.Clear("k");
  t.RecordFailure("k");
  EXPECT_EQ(t.RetryAfterSeconds("k", 2), 0);
}

// Two servers over one database, each with its throttle and its sharing
// (exchanged by hand here; a thread does it every second in production).
class SharedThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("shuzhi-throttle-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    store_ = storage::OpenStore({dir_.string(), "", 2}).value();
    a_sharing_ = std::make_unique<ThrottleSharing>(*store_, clock_, std::vector<FailureThrottle*>{&a_}, 0);
    b_sharing_ = std::make_unique<ThrottleSharing>(*store_, clock_, std::vector<FailureThrottle*>{&b_}, 0);
  }
  void TearDown() override {
    a_sharing_.reset();
    b_sharing_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void ExchangeAll() {
    ASSERT_TRUE(a_sharing_->Exchange().ok());
    ASSERT_TRUE(b_sharing_->Exchange().ok());
    ASSERT_TRUE(a_sharing_->Exchange().ok());
  }
  std::size_t Rows() {
    std::size_t n = 0;
    EXPECT_TRUE(store_
                    ->Read([&](storage::Tx& tx) -> base::Status {
                      SHUZHI_ASSIGN_OR_RETURN(auto rows, tx.throttle().Since(0, 1000));
                      n = rows.size();
                      return base::Ok();
                    })
                    .ok());
    return n;
  }

  static constexpr base::Micros kWindow = 60 * base::kMicrosPerSecond;
  std::filesystem::path dir_;
  base::FakeClock clock_;
  std::unique_ptr<storage::Store> store_;
  FailureThrottle a_{clock_, kWindow, "login"}, b_{clock_, kWindow, "login"};
  std::unique_ptr<ThrottleSharing> a_sharing_, b_sharing_;
};

TEST_F(SharedThrottleTest, TwoServersEnforceOneLimit) {
  a_.RecordFailure("k");
  a_.RecordFailure("k");
  b_.RecordFailure("k");
  b_.RecordFailure("k");
  // Alone each has 2 of 3: what the servers did before sharing.
  EXPECT_EQ(a_.RetryAfterSeconds("k", 3), 0);
  EXPECT_EQ(b_.RetryAfterSeconds("k", 3), 0);
  ExchangeAll();
  EXPECT_GT(a_.RetryAfterSeconds("k", 3), 0);
  EXPECT_GT(b_.RetryAfterSeconds("k", 3), 0);
  EXPECT_EQ(a_.RetryAfterSeconds("k", 5), 0);
  EXPECT_EQ(a_.RetryAfterSeconds("other", 1), 0);
  EXPECT_EQ(Rows(), 4u) << "each failure stored once";
  // A failure counts at once on its own server, before any exchange.
  b_.RecordFailure("k");
  EXPECT_GT(b_.RetryAfterSeconds("k", 5), 0);
  EXPECT_EQ(a_.RetryAfterSeconds("k", 5), 0);
  ExchangeAll();
  EXPECT_GT(a_.RetryAfterSeconds("k", 5), 0);
}

TEST_F(SharedThrottleTest, AClearReachesEveryServer) {
  a_.RecordFailure("k");
  a_.RecordFailure("k");
  ExchangeAll();
  EXPECT_GT(b_.RetryAfterSeconds("k", 2), 0);
  b_.Clear("k");  // a login that succeeded on B
  EXPECT_EQ(b_.RetryAfterSeconds("k", 2), 0);
  ExchangeAll();
  EXPECT_EQ(a_.RetryAfterSeconds("k", 1), 0);
  EXPECT_EQ(Rows(), 0u);
}

TEST_F(SharedThrottleTest, RowsLeaveWithTheWindow) {
  a_.RecordFailure("k");
  ExchangeAll();
  EXPECT_EQ(Rows(), 1u);
  clock_.Advance(kWindow + 1);
  EXPECT_EQ(a_.RetryAfterSeconds("k", 1), 0);
  ExchangeAll();
  EXPECT_EQ(Rows(), 0u);
}

// What happens during an exchange stays: a failure recorded after the
// outbox was taken still counts, a key cleared after it stays cleared.
TEST(ThrottleTest, AnExchangeKeepsWhatHappenedMeanwhile) {
  base::FakeClock clock;
  FailureThrottle t(clock, 60 * base::kMicrosPerSecond, "login");
  t.StartSharing();
  t.RecordFailure("k");
  auto out = t.Pending();
  ASSERT_EQ(out.failures.size(), 1u);
  t.RecordFailure("k");
  t.Replace({{"k", {out.failures[0].second}}}, out.upto);
  EXPECT_GT(t.RetryAfterSeconds("k", 2), 0) << "one from the database, one still pending";
  EXPECT_EQ(t.Pending().failures.size(), 1u);

  out = t.Pending();
  t.Clear("cleared");
  t.Replace({{"cleared", {clock.Now()}}}, out.upto);
  EXPECT_EQ(t.RetryAfterSeconds("cleared", 1), 0);
  EXPECT_EQ(t.Pending().cleared, std::vector<std::string>{"cleared"}) << "the clear still goes out";
}

}  // namespace
}  // namespace shuzhi::app
