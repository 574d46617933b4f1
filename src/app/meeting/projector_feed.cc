#include "app/meeting/projector_feed.h"

#include <pthread.h>

#include <chrono>
#include <utility>
#include <vector>

#include "base/log.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

ProjectorStamp StampOf(const storage::ProjectorStamp& s) { return {s.version, s.voted}; }

}  // namespace

ProjectorFeed::Watch::~Watch() { feed_.Leave(this); }

ProjectorStamp ProjectorFeed::Watch::Stamp() const {
  base::MutexLock lock(feed_.mu_);
  const auto it = feed_.meetings_.find(meeting_id_);
  return it == feed_.meetings_.end() ? ProjectorStamp{} : it->second.stamp;
}

void ProjectorFeed::Watch::OnChange(std::function<void()> wake) {
  base::MutexLock lock(feed_.mu_);
  feed_.meetings_[meeting_id_].wakes[this] = std::move(wake);
}

ProjectorFeed::ProjectorFeed(storage::Store& store, base::Micros interval) : store_(store), interval_(interval) {}

ProjectorFeed::~ProjectorFeed() {
  {
    base::MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

base::Result<std::unique_ptr<ProjectorFeed::Watch>> ProjectorFeed::Start(std::int64_t meeting_id) {
  std::vector<storage::ProjectorStamp> read;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> base::Status {
    SHUZHI_ASSIGN_OR_RETURN(read, tx.meetings().ProjectorStamps({meeting_id}));
    return base::Ok();
  }));
  if (read.empty()) return base::NotFound("meeting.not_found", "no such meeting");
  std::unique_ptr<Watch> watch(new Watch(*this, meeting_id));
  base::MutexLock lock(mu_);
  auto [it, added] = meetings_.try_emplace(meeting_id);
  // A meeting already watched keeps the stamp its watches were last woken
  // for; the next refresh brings it up to date for all of them.
  if (added) it->second.stamp = StampOf(read.front());
  it->second.wakes[watch.get()] = nullptr;
  if (!started_ && interval_ > 0) {
    started_ = true;
    thread_ = std::thread([this] { Loop(); });
  }
  return watch;
}

void ProjectorFeed::Leave(const Watch* w) {
  base::MutexLock lock(mu_);
  const auto it = meetings_.find(w->meeting_id());
  if (it == meetings_.end()) return;
  it->second.wakes.erase(w);
  if (it->second.wakes.empty()) meetings_.erase(it);
}

std::size_t ProjectorFeed::watched() {
  base::MutexLock lock(mu_);
  return meetings_.size();
}

base::Status ProjectorFeed::Refresh() {
  base::MutexLock one(refresh_mu_);
  std::vector<std::int64_t> ids;
  {
    base::MutexLock lock(mu_);
    ids.reserve(meetings_.size());
    for (const auto& [id, m] : meetings_) ids.push_back(id);
  }
  if (ids.empty()) return base::Ok();
  std::vector<storage::ProjectorStamp> read;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> base::Status {
    SHUZHI_ASSIGN_OR_RETURN(read, tx.meetings().ProjectorStamps(ids));
    return base::Ok();
  }));
  std::vector<std::function<void()>> wakes;
  {
    base::MutexLock lock(mu_);
    for (const auto& s : read) {
      const auto it = meetings_.find(s.meeting_id);
      if (it == meetings_.end()) continue;  // no longer watched
      ProjectorStamp stamp = StampOf(s);
      if (stamp == it->second.stamp) continue;
      it->second.stamp = std::move(stamp);
      for (const auto& [w, wake] : it->second.wakes) {
        if (wake) wakes.push_back(wake);
      }
    }
  }
  // Outside the lock: a wake may drop the last reference to a stream,
  // whose watch then leaves the feed.
  for (const auto& wake : wakes) wake();
  return base::Ok();
}

void ProjectorFeed::Loop() {
  pthread_setname_np(pthread_self(), "shuzhi-projector");
  bool failing = false;
  base::UniqueMutexLock lock(mu_);
  while (!stopping_) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(interval_);
    while (!stopping_) {
      if (cv_.wait_until(lock.native(), until) == std::cv_status::timeout) break;
    }
    if (stopping_) return;
    lock.Unlock();
    const base::Status st = Refresh();
    // Said once when it starts failing and once when it works again.
    if (!st.ok() && !failing) base::LogWarn("projectors: cannot read the meetings' state: {}", st.ToString());
    if (st.ok() && failing) base::LogInfo("projectors: reading the meetings' state again");
    failing = !st.ok();
    lock.Lock();
  }
}

}  // namespace shuzhi::app
