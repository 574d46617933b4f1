// Long jobs (an import's steps, an archive's build) run on threads of their
// own so that the request that started them returns at once; the owner
// keeps one BackgroundJobs, declared after everything the jobs touch, whose
// destructor waits for the jobs still running.
#pragma once

#include <condition_variable>
#include <functional>

#include "base/mutex.h"

namespace shuzhi::base {

// Thread-safe.
class BackgroundJobs {
 public:
  BackgroundJobs() = default;
  ~BackgroundJobs();  // waits for every job started
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  // Starts `work` on a new thread, or runs it before returning when
  // synchronous (tests, benchmarks).
  void Run(std::function<void()> work);
  void set_synchronous(bool v) { synchronous_ = v; }
  // Jobs started and not yet finished.
  int running();

 private:
  bool synchronous_ = false;
  Mutex mu_;
  std::condition_variable idle_;
  int running_ SHUZHI_GUARDED_BY(mu_) = 0;
};

}  // namespace shuzhi::base
