// The feedback talks after private results (core/feedback.h); see store.h
// for the transaction and threading rules.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/feedback.h"

namespace shuzhi::storage {

using FeedbackRecord = core::Feedback;  // core/feedback.h

class FeedbackRepo {
 public:
  virtual ~FeedbackRepo() = default;
  // Inserts the record of (poll_id, deputy_id) or replaces what was recorded
  // (given_at, method, given_by, notes, recorded_by, recorded_at); a
  // confirmation already given stays.
  virtual base::Status Put(const FeedbackRecord& r) = 0;
  virtual base::Result<std::optional<FeedbackRecord>> Find(std::int64_t poll_id, std::int64_t deputy_id) = 0;
  // Every record of the poll, by deputy.
  virtual base::Result<std::vector<FeedbackRecord>> ListForPoll(std::int64_t poll_id) = 0;
  // Every record about the deputy, newest talk first.
  virtual base::Result<std::vector<FeedbackRecord>> ListForDeputy(std::int64_t deputy_id) = 0;
  // Sets confirmed_at; not_found "feedback.not_found" without a record.
  virtual base::Status Confirm(std::int64_t poll_id, std::int64_t deputy_id, base::Micros at) = 0;
};

}  // namespace shuzhi::storage
