// Import jobs shared through the database (issue 15 §4): two ImportService
// instances over one store stand for two servers over one PostgreSQL
// (tests/pg/two_servers_test.cc does it with two processes). Whatever server
// a request reaches, it sees, re-maps, applies and downloads the same job,
// one server at a time, and each user's limit is one limit.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "app/imports/import.h"
#include "app/imports/import_test_fixture.h"
#include "export/csv.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

class SharedImportTest : public ImportFixture {
 protected:
  void SetUp() override {
    ImportFixture::SetUp();
    a_.set_synchronous(true);
    b_.set_synchronous(true);
  }

  Result<ImportJobView> Start(ImportService& on, const std::string& csv) { return StartOn(on, org_, csv); }

  std::int64_t Deputies() {
    std::int64_t n = 0;
    EXPECT_TRUE(t_.store()
                    .Read([&](storage::Tx& tx) -> Status {
                      core::RosterFilter f;
                      f.term_id = term_;
                      SHUZHI_ASSIGN_OR_RETURN(auto page, tx.registry().ListRoster(f));
                      n = page.second;
                      return base::Ok();
                    })
                    .ok());
    return n;
  }

  ImportService a_{t_.store(), t_.clock()};
  ImportService b_{t_.store(), t_.clock()};
};

TEST_F(SharedImportTest, AJobStartedOnOneServerIsReviewedRemappedAndAppliedOnTheOther) {
  // "名字" is no recognised header: the name column must be mapped by hand;
  // 林二's gender is a problem, which the user will choose to skip.
  auto started = Start(a_, "名字,性别,出生日期,职业类别\n林二,未知,1962-02-02,工人\n孙一,男,1966-06-06,农民\n");
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  ASSERT_EQ(started->state, "ready");

  // B has never seen the job: it builds its copy from the stored upload.
  auto seen = b_.Get(org_, started->id);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->state, "ready");
  EXPECT_EQ(seen->rows, 2);
  EXPECT_EQ(seen->file_name, "名册.csv");
  ASSERT_EQ(seen->columns.size(), 4u);
  EXPECT_EQ(seen->columns[0].field, "");  // not recognised, as on A
  EXPECT_EQ(seen->problems.size(), started->problems.size());

  // Re-mapped on B; A's copy is out of date and is built again.
  auto mapped = b_.SetMapping(org_, started->id, {{0, "name"}, {1, "gender"}, {2, "birth_date"}, {3, "occupation"}});
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  auto on_a = a_.Get(org_, started->id);
  ASSERT_TRUE(on_a.ok()) << on_a.status().ToString();
  ASSERT_EQ(on_a->state, "ready");
  EXPECT_EQ(on_a->columns[0].field, "name");
  ASSERT_EQ(on_a->problems.size(), 1u);
  EXPECT_EQ(on_a->problems[0].code, "invalid_gender");
  EXPECT_EQ(on_a->problems[0].row, 2);

  // Applied on A with the problem row skipped; B shows the outcome.
  EXPECT_EQ(a_.Apply(org_, started->id, {}).status().reason(), "import.has_problems");
  auto applied = a_.Apply(org_, started->id, {}, ProblemRows::kSkip);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(applied->state, "applied") << (applied->error ? applied->error->ToString() : "");
  EXPECT_EQ(Deputies(), 1);
  auto on_b = b_.Get(org_, started->id);
  ASSERT_TRUE(on_b.ok()) << on_b.status().ToString();
  EXPECT_EQ(on_b->state, "applied");
  ASSERT_TRUE(on_b->applied.has_value());
  EXPECT_EQ(on_b->applied->created, 1);
  EXPECT_EQ(on_b->applied->skipped, 1);
  ASSERT_EQ(on_b->problems.size(), 1u);
  EXPECT_EQ(on_b->problems[0].code, "invalid_gender");

  // Applying again, on either server, is refused and writes nothing.
  EXPECT_EQ(b_.Apply(org_, started->id, {}, ProblemRows::kSkip).status().reason(), "import.busy");
  EXPECT_EQ(a_.Apply(org_, started->id, {}, ProblemRows::kSkip).status().reason(), "import.busy");
  EXPECT_EQ(Deputies(), 1);

  // B downloads the skipped row, under the header the mapping gave it.
  ExpectLinErSkipped(b_.SkippedRows(org_, started->id, ExportFormat::kCsv, base::Lang::kZhCn));

  // Someone else sees nothing of it on either server.
  EXPECT_EQ(b_.Get(other_, started->id).status().reason(), "import.not_found");
  EXPECT_EQ(a_.SkippedRows(other_, started->id, ExportFormat::kCsv, base::Lang::kZhCn).status().reason(),
            "import.not_found");
}

TEST_F(SharedImportTest, OnlyOneServerAppliesAJob) {
  auto started = Start(a_, "姓名,性别,出生日期,职业类别\n孙一,男,1966-06-06,农民\n");
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(b_.Get(org_, started->id).ok());  // both hold a ready copy
  // A runs in the background and stays applying until it is let go: B's
  // apply meets the row already claimed.
  a_.set_synchronous(false);
  auto first = a_.Apply(org_, started->id, {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = b_.Apply(org_, started->id, {});
  // Either A is still applying (busy), or it has applied (busy too).
  EXPECT_EQ(second.status().reason(), "import.busy");
  for (int i = 0; i < 500; ++i) {
    auto v = b_.Get(org_, started->id);
    ASSERT_TRUE(v.ok());
    if (v->state == "applied") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(b_.Get(org_, started->id)->state, "applied");
  EXPECT_EQ(Deputies(), 1);
}

TEST_F(SharedImportTest, EachUsersLimitIsOneLimitAcrossServers) {
  const std::string csv = "姓名,性别,出生日期,职业类别\n孙一,男,1966-06-06,农民\n";
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    auto job = Start(i % 2 ? b_ : a_, csv);
    ASSERT_TRUE(job.ok()) << job.status().ToString();
    ids.push_back(job->id);
  }
  // The three oldest were replaced, whichever server started them; the five
  // newest are seen from both.
  for (int i = 0; i < 8; ++i) {
    const auto& id = ids[static_cast<std::size_t>(i)];
    EXPECT_EQ(a_.Get(org_, id).ok(), i >= 3) << i;
    EXPECT_EQ(b_.Get(org_, id).ok(), i >= 3) << i;
  }
}

TEST_F(SharedImportTest, AJobLeftInFlightByAStoppedServerIsTakenOver) {
  const std::string csv = "姓名,性别,出生日期,职业类别\n孙一,男,1966-06-06,农民\n";
  std::string id;
  {
    // A server that stops while validating: its row stays "validating".
    ImportService gone{t_.store(), t_.clock()};
    gone.set_synchronous(true);
    auto job = Start(gone, csv);
    ASSERT_TRUE(job.ok());
    id = job->id;
    ASSERT_TRUE(t_.store()
                    .Write([&](storage::Tx& tx) -> Status {
                      storage::ImportJobChange back;
                      back.state = "validating";
                      back.updated_at = t_.clock().Now();
                      return tx.import_jobs().Change(id, {}, std::nullopt, back).status();
                    })
                    .ok());
  }
  // Within a minute, another server shows it at work elsewhere.
  auto waiting = b_.Get(org_, id);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->state, "validating");
  EXPECT_EQ(b_.Apply(org_, id, {}).status().reason(), "import.busy");
  // After a minute without change, it takes the job over.
  t_.clock().Advance(61LL * base::kMicrosPerSecond);
  auto taken = b_.Get(org_, id);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_EQ(taken->state, "ready");
  auto applied = b_.Apply(org_, id, {});
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->state, "applied");
  EXPECT_EQ(Deputies(), 1);
}

TEST_F(SharedImportTest, JobsAreForgottenAfterAnHourOnEveryServer) {
  auto job = Start(a_, "姓名,性别,出生日期,职业类别\n孙一,男,1966-06-06,农民\n");
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(b_.Get(org_, job->id).ok());
  t_.clock().Advance(3601LL * base::kMicrosPerSecond);
  EXPECT_EQ(a_.Get(org_, job->id).status().reason(), "import.not_found");
  EXPECT_EQ(b_.Get(org_, job->id).status().reason(), "import.not_found");
  // The request after the hour deleted the stored row, upload and all.
  std::optional<storage::ImportJobRecord> row;
  ASSERT_TRUE(t_.store()
                  .Read([&](storage::Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(row, tx.import_jobs().Find(job->id, false));
                    return base::Ok();
                  })
                  .ok());
  EXPECT_FALSE(row.has_value());
}

}  // namespace
}  // namespace shuzhi::app
