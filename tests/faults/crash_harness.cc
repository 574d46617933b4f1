// Crash under load (issue 15 §1): phones cast ballots while the servers are
// killed with SIGKILL at random moments, every 1 to 3 seconds, and started
// again on the same data; with PostgreSQL, two servers share one database,
// and PostgreSQL itself is stopped at once and started again. At the end,
// every acknowledged receipt must be on the board once, no ballot without
// its spend, `voted` equal to the ballots stored, and the closed poll's
// board must pass `shuzhi verify` (final_check.h has the list).
//
//   crash_harness SHUZHI [--ballots N] [--kills K] [--phones P] [--seconds S]
//                 [--postgres] [--servers N] [--seed N] [--keep] [--lose-one]
//                 [--every MIN-MAX] [--power-cut [--no-sync]]
//
// --ballots   carriers, one ballot each (default 10,000)
// --kills     faults to inflict at least (default 5); the ballots are
//             released over S = (MAX + 0.5) × K + 1 seconds (MAX of --every, 3 s by default) unless --seconds is given,
//             so that at least K faults land while the phones cast
// --postgres  the database is SHUZHI_TEST_PG_URL (tests/pg/with-postgres.sh);
//             two servers unless --servers says otherwise; PostgreSQL is
//             restarted too when SHUZHI_TEST_PG_CTL is set
// --every     milliseconds from the servers answering again to the next
//             fault, drawn from MIN to MAX (default 1000-3000)
// --keep      keep the work folder (data, logs, board) even when all passed
// --lose-one  the harness's test of itself: after the load, one stored
//             ballot is deleted behind the servers' backs (its spend, its row
//             and one from `voted`), and the checks must say so
// --power-cut SQLite: every fault is a power cut (issue 15 §2, power_cut.h):
//             the server runs over the shim (powercut_shim.cc), is killed,
//             loses what no sync had made durable, and, before it starts
//             again, the database must pass integrity_check and hold every
//             receipt acknowledged until then; one more cut after the load
// --no-sync   with --power-cut, the control run: the shim makes fsync and
//             fdatasync do nothing, and the checks must find lost ballots
//
// Prints the counts; exits 0 when every check passed and at least K faults
// were inflicted.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "base/crypto.h"
#include "base/json.h"
#include "final_check.h"
#include "fleet.h"
#include "phones.h"
#include "poll_fixture.h"
#include "power_cut.h"

namespace shuzhi::faults {
namespace {

namespace json = base::json;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string binary;
  int ballots = 10'000;
  int kills = 5;
  int phones = 128;
  double seconds = 0;
  bool postgres = false;
  int servers = 0;
  unsigned seed = 0;
  bool keep = false;
  bool lose_one = false;
  int every_min_ms = 1000, every_max_ms = 3000;
  bool power_cut = false;
  bool no_sync = false;
};

// Exits with CLI11's message on a bad command line.
Options Parse(int argc, char** argv) {
  Options o;
  CLI::App cli{"Phones cast ballots while the servers are killed and started again; then every check."};
  cli.add_option("shuzhi", o.binary, "the shuzhi executable")->required();
  cli.add_option("--ballots", o.ballots, "ballots to cast");
  cli.add_option("--kills", o.kills, "faults to strike (kills or power cuts)");
  cli.add_option("--phones", o.phones, "phones casting at once");
  cli.add_option("--seconds", o.seconds, "over how long the ballots are released");
  cli.add_flag("--postgres", o.postgres, "PostgreSQL (SHUZHI_TEST_PG) instead of SQLite");
  cli.add_option("--servers", o.servers, "servers on the one database");
  cli.add_option("--seed", o.seed, "random seed (0: a new one)");
  std::string every;
  cli.add_option("--every", every, "MIN-MAX milliseconds between faults");
  cli.add_flag("--keep", o.keep, "keep the data folder");
  cli.add_flag("--lose-one", o.lose_one, "lose one ballot, so that the checks must fail");
  auto* cut = cli.add_flag("--power-cut", o.power_cut, "cut the power instead of killing (SQLite)");
  cli.add_flag("--no-sync", o.no_sync, "the control: fsync does nothing, and ballots must be lost")->needs(cut);
  try {
    cli.parse(argc, argv);
    if (o.power_cut && o.postgres) throw CLI::ValidationError("--power-cut", "is for SQLite only");
    if (!every.empty()) {
      const auto dash = every.find('-');
      if (dash == std::string::npos) throw CLI::ValidationError("--every", "takes MIN-MAX");
      o.every_min_ms = std::stoi(every.substr(0, dash));
      o.every_max_ms = std::stoi(every.substr(dash + 1));
      if (o.every_min_ms <= 0 || o.every_max_ms < o.every_min_ms)
        throw CLI::ValidationError("--every", "takes 0 < MIN <= MAX");
    }
  } catch (const CLI::ParseError& e) {
    std::exit(cli.exit(e));
  } catch (const std::exception& e) {  // std::stoi
    std::exit(cli.exit(CLI::ValidationError("--every", e.what())));
  }
  o.binary = std::filesystem::absolute(o.binary).string();
  // Half a second more per fault for the servers to start again.
  if (o.seconds <= 0) o.seconds = (o.every_max_ms + 500) / 1000.0 * o.kills + 1;
  if (o.servers <= 0) o.servers = o.postgres ? 2 : 1;
  if (o.seed == 0) o.seed = std::random_device{}();
  return o;
}

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The moment of a strike. The phones' waves keep the server busy for a few
// milliseconds of each quarter second, so a moment drawn at random would
// mostly find it idle: three strikes in four wait (up to half a second)
// until requests are in flight, and then up to 1 ms more, so that they land
// anywhere from parsing to the commit, the fsync and the reply.
void AwaitStrikeMoment(const PhoneLoad& load, std::mt19937& rng) {
  if (rng() % 4 == 0) return;
  const auto give_up = Clock::now() + std::chrono::milliseconds(500);
  while (load.InFlight() == 0 && !load.done() && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::microseconds(rng() % 1000));
}

// Runs the load, striking the fleet 1 to 3 seconds (--every) after every
// server answers again, until every phone
// is done. Returns the in-flight requests at each strike.
std::vector<int> LoadUnderFire(const Options& o, PhoneLoad& load, Fleet& fleet, std::mt19937& rng) {
  std::vector<int> in_flight;
  std::uniform_int_distribution<int> interval_ms(o.every_min_ms, o.every_max_ms);
  std::thread runner([&] { load.Run(); });
  auto next = Clock::now() + std::chrono::milliseconds(interval_ms(rng));
  bool struck = false;
  while (!load.done()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    fleet.Supervise();
    // The interval runs from the moment every server answers again: a
    // server given less time than it needs to start (one with a large WAL
    // to recover) would otherwise be struck again and again before it
    // served a request, and the run would stall rather than test anything.
    if (struck) {
      if (!fleet.AllAnswering()) continue;
      struck = false;
      next = Clock::now() + std::chrono::milliseconds(interval_ms(rng));
    }
    if (Clock::now() < next || load.abandoned()) continue;
    AwaitStrikeMoment(load, rng);
    in_flight.push_back(load.InFlight());
    fleet.Strike(rng);
    struck = true;
  }
  runner.join();
  return in_flight;
}

void PrintCounts(const Options& o, const Fleet& fleet, const std::vector<int>& in_flight, const LoadReport& r,
                 const Outcome& out) {
  int hit = 0, caught = 0;
  for (int n : in_flight) {
    hit += n > 0;
    caught += n;
  }
  std::printf("faults: %zu (", in_flight.size());
  const char* sep = "";
  for (const auto& [kind, n] : fleet.faults()) {
    std::printf("%s%s %d", sep, kind.c_str(), n);
    sep = ", ";
  }
  std::printf("); server processes killed %d; servers that exited by themselves %d\n", fleet.kills(),
              fleet.unexpected_exits());
  std::printf("  %d faults struck with requests in flight, %d requests in flight at the strikes\n", hit, caught);
  auto down = fleet.downtimes_ms();
  if (!down.empty()) {
    std::sort(down.begin(), down.end());
    std::printf("  a killed server answered again after %.0f ms (median of %zu), %.0f ms at most\n",
                down[down.size() / 2], down.size(), down.back());
  }
  std::printf("ballots: %d carriers, %zu acknowledged in %.1f s by %d phones over %d server(s)\n", o.ballots,
              r.acknowledged, r.seconds, o.phones, o.servers);
  std::printf("  requests %zu; ballots re-sent %zu (%zu re-sends)\n", r.requests, r.resent_ballots, r.resends);
  std::printf(
      "  uncertain outcomes, then the carrier looked up: reply lost %zu (found stored %zu), 503 %zu (found "
      "stored %zu)\n",
      r.lost.seen, r.lost.stored, r.unavailable.seen, r.unavailable.stored);
  std::printf(
      "  identical re-sends after the receipt %zu (a different receipt is listed below as a failure); "
      "different ballots on a spent carrier refused %zu\n",
      r.confirmations, r.conflicts_refused);
  std::printf("errors by kind:%s\n", r.errors.empty() ? " none" : "");
  for (const auto& [kind, n] : r.errors) std::printf("  %8zu  %s\n", n, kind.c_str());
  std::printf("outcome: voted %lld; result returned %lld of issued %lld; board: %zu receipts, %zu ballots\n",
              static_cast<long long>(out.voted), static_cast<long long>(out.returned),
              static_cast<long long>(out.issued), out.board_receipts, out.board_ballots);
  std::printf("  stored (SQL): %lld spends, %lld ballots, %lld receipts, voted %lld%s%s\n",
              static_cast<long long>(out.stored.spends), static_cast<long long>(out.stored.ballots),
              static_cast<long long>(out.stored.receipts), static_cast<long long>(out.stored.voted),
              out.stored.integrity.empty() ? "" : "; integrity_check ", out.stored.integrity.c_str());
  const auto last = out.verify_output.find_last_not_of('\n');
  const auto line = out.verify_output.rfind('\n', last == std::string::npos ? 0 : last);
  std::printf(
      "  shuzhi verify: %s\n",
      out.verify_output.substr(line == std::string::npos ? 0 : line + 1, last == std::string::npos ? 0 : last).c_str());
}

// After PostgreSQL restarts, each outage must be in a server's log, with
// its cause, and its end (postgres_store.cc's OutageLog): counts the lines.
void CheckOutagesLogged(const Options& o, const Fleet& fleet, const std::string& work, Outcome* out) {
  int restarts = 0;
  for (const auto& [kind, n] : fleet.faults())
    restarts += kind.rfind("restart PostgreSQL (", 0) == 0 ? n : 0;  // under load
  if (!o.postgres || restarts == 0) return;
  int down = 0, back = 0;
  for (int i = 0; i < o.servers; ++i) {
    std::ifstream log(work + "/server-" + std::to_string(i) + ".log");
    for (std::string line; std::getline(log, line);) {
      down += line.find("PostgreSQL unavailable, answering 503") != std::string::npos;
      back += line.find("PostgreSQL available again after") != std::string::npos;
    }
  }
  std::printf("server logs: %d outages of PostgreSQL logged with their cause, %d ends (%d restarts)\n", down, back,
              restarts);
  if (down == 0 || back == 0) out->problems.push_back("PostgreSQL's restarts are not in the servers' logs");
}

int Run(const Options& o) {
  const auto started = Clock::now();
  const std::string work = "/tmp/shuzhi-faults-" + std::to_string(::getpid());
  std::filesystem::create_directories(work);
  Database db;
  if (o.postgres) {
    const char* url = std::getenv("SHUZHI_TEST_PG_URL");
    if (!url || !*url) {
      std::fprintf(stderr, "crash_harness: --postgres needs SHUZHI_TEST_PG_URL (tests/pg/with-postgres.sh)\n");
      return 2;
    }
    db.pg_url = url;
  } else {
    db.data_dir = work + "/data";
  }
  std::printf("crash harness: %s%s, %d server(s), %d ballots, >= %d faults, ballots released over %.0f s, seed %u\n",
              o.postgres ? "PostgreSQL" : "SQLite",
              o.power_cut ? (o.no_sync ? ", power cuts, syncs off (control)" : ", power cuts") : "", o.servers,
              o.ballots, o.kills, o.seconds, o.seed);
  std::fflush(stdout);
  auto poll = PreparePoll(db, o.ballots);
  if (!poll.ok()) {
    std::fprintf(stderr, "crash_harness: cannot prepare the poll: %s\n", poll.status().ToString().c_str());
    return 1;
  }
  std::printf("setup: %zu carriers handed out, poll %lld open (%.1f s)\n", poll->codes.size(),
              static_cast<long long>(poll->poll_id), Since(started));
  std::mt19937 rng(o.seed);
  Expected expected{*poll, {}, {}};
  std::vector<std::string> encoded;
  auto ballots = MakeBallots(*poll, rng, &encoded);

  FleetConfig fc;
  fc.binary = o.binary;
  // SQLite: a checkpoint every megabyte and a WAL started again every four, not every 64 and 256
  // as by default, so that the kills and cuts land in those often, as in a far longer vote.
  fc.store_args = o.postgres ? std::vector<std::string>{"--db", db.pg_url}
                             : std::vector<std::string>{"--data", db.data_dir, "--wal-checkpoint-mb", "1"};
  fc.servers = o.servers;
  fc.log_dir = work;
  if (const char* ctl = std::getenv("SHUZHI_TEST_PG_CTL"); o.postgres && ctl) fc.pg_ctl = ctl;
  // Under the sanitizers the servers may need other options than the
  // harness (tests/faults/CMakeLists.txt says why).
  if (const char* asan = std::getenv("SHUZHI_FAULTS_SERVER_ASAN_OPTIONS")) fc.env.emplace_back("ASAN_OPTIONS", asan);
  std::optional<PowerCuts> cuts;
  if (o.power_cut) {
    cuts.emplace(work, db.data_dir, poll->poll_id, o.seed + 1);
    const auto env = cuts->ServerEnv(o.no_sync);
    fc.env.insert(fc.env.end(), env.begin(), env.end());
  }
  Fleet fleet(fc);
  if (!fleet.Start()) {
    std::fprintf(stderr, "crash_harness: a server did not start; see %s\n", fleet.logs().c_str());
    return 1;
  }
  LoadPlan plan;
  plan.ports = fleet.ports();
  plan.phones = o.phones;
  plan.seconds = o.seconds;
  PhoneLoad load(plan, std::move(ballots));
  if (cuts) {
    fleet.set_power_cut([&] {
      cuts->Cut(load.AcknowledgedSoFar());
      if (!cuts->database_ok()) load.Abandon();  // the server would not start again
    });
  }
  auto in_flight = LoadUnderFire(o, load, fleet, rng);
  if (cuts && cuts->database_ok()) {  // one more, after the last acknowledgement
    in_flight.push_back(0);
    fleet.Strike(rng);
  }
  // The checks' first requests then meet pools whose every connection
  // PostgreSQL closed: they must get answers, not 503s.
  if (o.postgres && fleet.WaitHealthy(120'000)) fleet.RestartPostgresWhileIdle(rng);
  const LoadReport& report = load.report();

  Outcome out;
  if (o.lose_one) {
    fleet.Stop();
    if (auto lost = LoseOneBallot(db, poll->poll_id); !lost.ok()) out.problems.push_back(lost.ToString());
  }
  if (cuts && !cuts->database_ok()) {
    out.problems.push_back("the run stopped at the damaged database; the final checks were not made");
  } else if (!fleet.WaitHealthy(120'000)) {
    out.problems.push_back("the servers did not come back; see " + fleet.logs());
  } else {
    for (std::size_t i = 0; i < report.receipts.size(); ++i) {
      if (report.receipts[i].empty()) continue;
      expected.receipts.push_back(report.receipts[i]);
      expected.ballots.push_back(encoded[i]);
    }
    auto problems = std::move(out.problems);
    out = CheckOutcome(expected, fleet, db, o.binary, work);
    out.problems.insert(out.problems.begin(), problems.begin(), problems.end());
  }
  fleet.Stop();
  PrintCounts(o, fleet, in_flight, report, out);
  CheckOutagesLogged(o, fleet, work, &out);
  if (cuts) {
    cuts->PrintTotals();
    out.problems.insert(out.problems.begin(), cuts->problems().begin(), cuts->problems().end());
  }
  for (const auto& f : report.failures) out.problems.push_back(f);
  if (report.acknowledged != static_cast<std::size_t>(o.ballots)) {
    out.problems.push_back(std::to_string(o.ballots - report.acknowledged) + " ballots never got a receipt");
  }
  if (static_cast<int>(in_flight.size()) < o.kills) {
    out.problems.push_back("only " + std::to_string(in_flight.size()) + " faults were inflicted");
  }
  std::printf("total %.1f s\n", Since(started));
  // A failure keeps the data and logs, unless it was the one asked for.
  if (!o.keep && (out.problems.empty() || o.lose_one)) std::filesystem::remove_all(work);
  if (!out.problems.empty()) {
    const bool kept = std::filesystem::exists(work);
    std::printf("FAILED (%zu problems%s%s):\n", out.problems.size(), kept ? "; data and logs kept in " : "",
                kept ? work.c_str() : "");
    for (const auto& p : out.problems) std::printf("  - %s\n", p.c_str());
    return 1;
  }
  std::printf("crash harness: every check passed\n");
  return 0;
}

}  // namespace
}  // namespace shuzhi::faults

int main(int argc, char** argv) {
  if (!shuzhi::base::InitCrypto().ok()) return 1;
  try {
    return shuzhi::faults::Run(shuzhi::faults::Parse(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crash_harness: %s\n", e.what());
    return 1;
  }
}
