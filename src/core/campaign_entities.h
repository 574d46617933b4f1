// A campaign as stored (its plan encoded as JSON in `spec`) and a deputy's
// entry on its reporting list. Plain values shared by storage and app; the
// plan itself is core::CampaignSpec (core/campaign.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "core/campaign.h"

namespace shuzhi::core {

struct Campaign {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;  // the organizing congress
  int year = 0;
  std::string title;
  std::string template_code;
  CampaignState state = CampaignState::kDraft;
  std::string spec;  // JSON
  base::Micros created_at = 0;
  base::Micros updated_at = 0;
  std::vector<std::int64_t> group_ids;  // the groups it covers
};

struct CampaignDeputy {
  std::int64_t campaign_id = 0;
  std::int64_t deputy_id = 0;
  std::optional<std::int64_t> group_id;
  std::string source;  // "rotation" or "manual"
  std::optional<std::string> confirmed_by;
  std::optional<base::Micros> confirmed_at;
};

}  // namespace shuzhi::core
