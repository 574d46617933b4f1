// The rotation planner (DESIGN.md §4): within a term, every active person
// of a deputy group reports exactly once inside a window of W years
// (default 3); each year the group schedules ceil(remaining ÷ years left).
//
// The unit is the person within a group: someone holding a district and a
// town mandate in the same group is one RotationPerson and reports once, for
// both. The planner is pure and deterministic for a given seed: who reports
// in which year follows a per-person priority derived from (seed, id), so
// the same roster always gives the same plan, and adding or removing one
// person moves at most one other person per year boundary (W - 1 in all).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shuzhi::core {

struct RotationPerson {
  std::int64_t deputy_id = 0;
  int join_year = 0;                 // first year they may report (by-election); 0: from the start
  std::optional<int> left_year;      // every mandate in the group ended in this year
  std::optional<int> reported_year;  // already reported (in this window)
  std::optional<int> pinned_year;    // a leader moved them to this year
};

struct RotationWindow {
  int start_year = 0;
  int years = 3;
  int current_year = 0;  // years before it are past: nobody can be planned there
  int end_year() const { return start_year + years - 1; }
};

enum class RotationState {
  kReported,     // reported in `year`
  kPlanned,      // will report in `year`
  kLeft,         // left the group before reporting
  kUnplaceable,  // cannot report inside the window (joined too late, or the window has passed)
};

struct RotationSlot {
  std::int64_t deputy_id = 0;
  RotationState state = RotationState::kPlanned;
  std::optional<int> year;
  bool pinned = false;
};

struct RotationYear {
  int year = 0;
  int reported = 0;  // already reported
  int planned = 0;   // planned (not yet reported)
  // The year's share under the rule, assuming every earlier year met its own:
  // for the current year and later, ceil(remaining ÷ years left).
  int share = 0;
  bool over_share = false;
  bool under_share = false;
};

struct RotationPlan {
  std::vector<RotationSlot> slots;  // one per person, in input order
  std::vector<RotationYear> years;  // the window's years in order
  // Problems found: "window_missed:<deputy_id>", "pin_ignored:<deputy_id>".
  std::vector<std::string> problems;
  const RotationSlot* Find(std::int64_t deputy_id) const;
};

RotationPlan PlanRotation(const std::vector<RotationPerson>& persons, const RotationWindow& window, std::uint64_t seed);

struct MoveCheck {
  // Refused moves leave the plan as it was. Refusals: "not_in_group",
  // "outside_window", "year_past", "already_reported", "left", "before_join".
  bool allowed = false;
  std::vector<std::string> refusals;
  // What an allowed move breaks but is still permitted: "year_over_share:<y>"
  // (the target year now holds more than its share) and
  // "year_under_share:<y>" (the year the person leaves falls below it).
  std::vector<std::string> warnings;
  RotationPlan plan;  // the plan after the move (or unchanged when refused)
};

// Checks moving `deputy_id` to `to_year` (nullopt: remove the pin).
MoveCheck CheckMove(std::vector<RotationPerson> persons, const RotationWindow& window, std::uint64_t seed,
                    std::int64_t deputy_id, std::optional<int> to_year);

}  // namespace shuzhi::core
