#include "core/workbench.h"

#include <string>

namespace shuzhi::core {
namespace {

constexpr base::Micros kDay = 86400LL * base::kMicrosPerSecond;
constexpr base::Micros kCstOffset = 8 * 3600LL * base::kMicrosPerSecond;

// Days since 1970-01-01 (a Thursday) of the UTC+8 day holding `t`.
std::int64_t CstDayNumber(base::Micros t) {
  const base::Micros local = t + kCstOffset;
  return local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
}

}  // namespace

CstSpan CstDay(base::Micros now) {
  const base::Micros from = CstDayNumber(now) * kDay - kCstOffset;
  return {from, from + kDay};
}

CstSpan CstWeek(base::Micros now) {
  const std::int64_t day = CstDayNumber(now);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const std::int64_t weekday = ((day + 3) % 7 + 7) % 7;
  const base::Micros from = (day - weekday) * kDay - kCstOffset;
  return {from, from + 7 * kDay};
}

std::int64_t DaysLeft(base::Micros now, std::string_view deadline_date) {
  const auto start = base::ParseIso8601(std::string(deadline_date) + "T00:00:00+08:00");
  if (!start) return 0;
  return CstDayNumber(*start) - CstDayNumber(now);
}

}  // namespace shuzhi::core
