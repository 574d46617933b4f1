// The storage contract for the after-meeting records: feedback talks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

// A poll about Zhang and Li in a meeting of a town campaign.
std::int64_t SeedPoll(Store& store, const Seeded& s, const std::string& token = "tok") {
  std::int64_t poll = 0;
  const Status st = store.Write([&](Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(
        auto campaign,
        tx.campaigns().Insert({0, s.town, 2026, "t", "voter", core::CampaignState::kActive, "{}", 1, 1, {s.group}}));
    MeetingRecord m;
    m.campaign_id = campaign;
    m.title = "t";
    m.projector_token = token;
    SHUZHI_ASSIGN_OR_RETURN(auto meeting, tx.meetings().Insert(m));
    PollRecord p;
    p.meeting_id = meeting;
    p.deputy_ids = {s.zhang, s.li};
    SHUZHI_ASSIGN_OR_RETURN(poll, tx.meetings().InsertPoll(p));
    return base::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return poll;
}

TEST_F(StoreTest, FeedbackIsRecordedCorrectedAndConfirmed) {
  const Seeded s = SeedRegistry(*store_);
  const std::int64_t poll = SeedPoll(*store_, s);
  FeedbackRecord talk{poll,     s.zhang, 5'000,       core::FeedbackMethod::kPhone, "张组长", "谈了意见",
                      "leader", 6'000,   std::nullopt};
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.feedback().Put(talk); }).ok());
  // Confirming a talk never recorded is refused and changes nothing.
  const Status missing = store_->Write([&](Tx& tx) { return tx.feedback().Confirm(poll, s.li, 7'000); });
  EXPECT_EQ(missing.reason(), "feedback.not_found");
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.feedback().Confirm(poll, s.zhang, 7'000); }).ok());
  // A correction replaces what was recorded and keeps the confirmation.
  talk.method = core::FeedbackMethod::kLetter;
  talk.notes = "改为书面反馈";
  talk.recorded_at = 8'000;
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.feedback().Put(talk); }).ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto f, tx.feedback().Find(poll, s.zhang));
                    EXPECT_TRUE(f.has_value());
                    if (!f) return base::Ok();
                    EXPECT_EQ(f->method, core::FeedbackMethod::kLetter);
                    EXPECT_EQ(f->notes, "改为书面反馈");
                    EXPECT_EQ(f->given_by, "张组长");
                    EXPECT_EQ(f->given_at, 5'000);
                    EXPECT_EQ(f->recorded_at, 8'000);
                    EXPECT_EQ(f->confirmed_at, std::optional<base::Micros>(7'000));
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.feedback().Find(poll, s.li));
                    EXPECT_FALSE(none.has_value());
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, FeedbackListsByPollAndByDeputyNewestFirst) {
  const Seeded s = SeedRegistry(*store_);
  const std::int64_t first = SeedPoll(*store_, s);
  const std::int64_t second = SeedPoll(*store_, s, "tok2");
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_TRY(tx.feedback().Put({first, s.li, 1'000, core::FeedbackMethod::kInPerson, "组长", "",
                                                  "leader", 1'100, std::nullopt}));
                    SHUZHI_TRY(tx.feedback().Put({first, s.zhang, 2'000, core::FeedbackMethod::kInPerson, "组长", "",
                                                  "leader", 2'100, std::nullopt}));
                    return tx.feedback().Put({second, s.zhang, 3'000, core::FeedbackMethod::kPhone, "组长", "",
                                              "leader", 3'100, std::nullopt});
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto by_poll, tx.feedback().ListForPoll(first));
                    EXPECT_EQ(by_poll.size(), 2U);
                    if (by_poll.size() == 2) {
                      EXPECT_EQ(by_poll[0].deputy_id, std::min(s.zhang, s.li));
                      EXPECT_EQ(by_poll[1].deputy_id, std::max(s.zhang, s.li));
                    }
                    SHUZHI_ASSIGN_OR_RETURN(auto zhang, tx.feedback().ListForDeputy(s.zhang));
                    EXPECT_EQ(zhang.size(), 2U);
                    if (zhang.size() == 2) {
                      EXPECT_EQ(zhang[0].poll_id, second);
                      EXPECT_EQ(zhang[0].method, core::FeedbackMethod::kPhone);
                      EXPECT_EQ(zhang[1].poll_id, first);
                    }
                    return base::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace shuzhi::storage::contract
