// Duty report records and their repository (see store.h for transaction and
// threading rules). Texts are JSON documents the app layer encodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/report.h"

namespace shuzhi::storage {

struct ReportRecord {
  std::int64_t id = 0;
  std::int64_t campaign_id = 0;
  std::int64_t deputy_id = 0;
  core::ReportState state = core::ReportState::kDraft;  // stored as its code
  std::string period_start;
  std::string period_end;
  std::string draft;  // JSON: the working text
  std::int64_t words = 0;
  std::int64_t chars = 0;
  std::optional<base::Micros> submitted_at;  // the latest submission
  bool late = false;
  base::Micros created_at = 0;
  base::Micros updated_at = 0;
};

struct ReportVersionRecord {
  std::int64_t report_id = 0;
  int version = 0;      // 1, 2, … one per submission
  std::string content;  // JSON
  std::int64_t words = 0;
  std::int64_t chars = 0;
  std::string saved_by;
  base::Micros saved_at = 0;
  bool late = false;
};

struct ReportReviewRecord {
  std::int64_t report_id = 0;
  int seq = 0;
  std::string action;  // "return" or "accept"
  std::string comment;
  std::string reviewer;
  base::Micros at = 0;
};

class ReportRepo {
 public:
  virtual ~ReportRepo() = default;
  virtual base::Result<std::int64_t> Insert(const ReportRecord& r) = 0;
  virtual base::Status Update(const ReportRecord& r) = 0;
  virtual base::Result<std::optional<ReportRecord>> Find(std::int64_t campaign_id, std::int64_t deputy_id) = 0;
  virtual base::Result<std::vector<ReportRecord>> ListForCampaign(std::int64_t campaign_id) = 0;
  // Stores the next version (its number is chosen here) and returns it.
  virtual base::Result<int> AddVersion(const ReportVersionRecord& v) = 0;
  virtual base::Result<std::vector<ReportVersionRecord>> ListVersions(std::int64_t report_id) = 0;
  virtual base::Status AddReview(const ReportReviewRecord& r) = 0;
  virtual base::Result<std::vector<ReportReviewRecord>> ListReviews(std::int64_t report_id) = 0;
};

}  // namespace shuzhi::storage
