// The storage contract for the workbench's counts: what each count covers,
// and where its rows lie, on both backends.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/campaign_codec.h"
#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

using By = WorkScope::By;

// The town's active campaign (both groups) and a draft (the first group),
// and the county's closed one (no group): Zhang (first group) is listed in
// the active one, unconfirmed, with a submitted report, and in the draft;
// Li (second group) in the active one, confirmed, with a draft. Opinions:
// Zhang two pending and one new, Li one pending. Two meetings of the active
// campaign: one finished at 10:00 with a final poll about both (Li's row
// released) and a void poll about Zhang; one scheduled two days later with
// an open poll about Li and a poll being counted.
struct World {
  std::int64_t active = 0, draft = 0, closed = 0, held = 0, next = 0;
  base::Micros at = 1'795'000'000LL * base::kMicrosPerSecond;
};

std::int64_t Campaign(Tx& tx, std::int64_t congress, core::CampaignState state, std::vector<std::int64_t> groups) {
  const auto spec = base::json::serialize(core::EncodeCampaignSpec(core::VoterTemplate(2026)));
  return tx.campaigns()
      .Insert({0, congress, 2026, "2026年述职", "voter", state, spec, 1, 1, std::move(groups)})
      .value();
}

Status Opinions(Tx& tx, std::int64_t deputy, std::initializer_list<const char*> statuses) {
  OpinionRecord o;
  o.deputy_id = deputy;
  o.source = "visit";
  o.received_on = "2026-11-01";
  o.content = "意见";
  o.recorded_by = "leader";
  for (const char* status : statuses) {
    o.status = status;
    SHUZHI_TRY(tx.opinions().Insert(o).status());
  }
  return base::Ok();
}

Result<std::int64_t> Meeting(Tx& tx, const World& w, base::Micros starts_at, core::MeetingState state,
                             const char* token) {
  MeetingRecord m;
  m.campaign_id = w.active;
  m.title = "述职评议会";
  m.starts_at = starts_at;
  m.state = state;
  m.projector_token = token;
  return tx.meetings().Insert(m);
}

Status Poll(Tx& tx, std::int64_t meeting, std::vector<std::int64_t> deputies, core::PollState state,
            std::vector<std::int64_t> released = {}) {
  PollRecord p;
  p.meeting_id = meeting;
  p.deputy_ids = std::move(deputies);
  p.state = state;
  p.released = std::move(released);
  if (state == core::PollState::kFinal || state == core::PollState::kVoid) p.result = "{\"deputies\":[]}";
  return tx.meetings().InsertPoll(p).status();
}

World SeedWork(Store& store, const Seeded& s) {
  World w;
  const Status st = store.Write([&](Tx& tx) -> Status {
    w.active = Campaign(tx, s.town, core::CampaignState::kActive, {s.group, s.other_group});
    w.draft = Campaign(tx, s.town, core::CampaignState::kDraft, {s.group});
    w.closed = Campaign(tx, s.county, core::CampaignState::kClosed, {});
    SHUZHI_TRY(tx.campaigns().AddDeputy({w.active, s.zhang, s.group, "rotation", {}, {}}));
    SHUZHI_TRY(tx.campaigns().AddDeputy({w.active, s.li, s.other_group, "rotation", std::string("leader"), 5}));
    SHUZHI_TRY(tx.campaigns().AddDeputy({w.draft, s.zhang, s.group, "rotation", {}, {}}));
    ReportRecord r;
    r.campaign_id = w.active;
    r.deputy_id = s.zhang;
    r.state = core::ReportState::kSubmitted;
    r.draft = "{}";
    SHUZHI_TRY(tx.reports().Insert(r).status());
    r.deputy_id = s.li;
    r.state = core::ReportState::kDraft;
    SHUZHI_TRY(tx.reports().Insert(r).status());
    SHUZHI_TRY(Opinions(tx, s.zhang, {"pending", "pending", "new", "answered"}));
    SHUZHI_TRY(Opinions(tx, s.li, {"pending", "rejected"}));
    SHUZHI_ASSIGN_OR_RETURN(w.held, Meeting(tx, w, w.at, core::MeetingState::kFinished, "tok-held"));
    SHUZHI_ASSIGN_OR_RETURN(w.next, Meeting(tx, w, w.at + 2 * 86400LL * base::kMicrosPerSecond,
                                            core::MeetingState::kScheduled, "tok-next"));
    SHUZHI_TRY(Poll(tx, w.held, {s.zhang, s.li}, core::PollState::kFinal, {s.li}));
    SHUZHI_TRY(Poll(tx, w.held, {s.zhang}, core::PollState::kVoid));
    SHUZHI_TRY(Poll(tx, w.next, {s.li}, core::PollState::kOpen));
    return Poll(tx, w.next, {s.zhang, s.li}, core::PollState::kCounting);
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return w;
}

// Runs `fn` on the workbench repository in a read transaction.
template <typename T, typename Fn>
T Read(Store& store, Fn fn) {
  T out{};
  const Status st = store.Read([&](Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out, fn(tx.workbench()));
    return base::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

TEST_F(StoreTest, WorkbenchCountsReportsAndLists) {
  const Seeded s = SeedRegistry(*store_);
  const World w = SeedWork(*store_, s);
  auto reports = [&](WorkScope scope, core::ReportState state) {
    return Read<WorkCount>(*store_, [&](WorkbenchRepo& r) { return r.Reports(scope, state); });
  };
  const WorkCount one{1, 1, w.active, 0, 0};
  EXPECT_EQ(reports({By::kCongresses, {s.town}}, core::ReportState::kSubmitted), one);
  EXPECT_EQ(reports({By::kAll, {}}, core::ReportState::kSubmitted), one);
  EXPECT_EQ(reports({By::kCongresses, {s.county}}, core::ReportState::kSubmitted).count, 0);
  EXPECT_EQ(reports({By::kCongresses, {}}, core::ReportState::kSubmitted).count, 0);
  EXPECT_EQ(reports({By::kGroups, {s.group}}, core::ReportState::kSubmitted), one);
  EXPECT_EQ(reports({By::kGroups, {s.other_group}}, core::ReportState::kSubmitted).count, 0);
  EXPECT_EQ(reports({By::kGroups, {s.other_group}}, core::ReportState::kDraft), one);

  // Zhang taken off the active campaign's list keeps his report, but it
  // waits for nobody's review; back on the list, it waits again.
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.campaigns().RemoveDeputy(w.active, s.zhang); }).ok());
  EXPECT_EQ(reports({By::kCongresses, {s.town}}, core::ReportState::kSubmitted).count, 0);
  EXPECT_EQ(reports({By::kAll, {}}, core::ReportState::kSubmitted).count, 0);
  EXPECT_EQ(reports({By::kGroups, {s.group}}, core::ReportState::kSubmitted).count, 0);
  ASSERT_TRUE(
      store_->Write([&](Tx& tx) {
              return tx.campaigns().AddDeputy({w.active, s.zhang, s.group, "manual", {}, {}});
            })
          .ok());
  EXPECT_EQ(reports({By::kCongresses, {s.town}}, core::ReportState::kSubmitted), one);
  EXPECT_EQ(reports({By::kAll, {}}, core::ReportState::kSubmitted), one);

  // Zhang is unconfirmed in the active campaign and in the draft.
  auto unconfirmed = [&](std::vector<std::int64_t> groups) {
    return Read<WorkCount>(*store_, [&](WorkbenchRepo& r) { return r.Unconfirmed(groups); });
  };
  EXPECT_EQ(unconfirmed({s.group}), (WorkCount{2, 2, std::min(w.active, w.draft), 0, 0}));
  EXPECT_EQ(unconfirmed({s.other_group}).count, 0);
  EXPECT_EQ(unconfirmed({}).count, 0);

  const auto covering = Read<std::vector<WorkCampaign>>(*store_, [&](WorkbenchRepo& r) {
    return r.CampaignsCovering({s.group, s.other_group});
  });
  ASSERT_EQ(covering.size(), 2u);
  EXPECT_EQ(covering[0].id, w.active);
  EXPECT_EQ(covering[1].state, core::CampaignState::kDraft);
  EXPECT_FALSE(covering[0].spec.empty());

  const auto listed = Read<std::vector<ListedReport>>(*store_, [&](WorkbenchRepo& r) { return r.Listed({s.zhang}); });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].campaign.id, w.active);
  EXPECT_EQ(listed[0].deputy_id, s.zhang);
  EXPECT_EQ(listed[0].report, core::ReportState::kSubmitted);
  EXPECT_EQ(listed[1].campaign.id, w.draft);
  EXPECT_FALSE(listed[1].report.has_value());

  // A report written before its deputy is listed waits from the listing on.
  std::int64_t second = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    second = Campaign(tx, s.town, core::CampaignState::kActive, {s.group});
                    ReportRecord r;
                    r.campaign_id = second;
                    r.deputy_id = s.zhang;
                    r.state = core::ReportState::kSubmitted;
                    r.draft = "{}";
                    return tx.reports().Insert(r).status();
                  })
                  .ok());
  EXPECT_EQ(reports({By::kCongresses, {s.town}}, core::ReportState::kSubmitted), one);
  ASSERT_TRUE(
      store_->Write([&](Tx& tx) {
              return tx.campaigns().AddDeputy({second, s.zhang, s.group, "manual", {}, {}});
            })
          .ok());
  EXPECT_EQ(reports({By::kCongresses, {s.town}}, core::ReportState::kSubmitted), (WorkCount{2, 2, w.active, 0, 0}));
  EXPECT_EQ(reports({By::kGroups, {s.group}}, core::ReportState::kSubmitted), (WorkCount{2, 2, w.active, 0, 0}));
}

TEST_F(StoreTest, WorkbenchCountsOpinionsByWhoLooksAfterThem) {
  const Seeded s = SeedRegistry(*store_);
  SeedWork(*store_, s);
  auto opinions = [&](WorkScope scope, const char* status) {
    return Read<std::int64_t>(*store_, [&](WorkbenchRepo& r) { return r.Opinions(scope, status); });
  };
  EXPECT_EQ(opinions({By::kAll, {}}, "pending"), 3);
  EXPECT_EQ(opinions({By::kCongresses, {s.town}}, "pending"), 3);
  // Only Zhang holds a mandate of the county (the district term).
  EXPECT_EQ(opinions({By::kCongresses, {s.county}}, "pending"), 2);
  EXPECT_EQ(opinions({By::kCongresses, {s.county, s.town}}, "pending"), 3);
  EXPECT_EQ(opinions({By::kGroups, {s.group}}, "pending"), 2);
  EXPECT_EQ(opinions({By::kGroups, {s.group}}, "new"), 1);
  EXPECT_EQ(opinions({By::kDeputies, {s.li}}, "pending"), 1);
  EXPECT_EQ(opinions({By::kDeputies, {}}, "pending"), 0);
}

TEST_F(StoreTest, WorkbenchCountsMeetingsAndPolls) {
  const Seeded s = SeedRegistry(*store_);
  const World w = SeedWork(*store_, s);
  auto meetings = [&](WorkScope scope, MeetingFilter f) {
    return Read<WorkCount>(*store_, [&](WorkbenchRepo& r) { return r.Meetings(scope, f); });
  };
  const WorkScope town{By::kCongresses, {s.town}};
  EXPECT_EQ(meetings(town, {}), (WorkCount{2, 1, w.active, 2, std::min(w.held, w.next)}));
  EXPECT_EQ(meetings({By::kCongresses, {s.county}}, {}).count, 0);
  const base::Micros day = 86400LL * base::kMicrosPerSecond;
  EXPECT_EQ(meetings(town, {std::nullopt, w.at + day, w.at + 3 * day, false}), (WorkCount{1, 1, w.active, 1, w.next}));
  EXPECT_EQ(meetings(town, {std::nullopt, w.at, w.at + 1, false}).first_meeting, w.held);
  EXPECT_EQ(meetings(town, {std::nullopt, w.at + 1, w.at + day, false}).count, 0);
  EXPECT_EQ(meetings({By::kAll, {}}, {core::MeetingState::kFinished, {}, {}, true}),
            (WorkCount{1, 1, w.active, 1, w.held}));

  auto polls = [&](WorkScope scope, core::PollState state) {
    return Read<WorkCount>(*store_, [&](WorkbenchRepo& r) { return r.Polls(scope, state); });
  };
  EXPECT_EQ(polls(town, core::PollState::kOpen), (WorkCount{1, 1, w.active, 1, w.next}));
  EXPECT_EQ(polls(town, core::PollState::kCounting), (WorkCount{1, 1, w.active, 1, w.next}));
  EXPECT_EQ(polls({By::kAll, {}}, core::PollState::kFinal).count, 1);
  EXPECT_EQ(polls({By::kCongresses, {s.county}}, core::PollState::kOpen).count, 0);
}

TEST_F(StoreTest, WorkbenchCountsResultsToReleaseAndOwnResults) {
  const Seeded s = SeedRegistry(*store_);
  const World w = SeedWork(*store_, s);
  auto unreleased = [&](std::vector<std::int64_t> groups, std::vector<std::int64_t> campaigns) {
    return Read<std::vector<UnreleasedRow>>(*store_, [&](WorkbenchRepo& r) { return r.Unreleased(groups, campaigns); });
  };
  // Zhang's row of the final poll waits; Li's is released; void and
  // counting polls have nothing to release.
  const auto zhang = unreleased({s.group}, {w.active});
  ASSERT_EQ(zhang.size(), 1u);
  EXPECT_EQ(zhang[0].campaign_id, w.active);
  EXPECT_EQ(zhang[0].meeting_id, w.held);
  EXPECT_EQ(zhang[0].deputy_id, s.zhang);
  EXPECT_EQ(zhang[0].result, "{\"deputies\":[]}");
  EXPECT_TRUE(unreleased({s.other_group}, {w.active}).empty());
  EXPECT_TRUE(unreleased({s.group}, {w.draft}).empty());
  EXPECT_TRUE(unreleased({s.group}, {}).empty());

  auto own = [&](std::vector<std::int64_t> deputies, std::vector<std::int64_t> announced) {
    return Read<WorkCount>(*store_, [&](WorkbenchRepo& r) { return r.OwnResults(deputies, announced); });
  };
  EXPECT_EQ(own({s.zhang}, {}).count, 0);
  // Announced: the final and the void poll, not the one being counted.
  EXPECT_EQ(own({s.zhang}, {w.active}), (WorkCount{2, 1, w.active, 1, w.held}));
  EXPECT_EQ(own({s.li}, {}), (WorkCount{1, 1, w.active, 1, w.held}));
  EXPECT_EQ(own({s.zhang, s.li}, {w.closed}).count, 1);
  EXPECT_EQ(own({}, {w.active}).count, 0);
}

}  // namespace
}  // namespace shuzhi::storage::contract
