#include "app/users/throttle.h"

#include <algorithm>

namespace shuzhi::app {

// Bounds memory when many distinct keys fail (a scan from many addresses).
constexpr std::size_t kMaxKeys = 100'000;

void FailureThrottle::Prune(std::deque<base::Micros>& times, base::Micros now) const {
  while (!times.empty() && times.front() <= now - window_) times.pop_front();
}

void FailureThrottle::Prune(std::deque<Unsent>& pending, base::Micros now) const {
  while (!pending.empty() && pending.front().at <= now - window_) pending.pop_front();
}

std::int64_t FailureThrottle::RetryAfterSeconds(const std::string& key, int limit) {
  base::MutexLock lock(mu_);
  const base::Micros now = clock_.Now();
  std::vector<base::Micros> times;
  if (auto it = counted_.find(key); it != counted_.end()) {
    Prune(it->second, now);
    times.assign(it->second.begin(), it->second.end());
  }
  if (auto it = pending_.find(key); it != pending_.end()) {
    Prune(it->second, now);
    for (const auto& p : it->second) times.push_back(p.at);
  }
  if (times.empty() || static_cast<int>(times.size()) < limit) return 0;
  std::sort(times.begin(), times.end());
  // Locked until enough of the failures have left the window (with no
  // failure allowed at all, until the newest has).
  const std::size_t allowed = std::min(times.size(), static_cast<std::size_t>(std::max(limit, 1)));
  const base::Micros until = times[times.size() - allowed] + window_;
  return (until - now + base::kMicrosPerSecond - 1) / base::kMicrosPerSecond;
}

void FailureThrottle::RecordFailure(const std::string& key) {
  base::MutexLock lock(mu_);
  const base::Micros now = clock_.Now();
  if (sharing_) {
    if (pending_.size() >= kMaxKeys) {
      for (auto it = pending_.begin(); it != pending_.end();) {
        Prune(it->second, now);
        it = it->second.empty() ? pending_.erase(it) : std::next(it);
      }
    }
    pending_[key].push_back({next_seq_++, now});
    return;
  }
  if (counted_.size() >= kMaxKeys) {
    for (auto it = counted_.begin(); it != counted_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? counted_.erase(it) : std::next(it);
    }
  }
  auto& times = counted_[key];
  Prune(times, now);
  times.push_back(now);
}

void FailureThrottle::Clear(const std::string& key) {
  base::MutexLock lock(mu_);
  counted_.erase(key);
  pending_.erase(key);
  if (sharing_) cleared_.emplace_back(next_seq_++, key);
}

void FailureThrottle::StartSharing() {
  base::MutexLock lock(mu_);
  sharing_ = true;
}

FailureThrottle::Outbox FailureThrottle::Pending() {
  base::MutexLock lock(mu_);
  Outbox out;
  out.upto = next_seq_ - 1;
  for (const auto& [key, pending] : pending_) {
    for (const auto& p : pending) out.failures.emplace_back(key, p.at);
  }
  for (const auto& [seq, key] : cleared_) out.cleared.push_back(key);
  return out;
}

void FailureThrottle::Replace(std::unordered_map<std::string, std::deque<base::Micros>> shared, std::uint64_t upto) {
  base::MutexLock lock(mu_);
  counted_ = std::move(shared);
  for (auto it = pending_.begin(); it != pending_.end();) {
    auto& pending = it->second;
    while (!pending.empty() && pending.front().seq <= upto) pending.pop_front();
    it = pending.empty() ? pending_.erase(it) : std::next(it);
  }
  std::erase_if(cleared_, [&](const auto& c) { return c.first <= upto; });
  // Cleared during the exchange: the database's rows were read before the
  // clear reached it.
  for (const auto& [seq, key] : cleared_) counted_.erase(key);
}

}  // namespace shuzhi::app
