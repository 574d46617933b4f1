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

namespace shuzhi::storage {

struct CampaignRecord {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;  // the organizing congress
  int year = 0;
  std::string title;
  std::string template_code;
  std::string state = "draft";
  std::string spec;  // JSON
  base::Micros created_at = 0;
  base::Micros updated_at = 0;
  std::vector<std::int64_t> group_ids;  // the groups it covers
};

struct CampaignDeputyRecord {
  std::int64_t campaign_id = 0;
  std::int64_t deputy_id = 0;
  std::optional<std::int64_t> group_id;
  std::string source;  // "rotation" or "manual"
  std::optional<std::string> confirmed_by;
  std::optional<base::Micros> confirmed_at;
};

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
