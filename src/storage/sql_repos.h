// Internal to src/storage: the repositories over a SqlConnection, shared by
// both backends, and the migration runner.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

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

// The meeting and ballot repositories over `conn` (sql_meetings.cc).
std::unique_ptr<MeetingRepo> MakeSqlMeetingRepo(SqlConnection& conn);
std::unique_ptr<BallotRepo> MakeSqlBallotRepo(SqlConnection& conn);

// A Tx over one connection on which a transaction is already open.
std::unique_ptr<Tx> MakeSqlTx(SqlConnection& conn);

// Runs inside an open write transaction on `conn`: creates the version table
// if needed, refuses a newer schema, applies pending migrations. Returns the
// resulting schema version.
base::Result<int> Migrate(SqlConnection& conn);

// Runs `fn` inside BEGIN/COMMIT on `conn` (ROLLBACK on error).
base::Status RunTransaction(SqlConnection& conn, bool write, const std::function<base::Status(Tx&)>& fn);

// Group commit for Store::WriteGrouped, shared by both backends. Callers
// queue their function; whichever caller finds no batch running becomes the
// leader, runs every queued function in one transaction (each in its own
// savepoint), commits once, and wakes the others. No extra thread: while a
// leader waits for its fsync, new callers queue up for the next batch.
//
// Thread-safe.
class GroupCommitter {
 public:
  // Runs `batch` with a connection held for writing (the backend's lock or
  // pooled connection); returns what `batch` returns.
  using WithConnection = std::function<base::Status(const std::function<base::Status(SqlConnection&)>& batch)>;
  explicit GroupCommitter(WithConnection with_connection, std::size_t max_batch = 512)
      : with_connection_(std::move(with_connection)), max_batch_(max_batch) {}

  base::Status Submit(const std::function<base::Status(Tx&)>& fn);

 private:
  // One caller waiting in Submit. Each has its own condition variable, so
  // that finishing a batch wakes exactly the callers in it (and the next
  // leader), not every waiter.
  struct Pending {
    const std::function<base::Status(Tx&)>* fn = nullptr;
    base::Status status;
    bool done = false;  // GUARDED_BY(mu_)
    bool lead = false;  // GUARDED_BY(mu_): run the next batch
    std::condition_variable cv;
  };
  void RunBatch(const std::vector<Pending*>& batch);

  const WithConnection with_connection_;
  const std::size_t max_batch_;
  std::mutex mu_;
  std::vector<Pending*> queue_;  // GUARDED_BY(mu_)
  bool leader_active_ = false;   // GUARDED_BY(mu_)
};

}  // namespace shuzhi::storage
