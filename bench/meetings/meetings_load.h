// The many-meetings benchmark's load (issue 17): projectors on server-sent
// events and phones casting, in one epoll loop of one thread, so that every
// moment it records (a ballot's acknowledgement, a projector's count) is on
// the same clock and the load costs the server's two cores as little as it
// can.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace shuzhi::bench {

// What `meetings_bench prepare` writes and `run` reads: the meetings'
// projector tokens, and every ballot with the meeting it is for, in the
// random order they are cast.
struct MeetingsPlan {
  struct Ballot {
    std::size_t meeting = 0;  // index into tokens
    std::string body;         // the JSON ballot
  };
  std::vector<std::string> tokens;
  std::vector<Ballot> ballots;
};
void WritePlan(const MeetingsPlan& plan, const std::string& path);
MeetingsPlan ReadPlan(const std::string& path);

struct CastFigures {
  double per_second = 0, p50_ms = 0, p99_ms = 0;
  std::size_t errors = 0;
  std::string first_error;
  // From a ballot's acknowledgement to the first state event of its
  // meeting's projector (a state or a count event) whose count includes it (0 when the count was
  // there before the reply reached the phone).
  double lag_p50_ms = 0, lag_p99_ms = 0, lag_max_ms = 0;
  std::size_t unseen = 0;  // ballots no projector event ever counted
  std::size_t events = 0;  // state and count events the projectors received while casting
};

// Thread-compatible; one thread drives it.
class MeetingsLoad {
 public:
  explicit MeetingsLoad(MeetingsPlan plan);
  ~MeetingsLoad();
  MeetingsLoad(const MeetingsLoad&) = delete;
  MeetingsLoad& operator=(const MeetingsLoad&) = delete;

  // Opens `count` event streams on `port`, the i-th on meeting i modulo the
  // number of meetings, and returns the seconds until each had its first
  // state event. The first of each meeting is the one the lag is read from.
  double OpenProjectors(std::uint16_t port, std::size_t count);
  std::size_t projectors() const { return projectors_.size(); }

  // Casts every ballot of the plan over `connections` keep-alive
  // connections (connection c to ports[c % ports.size()]), reading the
  // projectors meanwhile, and waits up to `settle` after the last reply
  // for the projectors to show every ballot.
  CastFigures Cast(const std::vector<std::uint16_t>& ports, int connections, std::chrono::milliseconds settle);

  // Reads the projectors for `how_long` (keep-alive comments and any state
  // they send) so that none is seen as dead; returns the state events.
  std::size_t Idle(std::chrono::milliseconds how_long);

 private:
  struct Projector {
    int fd = -1;
    std::size_t meeting = 0;
    bool first = false;  // the meeting's first projector: its counts are the ones recorded
    bool head = false;   // the reply's head has been read
    bool stated = false;
    std::string in;
  };
  struct Phone {
    int fd = -1;
    std::size_t next = 0;
    std::chrono::steady_clock::time_point sent;
    std::string in;
  };
  void OnProjector(Projector& p);
  bool OnPhone(Phone& ph, std::size_t& finished, CastFigures& f);

  MeetingsPlan plan_;
  int epoll_ = -1;
  std::vector<Projector> projectors_;
  std::vector<Phone> phones_;
  std::vector<std::vector<std::chrono::steady_clock::time_point>> acks_;  // per meeting, in order
  // Per meeting: when its first projector first showed each count.
  std::vector<std::vector<std::pair<std::chrono::steady_clock::time_point, std::int64_t>>> seen_;
  std::vector<std::int64_t> counted_;  // per meeting: the last count its first projector showed
  std::size_t events_ = 0, first_states_ = 0;
};

// The resident memory (VmRSS) of process `pid` in MB, and its open file
// descriptors.
double ResidentMb(pid_t pid);
std::size_t OpenFds(pid_t pid);

}  // namespace shuzhi::bench
