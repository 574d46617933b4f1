// Importing rosters from the spreadsheets offices already keep (XLSX, or
// CSV in UTF-8 or GBK): deputies with their mandates into a term, voter
// representatives into a group, committee members into a congress.
//
// An import is a job: the upload is parsed and validated in the background
// (progress is visible), the user reviews the column mapping, every problem
// (row, column, reason) and the persons already known from another congress,
// then applies it. Applying re-validates inside one write transaction and
// writes all rows or none; or, when the user chooses to skip the rows with
// problems, every row without one and nothing of the others (a row is
// written whole or not at all), keeping the skipped rows for download so
// they can be corrected and imported again. Jobs are kept in the database
// for an hour (storage/import_job_repo.h), so that every server of one
// PostgreSQL installation shows, re-maps and applies the same jobs: a server
// asked about a job it does not hold builds its copy from the stored upload
// (import_job_internal.h). Only the user who started a job may see it.
// Memory is bounded: each user keeps their newest five jobs (a new one
// replaces their oldest idle one, on every server), an applied or failed
// job keeps only its summary in memory, the uploads and tables held in one
// server's memory stay under a limit, and so do the uploads stored
// (import.too_many beyond either).
//
// Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/exports/registry_export.h"
#include "base/background.h"
#include "base/i18n.h"
#include "base/mutex.h"
#include "export/table.h"

namespace shuzhi::storage {
class Store;
struct ImportJobRecord;
struct ImportJobChange;
}  // namespace shuzhi::storage

namespace shuzhi::app {

enum class ImportKind { kDeputies, kVoterReps, kCommitteeMembers };
std::optional<ImportKind> ParseImportKind(std::string_view s);
const char* ImportKindCode(ImportKind k);

struct ImportTarget {
  ImportKind kind = ImportKind::kDeputies;
  std::int64_t id = 0;  // the term (deputies), group (voter reps) or congress (committee members)
};

struct ImportColumn {
  int index = 0;
  std::string header;
  std::string field;  // "" when not mapped
};

struct ImportField {
  std::string field;
  bool required = false;
};

struct ImportProblem {
  int row = 0;  // spreadsheet row number; the header is row 1
  std::string column;
  std::string field;
  std::string code;
  // The cell as read, trimmed, cut to kMaxProblemValueChars characters (then
  // "…"), disallowed characters shown as U+FFFD; "" for a missing column.
  std::string value;
  // For a problem of spelling or format, what would have been accepted: the
  // spellings core's parsers take (gender, occupation, status, yes/no), the
  // forms of a date (of the value's own year and month when it holds them),
  // the headers recognised for a missing column, the names of the
  // congress's groups or constituencies (at most kMaxListedNames). Else empty.
  std::vector<std::string> accepted;
  std::optional<int> duplicate_of;  // duplicate_in_file: the earlier row of the same person
};

inline constexpr std::size_t kMaxProblemValueChars = 80;
inline constexpr std::size_t kMaxListedNames = 20;

struct ImportCandidate {
  std::int64_t deputy_id = 0;
  std::string name;
  std::string birth_date;
  std::vector<std::string> congresses;
};

struct ImportMatch {
  int row = 0;
  std::string name;
  std::string birth_date;
  std::vector<ImportCandidate> candidates;
  bool decision_required = false;
  std::optional<std::int64_t> decision;  // the person to link to; nullopt: a new person
};

struct ImportApplied {
  int created = 0;
  int linked = 0;
  int skipped = 0;  // rows with problems left out (their problems stay in the job's list)
};

struct ImportJobView {
  std::string id;
  ImportKind kind = ImportKind::kDeputies;
  std::string state;  // validating, ready, applying, applied, failed
  std::string phase;  // parsing, validating, writing, done
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::string file_name;
  int rows = 0;
  std::vector<ImportColumn> columns;
  std::vector<ImportField> fields;
  std::vector<ImportProblem> problems;
  std::vector<ImportMatch> matches;
  int valid_rows = 0;
  int problem_rows = 0;
  int new_persons = 0;
  int linked_persons = 0;
  std::optional<ImportApplied> applied;
  std::optional<base::Status> error;
};

// What to do with the rows that have problems when applying.
enum class ProblemRows {
  kRefuse,  // any problem refuses the whole import (all or nothing)
  kSkip,    // write the rows without problems, none of the others
};

// Upload limit for imports (the general body limit is smaller).
inline constexpr std::size_t kMaxImportBytes = std::size_t{20} * 1024 * 1024;

class ImportService {
 public:
  ImportService(storage::Store& store, const base::Clock& clock);

  Result<ImportJobView> Start(const Actor& actor, ImportTarget target, const std::string& file_name, std::string bytes);
  Result<ImportJobView> Get(const Actor& actor, const std::string& id);
  // Re-maps columns (index → field, "" to ignore) and validates again.
  Result<ImportJobView> SetMapping(const Actor& actor, const std::string& id,
                                   const std::vector<std::pair<int, std::string>>& mapping);
  // decisions: spreadsheet row → person to link (nullopt: create a new one).
  // Errors (failed_precondition): "import.busy", "import.has_problems"
  // (problems and kRefuse; with kSkip, a problem of the whole file such as a
  // missing column, which no row can be skipped for), "import.no_valid_rows"
  // (kSkip and every row has a problem), "import.decision_required" (a row
  // to be written matches several persons and no choice was given).
  // Skipping is decided on the problems the user reviewed: if validating
  // again inside the transaction finds problems on other rows, nothing is
  // written and the new problems are shown ("import.has_problems").
  Result<ImportJobView> Apply(const Actor& actor, const std::string& id,
                              const std::map<int, std::optional<std::int64_t>>& decisions,
                              ProblemRows problem_rows = ProblemRows::kRefuse);
  // The rows an applied import skipped, in their original columns (a column
  // mapped by hand gets the header the import recognises for its field),
  // then the original row number and the problems in words, so that the
  // file can be corrected and imported again. not_found
  // "import.nothing_skipped" when the job has applied without skipping, or
  // not applied yet.
  Result<ExportFile> SkippedRows(const Actor& actor, const std::string& id, ExportFormat format, base::Lang lang);

  // Runs a job to completion on the calling thread (tests, benchmark).
  void set_synchronous(bool v) { background_.set_synchronous(v); }
  // The bytes all jobs hold in memory (uploads, tables), and their limit.
  std::size_t held_bytes();
  void set_held_limit(std::size_t bytes) { held_limit_ = bytes; }

  static constexpr std::size_t kJobsPerUser = 5;
  static constexpr std::size_t kMaxJobs = 1000;

  struct Job;

 private:
  // A job as asked for: this server's current copy (job), or, when none is
  // needed, the view from the row alone (applied, failed, or at work on
  // another server).
  struct Loaded {
    std::shared_ptr<Job> job;
    ImportJobView view;
  };
  Result<Loaded> Load(const Actor& actor, const std::string& id);
  Result<Loaded> Rebuild(const Actor& actor, const storage::ImportJobRecord& row);
  Status StoreNew(const Job& job, const std::string& file_name, const std::string& bytes);
  void Revalidate(Job& job);
  void ApplyNow(Job& job, const std::map<int, std::optional<std::int64_t>>& decisions, const std::set<int>& reviewed,
                std::int64_t version);
  Status SkippedFromRecord(const std::string& id, exports::Table& skipped, std::vector<int>& rows);
  // Changes the job's row if it is in one of `from` at `version`; `changed`
  // says whether it was.
  Status Record(const std::string& id, std::vector<std::string> from, std::optional<std::int64_t> version,
                storage::ImportJobChange change, bool* changed = nullptr);
  // Registers a job's copy within the per-user and memory limits.
  Status Admit(const std::shared_ptr<Job>& job);
  void Forget(const std::string& id);
  // Drops jobs older than an hour that are not running. Called with mu_ held.
  void PruneExpired() SHUZHI_REQUIRES(mu_);

  storage::Store& store_;
  const base::Clock& clock_;
  base::Mutex mu_;
  std::map<std::string, std::shared_ptr<Job>> jobs_ SHUZHI_GUARDED_BY(mu_);
  std::uint64_t next_seq_ SHUZHI_GUARDED_BY(mu_) = 0;
  // Uploads and tables of all jobs together: four full-size uploads' worth.
  std::size_t held_limit_ = 4 * kMaxImportBytes * 2;
  // Uploads stored for all users together, an hour each.
  std::size_t stored_limit_ = 16 * kMaxImportBytes;
  // When Load last deleted the stored jobs older than an hour.
  std::atomic<base::Micros> last_pruned_{0};
  // Last: destroyed first, waiting for the job steps still running.
  base::BackgroundJobs background_;
};

// Column headers recognised for a kind's fields (Chinese and English),
// first entry the canonical Chinese header used by exports.
const std::vector<std::pair<std::string, std::vector<std::string>>>& ImportFieldAliases(ImportKind kind);
bool IsRequiredImportField(ImportKind kind, const std::string& field);

// A workbook to fill in for an import of `kind`: the header row the import
// recognises (required columns marked '*'), one example row that imports as
// it is, and a second sheet saying, per column, whether it is required,
// which other headers are recognised and what it accepts. Needs no data,
// so any logged-in user may have it. Errors: those of exports::WriteXlsx.
Result<ExportFile> ImportTemplate(ImportKind kind, base::Lang lang);

}  // namespace shuzhi::app
