// The server's count of replies deferred and not yet delivered (ballots
// waiting for their group commit), so that Stop can wait for them. Internal
// to server.cc; a header of its own to keep that file short.
#pragma once

#include <chrono>
#include <condition_variable>

#include "base/mutex.h"

namespace shuzhi::http {

// Replies deferred and not yet delivered (ballots waiting for their group
// commit). Stop waits for them: their callbacks run the Api and the
// sessions, which must still exist then.
class InFlight {
 public:
  // False once the server is stopping: the deferred work must not start.
  bool TryAdd() {
    base::MutexLock lock(mu_);
    if (closed_) return false;
    ++n_;
    return true;
  }
  void Close() {
    base::MutexLock lock(mu_);
    closed_ = true;
  }
  void Done() {
    base::MutexLock lock(mu_);
    if (--n_ == 0) idle_.notify_all();
  }
  // False if some were still out when `limit` passed.
  bool WaitIdle(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    base::UniqueMutexLock lock(mu_);
    while (n_ != 0) {
      if (idle_.wait_until(lock.native(), deadline) == std::cv_status::timeout) return n_ == 0;
    }
    return true;
  }

 private:
  base::Mutex mu_;
  std::condition_variable idle_;
  int n_ SHUZHI_GUARDED_BY(mu_) = 0;
  bool closed_ SHUZHI_GUARDED_BY(mu_) = false;
};

}  // namespace shuzhi::http
