#include "app/users/throttle.h"

namespace shuzhi::app {

// Bounds memory when many distinct keys fail (a scan from many addresses).
constexpr std::size_t kMaxKeys = 100'000;

void FailureThrottle::Prune(std::deque<base::Micros>& times, base::Micros now) const {
  while (!times.empty() && times.front() <= now - window_) times.pop_front();
}

std::int64_t FailureThrottle::RetryAfterSeconds(const std::string& key, int limit) {
  base::MutexLock lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  const base::Micros now = clock_.Now();
  Prune(it->second, now);
  if (static_cast<int>(it->second.size()) < limit) return 0;
  // Locked until enough of the failures have left the window.
  const base::Micros until = it->second[it->second.size() - static_cast<std::size_t>(limit)] + window_;
  return (until - now + base::kMicrosPerSecond - 1) / base::kMicrosPerSecond;
}

void FailureThrottle::RecordFailure(const std::string& key) {
  base::MutexLock lock(mu_);
  const base::Micros now = clock_.Now();
  if (failures_.size() >= kMaxKeys) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& times = failures_[key];
  Prune(times, now);
  times.push_back(now);
}

void FailureThrottle::Clear(const std::string& key) {
  base::MutexLock lock(mu_);
  failures_.erase(key);
}

}  // namespace shuzhi::app
