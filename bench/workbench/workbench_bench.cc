// Workbench benchmark (issue 16 §2): the home page's GET /me/workbench for
// each role on the 100,000-deputy roster of the other benchmarks (one
// congress, 1,000 groups), in SQLite (or, with --postgres, in the
// PostgreSQL database SHUZHI_TEST_PG_URL names, which
// tests/pg/with-postgres.sh starts and which the bench empties). Written
// straight into the schema, as bench/assessment does:
//   this year's campaign, active and private, listing a third of the
//   deputies (33,333) with reports in every state, a tenth of the groups'
//   lists unconfirmed; its 1,000 group meetings over twenty days around
//   today (finished before, running today, scheduled after) with a poll per
//   listed deputy (final, a few being counted, open or pending as the
//   meeting is), a quarter of the final rows released;
//   last year's campaign, closed and announced, listing another third, its
//   meetings finished and every poll final;
//   200,000 opinions (1 % held for moderation, 20 % not yet answered).
// Then WorkbenchFor (what the API calls) is timed for an organizer, a group
// leader, a deputy, a reviewer and an administrator: p50 and p99 of each
// against the target (p99 <= 20 ms).
//
//   workbench_bench [DEPUTIES] [--smoke] [--postgres] [--runs N] [--keep]
// --smoke: 2,000 deputies by default, and every card's count is checked
// against the figures the data was built with, not the target. --keep
// leaves the SQLite database for a look at the query plans.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/home/workbench.h"
#include "base/crypto.h"
#include "base/json.h"
#include "bench/common/bench_sql.h"
#include "bench/common/measure.h"
#include "core/campaign.h"
#include "core/campaign_codec.h"
#include "storage/store.h"

using namespace shuzhi;
using bench::Seconds;
using bench::Sql;

namespace {

constexpr const char* kToday = "2026-11-20";  // a Friday; its week is 16–22 November
constexpr double kTargetMs = 20.0;

struct Size {
  int deputies = 100'000, groups = 1'000;
};

// The rules the data is built by, in C++ for the smoke check; the SQL below
// says the same.
int GroupOf(int i, const Size& s) { return i % s.groups + 1; }
// Days from today of group g's meeting: -10 … +9.
int MeetingDay(int g) { return g % 20 - 10; }
// Report state of this year's listed deputy i: none, draft, submitted,
// returned, accepted, submitted.
int ReportKind(int i) { return (i / 3) % 6; }

std::string Spec(bool voter, int year) {
  const auto spec = voter ? core::VoterTemplate(year) : core::CommitteeTemplate(year);
  return base::json::serialize(core::EncodeCampaignSpec(spec));
}

bool FillRegistry(Sql& db, const Size& s) {
  const std::string g = std::to_string(s.groups);
  return db.Exec("INSERT INTO congresses (id, level, name) VALUES (1, 'province', '基准测试省人民代表大会')") &&
         db.Exec(
             "INSERT INTO terms (id, congress_id, number, start_date, end_date) VALUES (1, 1, 1, '2023-01-01', "
             "'2027-12-31')") &&
         db.Exec(db.Series(s.groups) +
                 "INSERT INTO deputy_groups (id, congress_id, name, rotation_start_year, rotation_seed) SELECT i, 1, "
                 "'第' || i || '代表小组', 2024, i FROM n") &&
         db.Exec(db.Series(s.deputies) +
                 "INSERT INTO deputies (id, name, gender, birth_date, occupation) SELECT i, '代表' || i, 'male', "
                 "'1970-01-01', 'farmer' FROM n") &&
         db.Exec(db.Series(s.deputies) + "INSERT INTO mandates (deputy_id, term_id, group_id) SELECT i, 1, (i % " + g +
                 ") + 1 FROM n");
}

// Campaign 1: this year's, listing i % 3 = 0; campaign 2: last year's,
// listing i % 3 = 1. Both cover every group.
bool FillCampaigns(Sql& db, const Size& s) {
  const std::string g = std::to_string(s.groups);
  return db.Exec(
             "INSERT INTO campaigns (id, congress_id, year, title, template_code, state, spec, created_at, "
             "updated_at) VALUES (1, 1, 2026, '2026年述职评议', 'voter', 'active', '" +
             Spec(true, 2026) + "', 1, 1), (2, 1, 2025, '2025年述职评议', 'committee', 'closed', '" +
             Spec(false, 2025) + "', 1, 1)") &&
         db.Exec(db.Series(s.groups) + "INSERT INTO campaign_groups (campaign_id, group_id) SELECT 1, i FROM n") &&
         db.Exec(db.Series(s.groups) + "INSERT INTO campaign_groups (campaign_id, group_id) SELECT 2, i FROM n") &&
         db.Exec(db.Series(s.deputies) +
                 "INSERT INTO campaign_deputies (campaign_id, deputy_id, group_id, source, confirmed_at) SELECT 1 + "
                 "i % 3, i, (i % " +
                 g + ") + 1, 'rotation', CASE WHEN i % 3 = 0 AND ((i % " + g +
                 ") + 1) % 10 = 1 THEN NULL ELSE 1 END FROM n WHERE i % 3 < 2") &&
         db.Exec(db.Series(s.deputies) +
                 "INSERT INTO reports (campaign_id, deputy_id, state, draft, submitted_at, created_at, updated_at) "
                 "SELECT 1 + i % 3, i, CASE WHEN i % 3 = 1 THEN 'accepted' ELSE CASE (i / 3) % 6 WHEN 1 THEN "
                 "'draft' WHEN 2 THEN 'submitted' WHEN 3 THEN 'returned' WHEN 4 THEN 'accepted' ELSE 'submitted' "
                 "END END, '{}', 1, 1, 1 FROM n WHERE i % 3 = 1 OR (i % 3 = 0 AND (i / 3) % 6 <> 0)");
}

// Meeting g (this year's, group g) on day MeetingDay(g); meeting groups + g
// last year's. A poll per listed deputy, its id the deputy's.
bool FillMeetings(Sql& db, const Size& s) {
  const std::string g = std::to_string(s.groups);
  const std::string today = std::to_string(*base::ParseIso8601(std::string(kToday) + "T09:00:00+08:00"));
  const std::string day = std::to_string(86400LL * base::kMicrosPerSecond);
  return db.Exec(db.Series(s.groups) +
                 "INSERT INTO meetings (id, campaign_id, group_id, title, starts_at, poll_mode, state, "
                 "projector_token, record, live, created_at) SELECT i, 1, i, '述职评议会', " +
                 today + " + (i % 20 - 10) * " + day +
                 ", 'per_deputy', CASE WHEN i % 20 < 10 THEN 'finished' WHEN i % 20 = 10 THEN 'running' ELSE "
                 "'scheduled' END, 'tok' || i, '{}', '{}', 1 FROM n") &&
         db.Exec(db.Series(s.groups) +
                 "INSERT INTO meetings (id, campaign_id, group_id, title, starts_at, poll_mode, state, "
                 "projector_token, record, live, created_at) SELECT " +
                 g + " + i, 2, i, '述职评议会', 1, 'per_deputy', 'finished', 'old' || i, '{}', '{}', 1 FROM n") &&
         // This year's poll of deputy i: final (a fiftieth being counted) in a
         // finished meeting, open in a running one, pending otherwise; a
         // quarter of the final rows released. Last year's: final.
         db.Exec(db.Series(s.deputies) +
                 "INSERT INTO polls (id, meeting_id, position, round, deputy_ids, state, result, released) SELECT i, "
                 "CASE WHEN i % 3 = 0 THEN (i % " +
                 g + ") + 1 ELSE " + g + " + (i % " + g +
                 ") + 1 END, 1, 1, CAST(i AS TEXT), CASE WHEN i % 3 = 1 THEN 'final' WHEN ((i % " + g +
                 ") + 1) % 20 < 10 THEN CASE WHEN i % 53 = 7 THEN 'counting' ELSE 'final' END WHEN ((i % " + g +
                 ") + 1) % 20 = 10 THEN 'open' ELSE 'pending' END, '{}', CASE WHEN i % 3 = 0 AND i % 7 < 2 THEN "
                 "CAST(i AS TEXT) ELSE '' END FROM n WHERE i % 3 < 2") &&
         db.Exec("INSERT INTO poll_deputies (deputy_id, poll_id) SELECT id, id FROM polls");
}

bool FillOpinions(Sql& db, const Size& s) {
  return db.Exec(db.Series(2 * s.deputies) +
                 "INSERT INTO opinions (deputy_id, campaign_id, source, received_on, content, recorded_by, status, "
                 "created_at) SELECT (CAST(i AS BIGINT) * 7919 % " +
                 std::to_string(s.deputies) +
                 ") + 1, 1, 'visit', '2026-11-01', '意见' || i, 'bench', CASE WHEN i % 100 = 0 THEN 'pending' WHEN "
                 "i % 5 = 1 THEN 'new' ELSE 'answered' END, 1 FROM n");
}

bool Fill(Sql& db, const Size& s) {
  return db.Exec("BEGIN") && FillRegistry(db, s) && FillCampaigns(db, s) && FillMeetings(db, s) &&
         FillOpinions(db, s) && db.Exec("COMMIT") &&
         // PostgreSQL plans from statistics, and reads an index alone once
         // its pages are marked all-visible: what autovacuum does soon after.
         (!db.postgres() || db.Exec("VACUUM ANALYZE"));
}

struct Role {
  const char* name;
  app::Actor actor;
};

// The deputy the bench logs in as: listed this year, their report a draft,
// their meeting finished.
int BenchDeputy(const Size& s) {
  for (int i = 3;; i += 3) {
    if (ReportKind(i) == 1 && MeetingDay(GroupOf(i, s)) < 0) return i;
  }
}

std::vector<Role> Roles(const Size& s) {
  using core::Role;
  return {{"organizer", {1, "organizer", {{Role::kOrganizer, 1, {}, {}}}}},
          {"group_leader", {2, "leader", {{Role::kGroupLeader, 1, 1, {}}}}},
          {"deputy", {3, "deputy", {{Role::kDeputy, {}, {}, BenchDeputy(s)}}}},
          {"reviewer", {4, "reviewer", {{Role::kReviewer, 1, {}, {}}}}},
          {"admin", {5, "admin", {{Role::kAdmin, {}, {}, {}}}}}};
}

// CPU time of this thread, in ms: beside the wall time, it tells the work
// from waiting for a CPU on a busy machine.
double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// The counts the data was built with (the smoke check), by role and kind,
// counted by walking the rules above deputy by deputy.
std::map<std::string, std::int64_t> Expected(const Size& s) {
  std::map<std::string, std::int64_t> e;
  const int me = BenchDeputy(s);
  auto both = [&](const char* kind, std::int64_t n) {
    e[std::string("organizer.") + kind] += n;
    e[std::string("admin.") + kind] += n;
  };
  for (const char* k : {"review_waiting", "opinion_moderation", "meetings_today", "meetings_this_week", "polls_open",
                        "results_to_sign_off"})
    both(k, 0);
  for (const char* k :
       {"group_leader.list_unconfirmed", "group_leader.review_waiting", "group_leader.opinion_moderation",
        "group_leader.opinions_unanswered", "group_leader.results_to_release", "deputy.my_report",
        "deputy.opinions_to_answer", "deputy.results_released", "reviewer.meetings_finished"})
    e[k] = 0;
  for (int g = 1; g <= s.groups; ++g) {
    both("meetings_today", MeetingDay(g) == 0);
    both("meetings_this_week", MeetingDay(g) >= -4 && MeetingDay(g) <= 2);
    e["reviewer.meetings_finished"] += 1 + (MeetingDay(g) < 0);  // last year's too (closed)
  }
  e["reviewer.summaries"] = 2;
  for (int i = 1; i <= s.deputies; ++i) {
    const int g = GroupOf(i, s);
    const bool mine = g == 1;
    if (i % 3 != 0) continue;
    const int k = ReportKind(i);
    const bool submitted = k == 2 || k == 5;
    both("review_waiting", submitted);
    if (mine) {
      e["group_leader.review_waiting"] += submitted;
      e["group_leader.list_unconfirmed"] += g % 10 == 1;
    }
    const int day = MeetingDay(g);
    const bool counting = i % 53 == 7;
    both("polls_open", day == 0);
    both("results_to_sign_off", day < 0 && counting);
    const bool released = i % 7 < 2;
    if (mine && day < 0 && !counting && !released) ++e["group_leader.results_to_release"];
    if (i == me) {
      e["deputy.my_report"] = k == 0 || k == 1 || k == 3;
      e["deputy.results_released"] = day < 0 && !counting && released;
    }
  }
  for (int j = 1; j <= 2 * s.deputies; ++j) {
    const int d = static_cast<int>(std::int64_t{j} * 7919 % s.deputies) + 1;
    const bool pending = j % 100 == 0, unanswered = !pending && j % 5 == 1;
    both("opinion_moderation", pending);
    if (GroupOf(d, s) == 1) {
      e["group_leader.opinion_moderation"] += pending;
      e["group_leader.opinions_unanswered"] += unanswered;
    }
    if (d == me) e["deputy.opinions_to_answer"] += unanswered;
  }
  return e;
}

// Times `runs` calls of the workbench of `role` (after five to warm the
// caches) and prints p50, p99 and the cards; with `expected`, checks the
// counts. False when a call fails.
bool Measure(app::App& application, const Role& role, int runs, const std::map<std::string, std::int64_t>* expected,
             bool& all_ok, bool& figures_ok) {
  std::vector<double> ms, cpu;
  app::Workbench w;
  for (int r = 0; r < runs + 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = ThreadCpuMs();
    auto got = app::WorkbenchFor(application, role.actor);
    const double took = Seconds(t0) * 1000.0, cpu_took = ThreadCpuMs() - c0;
    if (!got.ok()) {
      std::fprintf(stderr, "%s: %s\n", role.name, got.status().ToString().c_str());
      return false;
    }
    if (r >= 5) {
      ms.push_back(took);
      cpu.push_back(cpu_took);
    }
    w = std::move(*got);
  }
  const double p50 = Percentile(ms, 0.50), p99 = Percentile(ms, 0.99);
  const bool ok = p99 <= kTargetMs;
  all_ok = all_ok && ok;
  std::printf("%-13s p50 %6.2f ms  p99 %6.2f ms  (CPU p50 %5.2f ms, p99 %5.2f ms; %d calls; target p99 %.0f ms: %s)\n",
              role.name, p50, p99, Percentile(cpu, 0.50), Percentile(cpu, 0.99), runs, kTargetMs, ok ? "ok" : "MISSED");
  for (const auto& c : w.cards) {
    std::printf("    %-20s %6lld\n", c.kind.c_str(), static_cast<long long>(c.count));
    if (!expected) continue;
    auto it = expected->find(c.role + "." + c.kind);
    if (it == expected->end() || it->second != c.count) {
      std::printf("    ^ expected %lld\n", it == expected->end() ? -1LL : static_cast<long long>(it->second));
      figures_ok = false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape): a benchmark, an exception ends it
  Size s;
  bool smoke = false, postgres = false, sized = false, keep = false;
  int runs = 500;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--smoke") {
      smoke = true;
    } else if (arg == "--postgres") {
      postgres = true;
    } else if (arg == "--keep") {
      keep = true;
    } else if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      s.deputies = std::max(100, std::atoi(arg.c_str()));
      sized = true;
    }
  }
  if (smoke && !sized) s.deputies = 2'000;
  if (smoke) runs = std::min(runs, 50);
  s.groups = std::max(20, s.deputies / 100);
  if (!base::InitCrypto().ok()) return 1;
  const auto dir = std::filesystem::temp_directory_path() / ("shuzhi-workbench-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto db = bench::OpenBenchStore(dir, postgres, "workbench_bench");
  if (!db) return 1;
  auto t0 = std::chrono::steady_clock::now();
  if (!Fill(*db->sql, s)) return 1;
  db->sql.reset();
  std::printf(
      "roster built in %s: %d deputies in %d groups, 2 campaigns, %d meetings, %d polls, %d opinions in %.1f s\n",
      postgres ? "PostgreSQL" : "SQLite", s.deputies, s.groups, 2 * s.groups, s.deputies / 3 * 2, 2 * s.deputies,
      Seconds(t0));
  base::FakeClock clock(*base::ParseIso8601(std::string(kToday) + "T10:00:00+08:00"));
  app::AppOptions options;
  options.share_throttles = false;
  app::App application(*db->store, clock, options);
  const auto expected = smoke ? Expected(s) : std::map<std::string, std::int64_t>{};
  bool all_ok = true, figures_ok = true;
  for (const auto& role : Roles(s)) {
    if (!Measure(application, role, runs, smoke ? &expected : nullptr, all_ok, figures_ok)) return 1;
  }
  if (keep) {
    std::printf("kept: %s\n", dir.c_str());
  } else {
    std::filesystem::remove_all(dir);
  }
  if (smoke) {
    std::printf("smoke: %s\n", figures_ok ? "ok" : "FAILED");
    return figures_ok ? 0 : 1;
  }
  return all_ok ? 0 : 2;
}
