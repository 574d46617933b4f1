// A campaign's dashboard: the phase timeline with today marked and each
// phase's tasks, report progress per group, and opinions received and
// answered for the reporting deputies. Read-only; for whoever may read the
// campaign (group leaders see their groups' figures only).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/campaign.h"

namespace shuzhi::app {

class App;

// Rectification measures of a group's deputies, by state.
struct MeasureCounts {
  std::int64_t total = 0, open = 0, done = 0, accepted = 0, returned = 0, overdue = 0;
};

struct GroupProgress {
  std::optional<std::int64_t> group_id;
  std::string group_name;
  std::map<std::string, std::int64_t> reports;  // not_started, draft, submitted, late, returned, accepted
  std::int64_t opinions_received = 0;
  std::int64_t opinions_answered = 0;
  MeasureCounts measures;
  std::int64_t feedback_due = 0;  // private results whose feedback talk is not recorded
};

struct Dashboard {
  core::CampaignSpec spec;
  core::CampaignState state = core::CampaignState::kDraft;
  std::string today;  // YYYY-MM-DD, China Standard Time
  std::vector<GroupProgress> groups;
};

Result<Dashboard> CampaignDashboard(App& app, const Actor& actor, std::int64_t campaign_id);

}  // namespace shuzhi::app
