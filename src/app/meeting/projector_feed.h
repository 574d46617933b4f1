// Tells the projectors' event streams when what they show has changed,
// without each stream asking the database.
//
// Every projector watching a meeting holds a Watch. One thread of the feed
// reads, every `interval` (100 ms in production) while anything is watched,
// the stamps of all watched meetings in a few statements
// (MeetingRepo::ProjectorStamps: the meeting's version and each poll's count),
// and wakes the watches of each meeting whose stamp changed. The database is
// where every server's ballots and console actions meet, so a projector on
// one server sees what another acknowledged within about one interval; and
// the cost is one read per interval for the whole server, however many
// streams are open (they used to read the database twice a second each,
// which with 10,000 streams kept a core busy doing nothing).
//
// A wake is a plain callback, called on the feed's thread without the
// feed's lock: it must not block (the server posts to the stream's
// connection). Thread-safe; watches must not outlive the feed.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/mutex.h"
#include "base/status.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

// What changes whenever the projector's view may: the meeting's version,
// and each poll's count of ballots (which a ballot changes without touching
// the version), in the projector's order.
struct ProjectorStamp {
  std::int64_t version = -1;                                 // -1: not read
  std::vector<std::pair<std::int64_t, std::int64_t>> voted;  // (poll id, ballots)
  bool operator==(const ProjectorStamp&) const = default;
};

class ProjectorFeed {
 public:
  class Watch {
   public:
    ~Watch();  // leaves the feed
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

    std::int64_t meeting_id() const { return meeting_id_; }
    // The meeting's stamp as last read: it differs from an earlier one
    // exactly when the projector's view may have changed.
    ProjectorStamp Stamp() const;
    // Called each time the stamp changes from now on (replacing any
    // callback set before).
    void OnChange(std::function<void()> wake);

   private:
    friend class ProjectorFeed;
    Watch(ProjectorFeed& feed, std::int64_t meeting_id) : feed_(feed), meeting_id_(meeting_id) {}
    ProjectorFeed& feed_;
    const std::int64_t meeting_id_;
  };

  // A zero interval starts no thread: Refresh is then called by hand (tests).
  ProjectorFeed(storage::Store& store, base::Micros interval);
  ~ProjectorFeed();
  ProjectorFeed(const ProjectorFeed&) = delete;
  ProjectorFeed& operator=(const ProjectorFeed&) = delete;

  // Starts watching meeting `meeting_id` (which exists); its stamp is read
  // before this returns, and the feed's thread starts with the first watch.
  base::Result<std::unique_ptr<Watch>> Start(std::int64_t meeting_id);

  // Reads every watched meeting's stamp and wakes the watches of those that
  // changed; the store's error when the read failed (the next one tries
  // again).
  base::Status Refresh();

  // Meetings watched now (for tests).
  std::size_t watched();

 private:
  struct Meeting {
    ProjectorStamp stamp;
    std::map<const Watch*, std::function<void()>> wakes;
  };
  void Leave(const Watch* w);
  void Loop();

  storage::Store& store_;
  const base::Micros interval_;
  base::Mutex refresh_mu_;  // one Refresh at a time
  base::Mutex mu_;
  std::condition_variable cv_;
  std::map<std::int64_t, Meeting> meetings_ SHUZHI_GUARDED_BY(mu_);
  bool stopping_ SHUZHI_GUARDED_BY(mu_) = false;
  bool started_ SHUZHI_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace shuzhi::app
