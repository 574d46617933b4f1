// What the ballot benchmarks set up the same way: the demo's committee
// campaign, and a meeting with one open poll on one sheet for its deputies,
// with phone carriers handed out and a ballot body ready for each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/app.h"
#include "base/clock.h"

namespace shuzhi::bench {

// The demo's active committee campaign (seeding the demo first when the
// database has none), or exits.
std::int64_t CommitteeCampaign(app::App& app, const app::Actor& admin);

// The app over a benchmark's store (fast password hashing: the demo's
// accounts are not what is measured), an administrator acting, and the
// committee campaign.
struct BenchApp {
  explicit BenchApp(storage::Store& store);
  base::SystemClock clock;
  app::App app;
  app::Actor admin{0, "bench", {{core::Role::kAdmin, {}, {}, {}}}};
  std::int64_t campaign = 0;
};

struct PreparedPoll {
  std::int64_t meeting = 0, poll = 0;
  std::string projector_token;
  std::vector<std::int64_t> deputies;
  std::vector<std::string> bodies;  // one JSON ballot per carrier, each with its own code and choices
};

// A meeting titled `label` and its poll, opened, with `ballots` phone
// carriers made and bodies for them, and `ballots + extra` evaluators seated
// and carriers recorded as handed out (`extra` for ballots written straight
// into the store). Exits on a failure.
PreparedPoll PreparePoll(app::App& app, storage::Store& store, const app::Actor& admin, std::int64_t campaign,
                         const std::string& label, int ballots, std::int64_t extra);

}  // namespace shuzhi::bench
