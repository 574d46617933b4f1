// The ballot benchmarks' load generator and their CPU accounting, shared by
// ballot_bench (the server in the same process) and ballot_load (a separate
// process casting against one or several `shuzhi serve`).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shuzhi::bench {

struct LoadResult {
  double per_second = 0, p50_ms = 0, p99_ms = 0;
  double cpu_us_per_ballot = 0, client_cpu_us_per_ballot = 0;
  std::string cpu_by_thread;  // of this process's threads, named; empty when the server is elsewhere
  std::size_t errors = 0;
  std::string first_error;
};

// The length of the whole HTTP reply at the start of `in` (it must carry
// Content-Length), or 0 while it is incomplete.
std::size_t WholeReply(const std::string& in);

// A blocking TCP connection to 127.0.0.1:port (TCP_NODELAY), or exits.
int ConnectLoopback(std::uint16_t port);
// Sends all of `r` on `fd` (a few hundred bytes, which the socket buffer
// takes at once), or exits.
void SendAll(const std::string& r, int fd);

// HTTP/1.1 requests casting each body (a JSON ballot), and n requests of
// /api/v1/health.
std::vector<std::string> CastRequests(const std::vector<std::string>& bodies);
std::vector<std::string> HealthRequests(std::size_t n);

// Sends every request over `connections` keep-alive connections to
// 127.0.0.1, connection c to ports[c % ports.size()] (a round-robin over
// servers) sending requests c, c + C, …, each after the reply to the one
// before; a reply must be 200 and hold `must_contain` (a cast's
// "\"receipt\""), or it counts as an error. The figures are per request.
LoadResult RunRequests(const std::vector<std::uint16_t>& ports, const std::vector<std::string>& requests,
                       int connections, std::string_view must_contain);

// CPU seconds (user + system) of each thread of process `pid` (0: this
// one) by thread id, with the thread's name.
using ThreadTimes = std::map<int, std::pair<std::string, double>>;
ThreadTimes ThreadCpu(pid_t pid = 0);

// "shuzhi-io 20.1, shuzhi-commit 12.0, …": microseconds per ballot between
// two readings, summed by thread name, largest first.
std::string CpuByThread(const ThreadTimes& before, const ThreadTimes& after, std::size_t ballots);

// CPU seconds (user + system) of a whole process, its children not counted.
double ProcessCpuSeconds(pid_t pid);

}  // namespace shuzhi::bench
