#include "core/workbench.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

base::Micros At(const char* iso) { return *base::ParseIso8601(iso); }

TEST(WorkbenchCalendarTest, TodayIsTheChinaStandardTimeDay) {
  // 2026-11-20 00:30 in Beijing is still the 19th in UTC.
  const auto day = CstDay(At("2026-11-20T00:30:00+08:00"));
  EXPECT_EQ(day.from, At("2026-11-20T00:00:00+08:00"));
  EXPECT_EQ(day.to, At("2026-11-21T00:00:00+08:00"));
  EXPECT_EQ(CstDay(At("2026-11-19T23:59:59+08:00")).to, day.from);
  EXPECT_EQ(CstDay(At("2026-11-19T16:00:00Z")).from, day.from);
}

TEST(WorkbenchCalendarTest, TheWeekRunsMondayToSunday) {
  // 2026-11-20 is a Friday; its week is Monday 16th to Sunday 22nd.
  const auto week = CstWeek(At("2026-11-20T10:00:00+08:00"));
  EXPECT_EQ(week.from, At("2026-11-16T00:00:00+08:00"));
  EXPECT_EQ(week.to, At("2026-11-23T00:00:00+08:00"));
  EXPECT_EQ(CstWeek(At("2026-11-16T00:00:00+08:00")).from, week.from);
  EXPECT_EQ(CstWeek(At("2026-11-22T23:59:59+08:00")).from, week.from);
  EXPECT_EQ(CstWeek(At("2026-11-23T00:00:00+08:00")).from, week.to);
  // Before 1970 too.
  EXPECT_EQ(CstWeek(At("1969-12-31T12:00:00+08:00")).from, At("1969-12-29T00:00:00+08:00"));
}

TEST(WorkbenchCalendarTest, DaysLeftCountsCalendarDaysInBeijing) {
  EXPECT_EQ(DaysLeft(At("2026-11-20T23:59:00+08:00"), "2026-11-20"), 0);
  EXPECT_EQ(DaysLeft(At("2026-11-19T23:59:00+08:00"), "2026-11-20"), 1);
  // 16:30 UTC on the 19th is already the 20th in Beijing.
  EXPECT_EQ(DaysLeft(At("2026-11-19T16:30:00Z"), "2026-11-20"), 0);
  EXPECT_EQ(DaysLeft(At("2026-11-01T09:00:00+08:00"), "2026-11-20"), 19);
  EXPECT_EQ(DaysLeft(At("2026-11-22T09:00:00+08:00"), "2026-11-20"), -2);
  EXPECT_EQ(DaysLeft(At("2026-11-22T09:00:00+08:00"), "not a date"), 0);
}

}  // namespace
}  // namespace shuzhi::core
