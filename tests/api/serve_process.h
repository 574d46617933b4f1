// A `shuzhi serve` child process, for the tests that run the real binary
// (two servers over one PostgreSQL, the crash harness of tests/faults).
//
// The child runs in its own process group, so that a kill reaches whatever
// it started, and asks the kernel to kill it if the test process dies
// (PR_SET_PDEATHSIG), so that a test ended by a timeout leaves no server
// behind. Its standard output and error are appended to `log`: a server
// restarted on the same data keeps one log. Start from the thread that will
// outlive the child (the kernel ties PR_SET_PDEATHSIG to it): in these tests,
// the main thread.
//
// Not thread-safe: one thread starts, stops and kills a ServeProcess.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace shuzhi::testing {

struct ServeConfig {
  std::string binary;                                    // the shuzhi executable
  std::vector<std::string> args;                         // after "serve", without --listen
  std::uint16_t port = 0;                                // listens on 127.0.0.1:port
  std::string log;                                       // appended to
  std::vector<std::pair<std::string, std::string>> env;  // set in the child
};

class ServeProcess {
 public:
  explicit ServeProcess(ServeConfig config);
  ~ServeProcess();  // kills the child, if running
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Starts the child and returns at once (false if fork failed). A
  // running child is killed first.
  bool Spawn();
  // Waits until /api/v1/health answers 200 or `timeout_ms` passes; false
  // then, or when the child has exited (a server that could not start).
  bool WaitHealthy(int timeout_ms);
  // Spawn and WaitHealthy.
  bool Start(int timeout_ms = 60'000) { return Spawn() && WaitHealthy(timeout_ms); }
  // Whether the child has exited by itself since it was spawned (reaps it;
  // running() is false after).
  bool Exited();
  // SIGKILL to the child's process group, then reaps it.
  void Kill();
  // SIGTERM, then waits for the child to exit (a clean stop); its exit
  // status, or -1 when nothing was running.
  int Stop();

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  std::uint16_t port() const { return config_.port; }
  const std::string& log() const { return config_.log; }

 private:
  ServeConfig config_;
  pid_t pid_ = 0;
};

// A loopback TCP port that nothing is bound to now, below the kernel's
// ephemeral range (0 if none was found).
std::uint16_t FreePort();

}  // namespace shuzhi::testing
