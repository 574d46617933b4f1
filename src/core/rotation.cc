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

// The steps of PlanRotation over one state: the persons still to plan
// (`open`, in priority order) and, per year of the window, how many are
// planned in it and the share shown.
struct Planning {
  const std::vector<RotationPerson>& persons;
  const RotationWindow& w;
  int first_open;                 // first year that can still be planned
  std::vector<std::size_t> open;  // persons still to plan
  std::vector<int> planned_in, share_of;
  std::vector<bool> placed;

  Planning(const std::vector<RotationPerson>& p, const RotationWindow& window)
      : persons(p),
        w(window),
        first_open(std::max(window.start_year, window.current_year)),
        planned_in(static_cast<std::size_t>(window.years), 0),
        share_of(static_cast<std::size_t>(window.years), 0),
        placed(p.size(), false) {}

  // A pin outside what can still be planned is ignored (and reported).
  std::optional<int> PinOf(std::size_t i) const {
    const auto& pin = persons[i].pinned_year;
    if (pin && (*pin < first_open || *pin > w.end_year() || *pin < persons[i].join_year)) return std::nullopt;
    return pin;
  }
  int ReportedIn(int y) const {
    return static_cast<int>(std::count_if(persons.begin(), persons.end(), [&](const RotationPerson& p) {
      return p.reported_year && *p.reported_year == y;
    }));
  }
};

// Settles those who reported, left or cannot be placed; the others are open.
void SettleKnown(Planning& st, RotationPlan& plan) {
  for (std::size_t i = 0; i < st.persons.size(); ++i) {
    const RotationPerson& p = st.persons[i];
    RotationSlot& s = plan.slots[i];
    s.deputy_id = p.deputy_id;
    if (p.reported_year) {
      s.state = RotationState::kReported;
      s.year = p.reported_year;
    } else if (p.left_year) {
      s.state = RotationState::kLeft;
    } else if (p.join_year > st.w.end_year() || st.first_open > st.w.end_year()) {
      // Joined after the window, or the window has passed: excluded from the
      // shares so that they do not inflate the years that can still be planned.
      s.state = RotationState::kUnplaceable;
      plan.problems.push_back("window_missed:" + std::to_string(p.deputy_id));
    } else {
      st.open.push_back(i);
    }
  }
}

// Priority: the seeded hash of the id, ties (never in practice) by id.
void SortByPriority(Planning& st, std::uint64_t seed) {
  const auto& persons = st.persons;
  std::sort(st.open.begin(), st.open.end(), [&](std::size_t a, std::size_t b) {
    const auto ka = Mix(seed ^ Mix(static_cast<std::uint64_t>(persons[a].deputy_id)));
    const auto kb = Mix(seed ^ Mix(static_cast<std::uint64_t>(persons[b].deputy_id)));
    return ka != kb ? ka < kb : persons[a].deputy_id < persons[b].deputy_id;
  });
}

// Fills each open year up to its share: pinned persons first, then by
// priority those who have joined by then.
void PlaceByYear(Planning& st, RotationPlan& plan) {
  const auto& persons = st.persons;
  const RotationWindow& w = st.w;
  // Persons who already reported in a year that is still open (this year's
  // meeting has happened) fill part of that year's share.
  int reported_ahead = 0;
  for (int y = st.first_open; y <= w.end_year(); ++y) reported_ahead += st.ReportedIn(y);
  int ideal_remaining = static_cast<int>(st.open.size()) + reported_ahead;
  int unplaced = static_cast<int>(st.open.size());
  for (int y = st.first_open; y <= w.end_year(); ++y) {
    const std::size_t yi = static_cast<std::size_t>(y - w.start_year);
    const int years_left = w.end_year() - y + 1;
    const int reported_here = st.ReportedIn(y);
    const int share = CeilDiv(unplaced + reported_ahead, years_left);
    reported_ahead -= reported_here;
    // The share shown assumes each earlier year met its own: 10 → 4, 3, 3.
    st.share_of[yi] = CeilDiv(ideal_remaining, years_left);
    ideal_remaining -= st.share_of[yi];
    int count = reported_here;
    for (std::size_t i : st.open) {
      if (!st.placed[i] && st.PinOf(i) == y) {
        st.placed[i] = true;
        plan.slots[i] = {persons[i].deputy_id, RotationState::kPlanned, y, true};
        ++count;
        --unplaced;
      }
    }
    for (std::size_t i : st.open) {
      if (count >= share) break;
      if (st.placed[i] || st.PinOf(i) || persons[i].join_year > y) continue;
      st.placed[i] = true;
      plan.slots[i] = {persons[i].deputy_id, RotationState::kPlanned, y, false};
      ++count;
      --unplaced;
    }
    st.planned_in[yi] = count - reported_here;
  }
}

// Each year of the window as shown, with its share met or not.
void SummarizeYears(const Planning& st, RotationPlan& plan) {
  const RotationWindow& w = st.w;
  for (int y = w.start_year; y <= w.end_year(); ++y) {
    const std::size_t yi = static_cast<std::size_t>(y - w.start_year);
    RotationYear ry;
    ry.year = y;
    ry.planned = st.planned_in[yi];
    for (const auto& s : plan.slots) {
      if (s.state == RotationState::kReported && s.year == y) ++ry.reported;
    }
    if (y >= st.first_open) {
      ry.share = st.share_of[yi];
      ry.over_share = ry.planned + ry.reported > ry.share;
      ry.under_share = ry.planned + ry.reported < ry.share;
    } else {
      ry.share = ry.reported;
    }
    plan.years.push_back(ry);
  }
}

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
  Planning st(persons, w);
  SettleKnown(st, plan);
  SortByPriority(st, seed);
  for (std::size_t i : st.open) {
    if (persons[i].pinned_year && !st.PinOf(i))
      plan.problems.push_back("pin_ignored:" + std::to_string(persons[i].deputy_id));
  }
  PlaceByYear(st, plan);
  for (std::size_t i : st.open) {
    if (st.placed[i]) continue;
    plan.slots[i] = {persons[i].deputy_id, RotationState::kUnplaceable, std::nullopt, false};
    plan.problems.push_back("window_missed:" + std::to_string(persons[i].deputy_id));
  }
  SummarizeYears(st, plan);
  return plan;
}

MoveCheck CheckMove(std::vector<RotationPerson> persons, const RotationWindow& w, std::uint64_t seed,
                    std::int64_t deputy_id, std::optional<int> to_year) {
  MoveCheck check;
  auto it =
      std::find_if(persons.begin(), persons.end(), [&](const RotationPerson& p) { return p.deputy_id == deputy_id; });
  const RotationPlan before = PlanRotation(persons, w, seed);
  if (it == persons.end()) {
    check.refusals.push_back("not_in_group");
  } else if (it->reported_year) {
    check.refusals.push_back("already_reported");
  } else if (it->left_year) {
    check.refusals.push_back("left");
  } else if (to_year) {
    if (*to_year < w.start_year || *to_year > w.end_year())
      check.refusals.push_back("outside_window");
    else if (*to_year < std::max(w.start_year, w.current_year))
      check.refusals.push_back("year_past");
    else if (*to_year < it->join_year)
      check.refusals.push_back("before_join");
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
    if (to_year && y.year == *to_year && y.over_share)
      check.warnings.push_back("year_over_share:" + std::to_string(y.year));
    // The planner refills the year the person left from later years, so the
    // shortfall may show in another year: name every year newly short.
    if (y.under_share && !before.years[i].under_share) {
      check.warnings.push_back("year_under_share:" + std::to_string(y.year));
    }
  }
  return check;
}

}  // namespace shuzhi::core
