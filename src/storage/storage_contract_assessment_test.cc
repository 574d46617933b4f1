// The storage contract for the annual assessment's aggregate queries: what a
// congress's year and a deputy's record hold, on both backends.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>

#include "core/campaign_codec.h"
#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

struct World {
  std::int64_t y2025 = 0, y2026 = 0, draft = 0, poll = 0;
};

std::int64_t Campaign(Tx& tx, const Seeded& s, int year, core::CampaignState state, const std::string& title) {
  const auto spec = base::json::serialize(core::EncodeCampaignSpec(core::VoterTemplate(year)));
  return tx.campaigns().Insert({0, s.town, year, title, "voter", state, spec, 1, 1, {s.group}}).value();
}

// Two years of one town: Zhang listed in both (a late report in 2026), Li
// (resigned in 2025) listed only by a draft; opinions, a measure and a final
// private poll in 2026.
World SeedYears(Store& store, const Seeded& s, const std::function<void(const std::string&)>& RawExec) {
  World w;
  const Status st = store.Write([&](Tx& tx) -> Status {
    w.y2025 = Campaign(tx, s, 2025, core::CampaignState::kClosed, "2025年述职");
    w.y2026 = Campaign(tx, s, 2026, core::CampaignState::kActive, "2026年述职");
    w.draft = Campaign(tx, s, 2026, core::CampaignState::kDraft, "草稿");
    for (auto c : {w.y2025, w.y2026}) SHUZHI_TRY(tx.campaigns().AddDeputy({c, s.zhang, s.group, "manual", {}, {}}));
    SHUZHI_TRY(tx.campaigns().AddDeputy({w.draft, s.li, s.other_group, "manual", {}, {}}));
    OpinionRecord o;
    o.deputy_id = s.zhang;
    o.campaign_id = w.y2026;
    o.source = "visit";
    o.received_on = "2026-11-01";
    o.content = "=1+1";
    o.recorded_by = "leader";
    for (const char* status : {"new", "answered", "answered", "pending"}) {
      o.status = status;
      SHUZHI_TRY(tx.opinions().Insert(o).status());
    }
    o.campaign_id.reset();  // outside every campaign: not counted
    SHUZHI_TRY(tx.opinions().Insert(o).status());
    MeetingRecord m;
    m.campaign_id = w.y2026;
    m.title = "述职大会";
    m.projector_token = "tok-a";
    SHUZHI_ASSIGN_OR_RETURN(auto meeting, tx.meetings().Insert(m));
    PollRecord p;
    p.meeting_id = meeting;
    p.deputy_ids = {s.zhang};
    SHUZHI_ASSIGN_OR_RETURN(w.poll, tx.meetings().InsertPoll(p));
    PollRecord pending = p;  // no result: not read
    SHUZHI_TRY(tx.meetings().InsertPoll(pending).status());
    return base::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  const auto id = std::to_string(w.poll);
  RawExec("UPDATE polls SET state = 'final', result = '{\"deputies\":[]}', released = '" + std::to_string(s.zhang) +
          "' WHERE id = " + id);
  RawExec(
      "INSERT INTO reports (campaign_id, deputy_id, state, draft, submitted_at, late, created_at, updated_at) "
      "VALUES (" +
      std::to_string(w.y2026) + ", " + std::to_string(s.zhang) + ", 'submitted', '{}', 5, 1, 1, 1)");
  RawExec(
      "INSERT INTO measures (poll_id, deputy_id, campaign_id, text, due_on, state, created_by, created_at, "
      "done_at) VALUES (" +
      id + ", " + std::to_string(s.zhang) + ", " + std::to_string(w.y2026) +
      ", 'x', '2026-12-10', 'accepted', 'zhang', 1, 7)");
  return w;
}

TEST_F(StoreTest, AssessmentYearHoldsTheCongressYearOnly) {
  const Seeded s = SeedRegistry(*store_);
  const World w = SeedYears(*store_, s, [&](const std::string& q) { RawExec(q); });
  core::AssessmentRows rows;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(rows, tx.assessment().ForYear(s.town, 2026));
                    return base::Ok();
                  })
                  .ok());
  ASSERT_EQ(rows.campaigns.size(), 1u);  // not 2025, not the draft
  EXPECT_EQ(rows.campaigns[0].id, w.y2026);
  EXPECT_EQ(rows.campaigns[0].scale.front(), "excellent");
  // Zhang by mandate and by the list; Li resigned before the year.
  for (const auto& r : rows.roster) EXPECT_EQ(r.deputy_id, s.zhang);
  EXPECT_EQ(rows.roster.size(), 2u);
  EXPECT_EQ(rows.roster[0].group_name, "第一代表小组");
  ASSERT_EQ(rows.listed.size(), 1u);
  EXPECT_TRUE(rows.listed[0].submitted);
  EXPECT_TRUE(rows.listed[0].late);
  std::int64_t answered = 0, total = 0;
  for (const auto& o : rows.opinions) {
    total += o.count;
    if (o.status == "answered") answered = o.count;
  }
  EXPECT_EQ(total, 4);
  EXPECT_EQ(answered, 2);  // grouped, not one row per opinion
  ASSERT_EQ(rows.measures.size(), 1u);
  EXPECT_EQ(rows.measures[0].state, "accepted");
  EXPECT_EQ(rows.measures[0].done_at, 7);
  ASSERT_EQ(rows.polls.size(), 1u);  // the pending poll has no result
  EXPECT_EQ(rows.polls[0].poll_id, w.poll);
  EXPECT_TRUE(rows.polls[0].final);
  EXPECT_TRUE(rows.polls[0].private_disclosure);
  EXPECT_EQ(rows.polls[0].released, (std::vector<std::int64_t>{s.zhang}));
  // Another year, another congress: nothing.
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto y, tx.assessment().ForYear(s.town, 2031));
                    EXPECT_TRUE(y.campaigns.empty());
                    EXPECT_TRUE(y.roster.empty());
                    SHUZHI_ASSIGN_OR_RETURN(auto county, tx.assessment().ForYear(s.county, 2026));
                    EXPECT_TRUE(county.polls.empty());
                    EXPECT_EQ(county.roster.size(), 1u);  // Zhang's district mandate
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, AssessmentDeputyRecordSpansYears) {
  const Seeded s = SeedRegistry(*store_);
  const World w = SeedYears(*store_, s, [&](const std::string& q) { RawExec(q); });
  core::AssessmentRows rows;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(rows, tx.assessment().ForDeputy(s.zhang));
                    return base::Ok();
                  })
                  .ok());
  ASSERT_EQ(rows.campaigns.size(), 2u);
  EXPECT_EQ(rows.campaigns[0].id, w.y2025);
  EXPECT_EQ(rows.listed.size(), 2u);
  for (const auto& l : rows.listed) EXPECT_EQ(l.deputy_id, s.zhang);
  EXPECT_EQ(rows.polls.size(), 1u);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto li, tx.assessment().ForDeputy(s.li));
                    EXPECT_TRUE(li.campaigns.empty());  // only a draft listed her
                    EXPECT_TRUE(li.listed.empty());
                    return base::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace shuzhi::storage::contract
