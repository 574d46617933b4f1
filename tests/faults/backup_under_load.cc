// Backups under load (issue 15 §4): `shuzhi backup` runs again and again
// while phones cast ballots into a `shuzhi serve` child, and every backup
// must be a database that opens, passes PRAGMA integrity_check and holds
// every ballot acknowledged before the backup began; one of them is then
// brought back with `shuzhi restore` into a fresh folder, served, and its
// poll closed and verified.
//
//   backup_under_load SHUZHI [--ballots N] [--backups K] [--phones P]
//                     [--witnesses W] [--seconds S] [--seed N] [--keep]
//                     [--copy-file]
//
// The load is the crash harness's phones (phones.h), without the kills: N
// ballots released over S seconds. The phones report their receipts only
// at the end, so beside them W witnesses (threads casting one ballot at a
// time on carriers of their own, N / 10 in all) note the moment each of
// their ballots was acknowledged: for each backup, the ballots acknowledged
// before it began are then known one by one. For all ballots together, the
// poll's `voted` (committed ballots) is read just before each backup.
//
// Each backup is restored with `shuzhi restore` into a folder of its own
// (which checks it opens and passes integrity_check) and counted with SQL
// (poll_fixture.h's CountStored, which runs integrity_check again). It must:
//   - hold every witness ballot acknowledged before the backup began;
//   - hold at least the `voted` read before it began;
//   - be one moment of the database: spends = ballots = receipts = voted;
//   - hold only receipts that were acknowledged (once the load is over,
//     every ballot has one).
// Then the live poll closes and is checked as in the crash harness
// (final_check.h). Last, the round trip: a server on the middle backup's
// restored folder; while it runs, a second `shuzhi restore` into that folder
// is refused and changes nothing; then its poll closes with exactly the
// backup's ballots, and `shuzhi verify` accepts the board.
//
// --copy-file is the test of the test: each "backup" is a plain copy of
// shuzhi.db, which lacks what the WAL holds (docs/operations.md warns
// against it), and the checks must say what it lost.
//
// Prints the figures; exits 0 when every check passed.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/crypto.h"
#include "base/json.h"
#include "core/board.h"
#include "final_check.h"
#include "fleet.h"
#include "http_client.h"
#include "phones.h"
#include "poll_fixture.h"

namespace shuzhi::faults {
namespace {

namespace fs = std::filesystem;
namespace json = base::json;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string binary;
  int ballots = 5'000;
  int backups = 5;
  int phones = 64;
  int witnesses = 8;
  double seconds = 8;
  unsigned seed = 0;
  bool keep = false;
  bool copy_file = false;
};

// Exits with CLI11's message on a bad command line.
Options Parse(int argc, char** argv) {
  Options o;
  CLI::App cli{"Backups taken while phones cast ballots; each checked, and one restored."};
  cli.add_option("shuzhi", o.binary, "the shuzhi executable")->required();
  cli.add_option("--ballots", o.ballots, "ballots to cast");
  cli.add_option("--backups", o.backups, "backups to take during the load");
  cli.add_option("--phones", o.phones, "phones casting at once");
  cli.add_option("--witnesses", o.witnesses, "threads noting when each ballot was acknowledged");
  cli.add_option("--seconds", o.seconds, "over how long the ballots are released");
  cli.add_option("--seed", o.seed, "random seed (0: a new one)");
  cli.add_flag("--keep", o.keep, "keep the data folder");
  cli.add_flag("--copy-file", o.copy_file, "the control: copy the database file instead of backing it up");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(cli.exit(e));
  }
  o.binary = fs::absolute(o.binary).string();
  if (o.seed == 0) o.seed = std::random_device{}();
  return o;
}

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A command's exit status, with its standard output and error in `output`.
int RunCommand(const std::string& cmd, std::string* output) {
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) output->append(buf, n);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The witnesses: threads that cast the ballots given to them one at a time
// and note when each was acknowledged.
class Witnesses {
 public:
  struct Ack {
    std::size_t ballot;
    std::string receipt;
    Clock::time_point at;
  };

  Witnesses(std::uint16_t port, std::vector<PhoneBallot> ballots, std::size_t first)
      : port_(port), ballots_(std::move(ballots)), first_(first) {}

  // Releases the ballots evenly over `seconds`, so that acknowledgements
  // fall before, during and after each backup.
  void Start(int threads, double seconds) {
    start_ = Clock::now();
    seconds_ = seconds;
    for (int t = 0; t < threads; ++t) threads_.emplace_back([this] { Cast(); });
  }
  void Join() {
    for (auto& t : threads_) t.join();
  }
  // Thread-safe.
  std::vector<Ack> acks() const {
    std::lock_guard lock(mu_);
    return acks_;
  }
  const std::vector<std::string>& failures() const { return failures_; }  // after Join

 private:
  void Cast() {
    for (std::size_t i = next_++; i < ballots_.size(); i = next_++) {
      std::this_thread::sleep_until(start_ +
                                    std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                        seconds_ * static_cast<double>(i) / static_cast<double>(ballots_.size()))));
      // A 503 or a dropped connection: the identical ballot again, which
      // gets the same receipt if the first was stored after all.
      for (int attempt = 0;; ++attempt) {
        const auto r = testing::HttpCall(port_, "POST", "/api/v1/public/ballot/cast", ballots_[i].body,
                                         {{"Content-Type", "application/json"}});
        if (r.status == 200) {
          Record(i, r.body);
          break;
        }
        if ((r.status != 0 && r.status != 503) || attempt == 50) {
          std::lock_guard lock(mu_);
          failures_.push_back("witness ballot " + std::to_string(i) + ": " + std::to_string(r.status) + " " + r.body);
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }

  void Record(std::size_t i, const std::string& body) {
    const auto at = Clock::now();
    boost::system::error_code ec;
    const auto v = json::parse(body, ec);
    const auto* receipt = !ec && v.is_object() ? v.as_object().if_contains("receipt") : nullptr;
    std::lock_guard lock(mu_);
    if (!receipt || !receipt->is_string()) {
      failures_.push_back("witness ballot " + std::to_string(i) + ": no receipt in " + body);
      return;
    }
    acks_.push_back({first_ + i, std::string(receipt->as_string()), at});
  }

  const std::uint16_t port_;
  const std::vector<PhoneBallot> ballots_;
  const std::size_t first_;  // the index of ballots_[0] among all the poll's ballots
  std::atomic<std::size_t> next_{0};
  Clock::time_point start_;
  double seconds_ = 0;
  std::vector<std::thread> threads_;
  mutable std::mutex mu_;
  std::vector<Ack> acks_;
  std::vector<std::string> failures_;
};

// The organizer's view of the poll's `voted`, over HTTP; -1 when it cannot
// be read.
class VotedReader {
 public:
  VotedReader(std::uint16_t port, const PreparedPoll& poll) : port_(port), poll_(poll) {
    const json::object body{{"username", poll.organizer}, {"password", poll.password}};
    const auto r = testing::HttpCall(port, "POST", "/api/v1/session", json::serialize(body),
                                     {{"Content-Type", "application/json"}});
    const std::string set = r.Header("set-cookie");
    cookie_ = set.substr(0, set.find(';'));
  }

  std::int64_t Read() const {
    const auto r = testing::HttpCall(port_, "GET", "/api/v1/meetings/" + std::to_string(poll_.meeting_id), "",
                                     {{"Cookie", cookie_}});
    boost::system::error_code ec;
    const auto v = json::parse(r.body, ec);
    if (r.status != 200 || ec || !v.is_object()) return -1;
    return v.at("polls").at(0).at("voted").as_int64();
  }

 private:
  std::uint16_t port_;
  const PreparedPoll& poll_;
  std::string cookie_;
};

// One backup taken during the load.
struct Backup {
  std::string file;
  Clock::time_point began;
  double seconds = 0;             // how long `shuzhi backup` took
  std::size_t witnessed = 0;      // witness ballots acknowledged before it began
  std::int64_t voted_before = 0;  // the poll's voted, read just before it began
  std::int64_t voted_after = 0;   // and just after it ended
  int in_flight = 0;              // phones' requests in flight when it began
  bool under_load = false;        // the phones' load was still running when it began
  std::size_t acked_during = 0;   // witness ballots acknowledged while it ran
  std::string restored;           // its `shuzhi restore`d folder
  StoredCounts stored;
  std::set<std::string> digests;  // the receipts' digests it holds
};

// Takes `count` backups over the load's time, while it runs.
std::vector<Backup> BackUpUnderLoad(const Options& o, const std::string& work, const std::string& data,
                                    const PhoneLoad& load, const Witnesses& witnesses, const VotedReader& voted,
                                    std::vector<std::string>* problems) {
  std::vector<Backup> out;
  const auto start = Clock::now();
  const auto total = static_cast<std::int64_t>(o.ballots);  // the phones'; voted counts the witnesses' too
  for (int k = 0; k < o.backups; ++k) {
    // Evenly over the first two thirds or so of the load's time, or of its
    // ballots when it runs ahead of its schedule: under the sanitizers on a
    // busy machine a backup takes two seconds, and spread over the whole
    // load the fifth of five began after the load was over (a clean-clone
    // run under the sanitizers, with fuzzers running beside it).
    const auto at = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(o.seconds * (k + 1) / (o.backups + 2)));
    const std::int64_t due = total * (k + 1) / (o.backups + 2);
    while (Clock::now() < at && !load.done() && voted.Read() < due) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    Backup b;
    b.voted_before = voted.Read();
    // The phones' waves keep the server busy for a few milliseconds of each
    // quarter second: begin while requests are in flight (as the crash
    // harness strikes), waiting half a second at most.
    const auto give_up = Clock::now() + std::chrono::milliseconds(500);
    while (load.InFlight() == 0 && !load.done() && Clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    b.file = work + "/backup-" + std::to_string(k) + ".db";
    b.in_flight = load.InFlight();
    b.under_load = !load.done();
    b.began = Clock::now();
    std::string output;
    const int rc =
        RunCommand(o.copy_file ? "cp '" + data + "/shuzhi.db' '" + b.file + "'"
                               : "'" + o.binary + "' --lang en backup '" + b.file + "' --data '" + data + "'",
                   &output);
    b.seconds = Since(b.began);
    b.voted_after = voted.Read();
    if (rc != 0) problems->push_back("backup " + std::to_string(k) + " failed: " + output);
    const auto ended = Clock::now();
    for (const auto& a : witnesses.acks()) {
      b.witnessed += a.at < b.began;
      b.acked_during += a.at >= b.began && a.at < ended;
    }
    out.push_back(std::move(b));
  }
  // Whether the load outlasts the last backup is timing (under the
  // sanitizers a backup takes over a second); that it was running when the
  // backup began is what makes it a backup under load.
  if (!out.empty() && !out.back().under_load) {
    problems->push_back("the load was over before the last backup began: not a backup under load");
  }
  if (std::none_of(out.begin(), out.end(), [](const Backup& b) { return b.in_flight > 0; })) {
    problems->push_back("no backup began while ballots were in flight");
  }
  return out;
}

// The receipt digests in a restored folder's database.
std::set<std::string> StoredDigests(const std::string& folder, std::int64_t poll_id) {
  std::set<std::string> out;
  sqlite3* db = nullptr;
  const std::string path = folder + "/shuzhi.db";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    const std::string sql =
        "SELECT receipt FROM spends WHERE poll_id = " + std::to_string(poll_id) + " AND receipt IS NOT NULL";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) out.emplace(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// All acknowledged receipts, by digest: the ballot's index and its receipt.
using AckedByDigest = std::map<std::string, std::pair<std::size_t, std::string>>;

// Restores each backup into a folder of its own and checks it.
void CheckBackups(const Options& o, const std::string& work, const PreparedPoll& poll,
                  const std::vector<Witnesses::Ack>& witness_acks, const AckedByDigest& acked,
                  std::vector<Backup>& backups, std::vector<std::string>* problems) {
  for (std::size_t k = 0; k < backups.size(); ++k) {
    auto& b = backups[k];
    const std::string name = "backup " + std::to_string(k) + ": ";
    b.restored = work + "/restored-" + std::to_string(k);
    std::string output;
    if (RunCommand("'" + o.binary + "' --lang en restore '" + b.file + "' --data '" + b.restored + "'", &output) != 0) {
      problems->push_back(name + "shuzhi restore refused it: " += output);
      continue;
    }
    auto stored = CountStored(Database{b.restored, ""}, poll.poll_id);
    if (!stored.ok()) {
      problems->push_back(name + "cannot count it: " + stored.status().ToString());
      continue;
    }
    b.stored = *stored;
    b.digests = StoredDigests(b.restored, poll.poll_id);
    const auto& s = b.stored;
    if (s.integrity != "ok") problems->push_back(name + "integrity_check says " + s.integrity);
    if (s.spends != s.ballots || s.ballots != s.receipts || s.receipts != s.voted ||
        s.ballots != static_cast<std::int64_t>(b.digests.size())) {
      problems->push_back(name + "not one moment: " + std::to_string(s.spends) + " spends, " +
                          std::to_string(s.ballots) + " ballots, " + std::to_string(s.receipts) + " receipts, voted " +
                          std::to_string(s.voted));
    }
    if (b.voted_before < 0 || s.ballots < b.voted_before) {
      problems->push_back(name + "holds " + std::to_string(s.ballots) + " ballots, fewer than the " +
                          std::to_string(b.voted_before) + " voted before it began");
    }
    std::size_t missing = 0;
    for (const auto& a : witness_acks) missing += a.at < b.began && !b.digests.count(core::ReceiptDigest(a.receipt));
    if (missing > 0) {
      problems->push_back(name + std::to_string(missing) + " witness ballots acknowledged before it began are missing");
    }
    std::size_t unknown = 0;
    for (const auto& d : b.digests) unknown += !acked.count(d);
    if (unknown > 0) problems->push_back(name + std::to_string(unknown) + " receipts were never acknowledged");
  }
}

// The round trip: a server on a restored backup refuses a second restore
// under it, then its poll closes with exactly the backup's ballots.
Outcome ServeRestored(const Options& o, const std::string& work, const PreparedPoll& poll, const Backup& b,
                      const Backup& other, const AckedByDigest& acked, const std::vector<std::string>& encoded,
                      std::vector<std::string>* problems) {
  Expected expected{poll, {}, {}};
  for (const auto& d : b.digests) {
    const auto it = acked.find(d);
    if (it == acked.end()) continue;  // reported by CheckBackups
    expected.receipts.push_back(it->second.second);
    expected.ballots.push_back(encoded[it->second.first]);
  }
  FleetConfig fc;
  fc.binary = o.binary;
  fc.store_args = {"--data", b.restored};
  fc.log_dir = work + "/restored-logs";
  if (const char* asan = std::getenv("SHUZHI_FAULTS_SERVER_ASAN_OPTIONS")) fc.env.emplace_back("ASAN_OPTIONS", asan);
  fs::create_directories(fc.log_dir);
  Fleet fleet(fc);
  if (!fleet.Start()) {
    problems->push_back("no server starts on the restored backup; see " + fleet.logs());
    return {};
  }
  const auto before = fs::file_size(b.restored + "/shuzhi.db");
  std::string output;
  const int rc =
      RunCommand("'" + o.binary + "' --lang en restore '" + other.file + "' --data '" + b.restored + "'", &output);
  if (rc == 0 || output.find("restore.in_use") == std::string::npos) {
    problems->push_back("a restore under the running server was not refused as in use: " + output);
  }
  std::size_t leftovers = 0;
  for (const auto& e : fs::directory_iterator(b.restored)) {
    const auto n = e.path().filename().string();
    leftovers += n.find("before-restore") != std::string::npos || n.find("restoring") != std::string::npos;
  }
  if (leftovers > 0 || fs::file_size(b.restored + "/shuzhi.db") != before) {
    problems->push_back("the refused restore changed the folder");
  }
  std::printf("restore under the running server: refused (exit %d): %s", rc,
              output.substr(0, output.find('\n') + 1).c_str());
  return CheckOutcome(expected, fleet, Database{b.restored, ""}, o.binary, work);
}

void PrintBackups(const std::vector<Backup>& backups) {
  for (std::size_t k = 0; k < backups.size(); ++k) {
    const auto& b = backups[k];
    std::printf(
        "  backup %zu: %.3f s, %d requests in flight at its start, %zu witness ballots acknowledged while it ran; "
        "voted %lld before, %lld after; witness ballots acknowledged before it %zu; holds %lld ballots (%lld spends, "
        "%lld receipts, voted %lld), integrity_check %s\n",
        k, b.seconds, b.in_flight, b.acked_during, static_cast<long long>(b.voted_before),
        static_cast<long long>(b.voted_after), b.witnessed, static_cast<long long>(b.stored.ballots),
        static_cast<long long>(b.stored.spends), static_cast<long long>(b.stored.receipts),
        static_cast<long long>(b.stored.voted), b.stored.integrity.c_str());
  }
}

void PrintOutcome(const char* what, const Outcome& out) {
  std::printf("%s: voted %lld; result returned %lld of issued %lld; board: %zu receipts, %zu ballots\n", what,
              static_cast<long long>(out.voted), static_cast<long long>(out.returned),
              static_cast<long long>(out.issued), out.board_receipts, out.board_ballots);
  const auto last = out.verify_output.find_last_not_of('\n');
  const auto line = last == std::string::npos ? std::string::npos : out.verify_output.rfind('\n', last);
  std::printf("  shuzhi verify: %s\n",
              last == std::string::npos
                  ? ""
                  : out.verify_output.substr(line == std::string::npos ? 0 : line + 1, last - line).c_str());
}

int Run(const Options& o) {
  const auto started = Clock::now();
  const std::string work = "/tmp/shuzhi-backup-" + std::to_string(::getpid());
  fs::create_directories(work);
  const Database db{work + "/data", ""};
  const int witness_ballots = std::max(100, o.ballots / 10);
  std::printf("backup under load: %d phone ballots over %.0f s, %d witness ballots, %d backups, seed %u\n", o.ballots,
              o.seconds, witness_ballots, o.backups, o.seed);
  std::fflush(stdout);
  auto poll = PreparePoll(db, o.ballots + witness_ballots);
  if (!poll.ok()) {
    std::fprintf(stderr, "backup_under_load: cannot prepare the poll: %s\n", poll.status().ToString().c_str());
    return 1;
  }
  std::mt19937 rng(o.seed);
  std::vector<std::string> encoded;
  auto ballots = MakeBallots(*poll, rng, &encoded);
  std::vector<PhoneBallot> witness_ballot_list(ballots.begin() + o.ballots, ballots.end());
  ballots.resize(static_cast<std::size_t>(o.ballots));

  FleetConfig fc;
  fc.binary = o.binary;
  fc.store_args = {"--data", db.data_dir};
  fc.log_dir = work;
  // Under the sanitizers the servers may need other options than this
  // program (tests/faults/CMakeLists.txt says why).
  if (const char* asan = std::getenv("SHUZHI_FAULTS_SERVER_ASAN_OPTIONS")) fc.env.emplace_back("ASAN_OPTIONS", asan);
  Fleet fleet(fc);
  if (!fleet.Start()) {
    std::fprintf(stderr, "backup_under_load: the server did not start; see %s\n", fleet.logs().c_str());
    return 1;
  }
  LoadPlan plan;
  plan.ports = fleet.ports();
  plan.phones = o.phones;
  plan.seconds = o.seconds;
  PhoneLoad load(plan, std::move(ballots));
  Witnesses witnesses(fleet.port(0), std::move(witness_ballot_list), static_cast<std::size_t>(o.ballots));
  const VotedReader voted(fleet.port(0), *poll);
  std::vector<std::string> problems;
  std::thread runner([&] { load.Run(); });
  witnesses.Start(o.witnesses, o.seconds);
  auto backups = BackUpUnderLoad(o, work, db.data_dir, load, witnesses, voted, &problems);
  runner.join();
  witnesses.Join();
  const LoadReport& report = load.report();
  const auto witness_acks = witnesses.acks();
  problems.insert(problems.end(), report.failures.begin(), report.failures.end());
  problems.insert(problems.end(), witnesses.failures().begin(), witnesses.failures().end());

  AckedByDigest acked;
  Expected live{*poll, {}, {}};
  auto note = [&](std::size_t ballot, const std::string& receipt) {
    acked[core::ReceiptDigest(receipt)] = {ballot, receipt};
    live.receipts.push_back(receipt);
    live.ballots.push_back(encoded[ballot]);
  };
  for (std::size_t i = 0; i < report.receipts.size(); ++i) {
    if (!report.receipts[i].empty()) note(i, report.receipts[i]);
  }
  for (const auto& a : witness_acks) note(a.ballot, a.receipt);
  if (acked.size() != poll->codes.size()) {
    problems.push_back(std::to_string(poll->codes.size() - acked.size()) + " ballots never got a receipt");
  }
  std::printf("load: %zu phone ballots and %zu witness ballots acknowledged in %.1f s; errors by kind:%s\n",
              report.acknowledged, witness_acks.size(), report.seconds, report.errors.empty() ? " none" : "");
  for (const auto& [kind, n] : report.errors) std::printf("  %8zu  %s\n", n, kind.c_str());

  CheckBackups(o, work, *poll, witness_acks, acked, backups, &problems);
  std::printf("backups taken while casting: %zu\n", backups.size());
  PrintBackups(backups);
  const Outcome live_out = CheckOutcome(live, fleet, db, o.binary, work);
  PrintOutcome("live poll", live_out);
  problems.insert(problems.end(), live_out.problems.begin(), live_out.problems.end());
  if (backups.size() >= 2) {
    const std::size_t middle = backups.size() / 2;
    std::printf("round trip: backup %zu restored into a fresh folder and served\n", middle);
    const Outcome restored =
        ServeRestored(o, work, *poll, backups[middle], backups[middle == 0 ? 1 : 0], acked, encoded, &problems);
    PrintOutcome("restored poll", restored);
    for (const auto& p : restored.problems) problems.push_back("restored: " + p);
  }
  std::printf("total %.1f s\n", Since(started));
  // A failure keeps the data and logs, unless it was the one asked for.
  if (!o.keep && (problems.empty() || o.copy_file)) fs::remove_all(work);
  if (!problems.empty()) {
    const bool kept = fs::exists(work);
    std::printf("FAILED (%zu problems%s%s):\n", problems.size(), kept ? "; data and logs kept in " : "",
                kept ? work.c_str() : "");
    for (const auto& p : problems) std::printf("  - %s\n", p.c_str());
    return 1;
  }
  std::printf("backup under load: every check passed\n");
  return 0;
}

}  // namespace
}  // namespace shuzhi::faults

int main(int argc, char** argv) {
  if (!shuzhi::base::InitCrypto().ok()) return 1;
  try {
    return shuzhi::faults::Run(shuzhi::faults::Parse(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "backup_under_load: %s\n", e.what());
    return 1;
  }
}
