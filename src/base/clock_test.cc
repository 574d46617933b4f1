#include "base/clock.h"

#include <gtest/gtest.h>

namespace shuzhi::base {
namespace {

TEST(ClockTest, FormatsChinaStandardTime) {
  // 2026-11-20T15:59:59Z is 23:59:59 on 20 November in Beijing.
  const auto t = ParseIso8601("2026-11-20T15:59:59Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatCst(*t), "2026-11-20T23:59:59+08:00");
  EXPECT_EQ(ParseIso8601("2026-11-20T23:59:59+08:00"), t);
}

TEST(ClockTest, RejectsMalformed) {
  EXPECT_FALSE(ParseIso8601("2026-11-20").has_value());
  EXPECT_FALSE(ParseIso8601("2026-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(ParseIso8601("2026-11-20T24:00:00Z").has_value());
  EXPECT_FALSE(ParseIso8601("2026-11-20T10:00:00+0800").has_value());
}

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock c(1000);
  EXPECT_EQ(c.Now(), 1000);
  c.Advance(500);
  EXPECT_EQ(c.Now(), 1500);
  EXPECT_GT(SystemClock().Now(), 1'700'000'000LL * kMicrosPerSecond);
}

}  // namespace
}  // namespace shuzhi::base
