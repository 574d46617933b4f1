#include "core/assessment.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace shuzhi::core {
namespace {

struct Row {
  std::int64_t deputy_id;
  std::string grade;  // empty: withheld
  std::int64_t num = 0, den = 0;
};

// A signed result record as the meeting room writes it (only what the
// assessment reads), on the committee scale.
std::string Record(const std::vector<Row>& rows, bool void_poll = false) {
  std::string out = R"({"kind":"shuzhi.poll_result","scale":[{"code":"satisfied"},{"code":"basically_satisfied"},)"
                    R"({"code":"dissatisfied"}],"void":)" +
                    std::string(void_poll ? "true" : "false") + R"(,"deputies":[)";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (i) out += ",";
    out += R"({"deputy_id":)" + std::to_string(r.deputy_id);
    if (r.grade.empty()) {
      out += R"(,"withheld":true})";
    } else {
      out += R"(,"withheld":false,"grade":")" + r.grade + R"(","approval":{"num":)" + std::to_string(r.num) +
             R"(,"den":)" + std::to_string(r.den) + "}}";
    }
  }
  return out + "]}";
}

PollRow Poll(std::int64_t id, const std::vector<Row>& rows, bool priv = false) {
  PollRow p;
  p.poll_id = id;
  p.campaign_id = 1;
  p.final = true;
  p.result = Record(rows);
  for (const auto& r : rows) p.deputy_ids.push_back(r.deputy_id);
  p.private_disclosure = priv;
  return p;
}

AssessmentRows Base(int deputies) {
  AssessmentRows rows;
  rows.campaigns.push_back({1, 2026, "2026年述职评议", {"satisfied", "basically_satisfied", "dissatisfied"}, {}});
  for (int i = 1; i <= deputies; ++i) rows.roster.push_back({i, "代表" + std::to_string(i), 10, "第一组"});
  return rows;
}

const DeputyFacts& Of(const std::vector<DeputyFacts>& all, std::int64_t id) {
  for (const auto& f : all)
    if (f.deputy_id == id) return f;
  throw std::runtime_error("no deputy " + std::to_string(id));
}

TEST(AssessmentTest, FactsCountReportsOpinionsMeasuresAndTheResult) {
  auto rows = Base(2);
  rows.listed = {{1, 1, true, false}, {1, 2, true, true}};
  rows.opinions = {
      {1, 1, "new", 3}, {1, 1, "answered", 2}, {1, 1, "addressed", 1}, {1, 1, "pending", 5}, {1, 1, "rejected", 4}};
  // Due 2026-12-10: done at 2026-12-10 20:00 CST is on time, the 11th is not.
  const base::Micros dec10_20h = 1'796'904'000LL * 1'000'000;  // 2026-12-10T20:00:00+08:00
  rows.measures = {{1, 1, "accepted", "2026-12-10", dec10_20h},
                   {1, 1, "accepted", "2026-12-09", dec10_20h},
                   {1, 1, "done", "2026-12-10", dec10_20h},
                   {1, 1, "open", "2026-12-10", std::nullopt}};
  rows.polls = {Poll(7, {{1, "satisfied", 9, 10}, {2, "dissatisfied", 2, 10}})};
  const auto f = AssessmentFacts(rows);
  ASSERT_EQ(f.size(), 2u);
  const auto& a = Of(f, 1);
  EXPECT_EQ(a.opinions, 6);
  EXPECT_EQ(a.opinions_answered, 3);
  EXPECT_EQ(a.measures, 4);
  EXPECT_EQ(a.measures_done, 3);
  EXPECT_EQ(a.measures_on_time, 1);
  EXPECT_TRUE(a.on_time());
  ASSERT_TRUE(a.result);
  EXPECT_EQ(a.result->grade, "satisfied");
  EXPECT_EQ(a.result->approval, (Fraction{9, 10}));
  const auto& b = Of(f, 2);
  EXPECT_TRUE(b.reported_all());
  EXPECT_FALSE(b.on_time());  // submitted late
  EXPECT_EQ(b.result->grade_rank, 2);
}

TEST(AssessmentTest, TiesShareARankAndKeepDeputyOrder) {
  auto rows = Base(5);
  rows.polls = {Poll(
      1,
      {{4, "satisfied", 8, 10}, {2, "satisfied", 4, 5}, {3, "satisfied", 9, 10}, {1, "basically_satisfied", 8, 10}})};
  const auto ranked = RankAssessment(AssessmentFacts(rows), {}, {});
  ASSERT_EQ(ranked.size(), 5u);
  EXPECT_EQ(ranked[0].facts.deputy_id, 3);
  EXPECT_EQ(ranked[0].rank, 1);
  // 8/10 and 4/5 are the same rate with the same grade: a shared rank 2.
  EXPECT_EQ(ranked[1].facts.deputy_id, 2);
  EXPECT_EQ(ranked[2].facts.deputy_id, 4);
  EXPECT_EQ(ranked[1].rank, 2);
  EXPECT_EQ(ranked[2].rank, 2);
  // The same rate with a worse grade ranks below, and skips to 4.
  EXPECT_EQ(ranked[3].facts.deputy_id, 1);
  EXPECT_EQ(ranked[3].rank, 4);
  // No result: last, unranked, never a candidate.
  EXPECT_EQ(ranked[4].facts.deputy_id, 5);
  EXPECT_FALSE(ranked[4].rank.has_value());
  EXPECT_FALSE(ranked[4].candidate);
}

TEST(AssessmentTest, AWithheldRowOrAVoidPollIsNeverUsed) {
  auto rows = Base(3);
  rows.polls = {Poll(1, {{1, ""}, {2, "satisfied", 9, 10}})};
  auto void_poll = Poll(2, {{3, "satisfied", 10, 10}});
  void_poll.result = Record({{3, "satisfied", 10, 10}}, true);
  rows.polls.push_back(void_poll);
  const auto f = AssessmentFacts(rows);
  EXPECT_FALSE(Of(f, 1).result.has_value());
  EXPECT_EQ(Of(f, 1).polls, 1);
  EXPECT_EQ(Of(f, 1).polls_withheld, 1);
  EXPECT_FALSE(Of(f, 3).result.has_value());
  const auto ranked = RankAssessment(f, {}, {});
  EXPECT_EQ(ranked[0].facts.deputy_id, 2);
  EXPECT_FALSE(ranked[1].rank.has_value());
  EXPECT_FALSE(ranked[2].rank.has_value());
}

TEST(AssessmentTest, APrivateUnreleasedResultCountsForTheOrganizersButHidesFromTheDeputy) {
  auto rows = Base(1);
  rows.polls = {Poll(1, {{1, "satisfied", 9, 10}}, /*priv=*/true)};
  const auto f = AssessmentFacts(rows);
  ASSERT_TRUE(Of(f, 1).result.has_value());
  EXPECT_FALSE(Of(f, 1).result->released);
  EXPECT_TRUE(RankAssessment(f, {}, {})[0].rank.has_value());
  const auto staff = RecordFor(1, rows, false);
  ASSERT_EQ(staff.size(), 1u);
  EXPECT_TRUE(staff[0].result.has_value());
  const auto own = RecordFor(1, rows, true);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_FALSE(own[0].result.has_value());
  EXPECT_TRUE(own[0].result_hidden);
  rows.polls[0].released = {1};
  EXPECT_TRUE(RecordFor(1, rows, true)[0].result.has_value());
}

TEST(AssessmentTest, TwoMandatesInAYearMakeOneDeputyInBothGroups) {
  auto rows = Base(1);
  rows.roster.push_back({1, "代表1", 20, "第二组"});
  rows.roster.push_back({1, "代表1", 10, "第一组"});  // also listed by a campaign
  rows.polls = {Poll(1, {{1, "satisfied", 9, 10}})};
  const auto f = AssessmentFacts(rows);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].group_ids, (std::vector<std::int64_t>{10, 20}));
  EXPECT_EQ(f[0].group_names, (std::vector<std::string>{"第一组", "第二组"}));
  AssessmentFilter in_second;
  in_second.group_id = 20;
  EXPECT_EQ(RankAssessment(f, {}, in_second).size(), 1u);
  in_second.group_id = 30;
  EXPECT_TRUE(RankAssessment(f, {}, in_second).empty());
}

TEST(AssessmentTest, TheLatestPollIsTheResultAndTheBestIsKept) {
  auto rows = Base(1);
  rows.polls = {Poll(2, {{1, "basically_satisfied", 6, 10}}), Poll(1, {{1, "satisfied", 9, 10}})};
  const auto f = AssessmentFacts(rows);
  EXPECT_EQ(f[0].result->poll_id, 2);
  EXPECT_EQ(f[0].best->poll_id, 1);
}

TEST(AssessmentTest, CriteriaSelectCandidates) {
  auto rows = Base(3);
  rows.listed = {{1, 1, true, false}, {1, 2, true, false}, {1, 3, true, true}};
  rows.measures = {{2, 1, "open", "2026-12-10", std::nullopt}};
  rows.polls = {Poll(1, {{1, "satisfied", 9, 10}, {2, "satisfied", 95, 100}, {3, "satisfied", 95, 100}})};
  AssessmentCriteria c;
  c.grades = {"satisfied"};
  c.min_approval_tenths = 900;  // 90.0 %: 9/10 meets it exactly
  std::vector<bool> got;
  for (const auto& r : RankAssessment(AssessmentFacts(rows), c, {})) got.push_back(r.candidate);
  EXPECT_EQ(got, (std::vector<bool>{true, true, true}));
  c.all_measures_done = true;
  c.on_time = true;
  AssessmentFilter only;
  only.candidates_only = true;
  const auto ranked = RankAssessment(AssessmentFacts(rows), c, only);
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].facts.deputy_id, 1);
  EXPECT_EQ(ranked[0].rank, 3);  // the congress's rank, not the filtered list's
  c.min_approval_tenths = 901;
  EXPECT_TRUE(RankAssessment(AssessmentFacts(rows), c, only).empty());
}

TEST(AssessmentTest, CriteriaAreValidated) {
  const std::set<std::string> known = {"satisfied", "dissatisfied"};
  AssessmentCriteria c;
  EXPECT_TRUE(ValidateCriteria(c, known).ok());
  c.min_approval_tenths = 1001;
  EXPECT_EQ(ValidateCriteria(c, known).reason(), "assessment.bad_threshold");
  c.min_approval_tenths = -1;
  EXPECT_EQ(ValidateCriteria(c, known).reason(), "assessment.bad_threshold");
  c.min_approval_tenths = 1000;
  EXPECT_TRUE(ValidateCriteria(c, known).ok());
  c.grades = {"excellent"};
  const auto s = ValidateCriteria(c, known);
  EXPECT_EQ(s.code(), base::Code::kInvalidArgument);
  EXPECT_EQ(s.reason(), "assessment.unknown_grade");
}

TEST(AssessmentTest, RecordListsEveryCampaignNewestYearFirst) {
  AssessmentRows rows;
  rows.campaigns = {{1, 2025, "2025", {}, {}}, {2, 2026, "2026", {}, {}}, {3, 2026, "2026 bis", {}, {}}};
  rows.listed = {{1, 1, true, false}, {2, 1, true, true}, {3, 2, true, false}};
  rows.opinions = {{1, 2, "answered", 2}};
  rows.measures = {{1, 2, "accepted", "2026-12-10", std::nullopt}};
  auto p = Poll(5, {{1, "satisfied", 7, 10}});
  p.campaign_id = 1;
  rows.polls = {p};
  const auto rec = RecordFor(1, rows, true);
  ASSERT_EQ(rec.size(), 2u);
  EXPECT_EQ(rec[0].year, 2026);
  EXPECT_FALSE(rec[0].on_time);
  EXPECT_EQ(rec[0].opinions_answered, 2);
  EXPECT_EQ(rec[0].measures_done, 1);
  EXPECT_EQ(rec[1].year, 2025);
  EXPECT_EQ(rec[1].result->approval, (Fraction{7, 10}));
}

// Property: ranks never fall as one reads down, equal results share a rank,
// a rank is one plus the number of strictly better results, and the unranked
// follow the ranked.
TEST(AssessmentTest, RankingPropertiesHoldOnRandomYears) {
  std::mt19937 rng(1307);
  const char* grades[] = {"satisfied", "basically_satisfied", "dissatisfied"};
  for (int round = 0; round < 200; ++round) {
    const int n = 1 + static_cast<int>(rng() % 40);
    auto rows = Base(n);
    std::vector<Row> results;
    for (int i = 1; i <= n; ++i) {
      if (rng() % 5 == 0) continue;  // no result
      if (rng() % 7 == 0) {
        results.push_back({i, ""});  // withheld
        continue;
      }
      const std::int64_t den = 1 + rng() % 6;
      results.push_back({i, grades[rng() % 3], static_cast<std::int64_t>(rng() % (den + 1)), den});
    }
    rows.polls = {Poll(1, results)};
    const auto facts = AssessmentFacts(rows);
    const auto ranked = RankAssessment(facts, {}, {});
    ASSERT_EQ(ranked.size(), facts.size());
    bool seen_unranked = false;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const auto& r = ranked[i];
      if (!r.rank) {
        seen_unranked = true;
        continue;
      }
      ASSERT_FALSE(seen_unranked) << "a ranked deputy after an unranked one";
      int better = 0;
      for (const auto& o : ranked) {
        if (!o.facts.result) continue;
        const int c = CompareApproval(o.facts.result->approval, r.facts.result->approval);
        if (c > 0 || (c == 0 && o.facts.result->grade_rank < r.facts.result->grade_rank)) ++better;
      }
      EXPECT_EQ(*r.rank, better + 1);
      if (i > 0 && ranked[i - 1].rank) {
        EXPECT_LE(*ranked[i - 1].rank, *r.rank);
        if (*ranked[i - 1].rank == *r.rank) {
          EXPECT_LT(ranked[i - 1].facts.deputy_id, r.facts.deputy_id);
        }
      }
    }
  }
}

}  // namespace
}  // namespace shuzhi::core
