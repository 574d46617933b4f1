#include "app/demo/demo.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/archive/archive.h"
#include "app/assessment/assessment.h"
#include "app/campaign/campaign.h"
#include "app/meeting/meeting.h"
#include "app/opinion/opinion.h"
#include "app/registry/registry.h"
#include "app/report/report.h"
#include "app/testing/app_test_util.h"
#include "app/users/users.h"
#include "base/json.h"

namespace shuzhi::app {
namespace {

TEST(DemoTest, SeedsBothSeedSettingsOnceAndTheAccounts) {
  testing::TestApp t;
  auto first = SeedDemo(t.app(), "demo-password", DemoScope::kRegistry);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->registry_created);
  EXPECT_EQ(first->accounts_created, 4);
  auto again = SeedDemo(t.app(), "demo-password", DemoScope::kRegistry);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->registry_created);
  EXPECT_EQ(again->accounts_created, 0);

  Actor admin{0, "root", {{core::Role::kAdmin, {}, {}, {}}}};
  auto& reg = t.app().registry();
  auto congresses = reg.ListCongresses(admin);
  ASSERT_TRUE(congresses.ok());
  ASSERT_EQ(congresses->size(), 4u);
  std::map<std::string, std::int64_t> id;
  for (const auto& c : *congresses) id[c.name] = c.id;

  // Plan A: 25 committee members; 12 city deputies in plan 1's occupation mix.
  EXPECT_EQ(reg.ListCommitteeMembers(admin, id["临川县人民代表大会"])->size(), 25u);
  auto county_groups = reg.ListGroups(admin, id["临川县人民代表大会"]);
  ASSERT_EQ(county_groups->size(), 1u);
  core::RosterFilter f;
  f.group_id = county_groups->front().group.id;
  auto mix = reg.CountRoster(admin, f, core::RosterDimension::kOccupation);
  ASSERT_TRUE(mix.ok());
  std::map<std::string, std::int64_t> counts(mix->begin(), mix->end());
  EXPECT_EQ(counts, (std::map<std::string, std::int64_t>{{"civil_servant", 2},
                                                         {"enterprise_head", 4},
                                                         {"public_institution_head", 2},
                                                         {"farmer", 1},
                                                         {"professional", 3}}));

  // Plan B: three town groups of district and town deputies, ~30 voter representatives each.
  auto town_groups = reg.ListGroups(admin, id["洞桥镇人民代表大会"]);
  ASSERT_EQ(town_groups->size(), 3u);
  for (const auto& g : *town_groups) {
    EXPECT_EQ(reg.ListVoterReps(admin, g.group.id)->size(), 30u);
    auto rotation = reg.GetRotation(admin, g.group.id);
    ASSERT_TRUE(rotation.ok());
    int two_levels = 0, reported = 0, left = 0;
    for (const auto& p : rotation->persons) {
      two_levels += p.levels.size() == 2;
      reported += p.slot.state == core::RotationState::kReported;
      left += p.slot.state == core::RotationState::kLeft;
    }
    EXPECT_EQ(two_levels, 2);  // district and town deputies who report once, for both
    EXPECT_EQ(reported, 4);
    EXPECT_EQ(left, 1);
    auto panel = reg.GetPanel(admin, g.group.id);
    ASSERT_TRUE(panel.ok());
    EXPECT_TRUE(panel->report.size_ok);
    EXPECT_TRUE(panel->report.villages_missing.empty());
  }
}

}  // namespace
}  // namespace shuzhi::app

namespace shuzhi::app {
namespace {

TEST(DemoTest, CampaignsWithReportsInEveryStateAndOpinions) {
  testing::TestApp t;
  t.clock().Set(*base::ParseIso8601("2026-11-27T09:00:00+08:00"));
  auto seeded = SeedDemo(t.app(), "demo-password", DemoScope::kWithLastYear);
  ASSERT_TRUE(seeded.ok()) << seeded.status().ToString();
  EXPECT_EQ(seeded->campaigns_created, 3);
  Actor admin{0, "root", {{core::Role::kAdmin, {}, {}, {}}}};
  auto campaigns = t.app().campaigns().List(admin, std::nullopt);
  ASSERT_TRUE(campaigns.ok());
  ASSERT_EQ(campaigns->size(), 3u);
  std::set<std::string> templates;
  for (const auto& c : *campaigns) templates.insert(c.spec.template_code);
  EXPECT_EQ(templates, (std::set<std::string>{"committee", "voter"}));
  for (const auto& c : *campaigns) {
    if (c.spec.template_code != "voter") continue;
    auto reports = t.app().reports().List(admin, c.record.id);
    ASSERT_TRUE(reports.ok());
    std::set<std::string> states;
    bool late = false;
    for (const auto& r : *reports) {
      states.insert(ReportProgressCode(r.state));
      late = late || r.late;
    }
    EXPECT_EQ(states, (std::set<std::string>{"not_started", "draft", "submitted", "returned", "accepted"}));
    EXPECT_TRUE(late);
  }
  auto users = t.app().users().List(admin, "deputy", 1, 10);
  ASSERT_TRUE(users.ok());
  ASSERT_FALSE(users->items.empty());
  const auto deputy_id = *users->items[0].roles[0].deputy_id;
  Actor deputy{users->items[0].id, "deputy", users->items[0].roles};
  // The demo deputy has a report to write and no opinions seeded for them.
  auto notices = t.app().opinions().List(deputy, deputy_id);
  ASSERT_TRUE(notices.ok());
  EXPECT_TRUE(notices->empty());

  // The finished meetings' results are dated at their meetings (25 and 26
  // November), not at the moment the demo was seeded (27 November).
  int dated = 0;
  for (const auto& c : *campaigns) {
    auto meetings = t.app().meetings().List(admin, c.record.id);
    ASSERT_TRUE(meetings.ok());
    for (const auto& m : *meetings) {
      if (m.state != core::MeetingState::kFinished) continue;
      const std::string day = base::FormatCst(m.starts_at).substr(0, 10);
      auto full = t.app().meetings().Get(admin, m.id);
      ASSERT_TRUE(full.ok());
      for (const auto& p : full->polls) {
        auto result = t.app().meetings().ResultFor(admin, p.id);
        ASSERT_TRUE(result.ok());
        const auto record = base::json::parse(result->signed_record);
        const std::string closed = std::string(record.at("closed_at").as_string());
        EXPECT_EQ(closed.substr(0, 10), day) << m.title;
        ++dated;
      }
    }
  }
  EXPECT_GE(dated, 2);
}

// Last year's committee campaign is over and archived with one archive of
// the whole campaign, and its deputies' duty records hold both years, so
// the assessment and the trend chart have history.
TEST(DemoTest, LastYearArchivedWithTwoYearsOfRecords) {
  testing::TestApp t;
  t.clock().Set(*base::ParseIso8601("2026-11-27T09:00:00+08:00"));
  ASSERT_TRUE(SeedDemo(t.app(), "demo-password", DemoScope::kWithLastYear).ok());
  Actor admin{0, "root", {{core::Role::kAdmin, {}, {}, {}}}};
  auto campaigns = t.app().campaigns().List(admin, std::nullopt);
  ASSERT_TRUE(campaigns.ok());
  std::int64_t last_year = 0;
  for (const auto& c : *campaigns) {
    if (c.spec.year != 2025) continue;
    EXPECT_EQ(c.spec.template_code, "committee");
    EXPECT_EQ(c.record.state, core::CampaignState::kArchived);
    last_year = c.record.id;
  }
  ASSERT_NE(last_year, 0);
  auto archives = t.app().archives().List(admin, last_year);
  ASSERT_TRUE(archives.ok());
  ASSERT_EQ(archives->size(), 1u);
  EXPECT_EQ((*archives)[0].archive.state, core::ArchiveState::kDone);
  EXPECT_FALSE((*archives)[0].archive.group_id.has_value());
  EXPECT_GT((*archives)[0].archive.files_total, 10);
  EXPECT_EQ(base::FormatCst((*archives)[0].archive.created_at).substr(0, 4), "2025");

  auto listed = t.app().campaigns().Deputies(admin, last_year);
  ASSERT_TRUE(listed.ok());
  ASSERT_FALSE(listed->empty());
  int with_trend = 0;
  for (const auto& d : *listed) {
    auto record = AssessmentService(t.app().store(), t.clock()).Record(admin, d.entry.deputy_id);
    ASSERT_TRUE(record.ok()) << record.status().ToString();
    std::set<int> years;
    for (const auto& e : record->entries) {
      if (e.result) years.insert(e.year);
    }
    if (years == std::set<int>{2025, 2026}) ++with_trend;
  }
  EXPECT_EQ(with_trend, static_cast<int>(listed->size()));
}

}  // namespace
}  // namespace shuzhi::app
