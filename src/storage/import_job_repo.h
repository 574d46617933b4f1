// Roster import jobs (app/imports/import.h), kept in the database so that
// every server of one PostgreSQL installation can show, re-map, apply and
// download the skipped rows of a job another server received, and so that
// the per-user limit is one limit. A row holds the upload and what the user
// chose and reviewed; each server rebuilds the parsed table from the upload
// when it has none of its own. Rows live an hour. See store.h for the
// transaction and threading rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace shuzhi::storage {

struct ImportJobRecord {
  std::string id;
  std::int64_t user_id = 0;
  std::string kind;  // app::ImportKindCode
  std::int64_t target_id = 0;
  std::string file_name;
  std::string upload;  // the file as uploaded; empty when read without it
  std::int64_t upload_bytes = 0;
  std::string mapping;       // JSON: column index → field; "" until the file is read
  std::int64_t version = 0;  // bumped by each change of the mapping
  std::string state;         // validating, ready, applying, applied, failed
  std::string phase;         // parsing, validating, writing, done
  std::int64_t rows = 0;     // data rows, once read
  std::int64_t columns = 0;  // header cells, once read
  std::string outcome;       // JSON written by app/imports (what was reviewed, applied, refused)
  base::Micros created_at = 0;
  base::Micros updated_at = 0;
};

// A change of a job's row; unset fields keep their value.
struct ImportJobChange {
  std::optional<std::string> state, phase, mapping, outcome;
  std::optional<std::int64_t> rows, columns;
  bool bump_version = false;
  base::Micros updated_at = 0;
};

class ImportJobRepo {
 public:
  virtual ~ImportJobRepo() = default;
  virtual base::Status Insert(const ImportJobRecord& job) = 0;
  // The job, with its upload when `with_upload`.
  virtual base::Result<std::optional<ImportJobRecord>> Find(std::string_view id, bool with_upload) = 0;
  // Applies `change` if the job is in one of `states` (any, when empty) and,
  // when `version` is set, at that version. Returns whether it did: the
  // compare-and-set by which one server at a time re-maps or applies a job.
  virtual base::Result<bool> Change(std::string_view id, const std::vector<std::string>& states,
                                    std::optional<std::int64_t> version, const ImportJobChange& change) = 0;
  // The user's jobs without their uploads, in the order they were started.
  virtual base::Result<std::vector<ImportJobRecord>> ForUser(std::int64_t user_id) = 0;
  virtual base::Status Delete(std::string_view id) = 0;
  // Deletes the jobs created at or before `before`.
  virtual base::Status Prune(base::Micros before) = 0;
  // The bytes of every job's upload together.
  virtual base::Result<std::int64_t> UploadBytes() = 0;
};

}  // namespace shuzhi::storage
