// Read-only aggregate queries for the annual assessment and the duty record
// (core/assessment.h); see store.h for the transaction and threading rules.
// Each call runs a fixed handful of statements (grouped in the database
// where it can), never one per deputy or poll, so a province-sized year
// stays within the benchmark's targets (bench/assessment).
#pragma once

#include <cstdint>

#include "base/status.h"
#include "core/assessment.h"

namespace shuzhi::storage {

class AssessmentRepo {
 public:
  virtual ~AssessmentRepo() = default;
  // The congress's campaigns of `year` that left the draft, their reporting
  // lists, reports, opinions, measures and polls with a result, and every
  // deputy holding a mandate of the congress within the year (one row per
  // mandate) or listed by one of those campaigns.
  virtual base::Result<core::AssessmentRows> ForYear(std::int64_t congress_id, int year) = 0;
  // The same for one deputy across every campaign that listed them (any
  // congress, any year); the roster holds the deputy's mandates.
  virtual base::Result<core::AssessmentRows> ForDeputy(std::int64_t deputy_id) = 0;
};

}  // namespace shuzhi::storage
