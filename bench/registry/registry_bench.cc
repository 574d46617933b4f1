// Registry benchmark: import a 100,000-deputy XLSX roster into SQLite through
// the same ImportService the API uses (parse, validate, apply in one
// transaction), then compute the rotation plan of every group. Prints the
// times against the targets (import <= 5 s, plan <= 0.5 s) and peak memory.
//
//   registry_bench [ROWS] [GROUPS]

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/app.h"
#include "app/imports/import.h"
#include "app/registry/registry.h"
#include "app/users/users.h"
#include "base/crypto.h"
#include "bench/common/measure.h"
#include "core/rotation.h"
#include "export/xlsx_writer.h"
#include "storage/store.h"

using namespace shuzhi;
using bench::PeakRssMb;
using bench::Seconds;

namespace {

int Fail(const base::Status& st) {
  std::fprintf(stderr, "registry_bench: %s\n", st.ToString().c_str());
  return 1;
}

// A congress with one term and `groups` deputy groups; the term's id.
base::Result<std::int64_t> SetUpCongress(app::App& application, const app::Actor& admin, int groups) {
  auto& reg = application.registry();
  SHUZHI_ASSIGN_OR_RETURN(auto congress,
                          reg.CreateCongress(admin, {0, "county", "基准测试县人民代表大会", std::nullopt}));
  SHUZHI_ASSIGN_OR_RETURN(auto term, reg.CreateTerm(admin, {0, congress.id, 1, "2024-01-01", "2028-12-31"}));
  for (int g = 0; g < groups; ++g) {
    core::DeputyGroup rec;
    rec.congress_id = congress.id;
    rec.name = "第" + std::to_string(g + 1) + "代表小组";
    rec.rotation_start_year = 2026;
    SHUZHI_TRY(reg.CreateGroup(admin, rec).status());
  }
  return term.id;
}

// The roster as offices keep it: Chinese headers, one row per deputy.
base::Result<std::string> RosterWorkbook(int rows, int groups) {
  exports::Table table;
  table.rows.push_back(
      {"姓名", "性别", "出生日期", "民族", "职业类别", "工作单位", "职务", "联系电话", "代表小组", "状态"});
  const char* jobs[] = {"农民", "工人", "企业负责人", "公务员", "专业技术人员", "事业单位负责人", "其他"};
  for (int i = 0; i < rows; ++i) {
    char birth[16];
    std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1950 + i % 50, 1 + i % 12, 1 + i % 28);
    table.rows.push_back({"代表" + std::to_string(i), i % 3 ? "男" : "女", birth, "汉族", jobs[i % 7],
                          "某单位" + std::to_string(i % 977), "职员", "138" + std::to_string(10'000'000 + i),
                          "第" + std::to_string(i % groups + 1) + "代表小组", "在任"});
  }
  return exports::WriteXlsx({{"名册", table}});
}

// Imports the workbook as an office would (validate, then apply) and prints
// the time against the target.
base::Status TimeImport(app::App& application, const app::Actor& admin, std::int64_t term_id, std::string xlsx,
                        int rows) {
  auto& imports = application.imports();
  imports.set_synchronous(true);
  const auto t0 = std::chrono::steady_clock::now();
  SHUZHI_ASSIGN_OR_RETURN(auto job,
                          imports.Start(admin, {app::ImportKind::kDeputies, term_id}, "bench.xlsx", std::move(xlsx)));
  SHUZHI_ASSIGN_OR_RETURN(job, imports.Get(admin, job.id));
  const double validate_s = Seconds(t0);
  if (job.state != "ready" || !job.problems.empty()) {
    return base::Internal("bench.not_ready",
                          "import not ready (" + job.state + ", " + std::to_string(job.problems.size()) + " problems)");
  }
  SHUZHI_TRY(imports.Apply(admin, job.id, {}).status());
  SHUZHI_ASSIGN_OR_RETURN(auto applied, imports.Get(admin, job.id));
  const double import_s = Seconds(t0);
  if (applied.state != "applied") return applied.error.value_or(base::Internal("bench.failed", applied.state));
  std::printf(
      "import of %d deputies into SQLite (parse + validate + apply): %.2f s (validate %.2f s) — target <= 5 s: %s\n",
      rows, import_s, validate_s, import_s <= 5.0 ? "met" : "MISSED");
  return base::Ok();
}

// The rotation plan: every group's persons from storage, then the planner.
base::Status TimePlans(storage::Store& store, int groups) {
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t planned = 0;
  SHUZHI_TRY(store.Read([&](storage::Tx& tx) -> base::Status {
    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.registry().ListGroups(std::nullopt));
    for (const auto& g : all) {
      SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfGroup(g.id));
      SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.registry().ListRotationEntries(g.id));
      auto plan =
          core::PlanRotation(app::RotationPersons(mandates, entries), {g.rotation_start_year, g.rotation_years, 2026},
                             static_cast<std::uint64_t>(g.rotation_seed));
      planned += plan.slots.size();
    }
    return base::Ok();
  }));
  const double plan_s = Seconds(t0);
  std::printf("rotation plans for %d groups, %zu persons (read + plan): %.3f s — target <= 0.5 s: %s\n", groups,
              planned, plan_s, plan_s <= 0.5 ? "met" : "MISSED");
  return base::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const int groups = argc > 2 ? std::atoi(argv[2]) : 1'000;
  if (!base::InitCrypto().ok()) return 1;
  const auto dir = std::filesystem::temp_directory_path() / ("shuzhi-registry-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto store = storage::OpenStore({dir.string(), "", 2});
  if (!store.ok()) return Fail(store.status());
  base::SystemClock clock;
  app::AppOptions options;
  options.password_cost = base::PasswordCost::kTestOnly;
  app::App application(**store, clock, options);
  const app::Actor admin{0, "bench", {{core::Role::kAdmin, {}, {}, {}}}};
  auto term = SetUpCongress(application, admin, groups);
  if (!term.ok()) return Fail(term.status());

  auto t0 = std::chrono::steady_clock::now();
  auto xlsx = RosterWorkbook(rows, groups);
  if (!xlsx.ok()) return Fail(xlsx.status());
  std::printf("roster workbook: %d rows, %.1f MB (written in %.2f s, not part of the import time)\n", rows,
              static_cast<double>(xlsx->size()) / 1e6, Seconds(t0));
  if (auto st = TimeImport(application, admin, *term, std::move(xlsx).value(), rows); !st.ok()) return Fail(st);
  if (auto st = TimePlans(**store, groups); !st.ok()) return Fail(st);

  // The planner alone on one group of the whole roster.
  std::vector<core::RotationPerson> persons;
  for (int i = 0; i < rows; ++i) persons.push_back({i + 1, 0, {}, {}, {}});
  t0 = std::chrono::steady_clock::now();
  auto big = core::PlanRotation(persons, {2026, 3, 2026}, 42);
  std::printf("planner alone, one group of %zu persons: %.3f s\n", big.slots.size(), Seconds(t0));
  std::printf("peak resident memory: %ld MB\n", PeakRssMb());
  std::filesystem::remove_all(dir);
  return 0;
}
