// Shares the throttles' counts (throttle.h) between the servers of one
// database: the failed logins per name and per address, the wrong carrier
// codes per address, the public opinion submissions per address. Without
// it each server counted alone, so N servers allowed N times each limit
// and a restart forgot the counts.
//
// A thread of its own exchanges every `interval` (one second in
// production): in one write transaction it applies each throttle's new
// clears (a login that succeeded), adds its new failures, prunes the rows
// older than the throttle's window, and reads back every server's failures
// of the window, which then replace the throttle's counts. The throttles
// never wait for the database: requests (and the ballots' network and
// commit threads) only ever touch their memory. When the database is
// unreachable the failures wait and go with the next exchange that works.
//
// The App starts one with PostgreSQL (AppOptions::share_throttles). The
// throttles must outlive it. Thread-safe.
#pragma once

#include <condition_variable>
#include <thread>
#include <vector>

#include "app/users/throttle.h"
#include "base/clock.h"
#include "base/mutex.h"
#include "base/status.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

class ThrottleSharing {
 public:
  // Turns sharing on in each throttle and starts the thread; a zero
  // interval starts none (tests call Exchange themselves).
  ThrottleSharing(storage::Store& store, const base::Clock& clock, std::vector<FailureThrottle*> throttles,
                  base::Micros interval);
  ~ThrottleSharing();  // one last exchange, then the thread stops
  ThrottleSharing(const ThrottleSharing&) = delete;
  ThrottleSharing& operator=(const ThrottleSharing&) = delete;

  // One exchange; the store's error when it failed (nothing is lost: the
  // next one sends it again).
  base::Status Exchange();

 private:
  void Loop();

  storage::Store& store_;
  const base::Clock& clock_;
  const std::vector<FailureThrottle*> throttles_;
  const base::Micros interval_;
  base::Mutex exchange_mu_;  // one exchange at a time (the thread's, the last one, a test's)
  base::Mutex mu_;
  std::condition_variable cv_;
  bool stopping_ SHUZHI_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: starts once the rest is set up
};

}  // namespace shuzhi::app
