#include "app/users/throttle_sharing.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "base/log.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

// At most this many failures are read back per exchange (a scan from many
// addresses); the newest are the ones dropped, so counts stay low rather
// than high only when under such a flood.
constexpr std::int64_t kMaxRows = 200'000;

}  // namespace

ThrottleSharing::ThrottleSharing(storage::Store& store, const base::Clock& clock,
                                 std::vector<FailureThrottle*> throttles, base::Micros interval)
    : store_(store), clock_(clock), throttles_(std::move(throttles)), interval_(interval) {
  for (auto* t : throttles_) t->StartSharing();
  if (interval_ > 0) thread_ = std::thread([this] { Loop(); });
}

ThrottleSharing::~ThrottleSharing() {
  {
    base::MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void ThrottleSharing::Loop() {
  pthread_setname_np(pthread_self(), "shuzhi-throttle");
  bool failing = false;
  base::UniqueMutexLock lock(mu_);
  for (;;) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(interval_);
    while (!stopping_) {
      if (cv_.wait_until(lock.native(), until) == std::cv_status::timeout) break;
    }
    const bool stopping = stopping_;
    lock.Unlock();
    const base::Status st = Exchange();
    // Said once when it starts failing and once when it works again.
    if (!st.ok() && !failing) base::LogWarn("cannot share the login and code throttles: {}", st.ToString());
    if (st.ok() && failing) base::LogInfo("sharing the login and code throttles again");
    failing = !st.ok();
    if (stopping) return;
    lock.Lock();
  }
}

base::Status ThrottleSharing::Exchange() {
  base::MutexLock exchange(exchange_mu_);
  std::vector<FailureThrottle::Outbox> out;
  out.reserve(throttles_.size());
  for (auto* t : throttles_) out.push_back(t->Pending());
  const base::Micros now = clock_.Now();
  base::Micros longest = 0;
  for (auto* t : throttles_) longest = std::max(longest, t->window());
  std::vector<storage::ThrottleFailure> rows;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> base::Status {
    for (std::size_t i = 0; i < throttles_.size(); ++i) {
      const auto& kind = throttles_[i]->kind();
      for (const auto& key : out[i].cleared) SHUZHI_TRY(tx.throttle().Clear(kind, key));
      std::vector<storage::ThrottleFailure> failures;
      failures.reserve(out[i].failures.size());
      for (const auto& [key, at] : out[i].failures) failures.push_back({kind, key, at});
      SHUZHI_TRY(tx.throttle().Add(failures));
      SHUZHI_TRY(tx.throttle().Prune(kind, now - throttles_[i]->window()));
    }
    SHUZHI_ASSIGN_OR_RETURN(rows, tx.throttle().Since(now - longest, kMaxRows));
    return base::Ok();
  }));
  for (std::size_t i = 0; i < throttles_.size(); ++i) {
    std::unordered_map<std::string, std::deque<base::Micros>> shared;
    for (const auto& r : rows) {
      if (r.kind == throttles_[i]->kind() && r.at > now - throttles_[i]->window()) shared[r.key].push_back(r.at);
    }
    throttles_[i]->Replace(std::move(shared), out[i].upto);
  }
  return base::Ok();
}

}  // namespace shuzhi::app
