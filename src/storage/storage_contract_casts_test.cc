// The storage contract (see storage_contract_fixture.h): casting, as the
// ballot service does it: the spend and the ballot in one call, the check
// and the cast in one call, and the grouped writes that carry them (their
// counts, and a write whose statement fails).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

// A cast in one call: the spend and the ballot, into a reserved row while
// one is free and appended after; a second cast of the carrier writes
// nothing and is refused.
TEST_F(StoreTest, SpendAndAppendFillsReservedRowsThenAppendsAndRefusesASpentCarrier) {
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status { return tx.ballots().ReserveBallotPlaces(11, 2); }).ok());
  for (int i = 0; i < 4; ++i) {
    const base::Bytes key = "key" + std::to_string(i);
    ASSERT_TRUE(store_
                    ->Write([&](Tx& tx) -> Status {
                      return tx.ballots().SpendAndAppend(11, key, base::Bytes("check"), "r" + std::to_string(i),
                                                         std::to_string(i));
                    })
                    .ok());
    const Status again = store_->Write([&](Tx& tx) -> Status {
      return tx.ballots().SpendAndAppend(11, key, base::Bytes("other"), std::nullopt, "9");
    });
    EXPECT_EQ(again.reason(), "ballot.credential_spent");
  }
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(11));
                    std::sort(ballots.begin(), ballots.end());
                    EXPECT_EQ(ballots, (std::vector<std::string>{"0", "1", "2", "3"}));
                    SHUZHI_ASSIGN_OR_RETURN(auto spent, tx.ballots().FindSpend(11, "key2"));
                    EXPECT_EQ(spent.value_or("none"), "check");  // the refused cast changed nothing
                    SHUZHI_ASSIGN_OR_RETURN(auto receipts, tx.ballots().Receipts(11));
                    EXPECT_EQ(receipts, (std::vector<std::string>{"r0", "r1", "r2", "r3"}));
                    return base::Ok();
                  })
                  .ok());
  EXPECT_EQ(RawCount("SELECT COUNT(*) FROM ballots WHERE poll_id = 11"), 4);
}

// A meeting of the seeded town's group with one poll, whose `voted` is 2.
struct MeetingPoll {
  std::int64_t meeting = 0, poll = 0;
};
MeetingPoll OpenMeetingPoll(Store& store, const Seeded& s) {
  MeetingPoll out;
  EXPECT_TRUE(store
                  .Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto campaign, TownCampaign(tx, s));
                    MeetingRecord m;
                    m.campaign_id = campaign;
                    m.title = "t";
                    m.projector_token = "tok";
                    SHUZHI_ASSIGN_OR_RETURN(out.meeting, tx.meetings().Insert(m));
                    PollRecord p;
                    p.meeting_id = out.meeting;
                    p.deputy_ids = {s.zhang};
                    SHUZHI_ASSIGN_OR_RETURN(out.poll, tx.meetings().InsertPoll(p));
                    return tx.meetings().AddVoted(out.poll, 2);  // not grouped: at once
                  })
                  .ok());
  return out;
}

// AddVoted in grouped writes is applied once per batch, and only for the
// writes that succeed: one that fails without changing a row, and one that
// fails after changing rows (which makes the batch run again), add nothing.
TEST_F(StoreTest, GroupedVotedCountsOnlyWhatSucceeds) {
  const std::int64_t poll = OpenMeetingPoll(*store_, SeedRegistry(*store_)).poll;
  constexpr int kWrites = 60;
  std::atomic<int> ok{0}, reported{0};
  for (int i = 0; i < kWrites; ++i) {
    store_->WriteGrouped(
        [poll, i](Tx& tx) -> Status {
          if (i % 7 == 3) SHUZHI_TRY(tx.ballots().AppendBallot(poll, "0"));  // a row, then the failure below
          SHUZHI_TRY(tx.meetings().AddVoted(poll, 1));
          if (i % 7 == 3 || i % 5 == 1) return base::InvalidArgument("test.fail", "");
          return base::Ok();
        },
        [&](const Status& st) {
          if (st.ok()) ++ok;
          ++reported;
        });
  }
  while (reported.load() < kWrites) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  int expected = 0;
  for (int i = 0; i < kWrites; ++i) expected += !(i % 7 == 3 || i % 5 == 1);
  EXPECT_EQ(ok.load(), expected);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(poll));
                    EXPECT_TRUE(p.has_value());
                    if (p) {
                      EXPECT_EQ(p->voted, 2 + expected);
                    }
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(poll));
                    EXPECT_TRUE(ballots.empty());  // every write that appended one failed
                    return base::Ok();
                  })
                  .ok());
}

// A batch's counts for several polls (on PostgreSQL one statement before
// its COMMIT, CommitBatch): each poll gets its own, none is lost.
TEST_F(StoreTest, GroupedVotedCountsEachPollOfABatch) {
  const Seeded s = SeedRegistry(*store_);
  const MeetingPoll first = OpenMeetingPoll(*store_, s);
  std::int64_t second = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    PollRecord p;
                    p.meeting_id = first.meeting;
                    p.deputy_ids = {s.zhang};
                    SHUZHI_ASSIGN_OR_RETURN(second, tx.meetings().InsertPoll(p));
                    return base::Ok();
                  })
                  .ok());
  constexpr int kWrites = 90;
  std::atomic<int> ok{0}, reported{0};
  for (int i = 0; i < kWrites; ++i) {
    const std::int64_t poll = i % 3 == 0 ? second : first.poll;
    store_->WriteGrouped([poll](Tx& tx) { return tx.meetings().AddVoted(poll, 1); },
                         [&](const Status& st) {
                           if (st.ok()) ++ok;
                           ++reported;
                         },
                         poll);
  }
  while (reported.load() < kWrites) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(ok.load(), kWrites);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto a, tx.meetings().FindPoll(first.poll));
                    SHUZHI_ASSIGN_OR_RETURN(auto b, tx.meetings().FindPoll(second));
                    EXPECT_TRUE(a.has_value() && b.has_value());
                    if (a && b) {
                      EXPECT_EQ(a->voted, 2 + kWrites * 2 / 3);
                      EXPECT_EQ(b->voted, kWrites / 3);
                    }
                    return base::Ok();
                  })
                  .ok());
}

// The one-call cast: refused by what it reads (nothing written), stored
// once, then refused as spent; the check says what it read.
TEST_F(StoreTest, CastIfAllowedStoresOnlyWhatTheCheckAllows) {
  const MeetingPoll mp = OpenMeetingPoll(*store_, SeedRegistry(*store_));
  const base::Bytes carrier(32, '\x05'), unknown(32, '\x06');
  auto cast = [&](const base::Bytes& hash, std::int64_t poll, const std::string& key) {
    GatedCast out;
    EXPECT_TRUE(store_
                    ->Write([&](Tx& tx) -> Status {
                      SHUZHI_ASSIGN_OR_RETURN(out, tx.ballots().CastIfAllowed(hash, poll, key, base::Bytes("check"),
                                                                              "receipt-" + key, "1"));
                      return base::Ok();
                    })
                    .ok());
    return out;
  };
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    return tx.meetings().InsertCarrier(
                        {carrier, mp.meeting, 1, core::Channel::kPhone, core::CarrierState::kPrinted});
                  })
                  .ok());
  GatedCast pending = cast(carrier, mp.poll, "a");  // the poll has not opened
  EXPECT_TRUE(pending.check.poll_found && pending.check.carrier_found);
  EXPECT_FALSE(pending.check.Allows());
  EXPECT_FALSE(pending.stored);
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(mp.poll));
                    p->state = core::PollState::kOpen;
                    return tx.meetings().UpdatePoll(*p);
                  })
                  .ok());
  EXPECT_FALSE(cast(unknown, mp.poll, "b").check.carrier_found);
  EXPECT_FALSE(cast(carrier, mp.poll + 1000, "c").check.poll_found);
  const GatedCast first = cast(carrier, mp.poll, "d");
  EXPECT_TRUE(first.check.Allows());
  EXPECT_TRUE(first.stored);
  EXPECT_FALSE(cast(carrier, mp.poll, "d").stored);  // spent
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    EXPECT_EQ(tx.ballots().Ballots(mp.poll)->size(), 1u);
                    EXPECT_EQ(*tx.ballots().Receipts(mp.poll), std::vector<std::string>{"receipt-d"});
                    EXPECT_FALSE(tx.ballots().FindSpend(mp.poll, "a")->has_value());
                    EXPECT_FALSE(tx.ballots().FindSpend(mp.poll, "b")->has_value());
                    return base::Ok();
                  })
                  .ok());
}

// A batch of ballots that starts while the poll is being closed waits for
// the close and sees it (on PostgreSQL through the poll's locks, on SQLite
// through its one writer): no ballot is stored in a poll whose close did
// not count it.
TEST_F(StoreTest, ABallotBatchDuringAPollsCloseSeesTheClose) {
  const MeetingPoll mp = OpenMeetingPoll(*store_, SeedRegistry(*store_));
  std::promise<void> closing;
  std::thread close([&] {
    EXPECT_TRUE(store_
                    ->Write([&](Tx& tx) -> Status {
                      SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPollForUpdate(mp.poll));
                      p->state = core::PollState::kCounting;
                      SHUZHI_TRY(tx.meetings().UpdatePoll(*p));
                      closing.set_value();
                      std::this_thread::sleep_for(std::chrono::milliseconds(300));
                      return base::Ok();
                    })
                    .ok());
  });
  closing.get_future().wait();
  std::promise<core::PollState> seen;
  store_->WriteGrouped(
      [&](Tx& tx) -> Status {
        SHUZHI_ASSIGN_OR_RETURN(auto check, tx.meetings().CheckCast(base::Bytes(32, '\x01'), mp.poll));
        seen.set_value(check.poll_state);
        return base::Ok();
      },
      [](const Status&) {}, mp.poll);
  EXPECT_EQ(seen.get_future().get(), core::PollState::kCounting);
  close.join();
}

// A grouped write whose statement fails (a unique key taken: PostgreSQL
// aborts the whole transaction) fails alone; the writes grouped with it,
// before and after it in the batch, are kept, and it keeps nothing.
TEST_F(StoreTest, AGroupedWriteWhoseStatementFailsFailsAlone) {
  const MeetingPoll mp = OpenMeetingPoll(*store_, SeedRegistry(*store_));
  const base::Bytes taken(32, '\x07');
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    return tx.meetings().InsertCarrier(
                        {taken, mp.meeting, 1, core::Channel::kPhone, core::CarrierState::kPrinted});
                  })
                  .ok());
  constexpr int kWrites = 80;
  std::atomic<int> ok{0}, duplicate{0}, reported{0};
  for (int i = 0; i < kWrites; ++i) {
    store_->WriteGrouped(
        [&, i](Tx& tx) -> Status {
          const CarrierRecord again{taken, mp.meeting, 1, core::Channel::kPhone, core::CarrierState::kPrinted};
          if (i % 4 == 2) SHUZHI_TRY(tx.meetings().InsertCarrier(again));  // fails before any row
          SHUZHI_TRY(tx.ballots().AppendBallot(mp.poll, std::to_string(i % 3)));
          SHUZHI_TRY(tx.meetings().AddVoted(mp.poll, 1));
          if (i % 4 == 3) SHUZHI_TRY(tx.meetings().InsertCarrier(again));  // fails after a row
          return base::Ok();
        },
        [&](const Status& st) {
          if (st.ok()) ++ok;
          if (st.reason() == "storage.unique_violation") ++duplicate;
          ++reported;
        });
  }
  while (reported.load() < kWrites) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(ok.load(), kWrites / 2);
  EXPECT_EQ(duplicate.load(), kWrites / 2);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(mp.poll));
                    EXPECT_EQ(p ? p->voted : -1, 2 + kWrites / 2);
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(mp.poll));
                    EXPECT_EQ(ballots.size(), static_cast<std::size_t>(kWrites / 2));
                    return base::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace shuzhi::storage::contract
