// Import jobs stay within their memory (issue 14: any group leader could
// block every roster import for an hour, since jobs were kept an hour and
// capped at 200 for the whole server, with their uploads and tables held);
// skipping the rows with problems (issue 18) asks no decision for a row it
// skips, and its file of skipped rows imports again as the rows were mapped.
#include "app/imports/import.h"

#include <gtest/gtest.h>

#include "app/imports/import_test_fixture.h"
#include "app/registry/registry.h"
#include "app/testing/app_test_util.h"
#include "export/csv.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

using core::Role;

class ImportLimitsTest : public ImportFixture {
 protected:
  Result<ImportJobView> Start(const Actor& who, const std::string& csv) {
    return StartOn(t_.app().imports(), who, csv);
  }

  static std::string Csv(int rows) {
    std::string csv = "姓名,性别,出生日期,职业类别\n";
    for (int i = 0; i < rows; ++i) csv += "代表" + std::to_string(i) + ",男,1970-05-01,农民\n";
    return csv;
  }
};

TEST_F(ImportLimitsTest, EachUserKeepsTheirNewestFiveJobs) {
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    auto job = Start(org_, Csv(3));
    ASSERT_TRUE(job.ok()) << job.status().ToString();
    EXPECT_EQ(job->state, "ready");
    ids.push_back(job->id);
  }
  // The three oldest were replaced; the five newest remain.
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(t_.app().imports().Get(org_, ids[static_cast<std::size_t>(i)]).ok(), i >= 3) << i;
  }
  // Another user is not crowded out.
  auto theirs = Start(other_, Csv(3));
  ASSERT_TRUE(theirs.ok()) << theirs.status().ToString();
  EXPECT_EQ(theirs->state, "ready");
}

TEST_F(ImportLimitsTest, FinishedJobsFreeTheirTablesAtOnce) {
  auto job = Start(org_, Csv(2000));
  ASSERT_TRUE(job.ok());
  ASSERT_EQ(job->state, "ready");
  ASSERT_TRUE(job->problems.empty()) << job->problems.at(0).row << " " << job->problems.at(0).field << " "
                                     << job->problems.at(0).code;
  EXPECT_GT(t_.app().imports().held_bytes(), 2000u * 10);  // the table, while it may still be applied
  auto applied = t_.app().imports().Apply(org_, job->id, {});
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_TRUE(applied->problems.empty()) << applied->problems.at(0).field << " " << applied->problems.at(0).code;
  EXPECT_EQ(applied->state, "applied");
  EXPECT_EQ(t_.app().imports().held_bytes(), 0u);
  // The summary stays readable.
  auto after = t_.app().imports().Get(org_, job->id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->applied->created, 2000);

  auto failed = Start(org_, std::string("PK\x03\x04garbage", 11));
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, "failed");
  EXPECT_EQ(t_.app().imports().held_bytes(), 0u);
}

TEST_F(ImportLimitsTest, BytesHeldByAllJobsAreBounded) {
  const std::string csv = Csv(1000);
  auto first = Start(org_, csv);
  ASSERT_TRUE(first.ok());
  const std::size_t one = t_.app().imports().held_bytes();
  ASSERT_GT(one, 0u);
  t_.app().imports().set_held_limit(one * 2 + csv.size() / 2);
  ASSERT_TRUE(Start(other_, csv).ok());  // two tables held
  auto third = Start(admin_, csv);       // a third would pass the limit
  EXPECT_EQ(third.status().reason(), "import.too_many");
  // Once a job is applied its table is freed, and there is room again.
  ASSERT_TRUE(t_.app().imports().Apply(org_, first->id, {}).ok());
  EXPECT_TRUE(Start(admin_, csv).ok());
}

using ImportSkipTest = ImportLimitsTest;

TEST_F(ImportSkipTest, ASkippedRowNeedsNoDecisionAndItsFileKeepsTheMapping) {
  // 林二 is recorded twice (an old duplicate): her row would need a choice.
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(
        t_.store()
            .Write([&](storage::Tx& tx) {
              return tx.registry().InsertDeputy({0, "林二", "female", "1962-02-02", "", "worker", "", "", ""}).status();
            })
            .ok());
  }
  // "名字" is no recognised header: the user maps it by hand.
  auto job = Start(org_, "名字,性别,出生日期,职业类别\n林二,未知,1962-02-02,工人\n孙一,男,1966-06-06,农民\n");
  ASSERT_TRUE(job.ok());
  auto& imports = t_.app().imports();
  auto mapped = imports.SetMapping(org_, job->id, {{0, "name"}, {1, "gender"}, {2, "birth_date"}, {3, "occupation"}});
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  auto ready = imports.Get(org_, job->id);
  ASSERT_EQ(ready->problems.size(), 1u);
  EXPECT_EQ(ready->problems[0].code, "invalid_gender");
  ASSERT_EQ(ready->matches.size(), 1u);
  EXPECT_TRUE(ready->matches[0].decision_required);

  EXPECT_EQ(imports.Apply(org_, job->id, {}).status().reason(), "import.has_problems");  // all or nothing by default
  auto applied = imports.Apply(org_, job->id, {}, ProblemRows::kSkip);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(applied->state, "applied") << (applied->error ? applied->error->ToString() : "");
  EXPECT_EQ(applied->applied->created, 1);
  EXPECT_EQ(applied->applied->skipped, 1);
  EXPECT_GT(imports.held_bytes(), 0u);  // the skipped row, kept for download

  ExpectLinErSkipped(imports.SkippedRows(org_, job->id, ExportFormat::kCsv, base::Lang::kZhCn));
  // Someone else's job stays hidden.
  EXPECT_EQ(imports.SkippedRows(other_, job->id, ExportFormat::kCsv, base::Lang::kZhCn).status().reason(),
            "import.not_found");
}

}  // namespace
}  // namespace shuzhi::app
