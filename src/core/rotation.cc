#include "core/rotation.h"

#include <algorithm>
#include <numeric>

namespace shuzhi::core {
namespace {

// splitmix64: a well-mixed 64-bit hash, enough for a stable priority order.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

int CeilDiv(int a, int b) { return b <= 0 ? a : (a + b - 1) / b; }

}  // namespace

const RotationSlot* RotationPlan::Find(std::int64_t deputy_id) const {
  for (const auto& s : slots) {
    if (s.deputy_id == deputy_id) return &s;
  }
  return nullptr;
}

RotationPlan PlanRotation(const std::vector<RotationPerson>& persons, const RotationWindow& w, std::uint64_t seed) {
  RotationPlan plan;
  plan.slots.resize(persons.size());
  const int first_open = std::max(w.start_year, w.current_year);  // first year that can still be planned
  std::vector<std::size_t> open;  // persons still to plan
  for (std::size_t i = 0; i < persons.size(); ++i) {
    const RotationPerson& p = persons[i];
    RotationSlot& s = plan.slots[i];
    s.deputy_id = p.deputy_id;
    if (p.reported_year) {
      s.state = RotationState::kReported;
      s.year = p.reported_year;
    } else if (p.left_year) {
      s.state = RotationState::kLeft;
    } else if (p.join_year > w.end_year() || first_open > w.end_year()) {
      // Joined after the window, or the window has passed: excluded from the
      // shares so that they do not inflate the years that can still be planned.
      s.state = RotationState::kUnplaceable;
      plan.problems.push_back("window_missed:" + std::to_string(p.deputy_id));
    } else {
      open.push_back(i);
    }
  }
  // Priority: the seeded hash of the id, ties (never in practice) by id.
  std::sort(open.begin(), open.end(), [&](std::size_t a, std::size_t b) {
    const auto ka = Mix(seed ^ Mix(static_cast<std::uint64_t>(persons[a].deputy_id)));
    const auto kb = Mix(seed ^ Mix(static_cast<std::uint64_t>(persons[b].deputy_id)));
    return ka != kb ? ka < kb : persons[a].deputy_id < persons[b].deputy_id;
  });

  std::vector<int> planned_in(static_cast<std::size_t>(w.years), 0), share_of(static_cast<std::size_t>(w.years), 0);
  std::vector<bool> placed(persons.size(), false);
  // A pin outside what can still be planned is ignored (and reported).
  auto pin_of = [&](std::size_t i) -> std::optional<int> {
    const auto& pin = persons[i].pinned_year;
    if (pin && (*pin < first_open || *pin > w.end_year() || *pin < persons[i].join_year)) return std::nullopt;
    return pin;
  };
  for (std::size_t i : open) {
    if (persons[i].pinned_year && !pin_of(i)) plan.problems.push_back("pin_ignored:" + std::to_string(persons[i].deputy_id));
  }
  // Persons who already reported in a year that is still open (this year's
  // meeting has happened) fill part of that year's share.
  auto reported_in = [&](int y) {
    return static_cast<int>(std::count_if(persons.begin(), persons.end(), [&](const RotationPerson& p) {
      return p.reported_year && *p.reported_year == y;
    }));
  };
  int reported_ahead = 0;
  for (int y = first_open; y <= w.end_year(); ++y) reported_ahead += reported_in(y);
  int ideal_remaining = static_cast<int>(open.size()) + reported_ahead;
  int unplaced = static_cast<int>(open.size());
  for (int y = first_open; y <= w.end_year(); ++y) {
    const std::size_t yi = static_cast<std::size_t>(y - w.start_year);
    const int years_left = w.end_year() - y + 1;
    const int reported_here = reported_in(y);
    const int share = CeilDiv(unplaced + reported_ahead, years_left);
    reported_ahead -= reported_here;
    // The share shown assumes each earlier year met its own: 10 → 4, 3, 3.
    share_of[yi] = CeilDiv(ideal_remaining, years_left);
    ideal_remaining -= share_of[yi];
    int count = reported_here;
    for (std::size_t i : open) {
      if (!placed[i] && pin_of(i) == y) {
        placed[i] = true;
        plan.slots[i] = {persons[i].deputy_id, RotationState::kPlanned, y, true};
        ++count;
        --unplaced;
      }
    }
    for (std::size_t i : open) {
      if (count >= share) break;
      if (placed[i] || pin_of(i) || persons[i].join_year > y) continue;
      placed[i] = true;
      plan.slots[i] = {persons[i].deputy_id, RotationState::kPlanned, y, false};
      ++count;
      --unplaced;
    }
    planned_in[yi] = count - reported_here;
  }
  for (std::size_t i : open) {
    if (placed[i]) continue;
    plan.slots[i] = {persons[i].deputy_id, RotationState::kUnplaceable, std::nullopt, false};
    plan.problems.push_back("window_missed:" + std::to_string(persons[i].deputy_id));
  }
  for (int y = w.start_year; y <= w.end_year(); ++y) {
    const std::size_t yi = static_cast<std::size_t>(y - w.start_year);
    RotationYear ry;
    ry.year = y;
    ry.planned = planned_in[yi];
    for (const auto& s : plan.slots) {
      if (s.state == RotationState::kReported && s.year == y) ++ry.reported;
    }
    if (y >= first_open) {
      ry.share = share_of[yi];
      ry.over_share = ry.planned + ry.reported > ry.share;
      ry.under_share = ry.planned + ry.reported < ry.share;
    } else {
      ry.share = ry.reported;
    }
    plan.years.push_back(ry);
  }
  return plan;
}

MoveCheck CheckMove(std::vector<RotationPerson> persons, const RotationWindow& w, std::uint64_t seed,
                    std::int64_t deputy_id, std::optional<int> to_year) {
  MoveCheck check;
  auto it = std::find_if(persons.begin(), persons.end(), [&](const RotationPerson& p) { return p.deputy_id == deputy_id; });
  const RotationPlan before = PlanRotation(persons, w, seed);
  if (it == persons.end()) {
    check.refusals.push_back("not_in_group");
  } else if (it->reported_year) {
    check.refusals.push_back("already_reported");
  } else if (it->left_year) {
    check.refusals.push_back("left");
  } else if (to_year) {
    if (*to_year < w.start_year || *to_year > w.end_year()) check.refusals.push_back("outside_window");
    else if (*to_year < std::max(w.start_year, w.current_year)) check.refusals.push_back("year_past");
    else if (*to_year < it->join_year) check.refusals.push_back("before_join");
  }
  if (!check.refusals.empty()) {
    check.plan = before;
    return check;
  }
  it->pinned_year = to_year;
  check.allowed = true;
  check.plan = PlanRotation(persons, w, seed);
  for (std::size_t i = 0; i < check.plan.years.size(); ++i) {
    const RotationYear& y = check.plan.years[i];
    if (to_year && y.year == *to_year && y.over_share) check.warnings.push_back("year_over_share:" + std::to_string(y.year));
    // The planner refills the year the person left from later years, so the
    // shortfall may show in another year: name every year newly short.
    if (y.under_share && !before.years[i].under_share) {
      check.warnings.push_back("year_under_share:" + std::to_string(y.year));
    }
  }
  return check;
}

}  // namespace shuzhi::core
