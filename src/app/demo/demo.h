// Demo data for `shuzhi serve --demo` (fictional names): the settings of the
// two seed plans.
//   Plan A — 临川县人民代表大会 and its standing committee (25 members), and
//   the 12 city deputies elected by the county, with plan 1's occupation mix.
//   Plan B — 洞桥镇人民代表大会 (15th term) with three deputy groups mixing
//   district (江北区, 11th term) and town deputies, some holding both, ~30
//   voter representatives each, the first year of the rotation (2025) reported.
// Plus the demo accounts: organizer, reviewer, leader, deputy. From
// kThisYear on, both seed campaigns of the current year too: the
// reporting lists from the rotation plans, reports in every state (not
// started, draft, submitted, late, returned, accepted) and opinions from
// visits and forums; the `deputy` account's own report is left to write;
// and three reporting meetings: the committee's, finished and announced;
// the first group's, finished and private with phone and paper ballots; the
// second group's, scheduled and ready to run from the console. With
// kWithLastYear (what `serve --demo` seeds), also last year's committee
// campaign, held, closed and archived with one archive of the whole
// campaign, so that the annual assessment and the duty records have two
// years; tests that need only this year leave it out (its archive's PDFs
// are slow under the sanitizers).
#pragma once

#include <string>

#include "app/actor.h"

namespace shuzhi::app {

class App;

struct DemoResult {
  bool registry_created = false;
  int accounts_created = 0;
  int campaigns_created = 0;
};

enum class DemoScope { kRegistry, kThisYear, kWithLastYear };

// Adds what does not exist yet; safe to call on every start.
Result<DemoResult> SeedDemo(App& app, const std::string& password, DemoScope scope);

}  // namespace shuzhi::app
