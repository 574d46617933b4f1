#include "storage/sqlite/data_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

namespace shuzhi::storage {
namespace {

// Opened read-only (flock needs no more) and readable by all: the file
// holds nothing, and a backup run as root that makes it first must not
// leave the service account unable to open it.
base::Result<int> OpenLockFile(const std::string& data_dir) {
  const std::string path = (std::filesystem::path(data_dir) / kDataLockFile).string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return base::Unavailable("storage.open_failed", "cannot open the lock file " + path + ": " + std::strerror(errno));
  }
  (void)::fchmod(fd, 0644);  // the umask took the read bits; fails harmlessly when another user made it
  return fd;
}

}  // namespace

base::Result<DataLock> DataLock::Shared(const std::string& data_dir, int wait_ms) {
  SHUZHI_ASSIGN_OR_RETURN(const int fd, OpenLockFile(data_dir));
  DataLock lock(fd);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  while (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      return base::Unavailable("storage.open_failed",
                               std::string("cannot lock ") + data_dir + ": " + std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return base::Unavailable("storage.locked",
                               data_dir + " is being restored (shuzhi restore); try again when it is done");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return lock;
}

base::Result<DataLock> DataLock::Exclusive(const std::string& data_dir) {
  SHUZHI_ASSIGN_OR_RETURN(const int fd, OpenLockFile(data_dir));
  DataLock lock(fd);
  int rc;
  do {
    rc = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0 && errno == EWOULDBLOCK) {
    return base::FailedPrecondition("restore.in_use",
                                    data_dir + " is in use: a shuzhi server or command has its database open");
  }
  if (rc != 0) {
    return base::Unavailable("storage.open_failed",
                             std::string("cannot lock ") + data_dir + ": " + std::strerror(errno));
  }
  return lock;
}

DataLock& DataLock::operator=(DataLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DataLock::~DataLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the file drops its lock
}

}  // namespace shuzhi::storage
