#include "base/background.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace shuzhi::base {
namespace {

TEST(BackgroundJobsTest, SynchronousRunsBeforeReturning) {
  BackgroundJobs jobs;
  jobs.set_synchronous(true);
  int ran = 0;
  jobs.Run([&] { ++ran; });
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(jobs.running(), 0);
}

TEST(BackgroundJobsTest, RunReturnsWhileTheJobWaits) {
  std::promise<void> release;
  std::shared_future<void> go = release.get_future().share();
  std::atomic<int> done{0};
  {
    BackgroundJobs jobs;
    jobs.Run([go, &done] {
      go.wait();
      ++done;
    });
    // Run returned although the job cannot finish yet.
    EXPECT_EQ(jobs.running(), 1);
    EXPECT_EQ(done.load(), 0);
    release.set_value();
  }  // the destructor waited for the job
  EXPECT_EQ(done.load(), 1);
}

TEST(BackgroundJobsTest, DestructorWaitsForEveryJob) {
  std::atomic<int> done{0};
  {
    BackgroundJobs jobs;
    for (int i = 0; i < 8; ++i) {
      jobs.Run([&done] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ++done;
      });
    }
  }
  EXPECT_EQ(done.load(), 8);
}

}  // namespace
}  // namespace shuzhi::base
