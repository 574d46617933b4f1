#include "core/meeting_states.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

TEST(MeetingStates, CodesRoundTripAndMatchTheStoredText) {
  for (auto s : {MeetingState::kScheduled, MeetingState::kRunning, MeetingState::kFinished}) {
    EXPECT_EQ(ParseMeetingState(MeetingStateCode(s)), s);
  }
  for (auto s : {PollState::kPending, PollState::kOpen, PollState::kCounting, PollState::kFinal, PollState::kVoid}) {
    EXPECT_EQ(ParsePollState(PollStateCode(s)), s);
  }
  for (auto s : {CarrierState::kPrinted, CarrierState::kVoided}) EXPECT_EQ(ParseCarrierState(CarrierStateCode(s)), s);
  // The codes are what the database and the API hold: they never change.
  EXPECT_STREQ(MeetingStateCode(MeetingState::kFinished), "finished");
  EXPECT_STREQ(PollStateCode(PollState::kCounting), "counting");
  EXPECT_STREQ(PollStateCode(PollState::kVoid), "void");
  EXPECT_STREQ(CarrierStateCode(CarrierState::kVoided), "voided");
  EXPECT_FALSE(ParsePollState("Open"));
  EXPECT_FALSE(ParseMeetingState(""));
  EXPECT_FALSE(ParseCarrierState("spent"));
}

TEST(MeetingStates, AMeetingEndsOnceAndNeverStartsAgain) {
  EXPECT_TRUE(MeetingMayMove(MeetingState::kScheduled, MeetingState::kRunning));
  EXPECT_TRUE(MeetingMayMove(MeetingState::kRunning, MeetingState::kFinished));
  EXPECT_TRUE(MeetingMayMove(MeetingState::kScheduled, MeetingState::kFinished));
  EXPECT_FALSE(MeetingMayMove(MeetingState::kFinished, MeetingState::kRunning));
  EXPECT_FALSE(MeetingMayMove(MeetingState::kRunning, MeetingState::kScheduled));
  EXPECT_FALSE(MeetingMayMove(MeetingState::kRunning, MeetingState::kRunning));
}

TEST(MeetingStates, APollOpensOnceAndItsResultIsFinal) {
  EXPECT_TRUE(PollMayMove(PollState::kPending, PollState::kOpen));
  EXPECT_TRUE(PollMayMove(PollState::kOpen, PollState::kCounting));
  EXPECT_TRUE(PollMayMove(PollState::kOpen, PollState::kFinal));  // no paper issued
  EXPECT_TRUE(PollMayMove(PollState::kOpen, PollState::kVoid));
  EXPECT_TRUE(PollMayMove(PollState::kCounting, PollState::kFinal));
  EXPECT_TRUE(PollMayMove(PollState::kCounting, PollState::kVoid));
  EXPECT_FALSE(PollMayMove(PollState::kPending, PollState::kCounting));
  EXPECT_FALSE(PollMayMove(PollState::kOpen, PollState::kOpen));
  EXPECT_FALSE(PollMayMove(PollState::kCounting, PollState::kOpen));
  for (auto to : {PollState::kPending, PollState::kOpen, PollState::kCounting, PollState::kFinal, PollState::kVoid}) {
    EXPECT_FALSE(PollMayMove(PollState::kFinal, to));
    EXPECT_FALSE(PollMayMove(PollState::kVoid, to));  // repeated as a new poll, never reopened
  }
}

TEST(MeetingStates, LiveAndResultPollsAreDisjoint) {
  for (auto s : {PollState::kPending, PollState::kOpen, PollState::kCounting, PollState::kFinal, PollState::kVoid}) {
    EXPECT_FALSE(PollIsLive(s) && PollHasResult(s));
  }
  EXPECT_TRUE(PollIsLive(PollState::kOpen));
  EXPECT_TRUE(PollIsLive(PollState::kCounting));
  EXPECT_FALSE(PollIsLive(PollState::kPending));
  EXPECT_TRUE(PollHasResult(PollState::kFinal));
  EXPECT_TRUE(PollHasResult(PollState::kVoid));
}

TEST(MeetingStates, AVoidedCarrierStaysVoided) {
  EXPECT_TRUE(CarrierMayMove(CarrierState::kPrinted, CarrierState::kVoided));
  EXPECT_FALSE(CarrierMayMove(CarrierState::kVoided, CarrierState::kPrinted));
  EXPECT_FALSE(CarrierMayMove(CarrierState::kVoided, CarrierState::kVoided));
}

}  // namespace
}  // namespace shuzhi::core
