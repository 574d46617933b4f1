// Counts failures per key (a login name, a client address, later a ballot
// credential attempt) and locks a key that failed too often within a window.
// Only failures count, so valid requests are never limited: 30 phones behind
// one hall router share an address (DESIGN.md §5).
//
// In-memory and per process; thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/clock.h"
#include "base/mutex.h"

namespace shuzhi::app {

class FailureThrottle {
 public:
  FailureThrottle(const base::Clock& clock, base::Micros window) : clock_(clock), window_(window) {}

  // Seconds until `key` may try again (0: it may now), given `limit`
  // failures allowed within the window.
  std::int64_t RetryAfterSeconds(const std::string& key, int limit);
  void RecordFailure(const std::string& key);
  void Clear(const std::string& key);

 private:
  void Prune(std::deque<base::Micros>& times, base::Micros now) const;

  const base::Clock& clock_;
  const base::Micros window_;
  base::Mutex mu_;
  std::unordered_map<std::string, std::deque<base::Micros>> failures_ SHUZHI_GUARDED_BY(mu_);
};

}  // namespace shuzhi::app
