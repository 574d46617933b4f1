// The ballot benchmarks' separate load generator (issue 17): what
// bench/ballots/postgres.sh and bench/http/run.sh drive against one or
// several `shuzhi serve` processes, so that the server's CPU is its own.
//
//   ballot_load prepare (--data DIR | --db URL) --ballots N --out FILE
//       a meeting with one open poll and N phone carriers, in the database
//       the servers will use (seeding the demo first when it has none); the
//       N ballot bodies, one JSON per line, into FILE.
//   ballot_load cast --ports P[,P…] --bodies FILE [--connections N] [--pid NAME=PID]… [--tree NAME=PID]…
//       casts every body, connection c to the c-th port round-robin; prints
//       ballots/s, p50, p99, errors, and CPU microseconds per ballot of this
//       process and of each process named (--tree: with its children, as a
//       PostgreSQL postmaster and its backends).
//   ballot_load health --ports P[,P…] --requests N [--connections N]
//       the same client on GET /api/v1/health: the plain reference.
//   ballot_load reference --db URL
//       single-row durable commits per second on that PostgreSQL (2 s).
// Exit status 1 on any refused ballot or failed request.
#include <dirent.h>
#include <libpq-fe.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/app.h"
#include "base/crypto.h"
#include "bench/ballots/ballot_poll.h"
#include "bench/ballots/load_args.h"
#include "bench/ballots/load_client.h"
#include "bench/common/measure.h"
#include "storage/store.h"

using namespace shuzhi;

namespace {

using bench::Fail;
using bench::LoadArgs;

int Prepare(const LoadArgs& a) {
  const auto store = bench::OpenPrepareStore(a);
  bench::BenchApp b(*store);
  const int ballots = std::atoi(a.Need("--ballots").c_str());
  const auto p = bench::PreparePoll(b.app, *store, b.admin, b.campaign, "load", ballots, 0);
  std::ofstream out(a.Need("--out"));
  for (const auto& body : p.bodies) out << body << '\n';
  if (!out.flush()) Fail("cannot write " + a.one.at("--out"));
  std::printf("prepared poll %lld: %d ballots\n", static_cast<long long>(p.poll), ballots);
  return 0;
}

// CPU seconds of a process and every process whose parent it is.
double TreeCpuSeconds(pid_t root) {
  double total = bench::ProcessCpuSeconds(root);
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string line;
    std::getline(in, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string state;
    pid_t parent = 0;
    rest >> state >> parent;
    if (parent == root) total += bench::ProcessCpuSeconds(std::atoi(name.c_str()));
  }
  return total;
}

int Cast(const LoadArgs& a, bool health) {
  const auto ports = bench::PortList(a.Need("--ports"));
  const int connections = a.IntOr("--connections", 256);
  std::vector<std::string> requests;
  if (health) {
    requests = bench::HealthRequests(std::strtoull(a.Need("--requests").c_str(), nullptr, 10));
  } else {
    std::ifstream in(a.Need("--bodies"));
    std::vector<std::string> bodies;
    for (std::string line; std::getline(in, line);) bodies.push_back(line);
    if (bodies.empty()) Fail("no ballot bodies in " + a.one.at("--bodies"));
    requests = bench::CastRequests(bodies);
  }
  std::vector<double> before;
  for (const auto& [name, pid] : a.Processes("--pid")) before.push_back(bench::ProcessCpuSeconds(pid));
  for (const auto& [name, pid] : a.Processes("--tree")) before.push_back(TreeCpuSeconds(pid));
  const auto r = bench::RunRequests(ports, requests, connections, health ? "ok" : "\"receipt\"");
  const double n = static_cast<double>(requests.size());
  std::printf("%s: %zu over %d connections to %zu server(s): %.0f/s, p50 %.1f ms, p99 %.1f ms, %zu errors%s%s\n",
              health ? "health" : "ballots", requests.size(), connections, ports.size(), r.per_second, r.p50_ms,
              r.p99_ms, r.errors, r.errors ? ": " : "", r.first_error.c_str());
  auto us = [&](double seconds) { return std::to_string(std::lround(seconds * 1e6 / n)); };
  std::string split = "load generator " + std::to_string(std::lround(r.cpu_us_per_ballot));
  std::size_t i = 0;
  for (const auto& [name, pid] : a.Processes("--pid"))
    split += ", " + name + " " + us(bench::ProcessCpuSeconds(pid) - before[i++]);
  for (const auto& [name, pid] : a.Processes("--tree"))
    split += ", " + name + " " + us(TreeCpuSeconds(pid) - before[i++]);
  std::printf("  CPU per request (us): %s\n", split.c_str());
  return r.errors ? 1 : 0;
}

// Single-row transactions, each durable (synchronous_commit on), on the
// cluster's own table: what one commit per ballot could at best do there.
int Reference(const LoadArgs& a) {
  PGconn* c = PQconnectdb(a.Need("--db").c_str());
  if (PQstatus(c) != CONNECTION_OK) Fail(PQerrorMessage(c));
  auto exec = [&](const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Fail(std::string(PQerrorMessage(c)) + " in " + sql);
    PQclear(r);
  };
  exec("SET synchronous_commit = on");
  exec("CREATE TABLE IF NOT EXISTS bench_reference (k bytea PRIMARY KEY, v text)");
  const auto start = std::chrono::steady_clock::now();
  int n = 0;
  while (bench::Seconds(start) < 2.0) {
    const auto key = base::ToHex(base::RandomBytes(32));
    exec("INSERT INTO bench_reference VALUES ('\\x" + key + "', 'x')");
    ++n;
  }
  const double rate = n / bench::Seconds(start);
  exec("DROP TABLE bench_reference");
  PQfinish(c);
  std::printf("reference: single-row durable PostgreSQL commits: %.0f/s\n", rate);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape): a benchmark ends at its first failure
  const std::string mode = argc > 1 ? argv[1] : "";
  const LoadArgs a = bench::ParseArgs("ballot_load", argc, argv, {"--pid", "--tree"});
  if (mode == "prepare") return Prepare(a);
  if (mode == "cast") return Cast(a, false);
  if (mode == "health") return Cast(a, true);
  if (mode == "reference") return Reference(a);
  Fail("usage: ballot_load prepare|cast|health|reference … (see the comment at the top of ballot_load.cc)");
}
