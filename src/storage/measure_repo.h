// Rectification measures, their progress notes and evidence files
// (core/measure.h); see store.h for the transaction and threading rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/measure.h"

namespace shuzhi::storage {

class MeasureRepo {
 public:
  virtual ~MeasureRepo() = default;
  // Inserts the measure and the opinions it names; returns its id.
  virtual base::Result<std::int64_t> Insert(const core::Measure& m) = 0;
  // Writes text, due_on, state, done_at, reviewed_by, reviewed_at,
  // review_comment, and replaces the opinions it names.
  virtual base::Status Update(const core::Measure& m) = 0;
  // With `for_update`, PostgreSQL locks the row for the transaction.
  virtual base::Result<std::optional<core::Measure>> Find(std::int64_t id, bool for_update = false) = 0;
  // By id.
  virtual base::Result<std::vector<core::Measure>> ListForCampaign(std::int64_t campaign_id) = 0;
  virtual base::Result<std::vector<core::Measure>> ListForDeputy(std::int64_t deputy_id) = 0;
  // The states of every measure naming the opinion.
  virtual base::Result<std::vector<core::MeasureState>> StatesForOpinion(std::int64_t opinion_id) = 0;

  // Progress notes, oldest first, each with its files in upload order.
  virtual base::Result<std::int64_t> AddNote(const core::MeasureNote& n) = 0;
  virtual base::Result<std::vector<core::MeasureNote>> ListNotes(std::int64_t measure_id) = 0;

  // Stores `bytes` under their SHA-256 (hex) unless already there.
  virtual base::Status PutBlob(const std::string& sha256, std::string_view bytes) = 0;
  virtual base::Result<std::optional<std::string>> Blob(const std::string& sha256) = 0;
  // Names a stored blob as a file of a note (its note_id and measure_id).
  virtual base::Result<std::int64_t> AddFile(const core::EvidenceFile& f) = 0;
  virtual base::Result<std::optional<core::EvidenceFile>> FindFile(std::int64_t id) = 0;
  // The bytes of every file attached to the measure's notes.
  virtual base::Result<std::int64_t> EvidenceBytes(std::int64_t measure_id) = 0;
};

}  // namespace shuzhi::storage
