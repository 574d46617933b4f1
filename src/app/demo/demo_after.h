// Inside the demo library: what follows the first group's private meeting —
// feedback talks and rectification measures in every state — so that a new
// user finds those pages filled.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/actor.h"

namespace shuzhi::app {

class App;

// `held` runs on `clock` (standing after the meeting; it is moved on as the
// weeks pass). `deputies` are the poll's; `skip` (the demo deputy) is left
// alone, for the user who logs in as them to do it all.
Status SeedAfterMeeting(App& held, base::FakeClock& clock, std::int64_t poll, const std::vector<std::int64_t>& deputies,
                        std::int64_t skip, std::int64_t town, std::int64_t group);

}  // namespace shuzhi::app
