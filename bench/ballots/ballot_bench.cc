// Ballot benchmark (not a test; `make bench` runs it). An in-process shuzhi
// server on loopback over SQLite, driven through HTTP/1.1 keep-alive by
// CONNECTIONS concurrent connections, each casting ballots on carriers of
// its own (every ballot a fresh carrier), every ballot durable before its
// reply (its batch committed to the WAL and the WAL fdatasync'ed, see
// storage::GroupCommitter). It prints:
//   - the reference measured in the same run: single-row durable SQLite
//     commits per second on this disk;
//   - ballots/s with p50 and p99 latency on a fresh database, and again with
//     1,000,000 ballots already stored in the poll;
//   - the time to tally that poll and to close it (rewriting 1,000,000+
//     ballots in random order, erasing the re-send checks, signing, WAL
//     truncation);
//   - the phone ballot page's total compressed transfer size;
// and each target with "ok" or "MISSED".
//
//   ballot_bench [BALLOTS_PER_PHASE] [CONNECTIONS] [STORED]
//   SHUZHI_BENCH_IO_THREADS=N sets the server's network threads (default: one per core).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
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
#include "bench/common/measure.h"
#include "core/board.h"
#include "core/tally.h"
#include "http/api.h"
#include "http/server.h"

using namespace shuzhi;
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

double CpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of each of this process's threads by thread id, with its name
// (from /proc: the server's threads are named, see docs/operations.md).
std::map<int, std::pair<std::string, double>> ThreadCpu() {
  std::map<int, std::pair<std::string, double>> out;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream in(task.path() / "stat");
    std::string line;
    std::getline(in, line);
    // pid (comm) state ... : the name may hold spaces, so split after ')'.
    const auto open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    out[std::stoi(task.path().filename())] = {line.substr(open + 1, close - open - 1), (utime + stime) / tick};
  }
  return out;
}

// "shuzhi-io 20.1, shuzhi-commit 12.0, …" microseconds per ballot, by name.
std::string CpuByThread(const std::map<int, std::pair<std::string, double>>& before,
                        const std::map<int, std::pair<std::string, double>>& after, std::size_t ballots) {
  std::map<std::string, double> by_name;
  for (const auto& [tid, now] : after) {
    const auto was = before.find(tid);
    by_name[now.first] += now.second - (was == before.end() ? 0 : was->second.second);
  }
  std::vector<std::pair<double, std::string>> sorted;
  for (const auto& [name, seconds] : by_name) {
    if (seconds > 0) sorted.emplace_back(seconds * 1e6 / static_cast<double>(ballots), name);
  }
  std::sort(sorted.rbegin(), sorted.rend());
  std::string text;
  char item[96];
  for (const auto& [us, name] : sorted) {
    std::snprintf(item, sizeof item, "%s%s %.1f", text.empty() ? "" : ", ", name.c_str(), us);
    text += item;
  }
  return text;
}

struct LoadResult {
  double per_second = 0, p50_ms = 0, p99_ms = 0;
  double cpu_us_per_ballot = 0, client_cpu_us_per_ballot = 0;
  std::string cpu_by_thread;
  std::size_t errors = 0;
  std::string first_error;
};

// CONNECTIONS keep-alive connections; connection c casts bodies c, c + C, …
//
// Hand-written over epoll rather than with Beast's client: the load
// generator shares the two cores with the server it measures, so it must
// cost as little as possible (Beast's client took about 14 us per ballot,
// this one about a third of that). Requests are serialized in advance; a
// reply is read to its Content-Length and must be 200 with a receipt.
struct Conn {
  int fd = -1;
  std::size_t next = 0;  // the request in flight
  Clock::time_point sent;
  std::string in;  // what has arrived of its reply
};

std::vector<std::string> CastRequests(std::uint16_t port, const std::vector<std::string>& bodies) {
  std::vector<std::string> requests;
  requests.reserve(bodies.size());
  for (const auto& body : bodies) {
    requests.push_back("POST /api/v1/public/ballot/cast HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                       "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\n\r\n" + body);
  }
  return requests;
}

// The length of a whole reply at the start of `in`, or 0 while incomplete.
std::size_t WholeReply(const std::string& in) {
  const auto head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  auto length_at = in.find("Content-Length: ");
  if (length_at == std::string::npos || length_at > head_end) length_at = in.find("content-length: ");
  if (length_at == std::string::npos || length_at > head_end) Die("a reply without Content-Length");
  const std::size_t length = std::strtoul(in.c_str() + length_at + 16, nullptr, 10);
  return in.size() < head_end + 4 + length ? 0 : head_end + 4 + length;
}

LoadResult CastOverHttp(std::uint16_t port, const std::vector<std::string>& bodies, int connections) {
  const std::vector<std::string> requests = CastRequests(port, bodies);
  std::vector<Conn> conns(static_cast<std::size_t>(connections));
  std::vector<double> latencies(bodies.size(), 0);
  std::size_t errors = 0, finished = 0, active = 0;
  std::string first_error;
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  auto send_next = [&](Conn& c) {
    c.in.clear();
    c.sent = Clock::now();
    const std::string& r = requests[c.next];
    for (std::size_t off = 0; off < r.size();) {  // a few hundred bytes: the socket buffer takes them at once
      const ssize_t n = ::send(c.fd, r.data() + off, r.size() - off, MSG_NOSIGNAL);
      if (n < 0 && errno != EINTR) Die(std::string("send: ") + std::strerror(errno));
      if (n > 0) off += static_cast<std::size_t>(n);
    }
  };
  for (std::size_t i = 0; i < conns.size() && i < requests.size(); ++i) {
    Conn& c = conns[i];
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Die("connect");
    const int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    c.next = i;
    ++active;
  }
  const auto start = Clock::now();
  pthread_setname_np(pthread_self(), "bench-client");  // perf tells the load generator from the server
  const double cpu_start = CpuSeconds(RUSAGE_SELF), client_start = CpuSeconds(RUSAGE_THREAD);
  const auto threads_start = ThreadCpu();
  for (std::size_t i = 0; i < active; ++i) send_next(conns[i]);
  std::vector<epoll_event> events(conns.size());
  char buf[16384];
  while (finished < requests.size()) {
    const int ready = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
    if (ready < 0 && errno != EINTR) Die("epoll_wait");
    for (int e = 0; e < ready; ++e) {
      Conn& c = conns[events[static_cast<std::size_t>(e)].data.u64];
      const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n <= 0) Die("the server closed a connection");
      c.in.append(buf, static_cast<std::size_t>(n));
      if (WholeReply(c.in) == 0) continue;
      latencies[c.next] = std::chrono::duration<double, std::milli>(Clock::now() - c.sent).count();
      const bool ok = c.in.compare(0, 12, "HTTP/1.1 200") == 0 && c.in.find("\"receipt\"") != std::string::npos;
      if (!ok && errors++ == 0) first_error = c.in.substr(0, 400);
      ++finished;
      c.next += static_cast<std::size_t>(connections);
      if (c.next < requests.size()) send_next(c);
    }
  }
  LoadResult r;
  r.per_second = static_cast<double>(bodies.size()) / Seconds(start);
  r.cpu_us_per_ballot = (CpuSeconds(RUSAGE_SELF) - cpu_start) * 1e6 / static_cast<double>(bodies.size());
  r.client_cpu_us_per_ballot = (CpuSeconds(RUSAGE_THREAD) - client_start) * 1e6 / static_cast<double>(bodies.size());
  r.cpu_by_thread = CpuByThread(threads_start, ThreadCpu(), bodies.size());
  pthread_setname_np(pthread_self(), "bench-setup");
  for (auto& c : conns) {
    if (c.fd >= 0) ::close(c.fd);
  }
  ::close(ep);
  std::sort(latencies.begin(), latencies.end());
  r.p50_ms = latencies[latencies.size() / 2];
  r.p99_ms = latencies[latencies.size() * 99 / 100];
  r.errors = errors;
  r.first_error = first_error;
  return r;
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
  const base::Clock& clock;
  app::Actor admin;
  std::int64_t campaign = 0;
  std::uint16_t port = 0;
  int connections = 0;
};

// Ballots already cast, written as a cast writes them (a random-key spend
// holding the receipt digest, an appended ballot), in large transactions.
void Preload(storage::Store& store, std::int64_t poll, std::size_t deputies, int preload) {
  const auto t = Clock::now();
  for (int done = 0; done < preload; done += 20'000) {
    Check(store.Write([&](storage::Tx& tx) -> base::Status {
      for (int i = done; i < std::min(preload, done + 20'000); ++i) {
        std::string choices;
        for (std::size_t d = 0; d < deputies; ++d) choices.push_back(static_cast<char>('0' + (i + d) % 3));
        SHUZHI_TRY(tx.ballots().InsertSpend(poll, base::RandomBytes(32), base::RandomBytes(16),
                                            base::ToHex(base::RandomBytes(16))));
        SHUZHI_TRY(tx.ballots().AppendBallot(poll, choices));
      }
      return tx.meetings().AddVoted(poll, std::min(preload, done + 20'000) - done);
    }),
          "preload");
  }
  Check(store.Checkpoint(), "checkpoint");
  std::printf("  preloaded %d stored ballots in %.1f s\n", preload, Seconds(t));
}

// One meeting, one poll on one sheet for the campaign's 12 deputies, with
// `preload` ballots already stored; then `ballots` cast over HTTP.
std::tuple<LoadResult, std::int64_t, std::int64_t> RunPoll(Bench& b, const char* label, int ballots, int preload) {
  auto& application = b.app;
  const auto& admin = b.admin;
  const auto& clock = b.clock;
  const auto campaign = b.campaign;
  app::NewMeeting in;
  in.title = std::string("基准测试 ") + label;
  in.starts_at = clock.Now();
  in.poll_mode = "sheet";
  auto m = application.meetings().Create(admin, campaign, in);
  if (!m.ok()) Die(m.status().ToString());
  const auto meeting = m->id;
  const auto poll = m->polls.at(0).id;
  std::vector<std::int64_t> deputies;
  for (const auto& d : m->polls.at(0).deputies) deputies.push_back(d.id);
  const auto scale = core::CommitteeTemplate(2026).scale;
  std::vector<std::string> codes;
  for (int made = 0; made < ballots; made += 500) {
    auto c =
        application.meetings().CreateCarriers(admin, meeting, core::Channel::kPhone, std::min(500, ballots - made));
    if (!c.ok()) Die(c.status().ToString());
    codes.insert(codes.end(), c->begin(), c->end());
  }
  Check(app::testing::SeatEvaluators(b.store, meeting, ballots + preload), "seat evaluators");
  Check(application.meetings().Issue(admin, meeting, core::Channel::kPhone, ballots + preload), "issue");
  Check(application.meetings().OpenPoll(admin, poll), "open");
  if (preload > 0) Preload(b.store, poll, deputies.size(), preload);
  std::vector<std::string> bodies;
  bodies.reserve(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::string choices = "[";
    for (std::size_t d = 0; d < deputies.size(); ++d) {
      if (d) choices += ",";
      choices +=
          R"({"deputy_id":)" + std::to_string(deputies[d]) + R"(,"option":")" + scale[(i + d) % 3].code + R"("})";
    }
    bodies.push_back(R"({"code":")" + codes[i] + R"(","poll_id":)" + std::to_string(poll) + R"(,"choices":)" + choices +
                     "]}");
  }
  auto r = CastOverHttp(b.port, bodies, b.connections);
  return std::make_tuple(r, poll, meeting);
}

// Tallies a poll as the result does (read every ballot, count), then
// closes it; the seconds each took.
std::pair<double, double> TallyAndClose(Bench& b, std::int64_t poll2) {
  auto& application = b.app;
  const auto& admin = b.admin;
  auto t = Clock::now();
  std::vector<std::string> ballots;
  Check(b.store.Read([&](storage::Tx& tx) -> base::Status {
    SHUZHI_ASSIGN_OR_RETURN(ballots, tx.ballots().Ballots(poll2));
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
  std::printf("tally of %zu ballots (read + count): %.2f s\n", ballots.size(), tally_s);
  t = Clock::now();
  Check(application.meetings().ClosePoll(admin, poll2), "close");
  const double close_s = Seconds(t);
  std::printf("close of that poll (random rewrite, checks erased, result signed, WAL truncated): %.2f s\n", close_s);
  auto result = application.meetings().ResultFor(admin, poll2);
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

// Each target with met or MISSED.
void PrintTargets(const LoadResult& fresh, const LoadResult& loaded, double reference, int stored, double tally_s,
                  double close_s, std::size_t page_bytes) {
  std::printf("\ntargets (2-core machine, SQLite, every ballot durable before its reply):\n");
  std::printf("  fresh >= 10,000/s with p99 <= 50 ms: %s\n",
              Verdict(fresh.per_second >= 10'000 && fresh.p99_ms <= 50 && !fresh.errors));
  std::printf("  fresh >= 4 x reference: %s (%.3f x)\n", Verdict(fresh.per_second >= 4 * reference),
              fresh.per_second / reference);
  std::printf("  with %d stored >= 8,000/s: %s\n", stored, Verdict(loaded.per_second >= 8'000 && !loaded.errors));
  std::printf("  tally <= 1 s: %s\n", Verdict(tally_s <= 1.0));
  std::printf("  close <= 10 s: %s\n", Verdict(close_s <= 10.0));
  std::printf("  phone page <= 60 KB: %s\n", Verdict(page_bytes <= std::size_t{60} * 1024));
}

}  // namespace

// A benchmark stops at the first failure, an exception included: nothing to
// recover, so main lets it end the run.
int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  const int per_phase = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const int connections = argc > 2 ? std::atoi(argv[2]) : 256;
  const int stored = argc > 3 ? std::atoi(argv[3]) : 1'000'000;
  Check(base::InitCrypto(), "crypto");
  const auto dir = std::filesystem::temp_directory_path() / ("shuzhi-ballot-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  std::printf("shuzhi ballot benchmark: %d ballots per phase, %d connections, %d ballots stored, %u cores\n", per_phase,
              connections, stored, std::thread::hardware_concurrency());
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
  base::SystemClock clock;
  app::AppOptions options;
  options.password_cost = base::PasswordCost::kTestOnly;
  app::App application(**store, clock, options);
  const app::Actor admin{0, "bench", {{core::Role::kAdmin, {}, {}, {}}}};
  auto demo = app::SeedDemo(application, "bench-password", app::DemoScope::kThisYear);
  if (!demo.ok()) Die(demo.status().ToString());
  std::int64_t campaign = 0;
  auto campaigns = application.campaigns().List(admin, std::nullopt);
  for (const auto& c : *campaigns) {
    if (c.spec.template_code == "committee" && c.record.state == core::CampaignState::kActive) campaign = c.record.id;
  }
  // The access log stays on, as in production, written to a file.
  base::InitLogging("info", (dir / "access.log").string());
  Check(application.keys().Load(), "keys");  // as `shuzhi serve` does at start
  http::Api api(application, http::ApiOptions{false, "bench"});
  http::Server server(api, server_options);
  auto port = server.Start();
  pthread_setname_np(pthread_self(), "bench-setup");  // the server's pool threads keep the process's name
  if (!port.ok()) Die(port.status().ToString());

  // One meeting, one poll on one sheet for the campaign's 12 deputies.
  Bench bench{**store, application, clock, admin, campaign, *port, connections};
  auto run_poll = [&](const char* label, int ballots, int preload) { return RunPoll(bench, label, ballots, preload); };

  // Phase 1: a fresh database.
  auto [fresh, poll1, meeting1] = run_poll("fresh", per_phase, 0);
  const double reference_after = ReferenceCommitsPerSecond(dir);
  const double reference = (reference_before + reference_after) / 2;
  std::printf("reference again after the fresh phase: %.0f/s; mean %.0f/s\n", reference_after, reference);
  std::printf("fresh database:   %.0f ballots/s (%.1f x reference), p50 %.1f ms, p99 %.1f ms, %zu errors%s%s\n",
              fresh.per_second, fresh.per_second / reference, fresh.p50_ms, fresh.p99_ms, fresh.errors,
              fresh.errors ? ": " : "", fresh.first_error.c_str());
  std::printf("  CPU per ballot: %.1f us in all (%.1f us of it the load generator)\n", fresh.cpu_us_per_ballot,
              fresh.client_cpu_us_per_ballot);
  std::printf("  by thread (us per ballot): %s\n", fresh.cpu_by_thread.c_str());
  Check(application.meetings().ClosePoll(admin, poll1), "close");

  // Phase 2: a poll already holding `stored` ballots.
  auto [loaded, poll2, meeting2] = run_poll("loaded", per_phase, stored);
  std::printf("%d stored:  %.0f ballots/s (%.1f x reference), p50 %.1f ms, p99 %.1f ms, %zu errors%s%s\n", stored,
              loaded.per_second, loaded.per_second / reference, loaded.p50_ms, loaded.p99_ms, loaded.errors,
              loaded.errors ? ": " : "", loaded.first_error.c_str());

  const auto [tally_s, close_s] = TallyAndClose(bench, poll2);
  const auto [page_bytes, html_gzip] = PhonePageBytes(*port);
  std::printf("phone ballot page: %zu bytes of compressed JS and CSS, HTML %zu bytes compressed\n", page_bytes,
              html_gzip);
  if (page_bytes == 0) Die("the phone page's assets were not found (is the web UI built?)");
  server.Stop();

  PrintTargets(fresh, loaded, reference, stored, tally_s, close_s, page_bytes);
  std::printf("peak RSS %ld MB\n", PeakRssMb());
  std::filesystem::remove_all(dir);
  return 0;
}
