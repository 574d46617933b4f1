// GroupCommitter without a database: a connection that records what it is
// asked to run, so that the order of commits, log syncs and reports can be
// checked. The promise under test: a write is reported only after a sync of
// the log that started after its batch committed.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Status;

// Everything that happens, in order.
class Events {
 public:
  void Add(std::string e) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(e));
  }
  std::vector<std::string> Snapshot() {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> events_;
};

class RecordingConnection final : public SqlConnection {
 public:
  explicit RecordingConnection(Events& events) : events_(events) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  base::Result<std::vector<SqlRow>> Query(std::string_view, const SqlParams&) override { return std::vector<SqlRow>{}; }
  base::Result<std::int64_t> Exec(std::string_view, const SqlParams&) override { return 0; }
  Status ExecScript(std::string_view sql) override {
    if (sql == "COMMIT") events_.Add("COMMIT");
    return base::Ok();
  }

 private:
  Events& events_;
};

// `threads` threads each submitting `each` jobs (ids t * each + i) whose run
// adds run_event(id) and whose report adds "DONE id" and counts; a thread
// pauses 1 ms every `pace` jobs when pace > 0. Returns once all are queued.
void SubmitFromThreads(GroupCommitter& committer, Events& events, std::atomic<int>& reported, int threads, int each,
                       const std::function<std::string(const std::string&)>& run_event, int pace = 0) {
  std::vector<std::thread> submitters;
  for (int t = 0; t < threads; ++t) {
    submitters.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        const std::string id = std::to_string(t * each + i);
        committer.Submit(
            [&events, run_event, id](Tx&) {  // a copy: jobs run after this returns
              events.Add(run_event(id));
              return base::Ok();
            },
            [&events, &reported, id](const Status& st) {
              EXPECT_TRUE(st.ok()) << st.ToString();
              events.Add("DONE " + id);
              ++reported;
            });
        if (pace > 0 && i % pace == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  }
  for (auto& t : submitters) t.join();
}

// The batch a committer thread is running (the several-committers test).
thread_local int current_batch = -1;

TEST(GroupCommitTest, ReportsOnlyAfterASyncThatFollowsTheCommit) {
  Events events;
  RecordingConnection conn(events);
  std::atomic<int> reported{0};
  constexpr int kThreads = 4, kEach = 250;
  {
    GroupCommitter committer([&](const std::function<Status(SqlConnection&)>& batch) { return batch(conn); },
                             [&] {
                               events.Add("SYNC");
                               return base::Ok();
                             });
    SubmitFromThreads(committer, events, reported, kThreads, kEach, [](const std::string& id) { return "RUN " + id; });
  }  // the destructor runs and reports everything queued
  EXPECT_EQ(reported.load(), kThreads * kEach);

  const auto log = events.Snapshot();
  std::map<std::string, std::size_t> ran, done;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (log[i].rfind("RUN ", 0) == 0) ran[log[i].substr(4)] = i;
    if (log[i].rfind("DONE ", 0) == 0) done[log[i].substr(5)] = i;
  }
  ASSERT_EQ(ran.size(), static_cast<std::size_t>(kThreads * kEach));
  ASSERT_EQ(done.size(), ran.size());
  int batches = 0;
  for (const auto& e : log) batches += e == "COMMIT";
  EXPECT_GT(batches, 1);  // more than one batch, or the test shows little
  for (const auto& [id, run_at] : ran) {
    const auto commit = std::find(log.begin() + static_cast<std::ptrdiff_t>(run_at), log.end(), "COMMIT");
    ASSERT_NE(commit, log.end()) << id << " never committed";
    const auto sync = std::find(commit, log.end(), "SYNC");
    ASSERT_NE(sync, log.end()) << id << " was never synced";
    EXPECT_LT(static_cast<std::size_t>(sync - log.begin()), done[id]) << id << " was reported before its sync";
  }
}

TEST(GroupCommitTest, AFailedSyncIsEveryoneInTheBatchsError) {
  Events events;
  RecordingConnection conn(events);
  std::vector<std::string> outcomes;
  std::mutex mu;
  {
    GroupCommitter committer([&](const std::function<Status(SqlConnection&)>& batch) { return batch(conn); },
                             [] { return base::Unavailable("storage.sync_failed", "disk gone"); });
    for (int i = 0; i < 20; ++i) {
      const bool fails = i % 5 == 0;
      committer.Submit([fails](Tx&) { return fails ? base::InvalidArgument("test.own", "") : base::Ok(); },
                       [&](const Status& st) {
                         std::lock_guard lock(mu);
                         outcomes.push_back(st.reason());
                       });
    }
  }
  ASSERT_EQ(outcomes.size(), 20u);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "test.own"), 4);  // its own error stays
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "storage.sync_failed"), 16);
}

// PostgreSQL's form: several committers, each batch on a connection of its
// own, no log sync. Every job runs once and is reported once, after the
// commit of its own batch, and batches do overlap.
TEST(GroupCommitTest, SeveralCommittersRunEachJobOnceAndReportAfterItsOwnCommit) {
  Events events;
  std::atomic<int> batch_ids{0}, in_flight{0}, most_in_flight{0}, reported{0};
  constexpr int kThreads = 8, kEach = 200;
  {
    GroupCommitter committer(
        [&](const std::function<Status(SqlConnection&)>& batch) {
          current_batch = batch_ids++;
          RecordingConnection conn(events);
          const int now = ++in_flight;
          for (int seen = most_in_flight.load(); now > seen && !most_in_flight.compare_exchange_weak(seen, now);) {
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a round trip to the database
          events.Add("BATCH " + std::to_string(current_batch));
          Status st = batch(conn);
          events.Add("COMMITTED " + std::to_string(current_batch));
          --in_flight;
          return st;
        },
        nullptr, 512, 4);
    SubmitFromThreads(
        committer, events, reported, kThreads, kEach,
        [](const std::string& id) { return "RUN " + id + " IN " + std::to_string(current_batch); }, 20);
  }
  EXPECT_EQ(reported.load(), kThreads * kEach);
  EXPECT_GE(most_in_flight.load(), 2) << "the committers never overlapped";

  const auto log = events.Snapshot();
  std::map<std::string, std::size_t> committed_at, done_at;
  std::map<std::string, std::string> batch_of;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const auto& e = log[i];
    if (e.rfind("COMMITTED ", 0) == 0) committed_at[e.substr(10)] = i;
    if (e.rfind("DONE ", 0) == 0) {
      ASSERT_EQ(done_at.count(e.substr(5)), 0U) << e << " twice";
      done_at[e.substr(5)] = i;
    }
    if (e.rfind("RUN ", 0) == 0) {
      const auto in = e.find(" IN ");
      const std::string id = e.substr(4, in - 4);
      ASSERT_EQ(batch_of.count(id), 0U) << id << " ran twice";
      batch_of[id] = e.substr(in + 4);
    }
  }
  ASSERT_EQ(batch_of.size(), static_cast<std::size_t>(kThreads * kEach));
  for (const auto& [id, batch] : batch_of) {
    ASSERT_EQ(committed_at.count(batch), 1U) << id;
    EXPECT_LT(committed_at[batch], done_at[id]) << id << " was reported before its batch committed";
  }
}

}  // namespace
}  // namespace shuzhi::storage

namespace shuzhi::storage {
namespace {

// Each batch runs its jobs by ascending lock order, those of one order in
// the order they came: the first job holds the committer while the rest
// queue, so they all go in the second batch.
TEST(GroupCommitTest, ABatchRunsItsJobsInLockOrder) {
  Events events;
  RecordingConnection conn(events);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> first_running;
  std::vector<std::string> ran;  // only the committer's thread touches it until the committer is gone
  {
    GroupCommitter committer([&](const std::function<Status(SqlConnection&)>& batch) { return batch(conn); });
    committer.Submit(
        [&](Tx&) {
          first_running.set_value();
          released.wait();
          return base::Ok();
        },
        [](const Status&) {}, 0);
    first_running.get_future().wait();
    const std::vector<std::pair<std::int64_t, std::string>> jobs = {{9, "9a"}, {3, "3a"}, {9, "9b"}, {1, "1a"},
                                                                    {3, "3b"}, {0, "0a"}, {9, "9c"}};
    for (const auto& [order, name] : jobs) {
      committer.Submit(
          [&ran, name = name](Tx&) {
            ran.push_back(name);
            return base::Ok();
          },
          [](const Status&) {}, order);
    }
    release.set_value();
  }
  EXPECT_EQ(ran, (std::vector<std::string>{"0a", "1a", "3a", "3b", "9a", "9b", "9c"}));
}

}  // namespace
}  // namespace shuzhi::storage
