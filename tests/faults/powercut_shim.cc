// The power-cut harness's shim (issue 15 §2), loaded into `shuzhi serve`
// with LD_PRELOAD. It keeps, for every write to a file under
// SHUZHI_POWERCUT_DIR, an undo record in the log SHUZHI_POWERCUT_LOG (the
// bytes the write replaced, and the file's size before it), and notes
// every fsync/fdatasync when it returns. After the server is killed,
// power_cut.h reads the log and undoes what no sync had made durable: the
// files go back to what a disk would hold after losing its power at that
// moment (power_cut.h says which losses it draws).
//
// Keeping the undo bytes on disk, not the unsynced writes in the server's
// memory, is the same model turned around: the process reads its own
// writes as the kernel's page cache would give them, and nothing of its
// reads needs intercepting.
//
// With SHUZHI_POWERCUT_NO_SYNC=1, fsync and fdatasync return success and do
// nothing: the control run, which must lose acknowledged ballots.
//
// Hand-written: no Debian package interposes on these calls for this
// purpose (libeatmydata only turns syncs off; it keeps no undo).
//
// Log record: the fixed header below, then `path_len` bytes of the file's
// path, then `data_len` bytes of old contents. One write(2) per record,
// made before the write it guards, under one lock with it, so that the
// log's order is the order of the writes; a record cut short by the kill
// belongs to a write that never began.
//
// Not covered: mmap'ed writes (SQLite's -shm file, which it rebuilds after
// a crash, is not tracked), writev/pwritev, rename and unlink (durable at
// once in this model), O_APPEND writes racing with other processes.
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "power_cut_log.h"

namespace {

using shuzhi::faults::powercut::RecordHeader;
using shuzhi::faults::powercut::RecordType;

using OpenFn = int (*)(const char*, int, ...);
using OpenatFn = int (*)(int, const char*, int, ...);
using WriteFn = ssize_t (*)(int, const void*, size_t);
using PwriteFn = ssize_t (*)(int, const void*, size_t, off_t);
using FdFn = int (*)(int);
using TruncFn = int (*)(int, off_t);

struct Real {
  OpenFn open = nullptr, open64 = nullptr;
  OpenatFn openat = nullptr, openat64 = nullptr;
  WriteFn write = nullptr;
  PwriteFn pwrite = nullptr, pwrite64 = nullptr;
  FdFn fsync = nullptr, fdatasync = nullptr, close = nullptr;
  TruncFn ftruncate = nullptr, ftruncate64 = nullptr;
};

template <typename F>
F Next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

const Real& real() {
  static const Real r = [] {
    Real x;
    x.open = Next<OpenFn>("open");
    x.open64 = Next<OpenFn>("open64");
    x.openat = Next<OpenatFn>("openat");
    x.openat64 = Next<OpenatFn>("openat64");
    x.write = Next<WriteFn>("write");
    x.pwrite = Next<PwriteFn>("pwrite");
    x.pwrite64 = Next<PwriteFn>("pwrite64");
    x.fsync = Next<FdFn>("fsync");
    x.fdatasync = Next<FdFn>("fdatasync");
    x.close = Next<FdFn>("close");
    x.ftruncate = Next<TruncFn>("ftruncate");
    x.ftruncate64 = Next<TruncFn>("ftruncate64");
    return x;
  }();
  return r;
}

// Which descriptors name a tracked file: a lock-free test for the common
// case (sockets, logs) and, under the lock, the path.
constexpr int kMaxFd = 1 << 16;
std::atomic<bool> g_tracked_fd[kMaxFd];

struct State {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  std::string dir;  // with a trailing '/'
  int log_fd = -1;
  bool no_sync = false;
  std::uint64_t records = 0;                   // written to the log so far
  std::unordered_map<int, std::string> paths;  // tracked fd → absolute path
};

State& state() {
  static State* s = [] {
    auto* st = new State;  // never freed: used until the process ends
    const char* dir = std::getenv("SHUZHI_POWERCUT_DIR");
    const char* log = std::getenv("SHUZHI_POWERCUT_LOG");
    if (dir && *dir && log && *log) {
      char resolved[PATH_MAX];
      st->dir = std::string(realpath(dir, resolved) ? resolved : dir) + "/";
      st->log_fd = real().open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    }
    const char* no_sync = std::getenv("SHUZHI_POWERCUT_NO_SYNC");
    st->no_sync = no_sync && std::strcmp(no_sync, "1") == 0;
    return st;
  }();
  return *s;
}

struct Lock {
  explicit Lock(State& s) : s_(s) { pthread_mutex_lock(&s_.mu); }
  ~Lock() { pthread_mutex_unlock(&s_.mu); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;
  State& s_;
};

bool Tracked(int fd) { return fd >= 0 && fd < kMaxFd && g_tracked_fd[fd].load(std::memory_order_acquire); }

// Appends one record; the caller holds the lock.
void Append(State& s, RecordType type, const std::string& path, std::uint64_t a, std::uint64_t b, std::uint64_t c,
            const std::string& data) {
  RecordHeader h{};
  h.magic = shuzhi::faults::powercut::kMagic;
  h.type = static_cast<std::uint32_t>(type);
  h.path_len = static_cast<std::uint32_t>(path.size());
  h.a = a;
  h.b = b;
  h.c = c;
  h.data_len = data.size();
  std::string rec(reinterpret_cast<const char*>(&h), sizeof h);
  rec += path;
  rec += data;
  std::size_t done = 0;
  while (done < rec.size()) {
    const ssize_t n = real().write(s.log_fd, rec.data() + done, rec.size() - done);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      std::abort();  // a harness that cannot keep its log must not pretend
    }
    done += static_cast<std::size_t>(n);
  }
  ++s.records;
}

std::string FdPath(int fd) {
  char link[64], target[PATH_MAX];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string();
}

bool Ends(const std::string& s, const char* suffix) {
  const std::size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// After a successful open: tracks the descriptor when it names a regular
// file under the directory (the -shm file aside), and notes a file this
// open created.
void Opened(int fd, bool existed) {
  State& s = state();
  if (fd < 0 || fd >= kMaxFd || s.log_fd < 0) return;
  const std::string path = FdPath(fd);
  struct stat st {};
  if (path.rfind(s.dir, 0) != 0 || Ends(path, "-shm") || fstat(fd, &st) != 0) return;
  Lock lock(s);
  if (!existed) Append(s, RecordType::kCreate, path, s.records, 0, 0, "");
  if (!S_ISREG(st.st_mode)) return;  // a directory, opened to be synced
  s.paths[fd] = path;
  g_tracked_fd[fd].store(true, std::memory_order_release);
}

bool Exists(int dirfd, const char* path) {
  struct stat st {};
  return fstatat(dirfd, path, &st, 0) == 0;
}

// The bytes [offset, offset + len) as they are before a write, and the
// file's size.
std::string OldBytes(int fd, const std::string& path, std::uint64_t offset, std::uint64_t len, std::uint64_t* size) {
  struct stat st {};
  if (fstat(fd, &st) != 0) std::abort();
  *size = static_cast<std::uint64_t>(st.st_size);
  if (offset >= *size) return "";
  std::string out(std::min<std::uint64_t>(len, *size - offset), '\0');
  int rfd = fd;
  if ((fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY) rfd = real().open(path.c_str(), O_RDONLY | O_CLOEXEC);
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = pread(rfd, out.data() + got, out.size() - got, static_cast<off_t>(offset + got));
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (rfd != fd) real().close(rfd);
  out.resize(got);
  return out;
}

template <typename Do>
ssize_t GuardedWrite(int fd, std::uint64_t offset, std::size_t len, Do write) {
  State& s = state();
  Lock lock(s);
  auto it = s.paths.find(fd);
  if (it == s.paths.end()) return write();
  std::uint64_t size = 0;
  const std::string old = OldBytes(fd, it->second, offset, len, &size);
  Append(s, RecordType::kWrite, it->second, offset, len, size, old);
  return write();
}

int GuardedSync(int fd, FdFn sync) {
  State& s = state();
  if (s.log_fd < 0) return sync(fd);
  std::string path;
  bool is_dir = false;
  std::uint64_t covered = 0;
  {
    Lock lock(s);
    auto it = s.paths.find(fd);
    if (it != s.paths.end()) {
      path = it->second;
    } else {
      path = FdPath(fd);
      struct stat st {};
      is_dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && (path + "/").rfind(s.dir, 0) == 0;
      if (!is_dir) path.clear();
    }
    covered = s.records;
  }
  if (path.empty()) return sync(fd);
  if (s.no_sync) return 0;
  const int rc = sync(fd);
  if (rc != 0) return rc;
  Lock lock(s);
  Append(s, is_dir ? RecordType::kDirSync : RecordType::kSync, path, covered, 0, 0, "");
  return 0;
}

int GuardedTruncate(int fd, off_t length, TruncFn truncate) {
  State& s = state();
  if (!Tracked(fd)) return truncate(fd, length);
  Lock lock(s);
  auto it = s.paths.find(fd);
  if (it == s.paths.end()) return truncate(fd, length);
  std::uint64_t size = 0;
  const auto len = static_cast<std::uint64_t>(length);
  const std::string old = OldBytes(fd, it->second, len, UINT64_MAX, &size);
  Append(s, RecordType::kTruncate, it->second, len, 0, size, old);
  return truncate(fd, length);
}

mode_t ModeArg(int flags, va_list ap) {
  return (flags & (O_CREAT | O_TMPFILE)) != 0 ? static_cast<mode_t>(va_arg(ap, int)) : 0;
}

int DoOpen(OpenFn fn, const char* path, int flags, mode_t mode) {
  const bool existed = (flags & O_CREAT) == 0 || Exists(AT_FDCWD, path);
  const int fd = fn(path, flags, mode);
  if (fd >= 0) Opened(fd, existed);
  return fd;
}

int DoOpenat(OpenatFn fn, int dirfd, const char* path, int flags, mode_t mode) {
  const bool existed = (flags & O_CREAT) == 0 || Exists(dirfd, path);
  const int fd = fn(dirfd, path, flags, mode);
  if (fd >= 0) Opened(fd, existed);
  return fd;
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return DoOpen(real().open, path, flags, mode);
}

int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return DoOpen(real().open64, path, flags, mode);
}

int openat(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return DoOpenat(real().openat, dirfd, path, flags, mode);
}

int openat64(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = ModeArg(flags, ap);
  va_end(ap);
  return DoOpenat(real().openat64, dirfd, path, flags, mode);
}

ssize_t write(int fd, const void* buf, size_t len) {
  if (!Tracked(fd)) return real().write(fd, buf, len);
  const off_t at = (fcntl(fd, F_GETFL) & O_APPEND) != 0 ? lseek(fd, 0, SEEK_END) : lseek(fd, 0, SEEK_CUR);
  return GuardedWrite(fd, static_cast<std::uint64_t>(at), len, [&] { return real().write(fd, buf, len); });
}

ssize_t pwrite(int fd, const void* buf, size_t len, off_t offset) {
  if (!Tracked(fd)) return real().pwrite(fd, buf, len, offset);
  return GuardedWrite(fd, static_cast<std::uint64_t>(offset), len, [&] { return real().pwrite(fd, buf, len, offset); });
}

ssize_t pwrite64(int fd, const void* buf, size_t len, off_t offset) {
  if (!Tracked(fd)) return real().pwrite64(fd, buf, len, offset);
  return GuardedWrite(fd, static_cast<std::uint64_t>(offset), len,
                      [&] { return real().pwrite64(fd, buf, len, offset); });
}

int ftruncate(int fd, off_t length) { return GuardedTruncate(fd, length, real().ftruncate); }
int ftruncate64(int fd, off_t length) { return GuardedTruncate(fd, length, real().ftruncate64); }
int fsync(int fd) { return GuardedSync(fd, real().fsync); }
int fdatasync(int fd) { return GuardedSync(fd, real().fdatasync); }

int close(int fd) {
  if (Tracked(fd)) {
    State& s = state();
    Lock lock(s);
    s.paths.erase(fd);
    g_tracked_fd[fd].store(false, std::memory_order_release);
  }
  return real().close(fd);
}

}  // extern "C"
