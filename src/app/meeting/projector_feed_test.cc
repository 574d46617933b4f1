#include "app/meeting/projector_feed.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

#include "app/testing/app_test_util.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

// Two meetings of one campaign, each with one poll, written straight to the
// store.
struct Meetings {
  std::int64_t one = 0, two = 0, poll_one = 0, poll_two = 0;
};

Meetings TwoMeetings(testing::TestApp& t) {
  t.AddPerson("甲", 1);
  Meetings m;
  EXPECT_TRUE(t.store()
                  .Write([&](storage::Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(
                        auto campaign, tx.campaigns().Insert(
                                           {0, 1, 2026, "t", "voter", core::CampaignState::kActive, "{}", 1, 1, {}}));
                    for (auto* ids : {&m.one, &m.two}) {
                      storage::MeetingRecord r;
                      r.campaign_id = campaign;
                      r.title = "会议";
                      r.projector_token = ids == &m.one ? "token-one" : "token-two";
                      SHUZHI_ASSIGN_OR_RETURN(*ids, tx.meetings().Insert(r));
                      storage::PollRecord p;
                      p.meeting_id = *ids;
                      SHUZHI_ASSIGN_OR_RETURN(auto poll, tx.meetings().InsertPoll(p));
                      (ids == &m.one ? m.poll_one : m.poll_two) = poll;
                    }
                    return base::Ok();
                  })
                  .ok());
  return m;
}

Status Write(testing::TestApp& t, const std::function<Status(storage::Tx&)>& fn) { return t.store().Write(fn); }

// A ballot counted wakes every watch of its meeting and none of another's;
// nothing changed wakes nobody; a change to the meeting wakes its watches;
// watches that are gone are forgotten.
TEST(ProjectorFeedTest, WakesTheWatchesOfTheMeetingsThatChanged) {
  testing::TestApp t;
  const Meetings m = TwoMeetings(t);
  ProjectorFeed feed(t.store(), 0);  // refreshed by hand
  EXPECT_EQ(feed.Start(m.two + 100).status().reason(), "meeting.not_found");
  auto one = feed.Start(m.one), also_one = feed.Start(m.one), two = feed.Start(m.two);
  ASSERT_TRUE(one.ok() && also_one.ok() && two.ok());
  EXPECT_EQ(feed.watched(), 2u);
  int woken_one = 0, woken_also_one = 0, woken_two = 0;
  (*one)->OnChange([&] { ++woken_one; });
  (*also_one)->OnChange([&] { ++woken_also_one; });
  (*two)->OnChange([&] { ++woken_two; });
  const ProjectorStamp first = (*one)->Stamp();
  EXPECT_EQ(first.version, 0);
  ASSERT_EQ(first.voted.size(), 1u);
  EXPECT_EQ(first.voted[0], std::make_pair(m.poll_one, std::int64_t{0}));

  ASSERT_TRUE(feed.Refresh().ok());
  EXPECT_EQ(woken_one + woken_also_one + woken_two, 0);

  ASSERT_TRUE(Write(t, [&](storage::Tx& tx) { return tx.meetings().AddVoted(m.poll_one, 3); }).ok());
  ASSERT_TRUE(feed.Refresh().ok());
  EXPECT_EQ(woken_one, 1);
  EXPECT_EQ(woken_also_one, 1);
  EXPECT_EQ(woken_two, 0);
  EXPECT_EQ((*one)->Stamp().voted.at(0).second, 3);
  EXPECT_EQ((*one)->Stamp().version, first.version);
  ASSERT_TRUE(feed.Refresh().ok());
  EXPECT_EQ(woken_one, 1);  // nothing new

  ASSERT_TRUE(Write(t, [&](storage::Tx& tx) { return tx.meetings().Touch(m.two); }).ok());
  ASSERT_TRUE(feed.Refresh().ok());
  EXPECT_EQ(woken_two, 1);
  EXPECT_EQ(woken_one, 1);
  EXPECT_EQ((*two)->Stamp().version, 1);

  one->reset();
  also_one->reset();
  EXPECT_EQ(feed.watched(), 1u);
  ASSERT_TRUE(Write(t, [&](storage::Tx& tx) { return tx.meetings().AddVoted(m.poll_one, 1); }).ok());
  ASSERT_TRUE(feed.Refresh().ok());
  EXPECT_EQ(woken_one, 1);  // gone, not woken
}

// With an interval, the feed's own thread wakes a watch after a ballot,
// with no refresh asked for.
TEST(ProjectorFeedTest, ItsThreadWakesAWatchAfterABallot) {
  testing::TestApp t;
  const Meetings m = TwoMeetings(t);
  std::promise<void> woken;  // before the feed: they outlive its thread
  std::atomic<bool> once{false};
  ProjectorFeed feed(t.store(), 10'000);
  auto watch = feed.Start(m.one);
  ASSERT_TRUE(watch.ok());
  (*watch)->OnChange([&] {
    if (!once.exchange(true)) woken.set_value();
  });
  ASSERT_TRUE(Write(t, [&](storage::Tx& tx) { return tx.meetings().AddVoted(m.poll_one, 1); }).ok());
  EXPECT_EQ(woken.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

}  // namespace
}  // namespace shuzhi::app
