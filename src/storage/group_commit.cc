// GroupCommitter (sql_repos.h): grouped writes, committed together by one
// or more committer threads, reported after they are durable.
#include <pthread.h>

#include <algorithm>

#include "base/crypto.h"
#include "storage/sql_repos.h"

namespace shuzhi::storage {

GroupCommitter::GroupCommitter(WithConnection with_connection, SyncLog sync_log, std::size_t max_batch,
                               std::size_t committers)
    : with_connection_(std::move(with_connection)),
      sync_log_(std::move(sync_log)),
      max_batch_(max_batch),
      committers_(sync_log_ ? 1 : std::max<std::size_t>(1, committers)),
      reporter_([this] { Report(); }) {
  // Each committer adds its batches' counts to its own row of a poll's
  // poll_votes; a random base keeps another server's committers (or this
  // one's after a restart) off the same rows.
  const auto base = static_cast<std::int64_t>(base::RandomBelow(1u << 24)) * 64;
  for (std::size_t i = 0; i < committers_; ++i) {
    threads_.emplace_back([this, shard = base + static_cast<std::int64_t>(i)] { Loop(shard); });
  }
}

GroupCommitter::~GroupCommitter() {
  {
    base::MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();  // everything queued has run and is handed on
  {
    base::MutexLock lock(done_mu_);
    done_stopping_ = true;
  }
  done_cv_.notify_one();
  reporter_.join();  // and reported
}

void GroupCommitter::Submit(std::function<Status(Tx&)> fn, std::function<void(Status)> done, std::int64_t lock_order) {
  {
    base::MutexLock lock(mu_);
    queue_.push_back(Job{std::move(fn), std::move(done), base::Ok(), lock_order});
  }
  cv_.notify_one();
}

void GroupCommitter::Loop(std::int64_t shard) {
  pthread_setname_np(pthread_self(), "shuzhi-commit");  // as top -H and perf show it
  std::vector<Job> batch;
  base::UniqueMutexLock lock(mu_);
  for (;;) {
    while (!stopping_ && queue_.empty()) cv_.wait(lock.native());
    if (queue_.empty()) return;  // stopping, and everything queued has run
    // With several committers, a share of what waits, so that they all work.
    const std::size_t share = (queue_.size() + committers_ - 1) / committers_;
    const std::size_t n = std::min(share, max_batch_);
    batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    lock.Unlock();
    // Locks in one order in every batch (Store::WriteGrouped): two batches
    // each waiting for a row the other holds cost PostgreSQL a second
    // (deadlock_timeout) and a refused ballot; seen with 1,000 polls.
    std::stable_sort(batch.begin(), batch.end(),
                     [](const Job& a, const Job& b) { return a.lock_order < b.lock_order; });
    RunBatch(batch, shard);
    {
      base::MutexLock done_lock(done_mu_);
      for (auto& job : batch) committed_.push_back(std::move(job));
    }
    done_cv_.notify_one();
    batch.clear();
    lock.Lock();
  }
}

// Makes the committed batches durable (when the backend leaves that to
// sync_log_), then calls the callers' `done` (building and sending replies),
// beside the next batch's transaction rather than in front of it.
void GroupCommitter::Report() {
  pthread_setname_np(pthread_self(), "shuzhi-report");
  std::vector<Job> batch;
  base::UniqueMutexLock lock(done_mu_);
  for (;;) {
    while (!done_stopping_ && committed_.empty()) done_cv_.wait(lock.native());
    if (committed_.empty()) return;
    batch.swap(committed_);
    lock.Unlock();
    // Every job taken here committed before this sync starts.
    if (const Status synced = sync_log_ ? sync_log_() : base::Ok(); !synced.ok()) {
      for (auto& job : batch) {
        if (job.status.ok()) job.status = synced;
      }
    }
    for (auto& job : batch) job.done(std::move(job.status));
    batch.clear();
    lock.Lock();
  }
}

// Each job's changes must go if it fails. A savepoint per job does that,
// but costs two statements and a copy of every page the job touches (SQLite
// keeps them to roll back to). Where the connection counts changed rows, a
// job runs without one; the failures that matter (a wrong code, a spent
// carrier) change nothing, and a job that fails after changing rows makes
// the batch roll back and run again, every job in its own savepoint.
void GroupCommitter::RunBatch(std::vector<Job>& batch, std::int64_t shard) {
  const Status commit = with_connection_([&](SqlConnection& conn) -> Status {
    bool savepoints = !conn.RowsChanged().has_value();
    DeferredVoted voted;
    std::vector<std::int64_t> polls;
    for (const auto& job : batch) {
      if (polls.empty() || polls.back() != job.lock_order) polls.push_back(job.lock_order);  // sorted
    }
    for (;;) {
      SHUZHI_TRY(BeginBatch(conn, polls));
      voted.batch.clear();
      bool again = false;
      {
        auto tx = MakeSqlTx(conn, &voted);
        for (auto& job : batch) {
          voted.job.clear();
          if (!savepoints) {
            const auto before = conn.RowsChanged();
            job.status = job.fn(*tx);
            if (!job.status.ok() && conn.RowsChanged() != before) {
              again = true;
              break;
            }
          } else {
            // Savepoints through Exec, whose statements are prepared once.
            job.status = conn.Exec("SAVEPOINT grouped", {}).status();
            if (job.status.ok()) {
              job.status = job.fn(*tx);
              if (!job.status.ok()) (void)conn.Exec("ROLLBACK TO SAVEPOINT grouped", {});
              (void)conn.Exec("RELEASE SAVEPOINT grouped", {});
            }
          }
          // A failed job's counts go with its other changes.
          if (!job.status.ok()) continue;
          for (const auto& entry : voted.job) {
            const auto& poll = entry.first;  // named, not bound: clang 14 cannot capture a structured binding
            const auto& n = entry.second;
            auto it =
                std::find_if(voted.batch.begin(), voted.batch.end(), [&](const auto& e) { return e.first == poll; });
            if (it == voted.batch.end()) {
              voted.batch.emplace_back(poll, n);
            } else {
              it->second += n;
            }
          }
        }
      }
      if (again) {
        SHUZHI_TRY(conn.ExecScript("ROLLBACK"));
        savepoints = true;
        continue;
      }
      Status st = CommitBatch(conn, voted.batch, shard);
      if (!st.ok()) (void)conn.ExecScript("ROLLBACK");
      return st;
    }
  });
  if (!commit.ok()) {
    for (auto& job : batch) {
      if (job.status.ok()) job.status = commit;
    }
  }
}

}  // namespace shuzhi::storage
