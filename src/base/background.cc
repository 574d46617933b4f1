#include "base/background.h"

#include <thread>

namespace shuzhi::base {

BackgroundJobs::~BackgroundJobs() {
  UniqueMutexLock lock(mu_);
  while (running_ != 0) idle_.wait(lock.native());
}

void BackgroundJobs::Run(std::function<void()> work) {
  if (synchronous_) {
    work();
    return;
  }
  {
    MutexLock lock(mu_);
    ++running_;
  }
  // One thread per job: jobs are rare and each is long, so a pool would add
  // nothing. The destructor waits for them.
  std::thread([this, work = std::move(work)]() {
    work();
    MutexLock lock(mu_);
    --running_;
    idle_.notify_all();
  }).detach();
}

int BackgroundJobs::running() {
  MutexLock lock(mu_);
  return running_;
}

}  // namespace shuzhi::base
