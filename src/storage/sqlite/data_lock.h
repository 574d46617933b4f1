// The lock on a SQLite data folder: DATA/shuzhi.lock, an empty file locked
// with flock(2). Every process that opens the folder's database through
// shuzhi (the server, the command-line tools, a backup) holds a shared lock
// on it for as long as the database is open; `shuzhi restore` takes it
// exclusively, so that it never replaces a database under a running server,
// and no server opens the database halfway through a restore.
//
// Why a lock file and not SQLite's own locks: SQLite's POSIX locks are an
// implementation detail of its VFS and are taken and dropped as connections
// come and go; a flock is held for the whole life of the store and belongs to
// the open file, so the kernel drops it when the process ends however it
// ends — a kill -9 leaves no stale lock and nothing to clean up. The
// descriptor is close-on-exec: a child that a test or the server forks does
// not inherit it.
//
// Not thread-safe; a DataLock is owned by one store or one command.
#pragma once

#include <string>

#include "base/status.h"

namespace shuzhi::storage {

inline constexpr const char* kDataLockFile = "shuzhi.lock";

class DataLock {
 public:
  // Takes the shared lock (creating the lock file), waiting up to `wait_ms`
  // while a restore holds the exclusive one. Unavailable "storage.locked"
  // when the wait runs out, "storage.open_failed" when the lock file cannot
  // be made.
  static base::Result<DataLock> Shared(const std::string& data_dir, int wait_ms = 30'000);
  // Takes the exclusive lock without waiting. Failed_precondition
  // "restore.in_use" when any other holder (a server, a command) has it.
  static base::Result<DataLock> Exclusive(const std::string& data_dir);

  DataLock(DataLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataLock& operator=(DataLock&& other) noexcept;
  DataLock(const DataLock&) = delete;
  DataLock& operator=(const DataLock&) = delete;
  ~DataLock();

 private:
  explicit DataLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace shuzhi::storage
