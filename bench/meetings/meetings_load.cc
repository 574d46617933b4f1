#include "bench/meetings/meetings_load.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "bench/ballots/load_args.h"
#include "bench/ballots/load_client.h"
#include "bench/common/measure.h"

namespace shuzhi::bench {
namespace {

using Clock = std::chrono::steady_clock;

// epoll data: which kind of connection, and its index.
constexpr std::uint64_t kPhoneBit = std::uint64_t{1} << 40;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double>& v, int pct) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, v.size() * static_cast<std::size_t>(pct) / 100)];
}

}  // namespace

void WritePlan(const MeetingsPlan& plan, const std::string& path) {
  std::ofstream out(path);
  for (const auto& t : plan.tokens) out << "meeting " << t << '\n';
  for (const auto& b : plan.ballots) out << "ballot " << b.meeting << ' ' << b.body << '\n';
  if (!out.flush()) Fail("cannot write " + path);
}

MeetingsPlan ReadPlan(const std::string& path) {
  std::ifstream in(path);
  MeetingsPlan plan;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("meeting ", 0) == 0) {
      plan.tokens.push_back(line.substr(8));
    } else if (line.rfind("ballot ", 0) == 0) {
      const auto space = line.find(' ', 7);
      plan.ballots.push_back({std::strtoul(line.c_str() + 7, nullptr, 10), line.substr(space + 1)});
    }
  }
  if (plan.tokens.empty() || plan.ballots.empty()) Fail("no meetings or no ballots in " + path);
  return plan;
}

MeetingsLoad::MeetingsLoad(MeetingsPlan plan)
    : plan_(std::move(plan)),
      epoll_(epoll_create1(EPOLL_CLOEXEC)),
      acks_(plan_.tokens.size()),
      seen_(plan_.tokens.size()),
      counted_(plan_.tokens.size(), -1) {}

MeetingsLoad::~MeetingsLoad() {
  for (auto& p : projectors_) ::close(p.fd);
  for (auto& p : phones_) ::close(p.fd);
  ::close(epoll_);
}

// Reads what the stream sent: the reply's head once, then events separated
// by a blank line; a state or count event's count is the first "voted" in it
// (each meeting has one poll).
void MeetingsLoad::OnProjector(Projector& p) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::recv(p.fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) Fail("the server closed an event stream");
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      Fail(std::string("recv: ") + std::strerror(errno));
    }
    p.in.append(buf, static_cast<std::size_t>(n));
  }
  const auto now = Clock::now();
  if (!p.head) {
    const auto end = p.in.find("\r\n\r\n");
    if (end == std::string::npos) return;
    if (p.in.compare(0, 12, "HTTP/1.1 200") != 0) Fail("an event stream was refused: " + p.in.substr(0, 300));
    p.head = true;
    p.in.erase(0, end + 4);
  }
  for (auto end = p.in.find("\n\n"); end != std::string::npos; end = p.in.find("\n\n")) {
    const std::string event = p.in.substr(0, end);
    p.in.erase(0, end + 2);
    // The whole state, or the counts alone; anything else is a keep-alive comment.
    const bool state = event.find("event: state") != std::string::npos;
    if (!state && event.find("event: count") == std::string::npos) continue;
    ++events_;
    if (state && !p.stated) ++first_states_;
    p.stated = p.stated || state;
    const auto at = event.find("\"voted\":");
    if (at == std::string::npos) Fail("a state event without a count");
    const std::int64_t voted = std::strtoll(event.c_str() + at + 8, nullptr, 10);
    if (p.first && voted > counted_[p.meeting]) {
      counted_[p.meeting] = voted;
      seen_[p.meeting].emplace_back(now, voted);
    }
  }
}

double MeetingsLoad::OpenProjectors(std::uint16_t port, std::size_t count) {
  const auto start = Clock::now();
  const std::size_t from = projectors_.size();
  projectors_.reserve(count);
  const std::size_t before = first_states_;
  std::vector<epoll_event> events(1024);
  for (std::size_t i = from; i < count; ++i) {
    Projector p;
    p.meeting = i % plan_.tokens.size();
    p.first = i < plan_.tokens.size();
    p.fd = ConnectLoopback(port);
    SendAll("GET /api/v1/public/projector/" + plan_.tokens[p.meeting] +
                "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
            p.fd);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, p.fd, &ev);
    projectors_.push_back(std::move(p));
    // Read what has come meanwhile, so the server's replies do not pile up.
    const int ready = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 0);
    for (int e = 0; e < ready; ++e) OnProjector(projectors_[events[static_cast<std::size_t>(e)].data.u64]);
  }
  while (first_states_ - before < count - from) {
    const int ready = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 30000);
    if (ready == 0) Fail("event streams without a first state after 30 s");
    for (int e = 0; e < ready; ++e) OnProjector(projectors_[events[static_cast<std::size_t>(e)].data.u64]);
  }
  return Seconds(start);
}

// A phone's reply: records it, sends the phone's next ballot; true when the
// reply was whole.
bool MeetingsLoad::OnPhone(Phone& ph, std::size_t& finished, CastFigures& f) {
  char buf[16384];
  const ssize_t n = ::recv(ph.fd, buf, sizeof buf, 0);
  if (n <= 0) Fail("the server closed a phone's connection");
  ph.in.append(buf, static_cast<std::size_t>(n));
  if (WholeReply(ph.in) == 0) return false;
  const auto now = Clock::now();
  const bool ok = ph.in.compare(0, 12, "HTTP/1.1 200") == 0 && ph.in.find("\"receipt\"") != std::string::npos;
  if (!ok && f.errors++ == 0) f.first_error = ph.in.substr(0, 400);
  if (ok) acks_[plan_.ballots[ph.next].meeting].push_back(now);
  ++finished;
  return true;
}

CastFigures MeetingsLoad::Cast(const std::vector<std::uint16_t>& ports, int connections,
                               std::chrono::milliseconds settle) {
  CastFigures f;
  const auto requests = CastRequests([&] {
    std::vector<std::string> bodies;
    bodies.reserve(plan_.ballots.size());
    for (const auto& b : plan_.ballots) bodies.push_back(b.body);
    return bodies;
  }());
  const auto count = std::min(static_cast<std::size_t>(connections), requests.size());
  phones_.resize(count);
  std::vector<double> latencies;
  latencies.reserve(requests.size());
  const std::size_t events_before = events_;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    Phone& ph = phones_[i];
    ph.fd = ConnectLoopback(ports[i % ports.size()]);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kPhoneBit | i;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, ph.fd, &ev);
    ph.next = i;
    ph.sent = Clock::now();
    SendAll(requests[i], ph.fd);
  }
  std::size_t finished = 0;
  Clock::time_point last_reply;
  std::vector<epoll_event> events(4096);
  auto all_seen = [&] {
    for (std::size_t m = 0; m < acks_.size(); ++m) {
      if (counted_[m] < static_cast<std::int64_t>(acks_[m].size())) return false;
    }
    return true;
  };
  while (finished < requests.size() || (Clock::now() - last_reply < settle && !all_seen())) {
    const int ready = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 50);
    for (int e = 0; e < ready; ++e) {
      const auto data = events[static_cast<std::size_t>(e)].data.u64;
      if ((data & kPhoneBit) == 0) {
        OnProjector(projectors_[data]);
        continue;
      }
      Phone& ph = phones_[data & ~kPhoneBit];
      if (!OnPhone(ph, finished, f)) continue;
      latencies.push_back(Ms(Clock::now() - ph.sent));
      if (finished == requests.size()) {
        last_reply = Clock::now();
        f.per_second = static_cast<double>(requests.size()) / Seconds(start);
      }
      ph.next += count;
      ph.in.clear();
      if (ph.next < requests.size()) {
        ph.sent = Clock::now();
        SendAll(requests[ph.next], ph.fd);
      }
    }
  }
  f.p50_ms = Percentile(latencies, 50);
  f.p99_ms = Percentile(latencies, 99);
  f.events = events_ - events_before;
  // The n-th acknowledgement of a meeting against the first event counting n.
  std::vector<double> lags;
  for (std::size_t m = 0; m < acks_.size(); ++m) {
    std::size_t s = 0;
    for (std::size_t n = 1; n <= acks_[m].size(); ++n) {
      while (s < seen_[m].size() && seen_[m][s].second < static_cast<std::int64_t>(n)) ++s;
      if (s == seen_[m].size()) {
        f.unseen += acks_[m].size() - n + 1;
        break;
      }
      lags.push_back(std::max(0.0, Ms(seen_[m][s].first - acks_[m][n - 1])));
    }
  }
  f.lag_p50_ms = Percentile(lags, 50);
  f.lag_p99_ms = Percentile(lags, 99);
  f.lag_max_ms = lags.empty() ? 0 : lags.back();
  return f;
}

std::size_t MeetingsLoad::Idle(std::chrono::milliseconds how_long) {
  const std::size_t before = events_;
  const auto until = Clock::now() + how_long;
  std::vector<epoll_event> events(4096);
  while (Clock::now() < until) {
    const int ready = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
    for (int e = 0; e < ready; ++e) {
      const auto data = events[static_cast<std::size_t>(e)].data.u64;
      if ((data & kPhoneBit) == 0) OnProjector(projectors_[data]);
    }
  }
  return events_ - before;
}

double ResidentMb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

std::size_t OpenFds(pid_t pid) {
  std::error_code ec;
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    ++n;
  }
  return n;
}

}  // namespace shuzhi::bench
