#include "core/campaign.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

TEST(CampaignTest, CommitteeTemplateFollowsPlanOne) {
  auto c = CommitteeTemplate(2026);
  EXPECT_EQ(c.content_items.size(), 7u);
  EXPECT_EQ(c.content_items[5], "助力脱贫攻坚工作情况");
  EXPECT_EQ(c.word_limit, 2500);
  EXPECT_EQ(c.speech_minutes, 10);
  ASSERT_EQ(c.scale.size(), 3u);
  EXPECT_EQ(c.scale[0].label, "满意");
  EXPECT_EQ(c.scale[2].label, "不满意");
  EXPECT_EQ(c.disclosure, Disclosure::kAnnounce);
  ASSERT_EQ(c.phases.size(), 3u);
  EXPECT_EQ(c.phases[0].start_date, "2026-08-01");  // August: deployment
  EXPECT_EQ(c.phases[1].end_date, "2026-10-31");    // September–October: writing
  EXPECT_EQ(c.phases[2].end_date, "2026-11-30");    // end of November: the meeting
  EXPECT_TRUE(ValidateCampaign(c).ok());
}

TEST(CampaignTest, VoterTemplateFollowsPlanTwo) {
  auto c = VoterTemplate(2026);
  EXPECT_EQ(c.content_items.size(), 8u);
  EXPECT_EQ(c.content_items[7], "履行职务过程中存在的不足及改进措施");
  ASSERT_EQ(c.scale.size(), 4u);
  EXPECT_EQ(c.scale[1].label, "称职");
  EXPECT_EQ(c.scale[3].label, "不称职");
  EXPECT_EQ(c.disclosure, Disclosure::kPrivate);
  EXPECT_EQ(c.report_deadline, "2026-11-20");  // "于11月20日前上交"
  ASSERT_EQ(c.phases.size(), 3u);
  std::vector<std::string> tasks;
  for (const auto& p : c.phases) {
    for (const auto& t : p.tasks) tasks.push_back(t.code);
  }
  EXPECT_EQ(tasks, (std::vector<std::string>{"plan", "mobilisation", "choose_deputies", "report_deadline",
                                             "opinion_collection", "meeting", "feedback", "rectification", "archive",
                                             "submission"}));
  EXPECT_TRUE(ValidateCampaign(c).ok());
}

TEST(CampaignTest, DeadlineIsTheEndOfTheDayInBeijing) {
  const auto deadline = DeadlineOf("2026-11-20");
  EXPECT_EQ(base::FormatCst(deadline), "2026-11-20T23:59:59+08:00");
  // 23:59:59.999999 Beijing is on time; one microsecond later is late.
  EXPECT_FALSE(IsLate(deadline, "2026-11-20"));
  EXPECT_TRUE(IsLate(deadline + 1, "2026-11-20"));
  // 16:00 UTC on the 20th is already the 21st in Beijing: late.
  EXPECT_TRUE(IsLate(*base::ParseIso8601("2026-11-20T16:00:00Z"), "2026-11-20"));
  EXPECT_FALSE(IsLate(*base::ParseIso8601("2026-11-20T15:59:59Z"), "2026-11-20"));
}

TEST(CampaignTest, ValidationNamesTheField) {
  auto c = VoterTemplate(2026);
  c.scale[0].approval = c.scale[1].approval = false;
  EXPECT_EQ(ValidateCampaign(c).fields()[0].code, "no_approval_option");
  c = VoterTemplate(2026);
  c.scale[1].code = c.scale[0].code;
  EXPECT_EQ(ValidateCampaign(c).fields()[0].field, "scale[1].code");
  c = VoterTemplate(2026);
  c.phases[1].end_date = "2026-11-01";
  EXPECT_EQ(ValidateCampaign(c).fields()[0].field, "phases[1].end_date");
  c = VoterTemplate(2026);
  c.report_deadline = "11月20日";
  EXPECT_EQ(ValidateCampaign(c).fields()[0].field, "report_deadline");
  c = TemplateFor("custom", 2026);
  EXPECT_EQ(ValidateCampaign(c).fields()[0].field, "title");
}

TEST(CampaignTest, StatesMoveForwardOnly) {
  using S = CampaignState;
  EXPECT_TRUE(CheckTransition(S::kDraft, S::kActive).ok());
  EXPECT_TRUE(CheckTransition(S::kActive, S::kClosed).ok());
  EXPECT_TRUE(CheckTransition(S::kClosed, S::kActive).ok());
  EXPECT_TRUE(CheckTransition(S::kClosed, S::kArchived).ok());
  EXPECT_EQ(CheckTransition(S::kArchived, S::kActive).reason(), "campaign.bad_transition");
  EXPECT_FALSE(CheckTransition(S::kDraft, S::kClosed).ok());
  EXPECT_FALSE(CheckTransition(S::kActive, S::kDraft).ok());
}

}  // namespace
}  // namespace shuzhi::core
