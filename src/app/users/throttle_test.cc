#include "app/users/throttle.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace shuzhi::app
