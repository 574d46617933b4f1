#include "bench/ballots/load_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/common/measure.h"

namespace shuzhi::bench {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "ballot load: %s\n", what.c_str());
  std::exit(1);
}

double CpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// utime + stime of a /proc/…/stat line, in seconds, and the name in it.
std::pair<std::string, double> StatTimes(const std::filesystem::path& stat) {
  std::ifstream in(stat);
  std::string line;
  std::getline(in, line);
  // pid (comm) state ... : the name may hold spaces, so split after ')'.
  const auto open = line.find('('), close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos) return {"", 0};
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stod(field);
    if (i == 15) stime = std::stod(field);
  }
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return {line.substr(open + 1, close - open - 1), (utime + stime) / tick};
}

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

}  // namespace

std::size_t WholeReply(const std::string& in) {
  const auto head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  auto length_at = in.find("Content-Length: ");
  if (length_at == std::string::npos || length_at > head_end) length_at = in.find("content-length: ");
  if (length_at == std::string::npos || length_at > head_end) Die("a reply without Content-Length");
  const std::size_t length = std::strtoul(in.c_str() + length_at + 16, nullptr, 10);
  return in.size() < head_end + 4 + length ? 0 : head_end + 4 + length;
}

int ConnectLoopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Die("connect");
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

void SendAll(const std::string& r, int fd) {
  for (std::size_t off = 0; off < r.size();) {  // a few hundred bytes: the socket buffer takes them at once
    const ssize_t n = ::send(fd, r.data() + off, r.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno != EINTR) Die(std::string("send: ") + std::strerror(errno));
    if (n > 0) off += static_cast<std::size_t>(n);
  }
}

std::vector<std::string> CastRequests(const std::vector<std::string>& bodies) {
  std::vector<std::string> requests;
  requests.reserve(bodies.size());
  for (const auto& body : bodies) {
    requests.push_back(
        "POST /api/v1/public/ballot/cast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  return requests;
}

std::vector<std::string> HealthRequests(std::size_t n) {
  return std::vector<std::string>(n, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

LoadResult RunRequests(const std::vector<std::uint16_t>& ports, const std::vector<std::string>& requests,
                       int connections, std::string_view must_contain) {
  const auto count = static_cast<std::size_t>(connections);
  std::vector<Conn> conns(count);
  std::vector<double> latencies(requests.size(), 0);
  std::size_t errors = 0, finished = 0, active = 0;
  std::string first_error;
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  auto send_next = [&](Conn& c) {
    c.in.clear();
    c.sent = Clock::now();
    SendAll(requests[c.next], c.fd);
  };
  for (std::size_t i = 0; i < conns.size() && i < requests.size(); ++i) {
    Conn& c = conns[i];
    c.fd = ConnectLoopback(ports[i % ports.size()]);
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
      const bool ok = c.in.compare(0, 12, "HTTP/1.1 200") == 0 && c.in.find(must_contain) != std::string::npos;
      if (!ok && errors++ == 0) first_error = c.in.substr(0, 400);
      ++finished;
      c.next += count;
      if (c.next < requests.size()) send_next(c);
    }
  }
  LoadResult r;
  const auto n = static_cast<double>(requests.size());
  r.per_second = n / Seconds(start);
  r.cpu_us_per_ballot = (CpuSeconds(RUSAGE_SELF) - cpu_start) * 1e6 / n;
  r.client_cpu_us_per_ballot = (CpuSeconds(RUSAGE_THREAD) - client_start) * 1e6 / n;
  r.cpu_by_thread = CpuByThread(threads_start, ThreadCpu(), requests.size());
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

ThreadTimes ThreadCpu(pid_t pid) {
  ThreadTimes out;
  const std::filesystem::path tasks = pid == 0 ? std::filesystem::path("/proc/self/task")
                                               : std::filesystem::path("/proc") / std::to_string(pid) / "task";
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    out[std::stoi(task.path().filename())] = StatTimes(task.path() / "stat");
  }
  return out;
}

std::string CpuByThread(const ThreadTimes& before, const ThreadTimes& after, std::size_t ballots) {
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

double ProcessCpuSeconds(pid_t pid) {
  return StatTimes(std::filesystem::path("/proc") / std::to_string(pid) / "stat").second;
}

}  // namespace shuzhi::bench
