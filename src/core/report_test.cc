#include "core/report.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

TEST(ReportTest, SectionsFollowTheCampaign) {
  auto r = EmptyReport(CommitteeTemplate(2026));
  ASSERT_EQ(r.sections.size(), 10u);  // 7 items + achievements, shortcomings, direction
  EXPECT_EQ(r.sections[0].key, "item_1");
  EXPECT_EQ(r.sections[6].title, "遵纪守法、廉洁自律及其他情况");
  EXPECT_EQ(r.sections[9].key, "direction");
}

TEST(ReportTest, FitKeepsKnownSectionsInOrder) {
  const auto campaign = VoterTemplate(2026);
  ReportContent in{{{"direction", "x", "继续努力"}, {"nonsense", "y", "丢弃"}, {"item_2", "z", "遵守公德"}}};
  auto fit = FitToCampaign(campaign, in);
  ASSERT_TRUE(fit.ok());
  ASSERT_EQ(fit->sections.size(), 11u);
  EXPECT_EQ(fit->sections[1].text, "遵守公德");
  EXPECT_EQ(fit->sections[1].title, campaign.content_items[1]);  // titles come from the campaign
  EXPECT_EQ(fit->sections[10].text, "继续努力");
  ReportContent big{{{"item_1", "", std::string(100'001, 'a')}}};
  EXPECT_EQ(FitToCampaign(campaign, big).status().reason(), "report.section_too_long");
}

TEST(ReportTest, CountsAllSections) {
  ReportContent r{{{"item_1", "", "学习贯彻"}, {"item_2", "", "GDP 增长 6.5%"}}};
  const auto c = CountReport(r);
  EXPECT_EQ(c.words, 4 + 1 + 2 + 1);
  EXPECT_EQ(c.chars_no_spaces, 4 + 3 + 2 + 4);
}

TEST(ReportTest, LifeCycle) {
  using S = ReportState;
  EXPECT_TRUE(CheckReportTransition(S::kDraft, S::kSubmitted).ok());
  EXPECT_TRUE(CheckReportTransition(S::kSubmitted, S::kReturned).ok());
  EXPECT_TRUE(CheckReportTransition(S::kReturned, S::kSubmitted).ok());
  EXPECT_TRUE(CheckReportTransition(S::kSubmitted, S::kAccepted).ok());
  EXPECT_EQ(CheckReportTransition(S::kAccepted, S::kSubmitted).reason(), "report.bad_state");
  EXPECT_FALSE(CheckReportTransition(S::kDraft, S::kAccepted).ok());
  EXPECT_FALSE(CheckReportTransition(S::kReturned, S::kAccepted).ok());
}

TEST(ReportTest, DiffMarksChangedCharacters) {
  ReportContent a{{{"item_1", "t", "认真履行代表职责"}, {"item_2", "u", "不变"}}};
  ReportContent b{{{"item_1", "t", "认真依法履行代表职责。"}, {"item_2", "u", "不变"}, {"item_3", "v", "新增"}}};
  auto d = DiffReports(a, b);
  ASSERT_EQ(d.size(), 3u);
  std::string rebuilt_new, rebuilt_old, inserted;
  for (const auto& s : d[0].segments) {
    if (s.op != DiffSegment::Op::kDelete) rebuilt_new += s.text;
    if (s.op != DiffSegment::Op::kInsert) rebuilt_old += s.text;
    if (s.op == DiffSegment::Op::kInsert) inserted += s.text;
  }
  EXPECT_EQ(rebuilt_new, "认真依法履行代表职责。");
  EXPECT_EQ(rebuilt_old, "认真履行代表职责");
  EXPECT_EQ(inserted, "依法。");
  ASSERT_EQ(d[1].segments.size(), 1u);
  EXPECT_EQ(d[1].segments[0].op, DiffSegment::Op::kEqual);
  ASSERT_EQ(d[2].segments.size(), 1u);
  EXPECT_EQ(d[2].segments[0].op, DiffSegment::Op::kInsert);
}

}  // namespace
}  // namespace shuzhi::core
