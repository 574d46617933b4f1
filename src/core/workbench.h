// The calendar of the home page's workbench (app/home/workbench.h): today
// and this week as China Standard Time sees them (DESIGN.md §4), and the
// days left until a report's deadline. Pure; no I/O.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/clock.h"

namespace shuzhi::core {

// [from, to): the moments of a span of days, midnight to midnight in UTC+8.
struct CstSpan {
  base::Micros from = 0, to = 0;
};

// The day that holds `now`.
CstSpan CstDay(base::Micros now);
// The week that holds `now`, Monday to Sunday (as Chinese calendars and
// offices count weeks).
CstSpan CstWeek(base::Micros now);

// Whole days from the day holding `now` to `deadline_date` (YYYY-MM-DD):
// 0 on the day itself, 1 the day before, negative once it has passed (-1
// the day after). 0 for a date that does not parse.
std::int64_t DaysLeft(base::Micros now, std::string_view deadline_date);

}  // namespace shuzhi::core
