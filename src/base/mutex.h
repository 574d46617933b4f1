// A mutex the compiler can reason about. Under clang, members marked
// SHUZHI_GUARDED_BY(mu) may only be touched while `mu` is held, and
// -Wthread-safety reports any access that is not (the lint step and
// tests/thread_safety check it); under gcc, which builds the server, the
// annotations are empty and Mutex is std::mutex with nothing added.
//
// Waiting on a condition variable takes a UniqueMutexLock, whose native()
// is the std::unique_lock the std::condition_variable wants; write the wait
// as a loop in the function itself rather than with a predicate lambda,
// which the analysis sees as a function holding nothing:
//
//   base::UniqueMutexLock lock(mu_);
//   while (queue_.empty()) cv_.wait(lock.native());
#pragma once

#include <mutex>

#if defined(__clang__)
#define SHUZHI_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define SHUZHI_THREAD_ANNOTATION(x)
#endif

#define SHUZHI_CAPABILITY(x) SHUZHI_THREAD_ANNOTATION(capability(x))
#define SHUZHI_SCOPED_CAPABILITY SHUZHI_THREAD_ANNOTATION(scoped_lockable)
#define SHUZHI_GUARDED_BY(x) SHUZHI_THREAD_ANNOTATION(guarded_by(x))
#define SHUZHI_PT_GUARDED_BY(x) SHUZHI_THREAD_ANNOTATION(pt_guarded_by(x))
#define SHUZHI_REQUIRES(...) SHUZHI_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define SHUZHI_ACQUIRE(...) SHUZHI_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define SHUZHI_RELEASE(...) SHUZHI_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define SHUZHI_TRY_ACQUIRE(...) SHUZHI_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define SHUZHI_ASSERT_CAPABILITY(x) SHUZHI_THREAD_ANNOTATION(assert_capability(x))
#define SHUZHI_EXCLUDES(...) SHUZHI_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

namespace shuzhi::base {

class SHUZHI_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() SHUZHI_ACQUIRE() { mu_.lock(); }
  void unlock() SHUZHI_RELEASE() { mu_.unlock(); }
  bool try_lock() SHUZHI_TRY_ACQUIRE(true) { return mu_.try_lock(); }
  // For UniqueMutexLock.
  std::mutex& native() { return mu_; }

 private:
  std::mutex mu_;
};

// std::lock_guard for a Mutex, visible to the analysis.
class SHUZHI_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) SHUZHI_ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~MutexLock() SHUZHI_RELEASE() { mu_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mu_;
};

// std::unique_lock for a Mutex: may be released and taken again, and lends
// its std::unique_lock to a condition variable's wait (which gives the mutex
// up and has it again when it returns, so the analysis' view holds).
class SHUZHI_SCOPED_CAPABILITY UniqueMutexLock {
 public:
  explicit UniqueMutexLock(Mutex& mu) SHUZHI_ACQUIRE(mu) : lock_(mu.native()) {}
  ~UniqueMutexLock() SHUZHI_RELEASE() = default;
  UniqueMutexLock(const UniqueMutexLock&) = delete;
  UniqueMutexLock& operator=(const UniqueMutexLock&) = delete;

  void Unlock() SHUZHI_RELEASE() { lock_.unlock(); }
  void Lock() SHUZHI_ACQUIRE() { lock_.lock(); }
  std::unique_lock<std::mutex>& native() { return lock_; }

 private:
  std::unique_lock<std::mutex> lock_;
};

}  // namespace shuzhi::base
