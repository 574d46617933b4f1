// The storage contract (see storage_contract_fixture.h): campaigns and their
// deputies, reports with their versions and reviews, opinions and public
// links.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

TEST_F(StoreTest, CampaignsAndTheirDeputies) {
  Seeded s = SeedRegistry(*store_);
  std::int64_t id = 0;
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            CampaignRecord c{0,
                             s.town,
                             2026,
                             "关于开展区、镇人大代表述职活动的实施方案",
                             "voter",
                             core::CampaignState::kDraft,
                             R"({"x":1})",
                             10,
                             10,
                             {s.group, s.other_group, s.group}};
            SHUZHI_ASSIGN_OR_RETURN(id, tx.campaigns().Insert(c));
            SHUZHI_TRY(tx.campaigns().AddDeputy({id, s.zhang, s.group, "rotation", std::nullopt, std::nullopt}));
            EXPECT_EQ(tx.campaigns().AddDeputy({id, s.zhang, s.group, "manual", std::nullopt, std::nullopt}).reason(),
                      "campaign.deputy_listed");
            SHUZHI_TRY(tx.campaigns().AddDeputy({id, s.li, s.other_group, "manual", std::nullopt, std::nullopt}));
            SHUZHI_TRY(tx.campaigns().UpdateDeputy({id, s.zhang, s.group, "rotation", std::string("张组长"), 99}));
            return tx.campaigns().RemoveDeputy(id, s.li);
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.campaigns().Find(id));
                    if (!c) return base::NotFound("test.missing", "campaign");
                    EXPECT_EQ(c->group_ids, (std::vector<std::int64_t>{s.group, s.other_group}));
                    EXPECT_EQ(c->spec, R"({"x":1})");
                    c->state = core::CampaignState::kActive;
                    c->group_ids = {s.group};
                    c->updated_at = 20;
                    SHUZHI_TRY(tx.campaigns().Update(*c));
                    EXPECT_EQ(tx.campaigns().Update(CampaignRecord{}).reason(), "campaign.not_found");
                    // A group that does not exist fails the insert (and, in PostgreSQL, the
                    // transaction): this is the last statement here.
                    CampaignRecord bad{0,    s.town, 2026, "x",    "custom", core::CampaignState::kDraft,
                                       "{}", 1,      1,    {99999}};
                    EXPECT_EQ(tx.campaigns().Insert(bad).status().reason(), "campaign.group_not_found");
                    return base::InvalidArgument("test.rollback", "undo the update");
                  })
                  .reason() == "test.rollback");
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto list, tx.campaigns().List(s.town));
                    EXPECT_EQ(list.size(), 1u);  // the rolled-back update and insert left nothing
                    if (list.empty()) return base::NotFound("test.missing", "campaign");
                    EXPECT_EQ(list[0].state, core::CampaignState::kDraft);
                    SHUZHI_ASSIGN_OR_RETURN(auto deputies, tx.campaigns().ListDeputies(id));
                    EXPECT_EQ(deputies.size(), 1u);
                    if (deputies.empty()) return base::NotFound("test.missing", "deputy");
                    EXPECT_EQ(deputies[0].confirmed_by, "张组长");
                    EXPECT_EQ(deputies[0].confirmed_at, 99);
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, ReportsVersionsAndReviews) {
  Seeded s = SeedRegistry(*store_);
  std::int64_t campaign = 0, report = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(
                        campaign,
                        tx.campaigns().Insert(
                            {0, s.town, 2026, "t", "voter", core::CampaignState::kActive, "{}", 1, 1, {s.group}}));
                    ReportRecord r{0,
                                   campaign,
                                   s.zhang,
                                   core::ReportState::kDraft,
                                   "2021-10-01",
                                   "2026-11-01",
                                   R"({"sections":[]})",
                                   0,
                                   0,
                                   std::nullopt,
                                   false,
                                   5,
                                   5};
                    SHUZHI_ASSIGN_OR_RETURN(report, tx.reports().Insert(r));
                    EXPECT_EQ(tx.reports().Insert(r).status().reason(),
                              "report.exists");  // last statement: aborts PostgreSQL's transaction
                    return base::InvalidArgument("test.rollback", "undo");
                  })
                  .reason() == "test.rollback");
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            SHUZHI_ASSIGN_OR_RETURN(
                campaign, tx.campaigns().Insert(
                              {0, s.town, 2026, "t", "voter", core::CampaignState::kActive, "{}", 1, 1, {s.group}}));
            SHUZHI_ASSIGN_OR_RETURN(report, tx.reports().Insert({0, campaign, s.zhang, core::ReportState::kDraft, "",
                                                                 "", "{}", 0, 0, std::nullopt, false, 5, 5}));
            SHUZHI_ASSIGN_OR_RETURN(auto v1,
                                    tx.reports().AddVersion({report, 0, R"({"v":1})", 10, 12, "zhang", 100, false}));
            SHUZHI_ASSIGN_OR_RETURN(auto v2,
                                    tx.reports().AddVersion({report, 0, R"({"v":2})", 11, 13, "zhang", 200, true}));
            EXPECT_EQ(v1, 1);
            EXPECT_EQ(v2, 2);
            SHUZHI_TRY(tx.reports().AddReview({report, 0, "return", "请补充第三部分", "leader", 150}));
            SHUZHI_TRY(tx.reports().AddReview({report, 0, "accept", "", "leader", 250}));
            SHUZHI_ASSIGN_OR_RETURN(auto r, tx.reports().Find(campaign, s.zhang));
            if (!r) return base::NotFound("test.missing", "report");
            r->state = core::ReportState::kAccepted;
            r->submitted_at = 200;
            r->late = true;
            return tx.reports().Update(*r);
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto list, tx.reports().ListForCampaign(campaign));
                    EXPECT_EQ(list.size(), 1u);
                    if (list.empty()) return base::NotFound("test.missing", "report");
                    EXPECT_EQ(list[0].state, core::ReportState::kAccepted);
                    EXPECT_EQ(list[0].submitted_at, 200);
                    EXPECT_TRUE(list[0].late);
                    SHUZHI_ASSIGN_OR_RETURN(auto versions, tx.reports().ListVersions(report));
                    EXPECT_EQ(versions.size(), 2u);
                    if (versions.size() < 2) return base::NotFound("test.missing", "versions");
                    EXPECT_EQ(versions[1].content, R"({"v":2})");
                    EXPECT_TRUE(versions[1].late);
                    SHUZHI_ASSIGN_OR_RETURN(auto reviews, tx.reports().ListReviews(report));
                    EXPECT_EQ(reviews.size(), 2u);
                    if (reviews.empty()) return base::NotFound("test.missing", "reviews");
                    EXPECT_EQ(reviews[0].comment, "请补充第三部分");
                    EXPECT_EQ(reviews[1].seq, 2);
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.reports().Find(campaign, s.li));
                    EXPECT_FALSE(none.has_value());
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, OpinionsAndPublicLinks) {
  Seeded s = SeedRegistry(*store_);
  const base::Bytes token = base::Hash32("token"), other = base::Hash32("other");
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    OpinionRecord o{0,
                                    s.zhang,
                                    std::nullopt,
                                    "visit",
                                    "2026-11-05",
                                    "希望修缮村道",
                                    "王大爷",
                                    "infrastructure",
                                    std::nullopt,
                                    "leader",
                                    "new",
                                    "",
                                    std::nullopt,
                                    10};
                    SHUZHI_ASSIGN_OR_RETURN(id, tx.opinions().Insert(o));
                    o.source = "online";
                    o.status = "pending";
                    o.constituent = "";
                    SHUZHI_TRY(tx.opinions().Insert(o).status());
                    SHUZHI_TRY(tx.opinions().SetLink(s.zhang, token, 1));
                    SHUZHI_TRY(tx.opinions().SetLink(s.zhang, other, 2));  // a new link replaces the old one
                    SHUZHI_ASSIGN_OR_RETURN(auto found, tx.opinions().Find(id));
                    if (!found) return base::NotFound("test.missing", "opinion");
                    found->status = "answered";
                    found->answer = "已联系交通部门";
                    found->answered_at = 20;
                    return tx.opinions().Update(*found);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto mine, tx.opinions().ListForDeputy(s.zhang));
                    EXPECT_EQ(mine.size(), 2u);
                    SHUZHI_ASSIGN_OR_RETURN(auto pending, tx.opinions().ListByStatus("pending"));
                    EXPECT_EQ(pending.size(), 1u);
                    SHUZHI_ASSIGN_OR_RETURN(auto answered, tx.opinions().Find(id));
                    if (!answered) return base::NotFound("test.missing", "opinion");
                    EXPECT_EQ(answered->answer, "已联系交通部门");
                    EXPECT_EQ(answered->answered_at, 20);
                    SHUZHI_ASSIGN_OR_RETURN(auto old_link, tx.opinions().FindLink(token));
                    EXPECT_FALSE(old_link.has_value());
                    SHUZHI_ASSIGN_OR_RETURN(auto link, tx.opinions().FindLink(other));
                    EXPECT_EQ(link, s.zhang);
                    return base::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace shuzhi::storage::contract
