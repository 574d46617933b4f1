// Counts failures per key (a login name, a client address, a wrong carrier
// code's address) and locks a key that failed too often within a window.
// Only failures count, so valid requests are never limited: 30 phones behind
// one hall router share an address (DESIGN.md §5).
//
// In memory, and never waiting for anything: the carrier-code throttle is
// asked on network threads and on the store's commit thread. On its own a
// throttle counts for its process. Several servers over one PostgreSQL
// database share their counts through ThrottleSharing
// (throttle_sharing.h), which, about once a second and on a thread of its
// own, writes each throttle's new failures and clears to the database and
// reads back every server's failures of the window: a shared throttle then
// counts what the database held at the last exchange plus what it recorded
// since. So the servers enforce one limit, give or take what arrives within
// one exchange.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/mutex.h"

namespace shuzhi::app {

class FailureThrottle {
 public:
  // `kind` names the throttle's rows in the database when shared.
  FailureThrottle(const base::Clock& clock, base::Micros window, std::string kind = "")
      : clock_(clock), window_(window), kind_(std::move(kind)) {}

  // Seconds until `key` may try again (0: it may now), given `limit`
  // failures allowed within the window.
  std::int64_t RetryAfterSeconds(const std::string& key, int limit);
  void RecordFailure(const std::string& key);
  // Forgets the key's failures (on every server, when shared).
  void Clear(const std::string& key);

  // For ThrottleSharing. What to send: the failures and clears recorded
  // since the last exchange; `upto` marks them for Replace.
  struct Outbox {
    std::vector<std::pair<std::string, base::Micros>> failures;
    std::vector<std::string> cleared;
    std::uint64_t upto = 0;
  };
  // Turns sharing on (before the first failure): from now on failures and
  // clears wait in an outbox until an exchange has written them.
  void StartSharing();
  // Failures and clears not yet written; they keep counting meanwhile.
  Outbox Pending();
  // After `outbox` was written: the database's failures of every server
  // replace the counts; what was recorded during the exchange stays pending
  // (a key cleared meanwhile stays cleared).
  void Replace(std::unordered_map<std::string, std::deque<base::Micros>> shared, std::uint64_t upto);
  const std::string& kind() const { return kind_; }
  base::Micros window() const { return window_; }

 private:
  struct Unsent {
    std::uint64_t seq;
    base::Micros at;
  };
  void Prune(std::deque<base::Micros>& times, base::Micros now) const;
  void Prune(std::deque<Unsent>& pending, base::Micros now) const;

  const base::Clock& clock_;
  const base::Micros window_;
  const std::string kind_;
  base::Mutex mu_;
  // The failures counted: this process's (not shared), or the database's
  // at the last exchange (shared).
  std::unordered_map<std::string, std::deque<base::Micros>> counted_ SHUZHI_GUARDED_BY(mu_);
  bool sharing_ SHUZHI_GUARDED_BY(mu_) = false;
  // Shared only: recorded here, not yet in counted_, by sequence number.
  std::unordered_map<std::string, std::deque<Unsent>> pending_ SHUZHI_GUARDED_BY(mu_);
  std::vector<std::pair<std::uint64_t, std::string>> cleared_ SHUZHI_GUARDED_BY(mu_);
  std::uint64_t next_seq_ SHUZHI_GUARDED_BY(mu_) = 1;
};

}  // namespace shuzhi::app
