// The life cycles of a reporting meeting, its polls and its carriers
// (DESIGN.md §4–5), as data: each state, its stored code, and the moves
// allowed between them. The app layer asks these instead of comparing the
// codes it reads from storage. Pure; no I/O.
//
//   meeting: scheduled → running → finished (scheduled → finished too: a
//            meeting may end without anything shown on the console).
//   poll:    pending → open → counting (paper sheets being keyed) → final
//            or void; open → final or void at once when no paper was issued.
//            A void poll stays void: its repetition is a new poll.
//   carrier: printed → voided (spending is per poll, recorded apart, so it
//            is not a state of the carrier).
#pragma once

#include <optional>
#include <string_view>

namespace shuzhi::core {

enum class MeetingState { kScheduled, kRunning, kFinished };
enum class PollState { kPending, kOpen, kCounting, kFinal, kVoid };
enum class CarrierState { kPrinted, kVoided };

// The stored codes ("scheduled", "open", "voided", …) and back; nullopt for
// text that names no state.
const char* MeetingStateCode(MeetingState s);
const char* PollStateCode(PollState s);
const char* CarrierStateCode(CarrierState s);
std::optional<MeetingState> ParseMeetingState(std::string_view s);
std::optional<PollState> ParsePollState(std::string_view s);
std::optional<CarrierState> ParseCarrierState(std::string_view s);

// Whether the life cycle allows the move (a state never moves to itself).
bool MeetingMayMove(MeetingState from, MeetingState to);
bool PollMayMove(PollState from, PollState to);
bool CarrierMayMove(CarrierState from, CarrierState to);

// A poll in which ballots are still arriving or being keyed: the meeting
// cannot finish while one is.
bool PollIsLive(PollState s);
// A poll whose signed result record exists (final, or void with its reason).
bool PollHasResult(PollState s);

}  // namespace shuzhi::core
