// One roster import job as a server holds it (import_job.cc), and its row in
// the database (storage/import_job_repo.h) that every server shares.
//
// A server keeps a copy of each job it works on: the table read from the
// upload, the mapping, the validation's problems and matches. The row holds
// what any server needs to build such a copy again (the upload, the mapping
// and its version) and what the user reviewed and got (the outcome). A copy
// is current while its version, state and outcome are the row's; the server
// that changes the row changes its copy with it.
//
// Internal to src/app's import (import.cc runs the jobs).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/imports/import.h"
#include "app/imports/import_rows_internal.h"
#include "base/mutex.h"
#include "export/table.h"
#include "storage/import_job_repo.h"
#include "storage/store.h"

namespace shuzhi::app {

using Decisions = std::map<int, std::optional<std::int64_t>>;

struct ImportService::Job {
  base::Mutex mu;
  std::string id;
  std::int64_t user_id = 0;
  std::string username;
  std::vector<core::RoleGrant> roles;
  ImportTarget target;
  exports::Table table;
  std::map<int, std::string> mapping;  // column index → field
  ImportJobView view SHUZHI_GUARDED_BY(mu);
  // What an import that skipped rows keeps of them once its table is freed:
  // row 0 the header as the download carries it, then each skipped row's
  // cells; skipped_rows[i] is the upload's row number of skipped.rows[i + 1].
  exports::Table skipped SHUZHI_GUARDED_BY(mu);
  std::vector<int> skipped_rows SHUZHI_GUARDED_BY(mu);
  // The row's version and outcome this copy agrees with.
  std::int64_t version SHUZHI_GUARDED_BY(mu) = 0;
  std::string outcome SHUZHI_GUARDED_BY(mu);
  base::Micros created = 0;
  std::uint64_t seq = 0;  // order of starting, within this process
  // Bytes this job holds in memory: the upload until it is parsed, then the
  // table; once applied, the rows it skipped; nothing once failed.
  std::atomic<std::size_t> held{0};
  std::atomic<std::int64_t> done{0};
  std::atomic<std::int64_t> total{0};
  bool busy SHUZHI_GUARDED_BY(mu) = false;  // validating or applying
};

namespace import_detail {

using Job = ImportService::Job;

Actor ActorOf(const Job& job);
ImportJobView Snapshot(Job& job);
// Reads job.table and job.mapping, which only the one running step of a busy
// job touches.
Result<Validation> ValidateJob(storage::Tx& tx, Job& job, const Decisions& decisions);
void Publish(Job& job, Validation v);
Status CheckTarget(storage::Tx& tx, const Actor& actor, const ImportTarget& t);
std::size_t TableBytes(const exports::Table& table);
// An applied or failed job keeps only its summary (the view), and an import
// that skipped rows those rows: the table is freed at once.
void ReleaseData(Job& job) SHUZHI_REQUIRES(job.mu);
// The rows of `problem_rows` (row numbers of the upload), kept for download
// under a header that imports them again as they were mapped: a column the
// user mapped by hand gets the header the import recognises for its field.
// Before ReleaseData.
void KeepSkippedRows(Job& job, const std::set<int>& problem_rows) SHUZHI_REQUIRES(job.mu);
std::set<int> ProblemRowsOf(const std::vector<ImportProblem>& problems);
// Whether a ready job may be applied with the rows the user `reviewed`
// (those with problems) skipped when `skip`: failed_precondition naming why
// not.
Status CheckReadyToApply(const ImportJobView& view, const Decisions& decisions, const std::set<int>& reviewed,
                         bool skip);
// Writes one parsed row: a person (new, or the one it was linked to) with
// the mandate and its reported year, or a member of an evaluator pool.
Status WriteRow(storage::RegistryRepo& reg, ImportKind kind, ParsedRow& p, int& created, int& linked);
// Reads the upload into job.table, its data rows into job.view.rows; an
// .xlsx (a zip archive, "PK\3\4") or else CSV. Errors: the readers', and
// invalid_argument "import.no_rows" for a header alone.
Status ReadUpload(Job& job, const std::string& bytes);

// What the row says beyond its columns: the rows with problems the user
// reviewed while the job was ready (and skipped, once applied), the counts
// shown, the problems, what applying wrote, and why the job failed.
struct Outcome {
  std::set<int> reviewed;
  int valid_rows = 0;
  int problem_rows = 0;
  std::vector<ImportProblem> problems;  // once applied: the skipped rows' problems
  std::optional<ImportApplied> applied;
  std::optional<base::Status> error;
};
std::string OutcomeJson(const Outcome& outcome);
Outcome ParseOutcome(const std::string& json);
std::string MappingJson(const std::map<int, std::string>& mapping);
std::map<int, std::string> ParseMapping(const std::string& json);
// The view of a job from its row alone: one another server is working on,
// or one applied or failed.
ImportJobView ViewOfRecord(const storage::ImportJobRecord& row);

}  // namespace import_detail
}  // namespace shuzhi::app
