// Campaign records and their repository (see store.h for transaction and
// threading rules). The campaign's plan is stored as one JSON document
// (`spec`) that the app layer encodes and decodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/campaign_entities.h"

namespace shuzhi::storage {

using CampaignRecord = core::Campaign;  // core/campaign_entities.h
using CampaignDeputyRecord = core::CampaignDeputy;

class CampaignRepo {
 public:
  virtual ~CampaignRepo() = default;
  virtual base::Result<std::int64_t> Insert(const CampaignRecord& r) = 0;
  // Writes everything but id and created_at, and replaces the group list.
  virtual base::Status Update(const CampaignRecord& r) = 0;
  virtual base::Result<std::optional<CampaignRecord>> Find(std::int64_t id) = 0;
  // Newest year first; `congress_id` narrows.
  virtual base::Result<std::vector<CampaignRecord>> List(std::optional<std::int64_t> congress_id) = 0;

  // conflict "campaign.deputy_listed" when the deputy is already listed.
  virtual base::Status AddDeputy(const CampaignDeputyRecord& r) = 0;
  virtual base::Status UpdateDeputy(const CampaignDeputyRecord& r) = 0;
  virtual base::Status RemoveDeputy(std::int64_t campaign_id, std::int64_t deputy_id) = 0;
  virtual base::Result<std::vector<CampaignDeputyRecord>> ListDeputies(std::int64_t campaign_id) = 0;
};

}  // namespace shuzhi::storage
