// What every benchmark measures the same way: wall time since a moment, and
// the process's peak resident memory.
#pragma once

#include <sys/resource.h>

#include <chrono>

namespace shuzhi::bench {

// Seconds of wall time since `since`, on the steady clock.
inline double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// The peak resident set of this process so far, in MB.
inline long PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

}  // namespace shuzhi::bench
