// Inside the demo library: the meetings it holds — the committee's
// (plan 1, announced) and a group's (plan 2, private, phones and paper) —
// through the same services the console and the phones use.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/actor.h"
#include "base/clock.h"

namespace shuzhi::app {

class App;

namespace demo_detail {

// What happens at a meeting is dated at the meeting — the polls' opening
// and closing, the signed results, their audit entries — not at the moment
// the server seeded the demo: the meetings run on an App of their own
// over the same store, whose clock stands at the meeting.
struct HeldMeetings {
  App& held;
  base::FakeClock& clock;
  const Actor& system;
  int year;
  std::string y;  // the year as text, for titles and dates
  // Last year's meeting: the committee was less unanimous, so that each
  // city deputy's duty record shows a trend.
  bool earlier = false;
};

// The moment an ISO 8601 text names (the demo's own, always valid).
Micros At(const std::string& iso);

// Plan 1: the standing committee evaluates the city deputies; announced.
Status SeedCommitteeMeeting(HeldMeetings& m, std::int64_t committee);

// Plan 2: the group's voter representatives, private, phones and paper.
// Returns the poll and its deputies.
Result<std::pair<std::int64_t, std::vector<std::int64_t>>> SeedGroupMeeting(HeldMeetings& m, std::int64_t voter,
                                                                            std::int64_t group);

}  // namespace demo_detail
}  // namespace shuzhi::app
