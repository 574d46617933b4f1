#include "storage/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "base/mutex.h"
#include "storage/sql_repos.h"
#include "storage/sqlite/data_lock.h"

namespace shuzhi::storage {
namespace {

Status TranslateError(sqlite3* db, int rc, std::string_view what) {
  const int ext = sqlite3_extended_errcode(db);
  const std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return base::Conflict("storage.unique_violation", msg);
  }
  if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) return base::FailedPrecondition("storage.foreign_key", msg);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) return base::Unavailable("storage.busy", msg);
  return base::Internal("storage.error", msg);
}

class SqliteConnection final : public SqlConnection {
 public:
  ~SqliteConnection() override {
    for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
    sqlite3_close_v2(db_);
  }

  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, bool create) {
    auto conn = std::unique_ptr<SqliteConnection>(new SqliteConnection());
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (int rc = sqlite3_open_v2(path.c_str(), &conn->db_, flags, nullptr); rc != SQLITE_OK) {
      return base::Unavailable("storage.open_failed", "cannot open " + path + ": " +
                                                          (conn->db_ ? sqlite3_errmsg(conn->db_) : "out of memory"));
    }
    sqlite3_busy_timeout(conn->db_, 10000);
    SHUZHI_TRY(
        conn->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                         "PRAGMA secure_delete=ON;"));
    SHUZHI_TRY(conn->CheckSettings(path));
    return conn;
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  std::optional<std::int64_t> RowsChanged() override { return sqlite3_total_changes64(db_); }

  // For the store's WAL hook and checkpoints, which have no SQL form that
  // reports what they need.
  sqlite3* handle() { return db_; }

  Result<std::vector<SqlRow>> Query(std::string_view sql, const SqlParams& params) override {
    std::vector<SqlRow> rows;
    SHUZHI_TRY(Run(sql, params, &rows));
    return rows;
  }

  Result<std::int64_t> Exec(std::string_view sql, const SqlParams& params) override {
    SHUZHI_TRY(Run(sql, params, nullptr));
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
  }

  Status ExecScript(std::string_view sql) override {
    const std::string s(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      sqlite3_free(err);
      return TranslateError(db_, rc, "script");
    }
    return base::Ok();
  }

 private:
  SqliteConnection() = default;

  // The durability settings DESIGN.md §5 relies on; refuse to run without them.
  Status CheckSettings(const std::string& path) {
    auto one = [&](const char* pragma) -> std::string {
      auto rows = Query(pragma, {});
      return rows.ok() && !rows->empty() ? rows->at(0).Text(0) : std::string("?");
    };
    const std::string journal = one("PRAGMA journal_mode"), sync = one("PRAGMA synchronous"),
                      fk = one("PRAGMA foreign_keys");
    if (journal != "wal" || sync != "2" || fk != "1") {
      return base::FailedPrecondition("storage.unsafe_settings",
                                      path +
                                          ": SQLite did not accept journal_mode=WAL, synchronous=FULL, "
                                          "foreign_keys=ON (got journal_mode=" +
                                          journal + ", synchronous=" + sync + ", foreign_keys=" + fk +
                                          "); use a local file system");
    }
    return base::Ok();
  }

  // A statement prepared once, with where each of its parameters comes
  // from ($N is params[N - 1]).
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<std::size_t> param_index;
  };

  Result<const Prepared*> Prepare(std::string_view sql) {
    // Looked up by the view itself: this runs for every statement, ballots
    // included, and a key string per call would be an allocation each.
    if (auto it = cache_.find(sql); it != cache_.end()) return &it->second;
    Prepared p;
    if (int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &p.stmt,
                                    nullptr);
        rc != SQLITE_OK) {
      return TranslateError(db_, rc, "prepare");
    }
    const int n = sqlite3_bind_parameter_count(p.stmt);
    for (int i = 1; i <= n; ++i) {
      const char* name = sqlite3_bind_parameter_name(p.stmt, i);
      if (name == nullptr || name[0] != '$' || std::atoi(name + 1) < 1) {
        sqlite3_finalize(p.stmt);
        return base::Internal("storage.bad_sql", "parameters must be $N");
      }
      p.param_index.push_back(static_cast<std::size_t>(std::atoi(name + 1)) - 1);
    }
    return &cache_.emplace(std::string(sql), p).first->second;
  }

  Status Run(std::string_view sql, const SqlParams& params, std::vector<SqlRow>* rows) {
    SHUZHI_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql));
    sqlite3_stmt* stmt = prepared->stmt;
    // Reset on every exit so the statement never holds a read lock.
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    for (std::size_t i = 0; i < prepared->param_index.size(); ++i) {
      const std::size_t idx = prepared->param_index[i];
      if (idx >= params.size())
        return base::Internal("storage.bad_sql", "missing parameter $" + std::to_string(idx + 1));
      const int at = static_cast<int>(i) + 1;
      const SqlParam& p = params[idx];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(p)) {
        rc = sqlite3_bind_null(stmt, at);
      } else if (const auto* v = std::get_if<std::int64_t>(&p)) {
        rc = sqlite3_bind_int64(stmt, at, *v);
      } else if (const auto* t = std::get_if<std::string_view>(&p)) {
        rc = sqlite3_bind_text64(stmt, at, t->data(), t->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        const auto& b = std::get<BlobParam>(p).bytes;
        rc = sqlite3_bind_blob64(stmt, at, b.data(), b.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return TranslateError(db_, rc, "bind");
    }
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) return base::Ok();
      if (rc != SQLITE_ROW) return TranslateError(db_, rc, "step");
      if (rows == nullptr) continue;
      const int cols = sqlite3_column_count(stmt);
      std::vector<std::optional<std::string>> cells(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            break;
          case SQLITE_INTEGER:
            cells[c] = std::to_string(sqlite3_column_int64(stmt, c));
            break;
          default: {
            const void* data = sqlite3_column_blob(stmt, c);
            const int len = sqlite3_column_bytes(stmt, c);
            cells[c] = std::string(static_cast<const char*>(data ? data : ""), static_cast<std::size_t>(len));
          }
        }
      }
      rows->emplace_back(std::move(cells));
    }
  }

  // Hashes and compares std::string and std::string_view alike, so that the
  // cache is searched without building a key.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> cache_;
};

// The checkpoint thread copies again while more frames than this are left for the writer's
// catch-up (1 MB: a few milliseconds with its fsync), at most kCheckpointPasses times in a row.
constexpr int kCatchUpFrames = 256;
constexpr int kCheckpointPasses = 8;

class SqliteStore final : public Store {
 public:
  SqliteStore(DataLock lock, std::unique_ptr<SqliteConnection> writer,
              std::vector<std::unique_ptr<SqliteConnection>> readers, std::unique_ptr<SqliteConnection> checkpointer,
              int version, std::string wal_path, int checkpoint_frames)
      : lock_(std::move(lock)),
        writer_(std::move(writer)),
        readers_(std::move(readers)),
        checkpoint_frames_(checkpoint_frames),
        restart_frames_(checkpoint_frames * kWalRestartCheckpoints),
        checkpointer_(std::move(checkpointer)),
        version_(version),
        wal_path_(std::move(wal_path)),
        grouped_(
            std::in_place,
            [this](const std::function<Status(SqlConnection&)>& batch) {
              base::MutexLock lock(write_mu_);
              CatchUpCheckpoint();
              // A grouped batch commits without its own fsync; SyncWal
              // makes it durable before any of its callers is told.
              // Every other write keeps synchronous=FULL.
              SHUZHI_TRY(writer_->ExecScript("PRAGMA synchronous=NORMAL"));
              const Status st = batch(*writer_);
              const Status full = writer_->ExecScript("PRAGMA synchronous=FULL");
              return st.ok() ? full : st;
            },
            [this] { return SyncWal(); }) {
    for (auto& r : readers_) free_.push_back(r.get());
    sqlite3_wal_hook(writer_->handle(), &SqliteStore::AfterCommit, this);
    checkpoint_thread_ = std::thread([this] { CheckpointLoop(); });
  }

  ~SqliteStore() override {
    grouped_.reset();  // runs and reports what is queued, while the rest is still here
    {
      base::MutexLock lock(checkpoint_mu_);
      checkpoint_stopping_ = true;
    }
    checkpoint_cv_.notify_one();
    checkpoint_thread_.join();
    if (wal_fd_ >= 0) ::close(wal_fd_);
  }

  Status Write(const std::function<Status(Tx&)>& fn) override {
    base::MutexLock lock(write_mu_);
    CatchUpCheckpoint();
    return RunTransaction(*writer_, true, fn);
  }

  void WriteGrouped(std::function<Status(Tx&)> fn, std::function<void(Status)> done, std::int64_t lock_order) override {
    grouped_->Submit(std::move(fn), std::move(done), lock_order);
  }

  Status Checkpoint() override {
    base::MutexLock lock(write_mu_);
    // After a checkpoint of the thread's that may be running: SQLite would
    // answer a second one at the same time with SQLITE_BUSY at once.
    std::lock_guard run(checkpoint_run_mu_);
    // Readers holding an old snapshot make TRUNCATE return SQLITE_BUSY with
    // a partial checkpoint; report that rather than pretend.
    SHUZHI_ASSIGN_OR_RETURN(auto rows, writer_->Query("PRAGMA wal_checkpoint(TRUNCATE)", {}));
    if (!rows.empty() && rows[0].Int(0) != 0) return base::Unavailable("storage.busy", "checkpoint incomplete");
    return base::Ok();
  }

  Status Read(const std::function<Status(Tx&)>& fn) override {
    SqliteConnection* conn;
    {
      base::UniqueMutexLock lock(pool_mu_);
      while (free_.empty()) pool_cv_.wait(lock.native());
      conn = free_.back();
      free_.pop_back();
    }
    Status st = RunTransaction(*conn, false, fn);
    {
      base::MutexLock lock(pool_mu_);
      free_.push_back(conn);
    }
    pool_cv_.notify_one();
    return st;
  }

  const char* backend() const override { return "sqlite"; }
  int schema_version() const override { return version_; }

 private:
  static Status SyncDirectory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return base::Unavailable("storage.sync_failed", "cannot open the data folder " + dir);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0)
      return base::Unavailable("storage.sync_failed",
                               std::string("cannot sync the data folder: ") + std::strerror(err));
    return base::Ok();
  }

  // fdatasync of the WAL file: everything committed before the call is
  // durable when it returns ok. The file is opened once and again if it was
  // ever replaced (SQLite keeps it while connections are open, but a sync
  // of a stale file would silently protect nothing).
  Status SyncWal() {
    base::MutexLock lock(wal_mu_);
    struct stat now {};
    if (::stat(wal_path_.c_str(), &now) != 0) {
      return base::Unavailable("storage.sync_failed", "cannot find the WAL file " + wal_path_);
    }
    if (wal_fd_ < 0 || now.st_ino != wal_ino_) {
      if (wal_fd_ >= 0) ::close(wal_fd_);
      wal_fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (wal_fd_ < 0) return base::Unavailable("storage.sync_failed", "cannot open the WAL file " + wal_path_);
      // A WAL file new since the last sync has a name only a directory
      // sync makes durable. SQLite makes that sync with its sync of a new
      // WAL's header, before the first grouped commit; the grouped commits
      // never have SQLite sync, so this does not rest on that (a power cut
      // could otherwise take the whole file, acknowledged ballots and all).
      SHUZHI_TRY(SyncDirectory(std::filesystem::path(wal_path_).parent_path().string()));
      wal_ino_ = now.st_ino;
    }
    if (::fdatasync(wal_fd_) != 0) {
      return base::Unavailable("storage.sync_failed", std::string("cannot sync the WAL: ") + std::strerror(errno));
    }
    return base::Ok();
  }

  // SQLite calls this on the writer after every commit with the number of
  // frames now in the WAL (it replaces SQLite's own automatic checkpoint).
  // The trigger counts frames written since the last checkpoint, not the
  // file's size: a WAL file keeps its size when SQLite starts it again from
  // the beginning, so once large it would make checkpoints run back to
  // back, each copying the pages of the last few batches again.
  static int AfterCommit(void* self, sqlite3*, const char*, int frames) {
    auto* store = static_cast<SqliteStore*>(self);
    store->wal_frames_.store(frames, std::memory_order_relaxed);
    const int copied = store->checkpointed_frames_.load(std::memory_order_relaxed);
    const int pending = frames >= copied ? frames - copied : frames;  // fewer: the WAL was started again
    if (pending > store->checkpoint_frames_ && !store->checkpoint_asked_.exchange(true)) {
      {
        base::MutexLock lock(store->checkpoint_mu_);
        store->checkpoint_wanted_ = true;
      }
      store->checkpoint_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  // The writer does not checkpoint (its WAL hook is AfterCommit): copying
  // the WAL into the database, with its two fsyncs, would stop the ballots
  // queued behind it. This thread does it on its own connection instead,
  // beside the writer (PASSIVE: it never waits for the writer or readers),
  // when checkpoint_frames_ have been written since the last one, and once a
  // second for other writes. Copying less often copies less: a page written
  // by many batches in between is copied once.
  void CheckpointLoop() {
    pthread_setname_np(pthread_self(), "shuzhi-checkpt");
    base::UniqueMutexLock lock(checkpoint_mu_);
    while (!checkpoint_stopping_) {
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      while (!checkpoint_stopping_ && !checkpoint_wanted_) {
        if (checkpoint_cv_.wait_until(lock.native(), until) == std::cv_status::timeout) break;
      }
      if (checkpoint_stopping_) break;
      checkpoint_wanted_ = false;
      lock.Unlock();
      {
        std::lock_guard run(checkpoint_run_mu_);
        // Whatever it copies is a gain; on failure the next one tries again. Once the WAL holds
        // restart_frames_, the writer's catch-up (below) copies what is left with the writer
        // stopped; the batches add frames while this copies, and with a large poll's random
        // pages that left it 16,000 frames to copy (100–200 ms, with every ballot queued behind
        // it: the stored-ballots p99 of issue 17). So the thread first copies again while more
        // than kCatchUpFrames are left; each pass is shorter than the one before.
        for (int pass = 0; pass < kCheckpointPasses; ++pass) {
          int log = 0, copied = 0;
          if (sqlite3_wal_checkpoint_v2(checkpointer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) !=
              SQLITE_OK) {
            break;
          }
          checkpointed_frames_.store(copied, std::memory_order_relaxed);
          if (log < restart_frames_) break;
          if (wal_frames_.load(std::memory_order_relaxed) - copied <= kCatchUpFrames) break;
        }
        if (checkpointed_frames_.load(std::memory_order_relaxed) >= restart_frames_) catch_up_.store(true);
      }
      checkpoint_asked_.store(false);
      lock.Lock();
    }
  }

  // SQLite starts the WAL again from the beginning only when a write begins
  // with every frame already copied. Under a steady stream of batches this
  // thread never gets there (frames are added while it copies), and the WAL
  // would grow without end; so once it holds restart_frames_, the writer
  // copies the few frames left after the thread's passes (those of the
  // batches committed meanwhile) before its next batch.
  void CatchUpCheckpoint() SHUZHI_REQUIRES(write_mu_) {
    if (!catch_up_.load()) return;
    // Never waits: while the thread's checkpoint runs, the next batch tries.
    std::unique_lock run(checkpoint_run_mu_, std::try_to_lock);
    if (!run.owns_lock()) return;
    catch_up_.store(false);
    int log = 0, copied = 0;
    if (sqlite3_wal_checkpoint_v2(writer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) == SQLITE_OK) {
      checkpointed_frames_.store(copied, std::memory_order_relaxed);
    }
  }

  // Declared first, so released last: after every connection has closed.
  DataLock lock_;
  base::Mutex write_mu_;
  std::unique_ptr<SqliteConnection> writer_ SHUZHI_GUARDED_BY(write_mu_);
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  base::Mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<SqliteConnection*> free_ SHUZHI_GUARDED_BY(pool_mu_);
  const int checkpoint_frames_;
  const int restart_frames_;  // the WAL's length at which the writer catches up so that it starts again
  std::unique_ptr<SqliteConnection> checkpointer_;  // used by checkpoint_thread_ only
  std::atomic<int> checkpointed_frames_{0};         // the WAL's frames the last checkpoint copied
  std::atomic<int> wal_frames_{0};                  // the WAL's frames after the writer's last commit
  std::atomic<bool> checkpoint_asked_{false};       // by AfterCommit, until the checkpoint has run
  // Held while a checkpoint runs (the thread's, the writer's catch-up, or
  // Checkpoint's); taken after write_mu_ where both are.
  std::mutex checkpoint_run_mu_;
  std::atomic<bool> catch_up_{false};  // the checkpoint left frames: CatchUpCheckpoint
  base::Mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ SHUZHI_GUARDED_BY(checkpoint_mu_) = false;
  bool checkpoint_stopping_ SHUZHI_GUARDED_BY(checkpoint_mu_) = false;
  std::thread checkpoint_thread_;
  const int version_;
  const std::string wal_path_;
  base::Mutex wal_mu_;
  int wal_fd_ SHUZHI_GUARDED_BY(wal_mu_) = -1;
  ino_t wal_ino_ SHUZHI_GUARDED_BY(wal_mu_) = 0;
  std::optional<GroupCommitter> grouped_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& data_dir, int readers, bool create_if_missing,
                                               int checkpoint_frames) {
  std::error_code ec;
  if (!create_if_missing && !std::filesystem::exists(std::filesystem::path(data_dir) / "shuzhi.db")) {
    return base::NotFound("storage.no_database", "no shuzhi database in " + data_dir + " (check --data)");
  }
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return base::Unavailable("storage.open_failed", "cannot create " + data_dir + ": " + ec.message());
  // Held from before the first connection opens until after the last closes.
  SHUZHI_ASSIGN_OR_RETURN(auto lock, DataLock::Shared(data_dir));
  const std::string path = (std::filesystem::path(data_dir) / "shuzhi.db").string();
  SHUZHI_ASSIGN_OR_RETURN(auto writer, SqliteConnection::Open(path, true));
  int version = 0;
  SHUZHI_TRY(writer->ExecScript("BEGIN IMMEDIATE"));
  auto migrated = Migrate(*writer);
  if (!migrated.ok()) {
    (void)writer->ExecScript("ROLLBACK");
    return migrated.status();
  }
  version = *migrated;
  SHUZHI_TRY(writer->ExecScript("COMMIT"));
  // Checkpoints run on their own connection (SqliteStore::CheckpointLoop,
  // asked for by the writer's WAL hook, which replaces SQLite's automatic
  // checkpoint). The one writer keeps a 64 MB page cache: carriers and spends are found
  // by random keys, and a page it keeps is not read again for the next
  // ballot that lands on it.
  // journal_size_limit: SQLite starts a checkpointed WAL again from the
  // beginning and keeps the file; beyond 64 MB it is cut back, so that one
  // large import does not leave a gigabyte of WAL behind.
  SHUZHI_TRY(writer->ExecScript("PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864"));
  std::vector<std::unique_ptr<SqliteConnection>> pool;
  for (int i = 0; i < std::max(1, readers); ++i) {
    SHUZHI_ASSIGN_OR_RETURN(auto r, SqliteConnection::Open(path, false));
    pool.push_back(std::move(r));
  }
  SHUZHI_ASSIGN_OR_RETURN(auto checkpointer, SqliteConnection::Open(path, false));
  return std::unique_ptr<Store>(new SqliteStore(std::move(lock), std::move(writer), std::move(pool),
                                                std::move(checkpointer), version, path + "-wal", checkpoint_frames));
}

}  // namespace shuzhi::storage
