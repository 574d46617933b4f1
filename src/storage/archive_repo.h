// Campaign archives (core/archive.h): the numbered rows with their build
// progress, and each finished ZIP's bytes; see store.h for the transaction
// and threading rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/archive.h"

namespace shuzhi::storage {

class ArchiveRepo {
 public:
  virtual ~ArchiveRepo() = default;
  // Inserts a row (its number given); conflict "archive.number_taken" when
  // the campaign's group already has that number.
  virtual base::Result<std::int64_t> Insert(const core::Archive& a) = 0;
  // The highest number of the campaign's group (nullopt: the whole
  // campaign's archives), 0 when none.
  virtual base::Result<int> LastNumber(std::int64_t campaign_id, std::optional<std::int64_t> group_id) = 0;
  virtual base::Result<std::optional<core::Archive>> Find(std::int64_t id) = 0;
  // The campaign's archives, by id.
  virtual base::Result<std::vector<core::Archive>> List(std::int64_t campaign_id) = 0;
  // Writes files_done, files_total and updated_at of a building archive.
  virtual base::Status Progress(std::int64_t id, std::int64_t done, std::int64_t total, base::Micros at) = 0;
  // Ends a building archive: writes state, files_done, files_total,
  // updated_at, finished_at, size, sha256, error, and, when done, its bytes.
  // failed_precondition "archive.not_building" if it is no longer building.
  virtual base::Status Finish(const core::Archive& a, std::string_view bytes) = 0;
  virtual base::Result<std::optional<std::string>> Bytes(std::int64_t id) = 0;
};

}  // namespace shuzhi::storage
