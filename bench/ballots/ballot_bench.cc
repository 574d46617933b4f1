// Ballot benchmark (not a test; `make bench` runs it, `make bench-scale` its
// long form). An in-process shuzhi server on loopback over SQLite, driven
// through HTTP/1.1 keep-alive by CONNECTIONS concurrent connections, each
// casting ballots on carriers of its own (every ballot a fresh carrier),
// every ballot durable before its reply (its batch committed to the WAL and
// the WAL fdatasync'ed, see storage::GroupCommitter). It prints:
//   - the references measured in the same run: single-row durable SQLite
//     commits per second on this disk, and GET /api/v1/health requests per
//     second through the same client;
//   - ballots/s with p50 and p99 latency on a fresh database;
//   - the same with STORED ballots already stored, in the poll being cast,
//     then spread across SPREAD closed polls, for each size asked for;
//   - the time to tally each of those polls and to close it (rewriting its
//     ballots in random order, erasing the re-send checks, signing, WAL
//     truncation);
//   - the phone ballot page's total compressed transfer size;
// and each target with "ok" or "MISSED" (docs/design/scaling.md).
//
//   ballot_bench [--ballots N] [--connections N] [--stored N[,N…]] [--spread POLLS] [--smoke]
//   defaults: 100,000 ballots per phase, 256 connections, 1,000,000 stored, 1,000 polls.
//   SHUZHI_BENCH_IO_THREADS=N sets the server's network threads (default: one per core).
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "app/ballot/ballot.h"
#include "app/ballot/server_keys.h"
#include "app/campaign/campaign.h"
#include "app/demo/demo.h"
#include "app/meeting/meeting.h"
#include "app/testing/app_test_util.h"
#include "base/crypto.h"
#include "base/json.h"
#include "base/log.h"
#include "bench/ballots/ballot_poll.h"
#include "bench/ballots/load_client.h"
#include "bench/common/measure.h"
#include "core/board.h"
#include "core/tally.h"
#include "http/api.h"
#include "http/server.h"

using namespace shuzhi;
using bench::LoadResult;
using bench::PeakRssMb;
using bench::Seconds;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "ballot_bench: %s\n", what.c_str());
  std::exit(1);
}

void Check(const base::Status& st, const char* what) {
  if (!st.ok()) Die(std::string(what) + ": " + st.ToString());
}

const char* Verdict(bool ok) { return ok ? "ok" : "MISSED"; }

// Single-row transactions, each durable, on a fresh database in `dir`: what
// one commit per ballot could at best do on this disk.
double ReferenceCommitsPerSecond(const std::filesystem::path& dir) {
  const auto path = (dir / "reference.db").string();
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (k BLOB PRIMARY KEY, v TEXT)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, 'x')", -1, &st, nullptr);
  const auto start = Clock::now();
  int n = 0;
  while (Seconds(start) < 2.0) {
    const auto key = base::RandomBytes(32);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_bind_blob(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    ++n;
  }
  const double rate = n / Seconds(start);
  sqlite3_finalize(st);
  sqlite3_close(db);
  std::filesystem::remove(path);
  return rate;
}

std::string Get(std::uint16_t port, const std::string& target, bool gzip) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (gzip) req.set(bhttp::field::accept_encoding, "gzip");
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  return res.body();
}

// What every phase needs: the server and the app behind it.
struct Bench {
  storage::Store& store;
  app::App& app;
  app::Actor admin;
  std::int64_t campaign = 0;
  std::uint16_t port = 0;
  int connections = 0;
};

std::string Choices(std::size_t deputies, std::int64_t i) {
  std::string choices;
  for (std::size_t d = 0; d < deputies; ++d) choices.push_back(static_cast<char>('0' + (i + d) % 3));
  return choices;
}

// Ballots already cast, written as a cast writes them (a random-key spend
// holding its re-send check and receipt digest, an appended ballot) into the
// open poll `poll`, or, for each of `closed` other polls (ids above every
// real one), as a close leaves them (a spend with neither, a receipt, a
// ballot); in large transactions.
void Preload(storage::Store& store, std::int64_t poll, std::size_t deputies, std::int64_t stored, int closed) {
  const auto t = Clock::now();
  constexpr std::int64_t kChunk = 20'000;
  const std::int64_t first_closed = poll + 1'000'000;
  for (std::int64_t done = 0; done < stored; done += kChunk) {
    Check(store.Write([&](storage::Tx& tx) -> base::Status {
      const std::int64_t end = std::min(stored, done + kChunk);
      for (std::int64_t i = done; i < end; ++i) {
        const auto receipt = base::ToHex(base::RandomBytes(16));
        if (closed == 0) {
          SHUZHI_TRY(tx.ballots().InsertSpend(poll, base::RandomBytes(32), base::RandomBytes(16), receipt));
          SHUZHI_TRY(tx.ballots().AppendBallot(poll, Choices(deputies, i)));
        } else {
          const std::int64_t other = first_closed + i % closed;
          SHUZHI_TRY(tx.ballots().InsertSpend(other, base::RandomBytes(32), std::nullopt, std::nullopt));
          SHUZHI_TRY(tx.ballots().AppendBallot(other, Choices(deputies, i)));
          SHUZHI_TRY(tx.ballots().AppendReceipt(other, receipt));
        }
      }
      return closed == 0 ? tx.meetings().AddVoted(poll, end - done) : base::Ok();
    }),
          "preload");
    if (done % 1'000'000 == 0 && done > 0)
      std::fprintf(stderr, "  preloaded %lld of %lld\n", static_cast<long long>(done), static_cast<long long>(stored));
  }
  Check(store.Checkpoint(), "checkpoint");
  std::printf("  preloaded %lld stored ballots %s in %.1f s\n", static_cast<long long>(stored),
              closed ? ("in " + std::to_string(closed) + " closed polls").c_str() : "in the poll", Seconds(t));
}

struct Phase {
  LoadResult load;
  std::int64_t poll = 0, meeting = 0;
};

// One meeting, one poll on one sheet for the campaign's 12 deputies, with
// `stored` ballots already stored (in it, or across `closed` other polls);
// then `ballots` cast over HTTP.
Phase RunPoll(Bench& b, const char* label, int ballots, std::int64_t stored, int closed) {
  auto p = bench::PreparePoll(b.app, b.store, b.admin, b.campaign, label, ballots, closed ? 0 : stored);
  if (stored > 0) Preload(b.store, p.poll, p.deputies.size(), stored, closed);
  return {bench::RunRequests({b.port}, bench::CastRequests(p.bodies), b.connections, "\"receipt\""), p.poll, p.meeting};
}

// Tallies a poll as the result does (read every ballot, count), then
// closes it; the seconds each took.
std::pair<double, double> TallyAndClose(Bench& b, std::int64_t poll) {
  auto t = Clock::now();
  std::vector<std::string> ballots;
  Check(b.store.Read([&](storage::Tx& tx) -> base::Status {
    SHUZHI_ASSIGN_OR_RETURN(ballots, tx.ballots().Ballots(poll));
    return base::Ok();
  }),
        "read");
  core::TallyInput in;
  for (std::size_t d = 0; d < ballots.front().size(); ++d) in.poll.deputy_ids.push_back(static_cast<std::int64_t>(d));
  in.poll.scale = core::CommitteeTemplate(2026).scale;
  in.issued = static_cast<std::int64_t>(ballots.size());
  auto tally = core::Tally(in, ballots);
  Check(tally.status(), "tally");
  const double tally_s = Seconds(t);
  std::printf("  tally of %zu ballots (read + count): %.2f s\n", ballots.size(), tally_s);
  t = Clock::now();
  Check(b.app.meetings().ClosePoll(b.admin, poll), "close");
  const double close_s = Seconds(t);
  std::printf("  close of that poll (random rewrite, checks erased, result signed, WAL truncated): %.2f s\n", close_s);
  auto result = b.app.meetings().ResultFor(b.admin, poll);
  Check(result.status(), "result");
  const auto returned = base::json::parse(result->signed_record).at("returned").as_int64();
  if (returned != static_cast<std::int64_t>(ballots.size())) Die("the result does not count every ballot");
  return {tally_s, close_s};
}

// The phone page as a phone receives it (gzip): compressed JS and CSS
// bytes, and the HTML's.
std::pair<std::size_t, std::size_t> PhonePageBytes(std::uint16_t port) {
  const std::string html = Get(port, "/v", false);
  std::size_t page_bytes = 0;
  std::regex asset("(src|href)=\"(/assets/[^\"]+\\.(js|css))\"");
  for (std::sregex_iterator it(html.begin(), html.end(), asset), end; it != end; ++it) {
    page_bytes += Get(port, (*it)[2].str(), true).size();
  }
  const std::size_t html_gzip = Get(port, "/v", true).size();
  return {page_bytes, html_gzip};
}

void PrintLoad(const std::string& label, const LoadResult& r, double fresh) {
  std::printf("%-34s %7.0f ballots/s (%.2f x fresh), p50 %5.1f ms, p99 %5.1f ms, %zu errors%s%s\n", label.c_str(),
              r.per_second, r.per_second / fresh, r.p50_ms, r.p99_ms, r.errors, r.errors ? ": " : "",
              r.first_error.c_str());
}

struct Options {
  int per_phase = 100'000, connections = 256;
  std::vector<std::int64_t> stored{1'000'000};
  int spread = 1'000;  // polls the stored ballots are spread across in the second phase of each size
  bool smoke = false;
};

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool more = i + 1 < argc;
    if (arg == "--ballots" && more) {
      o.per_phase = std::atoi(argv[++i]);
    } else if (arg == "--connections" && more) {
      o.connections = std::atoi(argv[++i]);
    } else if (arg == "--stored" && more) {
      o.stored.clear();
      std::stringstream list(argv[++i]);
      for (std::string n; std::getline(list, n, ',');) o.stored.push_back(std::atoll(n.c_str()));
    } else if (arg == "--spread" && more) {
      o.spread = std::atoi(argv[++i]);
    } else if (arg == "--smoke") {
      o.smoke = true;
      o.per_phase = 2'000;
      o.connections = 32;
      o.stored = {20'000};
      o.spread = 10;
    } else {
      Die("usage: ballot_bench [--ballots N] [--connections N] [--stored N[,N…]] [--spread POLLS] [--smoke]");
    }
  }
  return o;
}

}  // namespace

// A benchmark stops at the first failure, an exception included: nothing to
// recover, so main lets it end the run.
int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  const Options o = ParseOptions(argc, argv);
  Check(base::InitCrypto(), "crypto");
  const auto dir = std::filesystem::temp_directory_path() / ("shuzhi-ballot-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  std::printf("shuzhi ballot benchmark: %d ballots per phase, %d connections, %u cores\n", o.per_phase, o.connections,
              std::thread::hardware_concurrency());
  // The reference is measured twice, before and after the fresh phase, and
  // the mean used: a virtual machine's disk varies by ±10% within minutes.
  const double reference_before = ReferenceCommitsPerSecond(dir);
  std::printf("reference: single-row durable SQLite commits on this disk: %.0f/s\n", reference_before);

  // The server as `shuzhi serve` runs it: its default worker pool, a reader
  // connection per worker.
  http::ServerOptions server_options;
  server_options.port = 0;
  if (const char* io = std::getenv("SHUZHI_BENCH_IO_THREADS")) server_options.io_threads = std::atoi(io);
  auto store = storage::OpenStore({dir.string(), "", server_options.workers});
  if (!store.ok()) Die(store.status().ToString());
  bench::BenchApp ba(**store);
  auto& application = ba.app;
  const auto& admin = ba.admin;
  // The access log stays on, as in production, written to a file.
  base::InitLogging("info", (dir / "access.log").string());
  Check(application.keys().Load(), "keys");  // as `shuzhi serve` does at start
  http::Api api(application, http::ApiOptions{false, "bench"});
  http::Server server(api, server_options);
  auto port = server.Start();
  pthread_setname_np(pthread_self(), "bench-setup");  // the server's pool threads keep the process's name
  if (!port.ok()) Die(port.status().ToString());
  Bench b{**store, application, admin, ba.campaign, *port, o.connections};
  bool all_met = true;
  std::size_t errors = 0;
  auto target = [&](bool met, const std::string& what) {
    std::printf("  %s: %s\n", what.c_str(), Verdict(met));
    all_met = all_met && met;
  };

  // The plain reference of the same server: /api/v1/health (no body, no database).
  const auto health =
      bench::RunRequests({b.port}, bench::HealthRequests(2 * std::size_t(o.per_phase)), o.connections, "ok");
  std::printf("GET /api/v1/health, same client and connections: %.0f requests/s, p99 %.1f ms\n", health.per_second,
              health.p99_ms);

  // A fresh database.
  const auto fresh = RunPoll(b, "fresh", o.per_phase, 0, 0);
  const double reference_after = ReferenceCommitsPerSecond(dir);
  const double reference = (reference_before + reference_after) / 2;
  std::printf("reference again after the fresh phase: %.0f/s; mean %.0f/s\n", reference_after, reference);
  PrintLoad("fresh database:", fresh.load, fresh.load.per_second);
  errors += fresh.load.errors;
  std::printf("  %.2f x reference, %.2f x health\n", fresh.load.per_second / reference,
              fresh.load.per_second / health.per_second);
  std::printf("  CPU per ballot: %.1f us in all (%.1f us of it the load generator)\n", fresh.load.cpu_us_per_ballot,
              fresh.load.client_cpu_us_per_ballot);
  std::printf("  by thread (us per ballot): %s\n", fresh.load.cpu_by_thread.c_str());
  Check(application.meetings().ClosePoll(admin, fresh.poll), "close");
  std::printf("targets (2-core machine, SQLite, every ballot durable before its reply):\n");
  target(fresh.load.per_second >= 10'000 && fresh.load.p99_ms <= 50 && !fresh.load.errors,
         "fresh >= 10,000/s with p99 <= 50 ms");
  target(fresh.load.per_second >= 4 * reference, "fresh >= 4 x reference");
  target(fresh.load.per_second >= 0.6 * health.per_second, "fresh >= 0.6 x health");

  // Ballots already stored: in the poll being cast, then spread across other polls.
  for (const auto stored : o.stored) {
    for (const int closed : {0, o.spread}) {
      const std::string where = closed ? "in " + std::to_string(closed) + " other polls" : "in the poll";
      const auto loaded = RunPoll(b, "stored", o.per_phase, stored, closed);
      PrintLoad(std::to_string(stored) + " stored " + where + ":", loaded.load, fresh.load.per_second);
      errors += loaded.load.errors;
      std::printf("  by thread (us per ballot): %s\n", loaded.load.cpu_by_thread.c_str());
      target(loaded.load.per_second >= 0.8 * fresh.load.per_second && loaded.load.p99_ms <= 50 && !loaded.load.errors,
             ">= 0.8 x fresh with p99 <= 50 ms");
      const auto [tally_s, close_s] = TallyAndClose(b, loaded.poll);
      if (closed == 0 && stored <= 1'000'000) {
        target(tally_s <= 0.5, "tally <= 0.5 s");
        target(close_s <= 5.0, "close <= 5 s");
      }
    }
  }

  const auto [page_bytes, html_gzip] = PhonePageBytes(b.port);
  std::printf("phone ballot page: %zu bytes of compressed JS and CSS, HTML %zu bytes compressed\n", page_bytes,
              html_gzip);
  if (page_bytes == 0) Die("the phone page's assets were not found (is the web UI built?)");
  target(page_bytes <= std::size_t{60} * 1024, "phone page <= 60 KB");
  server.Stop();
  std::printf("peak RSS %ld MB; database %.0f MB\n", PeakRssMb(),
              static_cast<double>(std::filesystem::file_size(dir / "shuzhi.db")) / 1e6);
  std::filesystem::remove_all(dir);
  if (o.smoke) {
    // Only that it works: on a shared machine the smoke run's figures mean nothing.
    if (errors) std::printf("smoke run: %zu ballots refused\n", errors);
    if (!errors) std::printf("smoke run: every ballot acknowledged and counted\n");
    return errors ? 1 : 0;
  }
  std::printf(all_met ? "every target met\n" : "some targets MISSED\n");
  return 0;
}
