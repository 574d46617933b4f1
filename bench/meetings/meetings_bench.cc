// Many meetings at once (issue 17, docs/design/scaling.md): what
// bench/meetings/run.sh drives against one `shuzhi serve` on SQLite, or two
// over one PostgreSQL.
//
//   meetings_bench prepare (--data DIR | --db URL) --meetings N --phones P --out FILE
//       N meetings, each with one open poll and P phone carriers, in the
//       database the servers will use; the plan (the projector tokens, and
//       the N x P ballots in a random order) into FILE.
//   meetings_bench run --plan FILE --cast-ports P[,P…] --projector-port P --server NAME=PID…
//                      [--connections 256] [--idle 10000] [--idle-seconds 5]
//       one projector per meeting on server-sent events, then every ballot
//       cast over the connections (round-robin over the cast ports) while
//       the projectors are read; then --idle streams in all, left idle for
//       --idle-seconds while the servers' CPU is measured.
//       Prints ballots/s, the time from each ballot's acknowledgement to its
//       projector's count showing it, each server's resident memory, file
//       descriptors and CPU, and each target with ok or MISSED.
// Exit status 1 when a ballot was refused or a projector never showed one.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "base/crypto.h"
#include "bench/ballots/ballot_poll.h"
#include "bench/ballots/load_args.h"
#include "bench/ballots/load_client.h"
#include "bench/common/measure.h"
#include "bench/meetings/meetings_load.h"
#include "storage/store.h"

using namespace shuzhi;

namespace {

using bench::Fail;
using bench::LoadArgs;

int Prepare(const LoadArgs& a) {
  const auto store = bench::OpenPrepareStore(a);
  bench::BenchApp b(*store);
  const int meetings = a.IntOr("--meetings", 1000), phones = a.IntOr("--phones", 30);
  bench::MeetingsPlan plan;
  const auto start = std::chrono::steady_clock::now();
  for (int m = 0; m < meetings; ++m) {
    const auto p = bench::PreparePoll(b.app, *store, b.admin, b.campaign, "会场 " + std::to_string(m + 1), phones, 0);
    plan.tokens.push_back(p.projector_token);
    for (const auto& body : p.bodies) plan.ballots.push_back({static_cast<std::size_t>(m), body});
    if ((m + 1) % 100 == 0) std::fprintf(stderr, "prepared %d of %d meetings\n", m + 1, meetings);
  }
  std::mt19937_64 rng(17);  // the same order in every run
  std::shuffle(plan.ballots.begin(), plan.ballots.end(), rng);
  bench::WritePlan(plan, a.Need("--out"));
  std::printf("prepared %d meetings with %d phones each in %.1f s\n", meetings, phones, bench::Seconds(start));
  return 0;
}

// "a 41.2 MB, 23 fds; b …"
std::string Servers(const LoadArgs& a) {
  std::string out;
  char item[128];
  for (const auto& [name, pid] : a.Processes("--server")) {
    std::snprintf(item, sizeof item, "%s%s %.1f MB, %zu fds", out.empty() ? "" : "; ", name.c_str(),
                  bench::ResidentMb(pid), bench::OpenFds(pid));
    out += item;
  }
  return out;
}

double ServersCpu(const LoadArgs& a) {
  double total = 0;
  for (const auto& [name, pid] : a.Processes("--server")) total += bench::ProcessCpuSeconds(pid);
  return total;
}

const char* Verdict(bool ok) { return ok ? "ok" : "MISSED"; }

int Run(const LoadArgs& a) {
  const auto plan = bench::ReadPlan(a.Need("--plan"));
  bench::MeetingsLoad load(plan);
  const auto cast_ports = bench::PortList(a.Need("--cast-ports"));
  const auto projector_port = static_cast<std::uint16_t>(std::atoi(a.Need("--projector-port").c_str()));
  const int connections = a.IntOr("--connections", 256);
  const auto idle = static_cast<std::size_t>(a.IntOr("--idle", 10000));
  double baseline_mb = 0;
  for (const auto& [name, pid] : a.Processes("--server")) baseline_mb += bench::ResidentMb(pid);
  std::printf("servers before any stream: %s\n", Servers(a).c_str());

  const double opened = load.OpenProjectors(projector_port, plan.tokens.size());
  std::printf("%zu projectors (one per meeting) on event streams, each with its first state in %.2f s\n",
              plan.tokens.size(), opened);

  const double cpu_before = ServersCpu(a);
  const auto f = load.Cast(cast_ports, connections, std::chrono::milliseconds(5000));
  const double n = static_cast<double>(plan.ballots.size());
  std::printf(
      "ballots: %zu across %zu meetings in random order, %d connections to %zu server(s): %.0f/s, "
      "p50 %.1f ms, p99 %.1f ms, %zu errors%s%s\n",
      plan.ballots.size(), plan.tokens.size(), connections, cast_ports.size(), f.per_second, f.p50_ms, f.p99_ms,
      f.errors, f.errors ? ": " : "", f.first_error.c_str());
  std::printf("  server CPU per ballot, projectors' updates included: %.0f us\n",
              (ServersCpu(a) - cpu_before) * 1e6 / n);
  std::printf(
      "projector lag (a ballot's acknowledgement to its projector's count): p50 %.0f ms, p99 %.0f ms, "
      "max %.0f ms; %zu state and count events; %zu ballots never shown\n",
      f.lag_p50_ms, f.lag_p99_ms, f.lag_max_ms, f.events, f.unseen);

  const double more = load.OpenProjectors(projector_port, idle);
  std::printf("%zu event streams open (%zu meetings), the last %zu opened in %.2f s\n", load.projectors(),
              plan.tokens.size(), idle - plan.tokens.size(), more);
  const int idle_seconds = a.IntOr("--idle-seconds", 5);
  load.Idle(std::chrono::milliseconds(1000));
  const double idle_cpu_before = ServersCpu(a);
  const auto idle_start = std::chrono::steady_clock::now();
  load.Idle(std::chrono::seconds(idle_seconds));
  const double idle_share = (ServersCpu(a) - idle_cpu_before) / bench::Seconds(idle_start);
  double rss_mb = 0, largest_mb = 0;
  for (const auto& [name, pid] : a.Processes("--server")) {
    rss_mb += bench::ResidentMb(pid);
    largest_mb = std::max(largest_mb, bench::ResidentMb(pid));
  }
  std::printf(
      "with %zu idle streams: %s; %.1f KB per stream over the servers' %.1f MB before; "
      "server CPU while idle: %.1f %% of one core\n",
      load.projectors(), Servers(a).c_str(), (rss_mb - baseline_mb) * 1024 / static_cast<double>(idle), baseline_mb,
      idle_share * 100);

  std::printf("targets:\n");
  std::printf("  every ballot acknowledged and shown: %s\n", Verdict(f.errors == 0 && f.unseen == 0));
  std::printf("  projector lag p99 <= 250 ms: %s (%.0f ms)\n", Verdict(f.lag_p99_ms <= 250), f.lag_p99_ms);
  std::printf("  server RSS with %zu idle streams <= 200 MB: %s (%.1f MB, the largest server)\n", idle,
              Verdict(largest_mb <= 200), largest_mb);
  return f.errors == 0 && f.unseen == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape): a benchmark ends at its first failure
  const std::string mode = argc > 1 ? argv[1] : "";
  const LoadArgs a = bench::ParseArgs("meetings_bench", argc, argv, {"--server"});
  if (mode == "prepare") return Prepare(a);
  if (mode == "run") return Run(a);
  Fail("usage: meetings_bench prepare|run … (see the comment at the top of meetings_bench.cc)");
}
