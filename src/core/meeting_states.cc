#include "core/meeting_states.h"

#include <array>
#include <utility>

namespace shuzhi::core {
namespace {

template <typename E, std::size_t N>
std::optional<E> Find(const std::array<std::pair<E, const char*>, N>& codes, std::string_view s) {
  for (const auto& [state, code] : codes) {
    if (s == code) return state;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
const char* CodeOf(const std::array<std::pair<E, const char*>, N>& codes, E s) {
  for (const auto& [state, code] : codes) {
    if (state == s) return code;
  }
  return codes[0].second;
}

template <typename E, std::size_t N>
bool Allowed(const std::array<std::pair<E, E>, N>& moves, E from, E to) {
  for (const auto& [a, b] : moves) {
    if (a == from && b == to) return true;
  }
  return false;
}

constexpr std::array<std::pair<MeetingState, const char*>, 3> kMeetingCodes{{
    {MeetingState::kScheduled, "scheduled"},
    {MeetingState::kRunning, "running"},
    {MeetingState::kFinished, "finished"},
}};
constexpr std::array<std::pair<PollState, const char*>, 5> kPollCodes{{
    {PollState::kPending, "pending"},
    {PollState::kOpen, "open"},
    {PollState::kCounting, "counting"},
    {PollState::kFinal, "final"},
    {PollState::kVoid, "void"},
}};
constexpr std::array<std::pair<CarrierState, const char*>, 2> kCarrierCodes{{
    {CarrierState::kPrinted, "printed"},
    {CarrierState::kVoided, "voided"},
}};

constexpr std::array<std::pair<MeetingState, MeetingState>, 3> kMeetingMoves{{
    {MeetingState::kScheduled, MeetingState::kRunning},
    {MeetingState::kScheduled, MeetingState::kFinished},
    {MeetingState::kRunning, MeetingState::kFinished},
}};
constexpr std::array<std::pair<PollState, PollState>, 6> kPollMoves{{
    {PollState::kPending, PollState::kOpen},
    {PollState::kOpen, PollState::kCounting},
    {PollState::kOpen, PollState::kFinal},
    {PollState::kOpen, PollState::kVoid},
    {PollState::kCounting, PollState::kFinal},
    {PollState::kCounting, PollState::kVoid},
}};
constexpr std::array<std::pair<CarrierState, CarrierState>, 1> kCarrierMoves{{
    {CarrierState::kPrinted, CarrierState::kVoided},
}};

}  // namespace

const char* MeetingStateCode(MeetingState s) { return CodeOf(kMeetingCodes, s); }
const char* PollStateCode(PollState s) { return CodeOf(kPollCodes, s); }
const char* CarrierStateCode(CarrierState s) { return CodeOf(kCarrierCodes, s); }
std::optional<MeetingState> ParseMeetingState(std::string_view s) { return Find(kMeetingCodes, s); }
std::optional<PollState> ParsePollState(std::string_view s) { return Find(kPollCodes, s); }
std::optional<CarrierState> ParseCarrierState(std::string_view s) { return Find(kCarrierCodes, s); }

bool MeetingMayMove(MeetingState from, MeetingState to) { return Allowed(kMeetingMoves, from, to); }
bool PollMayMove(PollState from, PollState to) { return Allowed(kPollMoves, from, to); }
bool CarrierMayMove(CarrierState from, CarrierState to) { return Allowed(kCarrierMoves, from, to); }

bool PollIsLive(PollState s) { return s == PollState::kOpen || s == PollState::kCounting; }
bool PollHasResult(PollState s) { return s == PollState::kFinal || s == PollState::kVoid; }

}  // namespace shuzhi::core
