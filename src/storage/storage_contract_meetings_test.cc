// The storage contract (see storage_contract_fixture.h): meetings, attendees,
// credentials and polls; spends, ballots, receipts and paper entries; and
// grouped writes, which commit together and report each write's outcome.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

// Store::WriteGrouped, waiting for its outcome.
Status GroupedAndWait(Store& store, std::function<Status(Tx&)> fn) {
  std::promise<Status> outcome;
  auto result = outcome.get_future();
  store.WriteGrouped(std::move(fn), [&outcome](Status st) { outcome.set_value(std::move(st)); });
  return result.get();
}

TEST_F(StoreTest, MeetingsAttendeesCredentialsAndPolls) {
  Seeded s = SeedRegistry(*store_);
  std::int64_t meeting = 0, poll = 0, attendee = 0;
  const base::Bytes h1(32, '\x01'), h2(32, '\x02');
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            SHUZHI_ASSIGN_OR_RETURN(auto campaign, TownCampaign(tx, s));
            MeetingRecord m;
            m.campaign_id = campaign;
            m.group_id = s.group;
            m.title = "第一代表小组述职评议会";
            m.starts_at = 1000;
            m.projector_token = "tok";
            m.record = R"({"agenda":[]})";
            SHUZHI_ASSIGN_OR_RETURN(meeting, tx.meetings().Insert(m));
            SHUZHI_ASSIGN_OR_RETURN(attendee, tx.meetings().InsertAttendee({0, meeting, "evaluator", "王五", "村民",
                                                                            std::nullopt, std::nullopt, false}));
            SHUZHI_TRY(tx.meetings()
                           .InsertAttendee({0, meeting, "guest", "赵六", "", std::nullopt, std::nullopt, false})
                           .status());
            SHUZHI_TRY(tx.meetings().SetCheckedIn(attendee, true));
            SHUZHI_TRY(tx.meetings().AddIssued(meeting, 1, core::Channel::kPhone, 1));
            SHUZHI_TRY(tx.meetings().AddIssued(meeting, 1, core::Channel::kPhone, 2));
            SHUZHI_TRY(
                tx.meetings().InsertCarrier({h1, meeting, 1, core::Channel::kPhone, core::CarrierState::kPrinted}));
            SHUZHI_TRY(
                tx.meetings().InsertCarrier({h2, meeting, 1, core::Channel::kPaper, core::CarrierState::kPrinted}));
            SHUZHI_TRY(tx.meetings().SetCarrierState(h2, core::CarrierState::kVoided));
            PollRecord p;
            p.meeting_id = meeting;
            p.deputy_ids = {s.zhang, s.li};
            SHUZHI_ASSIGN_OR_RETURN(poll, tx.meetings().InsertPoll(p));
            SHUZHI_TRY(tx.meetings().AddVoted(poll, 2));
            return base::Ok();
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().FindByProjectorToken("tok"));
                    if (!m) return base::NotFound("test.missing", "meeting");
                    EXPECT_EQ(m->id, meeting);
                    EXPECT_EQ(m->group_id, s.group);
                    EXPECT_EQ(m->version, 0);
                    m->state = core::MeetingState::kRunning;
                    m->live = R"({"item":1})";
                    SHUZHI_TRY(tx.meetings().Update(*m));
                    SHUZHI_TRY(tx.meetings().Touch(meeting));
                    SHUZHI_ASSIGN_OR_RETURN(auto again, tx.meetings().Find(meeting));
                    EXPECT_EQ(again->version, 2);
                    EXPECT_EQ(again->live, R"({"item":1})");
                    SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(meeting));
                    EXPECT_EQ(attendees.size(), 2u);
                    EXPECT_TRUE(attendees.at(0).checked_in);
                    EXPECT_FALSE(attendees.at(1).checked_in);
                    EXPECT_EQ(*tx.meetings().Issued(meeting, 1, core::Channel::kPhone), 3);
                    EXPECT_EQ(*tx.meetings().Issued(meeting, 1, core::Channel::kPaper), 0);
                    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.meetings().FindCarrier(h2));
                    EXPECT_EQ(c->state, core::CarrierState::kVoided);
                    EXPECT_EQ(c->channel, core::Channel::kPaper);
                    EXPECT_FALSE(tx.meetings().FindCarrier(base::Bytes(32, '\x03'))->has_value());
                    SHUZHI_ASSIGN_OR_RETURN(auto counts, tx.meetings().CountCarriers(meeting));
                    EXPECT_EQ(counts.size(), 2u);
                    SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(poll));
                    EXPECT_EQ(p->deputy_ids, (std::vector<std::int64_t>{s.zhang, s.li}));
                    EXPECT_EQ(p->voted, 2);
                    EXPECT_EQ(p->state, core::PollState::kPending);
                    p->state = core::PollState::kFinal;
                    p->paper_counted = 4;
                    p->paper_valid = 3;
                    p->released = {s.li};
                    p->result = "{}";
                    p->signature = std::string(64, '\0');
                    SHUZHI_TRY(tx.meetings().UpdatePoll(*p));
                    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(meeting));
                    EXPECT_EQ(polls.size(), 1u);
                    EXPECT_EQ(polls.at(0).released, (std::vector<std::int64_t>{s.li}));
                    EXPECT_EQ(polls.at(0).paper_counted, 4);
                    EXPECT_EQ(polls.at(0).paper_valid, 3);
                    EXPECT_TRUE(tx.meetings().FindPollForUpdate(poll)->has_value());
                    EXPECT_EQ(polls.at(0).signature.size(), 64u);
                    // What a ballot checks, in one statement: the poll, and the carrier.
                    SHUZHI_ASSIGN_OR_RETURN(auto gate, tx.meetings().CheckCast(h2, poll));
                    EXPECT_TRUE(gate.poll_found);
                    EXPECT_EQ(gate.poll_meeting_id, meeting);
                    EXPECT_EQ(gate.poll_state, core::PollState::kFinal);
                    EXPECT_EQ(gate.poll_round, 1);
                    EXPECT_TRUE(gate.carrier_found);
                    EXPECT_EQ(gate.carrier_meeting_id, meeting);
                    EXPECT_EQ(gate.carrier_state, core::CarrierState::kVoided);
                    SHUZHI_ASSIGN_OR_RETURN(auto no_carrier, tx.meetings().CheckCast(base::Bytes(32, '\x03'), poll));
                    EXPECT_TRUE(no_carrier.poll_found);
                    EXPECT_FALSE(no_carrier.carrier_found);
                    SHUZHI_ASSIGN_OR_RETURN(auto no_poll, tx.meetings().CheckCast(h1, poll + 1000));
                    EXPECT_FALSE(no_poll.poll_found);
                    return tx.meetings().DeleteAttendee(attendees.at(1).id);
                  })
                  .ok());
}

TEST_F(StoreTest, SpendsBallotsReceiptsAndPaperEntries) {
  const base::Bytes k1(32, 'a'), k2(32, 'b');
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            SHUZHI_TRY(tx.ballots().InsertSpend(7, k1, base::Bytes(16, 'c'), std::string("R1")));
            SHUZHI_TRY(tx.ballots().InsertSpend(8, k1, std::nullopt));  // the same key in another poll
            SHUZHI_TRY(tx.ballots().AppendBallot(7, "01"));
            SHUZHI_TRY(tx.ballots().AppendBallot(7, "22"));
            SHUZHI_TRY(tx.ballots().InsertPaperEntry({0, 7, k2, "WXYZ", "alice", "01"}));
            EXPECT_EQ(tx.ballots().InsertPaperEntry({0, 7, k2, "WXYZ", "alice", "02"}).reason(), "paper.already_keyed");
            SHUZHI_TRY(tx.ballots().InsertPaperEntry({0, 7, k2, "WXYZ", "bob", "02"}));
            SHUZHI_TRY(tx.ballots().InsertServerKey("hash", "first", 1));
            SHUZHI_TRY(tx.ballots().InsertServerKey("hash", "second", 2));
            return base::Ok();
          })
          .ok());
  // A second spend of one carrier in one poll is refused; in PostgreSQL the
  // failed statement ends the transaction, so it is the last one here.
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.ballots().InsertSpend(7, k1, std::nullopt); }).reason(),
            "ballot.credential_spent");
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    EXPECT_EQ(**tx.ballots().FindSpend(7, k1), base::Bytes(16, 'c'));
                    EXPECT_FALSE(tx.ballots().FindSpend(7, k2)->has_value());
                    SHUZHI_TRY(tx.ballots().EraseSpendChecks(7));
                    EXPECT_EQ(**tx.ballots().FindSpend(7, k1), "");
                    EXPECT_EQ(*tx.ballots().Ballots(7), (std::vector<std::string>{"01", "22"}));
                    EXPECT_TRUE(*tx.ballots().HasReceipt(7, "R1"));
                    EXPECT_FALSE(*tx.ballots().HasReceipt(8, "R1"));
                    // While open, the receipt lives in its spend's row (kept
                    // there through the close's erasure of the checks).
                    EXPECT_EQ(*tx.ballots().Receipts(7), (std::vector<std::string>{"R1"}));
                    const std::vector<std::string> given{"22", "01", "11"};
                    SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.ballots().ReplaceBallots(7, given, {"R2", "R1"}));
                    EXPECT_EQ(listed, given);
                    EXPECT_EQ(*tx.ballots().Ballots(7), listed);
                    // Receipts are a set: listed in their own order, never in arrival order.
                    EXPECT_EQ(*tx.ballots().Receipts(7), (std::vector<std::string>{"R1", "R2"}));
                    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(7));
                    EXPECT_EQ(entries.size(), 2u);
                    EXPECT_EQ(entries.at(1).teller, "bob");
                    SHUZHI_TRY(tx.ballots().DeletePaperEntries(7, k2));
                    EXPECT_TRUE(tx.ballots().PaperEntries(7)->empty());
                    EXPECT_EQ(**tx.ballots().FindServerKey("hash"), "first");
                    return base::Ok();
                  })
                  .ok());
}

// Rows reserved for a poll's ballots (PostgreSQL) are filled by ballots and
// never listed empty; more ballots than reserved rows are kept as well, and
// the close's rewrite leaves no empty row behind.
TEST_F(StoreTest, ReservedBallotPlacesHoldEveryBallotAndListNoEmptyOne) {
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_TRY(tx.ballots().ReserveBallotPlaces(9, 3));
                    SHUZHI_TRY(tx.ballots().ReserveBallotPlaces(10, 2));
                    EXPECT_TRUE(tx.ballots().Ballots(9)->empty());
                    for (const char* b : {"0", "1", "2", "10", "11"}) SHUZHI_TRY(tx.ballots().AppendBallot(9, b));
                    return base::Ok();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(9));
                    std::sort(ballots.begin(), ballots.end());
                    EXPECT_EQ(ballots, (std::vector<std::string>{"0", "1", "10", "11", "2"}));
                    EXPECT_TRUE(tx.ballots().Ballots(10)->empty());  // the other poll's rows stay free
                    SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.ballots().ReplaceBallots(9, {"2", "0"}, {}));
                    EXPECT_EQ(listed, (std::vector<std::string>{"2", "0"}));
                    EXPECT_EQ(*tx.ballots().Ballots(9), listed);
                    return base::Ok();
                  })
                  .ok());
  EXPECT_EQ(RawCount("SELECT COUNT(*) FROM ballots WHERE poll_id = 9"), 2);
}

TEST_F(StoreTest, GroupedWritesCommitTogetherAndFailAlone) {
  constexpr int kThreads = 16, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const base::Bytes key = std::to_string(t * 1000 + i);
        // Every tenth call fails after writing: only its own writes go.
        const bool fail = i % 10 == 9;
        auto st = GroupedAndWait(*store_, [&](Tx& tx) -> Status {
          SHUZHI_TRY(tx.ballots().InsertSpend(1, key, std::nullopt));
          SHUZHI_TRY(tx.ballots().AppendBallot(1, "0"));
          if (fail) return base::InvalidArgument("test.fail", "");
          return base::Ok();
        });
        EXPECT_EQ(st.ok(), !fail) << st.ToString();
        // The same spend again: refused, the batch goes on.
        auto again = GroupedAndWait(*store_, [&](Tx& tx) { return tx.ballots().InsertSpend(1, key, std::nullopt); });
        if (!fail) {
          EXPECT_EQ(again.reason(), "ballot.credential_spent");
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const int kept = kThreads * (kEach - kEach / 10);
  EXPECT_EQ(refused.load(), kept);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(1));
                    EXPECT_EQ(static_cast<int>(ballots.size()), kept);
                    return base::Ok();
                  })
                  .ok());
}

// The caller does not wait: `done` comes later, once per write, with each
// write's own outcome; closing the store runs and commits what is still
// queued, so nothing already submitted is lost.
TEST_F(StoreTest, GroupedWritesReportLaterAndSurviveClosing) {
  constexpr int kWrites = 300;
  std::atomic<int> ok{0}, refused{0};
  for (int i = 0; i < kWrites; ++i) {
    const base::Bytes key = "k" + std::to_string(i % 200);  // the last 100 repeat a key
    store_->WriteGrouped(
        [key](Tx& tx) -> Status {
          SHUZHI_TRY(tx.ballots().InsertSpend(2, key, std::nullopt));
          return tx.ballots().AppendBallot(2, "1");
        },
        [&](const Status& st) {
          if (st.ok()) ++ok;
          if (st.reason() == "ballot.credential_spent") ++refused;
        });
  }
  store_.reset();  // returns once every queued write has run
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(refused.load(), 100);
  auto reopened = Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(reopened).value();
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(2));
                    EXPECT_EQ(ballots.size(), 200u);
                    return base::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace shuzhi::storage::contract

namespace shuzhi::storage::contract {
namespace {

// MeetingRepo::ProjectorStamps in a read transaction.
std::vector<ProjectorStamp> StampsOf(Store& store, const std::vector<std::int64_t>& ids) {
  std::vector<ProjectorStamp> out;
  EXPECT_TRUE(store
                  .Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(out, tx.meetings().ProjectorStamps(ids));
                    return base::Ok();
                  })
                  .ok());
  return out;
}

// A meeting of `campaign` with `polls` polls, each with `voted` ballots counted.
Result<std::int64_t> MeetingWithPolls(Tx& tx, std::int64_t campaign, const std::string& token, int polls, int voted) {
  MeetingRecord m;
  m.campaign_id = campaign;
  m.title = token;
  m.projector_token = token;
  SHUZHI_ASSIGN_OR_RETURN(auto id, tx.meetings().Insert(m));
  for (int i = 0; i < polls; ++i) {
    PollRecord p;
    p.meeting_id = id;
    p.position = polls - i;  // listed by position: the last inserted first
    SHUZHI_ASSIGN_OR_RETURN(auto poll, tx.meetings().InsertPoll(p));
    SHUZHI_TRY(tx.meetings().AddVoted(poll, voted + i));
  }
  return id;
}

// The stamps of any number of meetings (more than one statement's worth),
// each poll's count in the projector's order, a meeting without polls, and
// ids that name nothing left out; a ballot counted or a change to the
// meeting changes its stamp alone.
TEST_F(StoreTest, ProjectorStampsOfManyMeetings) {
  Seeded s = SeedRegistry(*store_);
  std::vector<std::int64_t> ids;
  std::int64_t campaign = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(campaign, TownCampaign(tx, s));
                    for (int i = 0; i < 250; ++i) {
                      SHUZHI_ASSIGN_OR_RETURN(auto id,
                                              MeetingWithPolls(tx, campaign, "tok" + std::to_string(i), i % 3, i));
                      ids.push_back(id);
                    }
                    return base::Ok();
                  })
                  .ok());
  std::vector<std::int64_t> asked = {ids.back() + 1000};  // names nothing
  asked.insert(asked.end(), ids.rbegin(), ids.rend());
  const auto stamps = StampsOf(*store_, asked);
  ASSERT_EQ(stamps.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& st = stamps[i];
    EXPECT_EQ(st.meeting_id, ids[i]);
    EXPECT_EQ(st.version, 0);
    ASSERT_EQ(st.voted.size(), i % 3) << i;
    for (std::size_t p = 0; p < st.voted.size(); ++p) {
      // Position order: the poll inserted last (the most counted) comes first.
      EXPECT_EQ(st.voted[p].second, static_cast<std::int64_t>(i + st.voted.size() - 1 - p)) << i;
    }
  }
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_TRY(tx.meetings().AddVoted(stamps[2].voted.at(1).first, 1));
                    return tx.meetings().Touch(ids[7]);
                  })
                  .ok());
  const auto after = StampsOf(*store_, ids);
  ASSERT_EQ(after.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const bool changed = i == 2 || i == 7;
    EXPECT_EQ(after[i].version != stamps[i].version || after[i].voted != stamps[i].voted, changed) << i;
  }
  EXPECT_EQ(after[2].voted.at(1).second, stamps[2].voted.at(1).second + 1);
  EXPECT_EQ(after[7].version, 1);
  EXPECT_TRUE(StampsOf(*store_, {}).empty());
}

// A meeting's evaluators and how many are checked in, counted in the
// database: guests and other meetings' evaluators are not counted.
TEST_F(StoreTest, EvaluatorsCountedByMeeting) {
  Seeded s = SeedRegistry(*store_);
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto campaign, TownCampaign(tx, s));
                    SHUZHI_ASSIGN_OR_RETURN(auto one, MeetingWithPolls(tx, campaign, "a", 0, 0));
                    SHUZHI_ASSIGN_OR_RETURN(auto two, MeetingWithPolls(tx, campaign, "b", 0, 0));
                    for (int i = 0; i < 5; ++i) {
                      SHUZHI_ASSIGN_OR_RETURN(auto id,
                                              tx.meetings().InsertAttendee(
                                                  {0, one, "evaluator", "甲", "", std::nullopt, std::nullopt, false}));
                      if (i < 3) SHUZHI_TRY(tx.meetings().SetCheckedIn(id, true));
                    }
                    SHUZHI_ASSIGN_OR_RETURN(
                        auto guest,
                        tx.meetings().InsertAttendee({0, one, "guest", "乙", "", std::nullopt, std::nullopt, false}));
                    SHUZHI_TRY(tx.meetings().SetCheckedIn(guest, true));
                    SHUZHI_TRY(tx.meetings()
                                   .InsertAttendee({0, two, "evaluator", "丙", "", std::nullopt, std::nullopt, false})
                                   .status());
                    SHUZHI_ASSIGN_OR_RETURN(auto counted, tx.meetings().CountEvaluators(one));
                    EXPECT_EQ(counted.entitled, 5);
                    EXPECT_EQ(counted.present, 3);
                    SHUZHI_ASSIGN_OR_RETURN(auto other, tx.meetings().CountEvaluators(two));
                    EXPECT_EQ(other.entitled, 1);
                    EXPECT_EQ(other.present, 0);
                    SHUZHI_ASSIGN_OR_RETURN(auto empty, tx.meetings().CountEvaluators(two + 1000));
                    EXPECT_EQ(empty.entitled, 0);
                    EXPECT_EQ(empty.present, 0);
                    return base::Ok();
                  })
                  .ok());
}

// The close's rewrite with as many ballots as the poll holds (SQLite writes
// them over the poll's own rows): exactly the new ballots, in the new order,
// no row more or less, and no old content left in the table.
TEST_F(StoreTest, BallotsReplacedByAsManyLeaveNothingOld) {
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    for (const char* b : {"old-a", "old-b", "old-c", "old-d"})
                      SHUZHI_TRY(tx.ballots().AppendBallot(5, b));
                    SHUZHI_TRY(tx.ballots().AppendBallot(6, "other"));
                    const std::vector<std::string> given{"n4", "n3", "n2", "n1"};
                    SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.ballots().ReplaceBallots(5, given, {"R9", "R1"}));
                    EXPECT_EQ(listed, given);
                    EXPECT_EQ(*tx.ballots().Ballots(5), listed);
                    EXPECT_EQ(*tx.ballots().Ballots(6), (std::vector<std::string>{"other"}));
                    EXPECT_EQ(*tx.ballots().Receipts(5), (std::vector<std::string>{"R1", "R9"}));
                    return base::Ok();
                  })
                  .ok());
  EXPECT_EQ(RawCount("SELECT COUNT(*) FROM ballots WHERE poll_id = 5"), 4);
  EXPECT_EQ(RawCount("SELECT COUNT(*) FROM ballots WHERE choices LIKE 'old-%'"), 0);
}

// The board lists a closed poll's ballots in the order the result was signed
// over, even where the store does not keep rows in the order written.
// PostgreSQL places inserted rows where its free-space map has room: with
// free pages at both ends of the table and the map's search pointer past the
// first ones (each new connection's single insert advances it), a close's
// rows start mid-table and wrap round to the front. Listing them by an
// unordered SELECT then gave another order than the signed one, and
// `shuzhi verify` refused the board (found by faults_crash_postgres).
TEST_F(StoreTest, ClosedBallotsAreListedInTheOrderTheRewriteReturned) {
  constexpr int kOld = 6000, kPointer = 40, kBallots = 5000;
  RawExec("WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < " + std::to_string(kOld) +
          ") INSERT INTO ballots (poll_id, choices) SELECT 1, 'old' FROM g");
  RawExec("INSERT INTO ballots (poll_id, choices) VALUES (2, 'last')");  // keeps VACUUM from cutting the table
  RawExec("DELETE FROM ballots WHERE poll_id = 1");
  RawExec("VACUUM");
  for (int i = 0; i < kPointer; ++i) RawExec("INSERT INTO ballots (poll_id, choices) VALUES (3, 'one')");
  std::vector<std::string> given;
  for (int i = 0; i < kBallots; ++i) given.push_back(std::to_string(100000 + i));
  std::vector<std::string> listed;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(listed, tx.ballots().ReplaceBallots(4, given, {}));
                    return base::Ok();
                  })
                  .ok());
  std::vector<std::string> read;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(read, tx.ballots().Ballots(4));
                    return base::Ok();
                  })
                  .ok());
  EXPECT_EQ(read, listed);
  auto same = listed;
  std::sort(same.begin(), same.end());
  EXPECT_EQ(same, given);  // given in sorted order: the same ballots, none lost or changed
  // The setup does reorder on PostgreSQL (else this test would show nothing
  // there); SQLite gives new rows rising rowids and keeps the given order.
  if (IsPostgres()) {
    EXPECT_NE(listed, given);
  } else {
    EXPECT_EQ(listed, given);
  }
}

}  // namespace
}  // namespace shuzhi::storage::contract
