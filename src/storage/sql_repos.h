// Internal to src/storage: the repositories over a SqlConnection, shared by
// both backends, and the migration runner.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "storage/sql.h"
#include "storage/store.h"

namespace shuzhi::storage {

// The registry repository over `conn` (sql_registry.cc).
std::unique_ptr<RegistryRepo> MakeSqlRegistryRepo(SqlConnection& conn);
// The campaign repository over `conn` (sql_campaigns.cc).
std::unique_ptr<CampaignRepo> MakeSqlCampaignRepo(SqlConnection& conn);
// The report repository over `conn` (sql_reports.cc).
std::unique_ptr<ReportRepo> MakeSqlReportRepo(SqlConnection& conn);
// The opinion repository over `conn` (sql_opinions.cc).
std::unique_ptr<OpinionRepo> MakeSqlOpinionRepo(SqlConnection& conn);
// The feedback repository over `conn` (sql_feedback.cc).
std::unique_ptr<FeedbackRepo> MakeSqlFeedbackRepo(SqlConnection& conn);
// The measures repository over `conn` (sql_measures.cc).
std::unique_ptr<MeasureRepo> MakeSqlMeasureRepo(SqlConnection& conn);
// The archive repository over `conn` (sql_archives.cc).
std::unique_ptr<ArchiveRepo> MakeSqlArchiveRepo(SqlConnection& conn);
// The assessment's aggregate queries over `conn` (sql_assessment.cc).
std::unique_ptr<AssessmentRepo> MakeSqlAssessmentRepo(SqlConnection& conn);
// The throttles' shared failures over `conn` (sql_throttle.cc).
std::unique_ptr<ThrottleRepo> MakeSqlThrottleRepo(SqlConnection& conn);
// Roster import jobs over `conn` (sql_import_jobs.cc).
std::unique_ptr<ImportJobRepo> MakeSqlImportJobRepo(SqlConnection& conn);
// The workbench's counts over `conn` (sql_workbench.cc).
std::unique_ptr<WorkbenchRepo> MakeSqlWorkbenchRepo(SqlConnection& conn);

// Id lists are stored as "11,12,13": a list the database never looks into
// (sql_meetings.cc).
std::string JoinIds(const std::vector<std::int64_t>& ids);
std::vector<std::int64_t> SplitIds(const std::string& s);

// MeetingRepo::AddVoted calls in a grouped batch (GroupCommitter), kept in
// memory and applied once before the batch commits, by CommitBatch: one
// write per poll and batch instead of one per ballot. `job` holds the
// running job's calls, `batch` those of the jobs that succeeded.
struct DeferredVoted {
  std::vector<std::pair<std::int64_t, std::int64_t>> job, batch;  // (poll id, count)
};

// The CastCheck in the six columns from `first` of `r`: the poll's meeting,
// round and state, then the carrier's (null when there is none).
CastCheck CastCheckOf(const SqlRow& r, std::size_t first);

// A grouped batch's first and last round trips (GroupCommitter::RunBatch).
// BeginBatch: SQLite `BEGIN IMMEDIATE` (one writer, no locks); PostgreSQL
// `BEGIN` and a shared transaction lock on each poll of `poll_ids` (ids
// above 0, ascending, each once: the locks in one order in every batch), in
// one script, rolled back if the locks fail. A poll's change takes the lock
// exclusively (ExclusivePollLock), so the two never interleave; an advisory
// lock rather than a lock on the poll's row, which PostgreSQL writes into
// the row (and, with several holders, a multixact) for every ballot.
// CommitBatch: adds each poll's count of the batch to its row `shard` of
// poll_votes (migration 0018: batches of one poll from different committers
// write different rows, and none writes the poll's own row), then commits;
// on PostgreSQL every poll in one statement and COMMIT in one script. The
// scripts are of numbers only. Four round trips a batch became two.
base::Status BeginBatch(SqlConnection& conn, const std::vector<std::int64_t>& poll_ids);
base::Status CommitBatch(SqlConnection& conn, const std::vector<std::pair<std::int64_t, std::int64_t>>& votes,
                         std::int64_t shard);

// A statement that reads the poll's count (its own and its shards'), for
// the harnesses that check a database from outside.
std::string PollVotedQuery(std::int64_t poll_id);

// The meeting and ballot repositories over `conn` (sql_meetings.cc). With
// `deferred`, AddVoted only records its call there.
std::unique_ptr<MeetingRepo> MakeSqlMeetingRepo(SqlConnection& conn, DeferredVoted* deferred = nullptr);
std::unique_ptr<BallotRepo> MakeSqlBallotRepo(SqlConnection& conn);

// A Tx over one connection on which a transaction is already open; see
// MakeSqlMeetingRepo for `deferred`.
std::unique_ptr<Tx> MakeSqlTx(SqlConnection& conn, DeferredVoted* deferred = nullptr);

// Runs inside an open write transaction on `conn`: creates the version table
// if needed, refuses a newer schema, applies pending migrations. Returns the
// resulting schema version.
base::Result<int> Migrate(SqlConnection& conn);

// Runs `fn` inside BEGIN/COMMIT on `conn` (ROLLBACK on error).
base::Status RunTransaction(SqlConnection& conn, bool write, const std::function<base::Status(Tx&)>& fn);

// Group commit for Store::WriteGrouped, shared by both backends. Callers
// queue their function and return at once; the committer's own thread takes
// everything queued, runs it in one transaction (a failing function losing
// only its own changes, see RunBatch), commits once, and hands the batch to
// a second thread that
// calls each caller's `done`. While one batch is written, the next queues.
//
// A backend may commit without waiting for the disk and pass `sync_log`,
// which makes everything committed so far durable (SQLite: an fdatasync of
// the WAL). The second thread then calls it once for all the batches it has
// been handed and reports them only after it returns: no write is reported
// before it is durable, and the fsync of one batch overlaps the next batch's
// work instead of stopping it. Without `sync_log` the commit itself waits.
//
// A backend whose writers may run side by side (PostgreSQL) asks for several
// committer threads: each takes a share of what is queued and commits it on
// a connection of its own, so that one batch's round trips to the database
// overlap another's. Without `sync_log` only, since the sync's ordering
// relies on a single committer.
//
// Nothing queued is dropped: the destructor runs and reports what is queued
// before the threads stop.
//
// Thread-safe.
class GroupCommitter {
 public:
  // Runs `batch` with a connection held for writing (the backend's lock or
  // pooled connection); returns what `batch` returns.
  using WithConnection = std::function<base::Status(const std::function<base::Status(SqlConnection&)>& batch)>;
  using SyncLog = std::function<base::Status()>;
  explicit GroupCommitter(WithConnection with_connection, SyncLog sync_log = nullptr, std::size_t max_batch = 512,
                          std::size_t committers = 1);
  ~GroupCommitter();

  // `lock_order`: see Store::WriteGrouped; a batch runs its jobs sorted by it.
  void Submit(std::function<base::Status(Tx&)> fn, std::function<void(base::Status)> done, std::int64_t lock_order = 0);

 private:
  struct Job {
    std::function<base::Status(Tx&)> fn;
    std::function<void(base::Status)> done;
    base::Status status;
    std::int64_t lock_order = 0;
  };
  void Loop(std::int64_t shard);
  void RunBatch(std::vector<Job>& batch, std::int64_t shard);
  void Report();

  const WithConnection with_connection_;
  const SyncLog sync_log_;
  const std::size_t max_batch_;
  const std::size_t committers_;
  base::Mutex mu_;
  std::condition_variable cv_;
  std::vector<Job> queue_ SHUZHI_GUARDED_BY(mu_);
  bool stopping_ SHUZHI_GUARDED_BY(mu_) = false;
  base::Mutex done_mu_;
  std::condition_variable done_cv_;
  std::vector<Job> committed_ SHUZHI_GUARDED_BY(done_mu_);  // waiting for their `done`
  bool done_stopping_ SHUZHI_GUARDED_BY(done_mu_) = false;
  std::thread reporter_;  // last: the threads start once the rest is set up
  std::vector<std::thread> threads_;
};

}  // namespace shuzhi::storage
