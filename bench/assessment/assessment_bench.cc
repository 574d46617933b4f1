// Annual assessment benchmark: a province-sized year in SQLite (or, with
// --postgres, in the PostgreSQL database SHUZHI_TEST_PG_URL names, which
// tests/pg/with-postgres.sh starts and which the bench empties) — 100,000
// deputies in 1,000 groups, 35,000 reporting polls with signed-result
// records, 1,000,000 ballots, 200,000 opinions, 50,000 measures — written
// straight into the schema (recursive SQL, not the use cases: only the
// reading is measured). Then the assessment is computed and exported through
// AssessmentService as the API does. Prints the times against the targets
// (compute <= 2 s, XLSX export <= 10 s) and peak memory (<= 1 GB).
//
//   assessment_bench [DEPUTIES] [--smoke] [--postgres]
// --smoke checks the figures of a small year instead of the targets.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/assessment/assessment.h"
#include "base/crypto.h"
#include "base/json.h"
#include "bench/common/bench_sql.h"
#include "bench/common/measure.h"
#include "core/campaign.h"
#include "core/campaign_codec.h"
#include "storage/store.h"

using namespace shuzhi;
using bench::PeakRssMb;
using bench::Seconds;
using bench::Sql;

namespace {

struct Size {
  int deputies = 100'000, groups = 1'000, polls = 35'000;
  int ballots = 1'000'000, opinions = 200'000, measures = 50'000;
};

bool FillRegistry(Sql& db, const Size& s) {
  const auto spec = base::json::serialize(core::EncodeCampaignSpec(core::CommitteeTemplate(2026)));
  return db.Exec("INSERT INTO congresses (id, level, name) VALUES (1, 'province', '基准测试省人民代表大会')") &&
         db.Exec(
             "INSERT INTO terms (id, congress_id, number, start_date, end_date) VALUES (1, 1, 1, "
             "'2023-01-01', '2027-12-31')") &&
         db.Exec(db.Series(s.groups) +
                 "INSERT INTO deputy_groups (id, congress_id, name, rotation_start_year, rotation_seed) "
                 "SELECT i, 1, '第' || i || '代表小组', 2024, i FROM n") &&
         db.Exec(db.Series(s.deputies) +
                 "INSERT INTO deputies (id, name, gender, birth_date, occupation) SELECT i, '代表' || i, "
                 "'male', '1970-01-01', 'farmer' FROM n") &&
         db.Exec(db.Series(s.deputies) + "INSERT INTO mandates (deputy_id, term_id, group_id) SELECT i, 1, (i % " +
                 std::to_string(s.groups) + ") + 1 FROM n") &&
         db.Exec(
             "INSERT INTO campaigns (id, congress_id, year, title, template_code, state, spec, created_at, "
             "updated_at) VALUES (1, 1, 2026, '2026年述职评议', 'committee', 'active', '" +
             spec + "', 1, 1)") &&
         db.Exec(db.Series(s.deputies) +
                 "INSERT INTO campaign_deputies (campaign_id, deputy_id, group_id, source) SELECT 1, i, (i % " +
                 std::to_string(s.groups) + ") + 1, 'rotation' FROM n") &&
         db.Exec(db.Series(s.deputies) +
                 "INSERT INTO reports (campaign_id, deputy_id, state, draft, submitted_at, late, created_at, "
                 "updated_at) SELECT 1, i, 'submitted', '{}', 1, CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, 1, 1 FROM n");
}

// Deputy d is in poll ((d - 1) % polls) + 1, a meeting per group.
bool FillPolls(Sql& db, const Size& s) {
  if (!db.Exec(db.Series(s.groups) +
               "INSERT INTO meetings (id, campaign_id, group_id, title, starts_at, poll_mode, state, "
               "projector_token, record, live, created_at) SELECT i, 1, i, '述职评议会', 1, 'per_deputy', "
               "'finished', 'tok' || i, '{}', '{}', 1 FROM n")) {
    return false;
  }
  const char* grades[] = {"satisfied", "basically_satisfied", "dissatisfied"};
  std::string values;
  for (int p = 1; p <= s.polls; ++p) {
    std::string ids, rows;
    for (int d = p; d <= s.deputies; d += s.polls) {
      ids += (ids.empty() ? "" : ",") + std::to_string(d);
      const int num = 20 + d % 11;
      rows += std::string(rows.empty() ? "" : ",") + R"({"deputy_id":)" + std::to_string(d) +
              R"(,"withheld":false,"grade":")" + grades[d % 3] + R"(","approval":{"num":)" + std::to_string(num) +
              R"(,"den":30}})";
    }
    // The record holds no quote, so it stands as an SQL literal as it is.
    const std::string result = R"({"kind":"shuzhi.poll_result","format":1,"scale":[{"code":"satisfied"},)"
                               R"({"code":"basically_satisfied"},{"code":"dissatisfied"}],"void":false,"deputies":[)" +
                               rows + "]}";
    values.append(values.empty() ? "(" : ",(").append(std::to_string(p)).append(", ");
    values.append(std::to_string((p - 1) % s.groups + 1)).append(", 1, 1, '").append(ids);
    values.append("', 'final', '").append(result).append("', '')");
    if (p % 500 == 0 || p == s.polls) {
      if (!db.Exec("INSERT INTO polls (id, meeting_id, position, round, deputy_ids, state, result, released) VALUES " +
                   values)) {
        return false;
      }
      values.clear();
    }
  }
  const std::string polls = std::to_string(s.polls), deputies = std::to_string(s.deputies);
  return db.Exec(db.Series(s.ballots) + "INSERT INTO ballots (poll_id, choices) SELECT (i % " + polls +
                 ") + 1, 'aab' FROM n") &&
         db.Exec(db.Series(s.opinions) +
                 "INSERT INTO opinions (deputy_id, campaign_id, source, received_on, content, recorded_by, "
                 "status, created_at) SELECT (i % " +
                 deputies +
                 ") + 1, 1, 'visit', '2026-11-01', '=意见' || i, 'bench', CASE i % 4 WHEN 0 THEN 'new' WHEN 1 "
                 "THEN 'answered' WHEN 2 THEN 'addressed' ELSE 'pending' END, 1 FROM n") &&
         db.Exec(db.Series(s.measures) +
                 "INSERT INTO measures (poll_id, deputy_id, campaign_id, text, due_on, state, created_by, "
                 "created_at, done_at) SELECT ((i * 7 % " +
                 deputies + ") % " + polls + ") + 1, (i * 7 % " + deputies +
                 ") + 1, 1, '整改' || i, '2026-12-31', CASE i % 3 WHEN 0 THEN 'open' ELSE "
                 "'accepted' END, 'bench', 1, 1796904000000000 FROM n");
}

bool Fill(Sql& db, const Size& s, bool postgres) {
  return db.Exec("BEGIN") && FillRegistry(db, s) && FillPolls(db, s) && db.Exec("COMMIT") &&
         // PostgreSQL plans from statistics that autovacuum would gather soon after.
         (!postgres || db.Exec("ANALYZE"));
}

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape): a benchmark, an exception ends it
  Size s;
  bool smoke = false, postgres = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--smoke") {
      smoke = true;
    } else if (arg == "--postgres") {
      postgres = true;
    } else {
      const double f = std::atof(arg.c_str()) / s.deputies;
      s = {static_cast<int>(s.deputies * f), std::max(1, static_cast<int>(s.groups * f)),
           static_cast<int>(s.polls * f),    static_cast<int>(s.ballots * f),
           static_cast<int>(s.opinions * f), static_cast<int>(s.measures * f)};
    }
  }
  if (!base::InitCrypto().ok()) return 1;
  const auto dir = std::filesystem::temp_directory_path() / ("shuzhi-assessment-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto year = bench::OpenBenchStore(dir, postgres, "assessment_bench");
  if (!year) return 1;
  auto& store = year->store;
  auto t0 = std::chrono::steady_clock::now();
  if (!Fill(*year->sql, s, postgres)) return 1;
  year->sql.reset();
  std::printf("year built in %s: %d deputies, %d polls, %d ballots, %d opinions, %d measures in %.1f s\n",
              postgres ? "PostgreSQL" : "SQLite", s.deputies, s.polls, s.ballots, s.opinions, s.measures, Seconds(t0));
  base::SystemClock clock;
  app::AssessmentService svc(*store, clock);
  const app::Actor admin{0, "bench", {{core::Role::kAdmin, {}, {}, {}}}};
  app::AssessmentQuery q;
  q.year = 2026;
  q.criteria.grades = {"satisfied"};
  q.criteria.min_approval_tenths = 900;
  t0 = std::chrono::steady_clock::now();
  auto v = svc.Assess(admin, 1, q);
  const double compute_s = Seconds(t0);
  if (!v.ok()) return std::fprintf(stderr, "%s\n", v.status().ToString().c_str()), 1;
  std::printf("assessment: %zu deputies ranked, %lld candidates in %.2f s (target 2 s: %s)\n", v->rows.size(),
              static_cast<long long>(v->candidates), compute_s, compute_s <= 2.0 ? "ok" : "MISSED");
  t0 = std::chrono::steady_clock::now();
  core::AssessmentRows rows;
  if (!store
           ->Read([&](storage::Tx& tx) -> base::Status {
             SHUZHI_ASSIGN_OR_RETURN(rows, tx.assessment().ForYear(1, 2026));
             return base::Ok();
           })
           .ok()) {
    return 1;
  }
  const double storage_s = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  auto facts = core::AssessmentFacts(rows);
  const double facts_s = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  const auto ranked = core::RankAssessment(std::move(facts), q.criteria, q.filter);
  std::printf("  its parts, again: storage queries %.2f s, facts %.2f s, ranking %.2f s (%zu rows)\n", storage_s,
              facts_s, Seconds(t0), ranked.size());
  t0 = std::chrono::steady_clock::now();
  auto x = svc.Xlsx(admin, 1, q, base::Lang::kZhCn);
  const double export_s = Seconds(t0);
  if (!x.ok()) return std::fprintf(stderr, "%s\n", x.status().ToString().c_str()), 1;
  std::printf("xlsx export: %.1f MB in %.2f s (target 10 s: %s)\n", static_cast<double>(x->bytes.size()) / 1e6,
              export_s, export_s <= 10.0 ? "ok" : "MISSED");
  const long rss = PeakRssMb();
  std::printf("peak resident memory: %ld MB (target 1024 MB: %s)\n", rss, rss <= 1024 ? "ok" : "MISSED");
  std::filesystem::remove_all(dir);
  if (smoke) {
    // Every deputy is ranked; a tenth of the reports are late; 30/30 is the best rate.
    const bool ok = static_cast<int>(v->rows.size()) == s.deputies && v->rows.front().rank == 1 &&
                    v->rows.front().facts.result && v->rows.front().facts.result->approval.num == 30 &&
                    v->candidates > 0 && !x->bytes.empty();
    std::printf("smoke: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
  }
  return 0;
}
