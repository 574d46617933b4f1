#include "core/rotation.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace shuzhi::core {
namespace {

std::vector<RotationPerson> Roster(int n, int first_id = 1) {
  std::vector<RotationPerson> out;
  for (int i = 0; i < n; ++i) out.push_back({first_id + i, 0, {}, {}, {}});
  return out;
}

std::map<std::int64_t, std::optional<int>> Years(const RotationPlan& p) {
  std::map<std::int64_t, std::optional<int>> out;
  for (const auto& s : p.slots) out[s.deputy_id] = s.year;
  return out;
}

TEST(RotationTest, TenPersonsGiveFourThreeThree) {
  const RotationWindow w{2025, 3, 2025};
  auto plan = PlanRotation(Roster(10), w, 7);
  ASSERT_EQ(plan.years.size(), 3u);
  EXPECT_EQ(plan.years[0].planned, 4);
  EXPECT_EQ(plan.years[1].planned, 3);
  EXPECT_EQ(plan.years[2].planned, 3);
  EXPECT_EQ(plan.years[0].share, 4);
  EXPECT_FALSE(plan.years[0].over_share);
  EXPECT_TRUE(plan.problems.empty());
}

TEST(RotationTest, ReportingInTheCurrentYearFillsItsShare) {
  // After this year's meeting: two of six reported in 2025, the first year.
  const RotationWindow w{2025, 3, 2025};
  auto roster = Roster(6);
  roster[0].reported_year = 2025;
  roster[1].reported_year = 2025;
  auto plan = PlanRotation(roster, w, 9);
  EXPECT_EQ(plan.years[0].reported, 2);
  EXPECT_EQ(plan.years[0].planned, 0);  // the share of 2 is met by those who reported
  EXPECT_FALSE(plan.years[0].over_share);
  EXPECT_EQ(plan.years[1].planned, 2);
  EXPECT_EQ(plan.years[2].planned, 2);
  // One reported so far: one more is planned for the current year.
  roster[1].reported_year.reset();
  auto partial = PlanRotation(roster, w, 9);
  EXPECT_EQ(partial.years[0].reported + partial.years[0].planned, 2);
  EXPECT_FALSE(partial.years[0].over_share);
  EXPECT_FALSE(partial.years[0].under_share);
}

TEST(RotationTest, DeterministicForASeedAndIndependentOfInputOrder) {
  const RotationWindow w{2025, 3, 2025};
  auto roster = Roster(30);
  auto a = PlanRotation(roster, w, 42);
  std::reverse(roster.begin(), roster.end());
  auto b = PlanRotation(roster, w, 42);
  EXPECT_EQ(Years(a), Years(b));
  auto c = PlanRotation(roster, w, 43);
  EXPECT_NE(Years(a), Years(c));  // another seed, another draw
}

TEST(RotationTest, ReportedLeftAndLateJoiners) {
  const RotationWindow w{2025, 3, 2026};
  std::vector<RotationPerson> r = Roster(9);
  r[0].reported_year = 2025;
  r[1].reported_year = 2025;
  r[2].reported_year = 2025;
  r[3].left_year = 2025;                 // resigned before reporting
  r[4].join_year = 2027;                 // by-elected in the last year
  r.push_back({100, 2028, {}, {}, {}});  // joined after the window: cannot report in it
  auto plan = PlanRotation(r, w, 1);
  EXPECT_EQ(plan.Find(1)->state, RotationState::kReported);
  EXPECT_EQ(plan.Find(4)->state, RotationState::kLeft);
  EXPECT_EQ(plan.Find(5)->year, 2027);
  EXPECT_EQ(plan.Find(100)->state, RotationState::kUnplaceable);
  EXPECT_EQ(plan.problems, std::vector<std::string>{"window_missed:100"});
  EXPECT_EQ(plan.years[0].reported, 3);
  // Five can still report: three in 2026, two in 2027 (the by-elected one among them).
  EXPECT_EQ(plan.years[1].planned, 3);
  EXPECT_EQ(plan.years[2].planned, 2);
  EXPECT_EQ(plan.years[1].share, 3);
}

TEST(RotationTest, PinsAreHonouredAndShareBreachesReported) {
  const RotationWindow w{2025, 3, 2025};
  auto roster = Roster(9);
  auto base = PlanRotation(roster, w, 5);
  // Move someone planned for 2025 to 2027.
  std::int64_t mover = 0;
  for (const auto& s : base.slots) {
    if (s.year == 2025) mover = s.deputy_id;
  }
  auto check = CheckMove(roster, w, 5, mover, 2027);
  ASSERT_TRUE(check.allowed);
  EXPECT_EQ(check.plan.Find(mover)->year, 2027);
  EXPECT_TRUE(check.plan.Find(mover)->pinned);
  // 2025 still takes its share of 3 from the others; the pin makes 2027 hold 4.
  EXPECT_EQ(check.plan.years[0].planned, 3);
  EXPECT_EQ(check.plan.years[2].planned, 3);
}

TEST(RotationTest, MovesThatBreakTheRulesAreRefused) {
  const RotationWindow w{2025, 3, 2026};
  auto roster = Roster(6);
  roster[0].reported_year = 2025;
  roster[1].left_year = 2025;
  roster[2].join_year = 2027;
  EXPECT_EQ(CheckMove(roster, w, 1, 1, 2026).refusals, std::vector<std::string>{"already_reported"});
  EXPECT_EQ(CheckMove(roster, w, 1, 2, 2026).refusals, std::vector<std::string>{"left"});
  EXPECT_EQ(CheckMove(roster, w, 1, 3, 2026).refusals, std::vector<std::string>{"before_join"});
  EXPECT_EQ(CheckMove(roster, w, 1, 4, 2025).refusals, std::vector<std::string>{"year_past"});
  EXPECT_EQ(CheckMove(roster, w, 1, 4, 2028).refusals, std::vector<std::string>{"outside_window"});
  EXPECT_EQ(CheckMove(roster, w, 1, 99, 2026).refusals, std::vector<std::string>{"not_in_group"});
  auto ok = CheckMove(roster, w, 1, 4, 2027);
  EXPECT_TRUE(ok.allowed);
  EXPECT_TRUE(ok.refusals.empty());
}

TEST(RotationTest, OverfillingAYearWarns) {
  const RotationWindow w{2025, 3, 2025};
  auto roster = Roster(6);  // shares 2, 2, 2
  for (int id = 1; id <= 2; ++id) roster[static_cast<std::size_t>(id - 1)].pinned_year = 2025;
  auto plan = PlanRotation(roster, w, 3);
  std::int64_t third = 0;
  for (const auto& s : plan.slots) {
    if (s.year == 2026) third = s.deputy_id;
  }
  auto check = CheckMove(roster, w, 3, third, 2025);
  ASSERT_TRUE(check.allowed);
  EXPECT_NE(std::find(check.warnings.begin(), check.warnings.end(), "year_over_share:2025"), check.warnings.end());
  // 2026 is refilled from 2027, which ends up one short.
  EXPECT_NE(std::find(check.warnings.begin(), check.warnings.end(), "year_under_share:2027"), check.warnings.end());
  EXPECT_EQ(check.plan.years[0].planned, 3);
  EXPECT_TRUE(check.plan.years[0].over_share);
}

// Property tests over random rosters.
class RotationProperty : public ::testing::TestWithParam<int> {};

TEST_P(RotationProperty, ExactlyOnceSharesAndStability) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(GetParam()));
  const int n = std::uniform_int_distribution<int>(1, 120)(rng);
  const RotationWindow w{2025, 3, 2025};
  auto roster = Roster(n, 1000);
  const std::uint64_t seed = rng();
  auto plan = PlanRotation(roster, w, seed);

  // Exactly once, inside the window.
  for (const auto& s : plan.slots) {
    ASSERT_EQ(s.state, RotationState::kPlanned);
    ASSERT_TRUE(s.year && *s.year >= 2025 && *s.year <= 2027);
  }
  // Each year's count within one of a third.
  for (const auto& y : plan.years) {
    EXPECT_LE(std::abs(3 * y.planned - n), 3) << "n=" << n << " year " << y.year << " has " << y.planned;
    EXPECT_FALSE(y.over_share);
    EXPECT_FALSE(y.under_share);
  }

  // A by-election: one more person. At most W - 1 others change year.
  auto grown = roster;
  grown.push_back({999'999, 2025, {}, {}, {}});
  auto after_join = PlanRotation(grown, w, seed);
  int moved = 0;
  for (const auto& s : plan.slots) moved += after_join.Find(s.deputy_id)->year != s.year;
  EXPECT_LE(moved, w.years - 1);

  // A departure: one person leaves. At most W - 1 others change year.
  if (n > 1) {
    auto shrunk = roster;
    const std::size_t gone = std::uniform_int_distribution<std::size_t>(0, roster.size() - 1)(rng);
    shrunk[gone].left_year = 2025;
    auto after_leave = PlanRotation(shrunk, w, seed);
    moved = 0;
    for (const auto& s : plan.slots) {
      if (s.deputy_id == roster[gone].deputy_id) continue;
      moved += after_leave.Find(s.deputy_id)->year != s.year;
    }
    EXPECT_LE(moved, w.years - 1);
    EXPECT_EQ(after_leave.Find(roster[gone].deputy_id)->state, RotationState::kLeft);
  }

  // A year later, with the first year's reporters marked as reported, the
  // rest of the plan keeps every active person exactly once.
  auto next = roster;
  for (auto& p : next) {
    if (plan.Find(p.deputy_id)->year == 2025) p.reported_year = 2025;
  }
  auto later = PlanRotation(next, {2025, 3, 2026}, seed);
  int counted = 0;
  for (const auto& s : later.slots) {
    ASSERT_TRUE(s.state == RotationState::kReported || s.state == RotationState::kPlanned);
    ++counted;
  }
  EXPECT_EQ(counted, n);
  EXPECT_EQ(Years(later), Years(plan));  // nothing changed: the plan held
}

INSTANTIATE_TEST_SUITE_P(RandomRosters, RotationProperty, ::testing::Range(1, 201));

}  // namespace
}  // namespace shuzhi::core
