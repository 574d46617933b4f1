// Backup and restore of the SQLite database (`shuzhi backup`, `shuzhi
// restore`), the two operations that handle the database as a file.
//
// A backup is SQLite's online backup of the live database into a new file
// beside the destination, made self-contained (no WAL), synced, and renamed
// over the destination: a backup file is the previous one or the new one,
// never half of one. The copy is made in one step, inside one read
// transaction of the source, so it is the database as of one commit: every
// ballot acknowledged before the backup began is in it (a ballot is
// acknowledged only once committed), and no ballot is in it without its
// carrier's spend (they commit together). Writers do not wait for it: in WAL
// mode a reader blocks no writer.
//
// A restore changes nothing until the backup has been copied into the data
// folder and checked there: it opens as a database, passes PRAGMA
// integrity_check, and has a schema this build understands. It runs under
// the folder's exclusive lock (data_lock.h), so never under a running server.
// The database it replaces is first made self-contained (its WAL folded in)
// and kept under another name; the checked copy then takes the database's
// name with one rename, so a crash leaves the old database or the new one.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "storage/sqlite/data_lock.h"
#include "storage/store.h"

namespace shuzhi::storage {
namespace {

namespace fs = std::filesystem;

// An open database, closed when it goes.
struct Db {
  sqlite3* p = nullptr;
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() { sqlite3_close_v2(p); }
};

// The first column of each row of `sql`; `rc` gets the last result code.
std::vector<std::string> Column(sqlite3* db, const char* sql, int* rc) {
  std::vector<std::string> out;
  sqlite3_stmt* st = nullptr;
  *rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  while (*rc == SQLITE_OK || *rc == SQLITE_ROW) {
    *rc = sqlite3_step(st);
    if (*rc != SQLITE_ROW) break;
    const auto* v = sqlite3_column_text(st, 0);
    out.emplace_back(v ? reinterpret_cast<const char*>(v) : "");
  }
  sqlite3_finalize(st);
  if (*rc == SQLITE_DONE) *rc = SQLITE_OK;
  return out;
}

// fsync of a file or a folder (after a rename, the folder's entry).
Status Sync(const std::string& path, bool folder) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
  if (fd < 0) return base::Unavailable("storage.sync_failed", "cannot open " + path + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return base::Unavailable("storage.sync_failed", "cannot sync " + path + ": " + std::strerror(err));
  return base::Ok();
}

std::string Folder(const std::string& file) {
  const auto parent = fs::path(file).parent_path();
  return parent.empty() ? "." : parent.string();
}

// `shuzhi backup`'s copy into `tmp`, made self-contained.
Status CopyLive(const std::string& path, const std::string& tmp) {
  Db src, dst;
  if (sqlite3_open_v2(path.c_str(), &src.p, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    return base::Unavailable("backup.open_failed", "cannot open " + path);
  }
  sqlite3_busy_timeout(src.p, 10000);
  if (sqlite3_open_v2(tmp.c_str(), &dst.p, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    return base::Unavailable("backup.open_failed", "cannot create " + tmp);
  }
  sqlite3_backup* b = sqlite3_backup_init(dst.p, "main", src.p, "main");
  if (b == nullptr) return base::Internal("backup.failed", sqlite3_errmsg(dst.p));
  // One step copies everything inside one read transaction: a consistent
  // snapshot even while a server keeps writing.
  int rc;
  do {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return base::Internal("backup.failed", sqlite3_errmsg(dst.p));
  // The copy carries the source's WAL mark, which would make every reader
  // of the file create a WAL beside it; as a file of its own it needs none.
  const auto mode = Column(dst.p, "PRAGMA journal_mode=DELETE", &rc);
  if (rc != SQLITE_OK || mode.empty() || mode[0] != "delete") {
    return base::Internal("backup.failed",
                          "cannot take the copy out of WAL mode: " + std::string(sqlite3_errmsg(dst.p)));
  }
  return base::Ok();
}

}  // namespace

Status BackupSqlite(const std::string& data_dir, const std::string& dest) {
  const std::string path = (fs::path(data_dir) / "shuzhi.db").string();
  if (!fs::exists(path)) return base::NotFound("backup.no_database", "no database at " + path);
  // A restore must not swap the database while it is copied.
  SHUZHI_ASSIGN_OR_RETURN(auto lock, DataLock::Shared(data_dir));
  const std::string tmp = dest + ".partial";
  std::error_code ec;
  fs::remove(tmp, ec);
  Status st = CopyLive(path, tmp);
  if (st.ok()) st = Sync(tmp, false);
  if (st.ok() && std::rename(tmp.c_str(), dest.c_str()) != 0) {
    st = base::Unavailable("backup.failed", "cannot rename " + tmp + " to " + dest + ": " + std::strerror(errno));
  }
  if (!st.ok()) {
    fs::remove(tmp, ec);
    return st;
  }
  return Sync(Folder(dest), true);
}

namespace {

// Checks the copy of a backup at `staged` and takes it out of WAL mode;
// returns its schema version.
Result<int> CheckStaged(const std::string& staged, const std::string& backup) {
  Db db;
  if (sqlite3_open_v2(staged.c_str(), &db.p, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    return base::FailedPrecondition("restore.not_a_backup", backup + " cannot be opened as a database");
  }
  int rc = SQLITE_OK;
  const auto problems = Column(db.p, "PRAGMA integrity_check", &rc);
  if (rc == SQLITE_NOTADB) return base::FailedPrecondition("restore.not_a_backup", backup + " is not a database");
  if (rc != SQLITE_OK || problems.empty() || problems[0] != "ok") {
    std::string detail = rc != SQLITE_OK ? sqlite3_errmsg(db.p) : problems.empty() ? "no answer" : problems[0];
    if (problems.size() > 1) detail += " (and " + std::to_string(problems.size() - 1) + " more)";
    return base::FailedPrecondition("restore.damaged", backup + " fails PRAGMA integrity_check: " + detail);
  }
  const auto version = Column(db.p, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &rc);
  const int v = rc == SQLITE_OK && !version.empty() ? std::atoi(version[0].c_str()) : 0;
  if (v <= 0) return base::FailedPrecondition("restore.not_a_backup", backup + " is not a shuzhi database");
  if (v > LatestSchemaVersion()) {
    return base::FailedPrecondition("storage.schema_too_new", backup + " has schema version " + std::to_string(v) +
                                                                  ", newer than this shuzhi understands (" +
                                                                  std::to_string(LatestSchemaVersion()) + ")");
  }
  const auto mode = Column(db.p, "PRAGMA journal_mode=DELETE", &rc);
  if (rc != SQLITE_OK || mode.empty() || mode[0] != "delete") {
    return base::Internal("restore.failed",
                          "cannot take the copy out of WAL mode: " + std::string(sqlite3_errmsg(db.p)));
  }
  return v;
}

// Copies the backup to `staged` in the data folder, checks it there and
// syncs it; returns its schema version. Removes `staged` on failure.
Result<int> Stage(const std::string& backup, const std::string& staged) {
  std::error_code ec;
  if (!fs::is_regular_file(backup, ec)) return base::NotFound("restore.no_backup", "cannot read " + backup);
  // A live database copied with its WAL is not a backup: the WAL may hold
  // commits the file does not (`shuzhi backup` makes files without one).
  if (fs::exists(backup + "-wal", ec) && fs::file_size(backup + "-wal", ec) > 0) {
    return base::FailedPrecondition("restore.live_copy",
                                    backup + " has a WAL file beside it: it is a live database, not a backup");
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(staged + suffix, ec);
  fs::copy_file(backup, staged, fs::copy_options::overwrite_existing, ec);
  if (ec) return base::Unavailable("restore.failed", "cannot copy " + backup + ": " + ec.message());
  auto version = CheckStaged(staged, backup);
  Status st = version.ok() ? Sync(staged, false) : version.status();
  if (!st.ok()) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(staged + suffix, ec);
    return st;
  }
  return version;
}

// Folds the old database's WAL into it, so that the file alone is the whole
// database; failed_precondition "restore.in_use" when another process (one
// that does not take the folder's lock: the sqlite3 shell, an older shuzhi)
// has it open. A file that cannot be settled (it is damaged) is left as it
// is, and its WAL is kept beside it by SetAside.
Status Settle(const std::string& db_path) {
  Db db;
  if (sqlite3_open_v2(db_path.c_str(), &db.p, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return base::Ok();
  int rc = SQLITE_OK;
  const auto mode = Column(db.p, "PRAGMA journal_mode=DELETE", &rc);
  const bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
  if (busy || (rc == SQLITE_OK && !mode.empty() && mode[0] == "wal")) {
    return base::FailedPrecondition("restore.in_use", db_path + " is open in another process");
  }
  return base::Ok();
}

std::string AsideName(const std::string& db_path) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  std::string name = db_path + ".before-restore-" + stamp;
  std::error_code ec;
  for (int n = 2; fs::exists(name, ec); ++n) name = db_path + ".before-restore-" + stamp + "-" + std::to_string(n);
  return name;
}

// Keeps the database at `db_path` (and any journal of it) under another
// name, as hard links, and takes its journals and shared-memory index away
// from the name the restored file is about to take: a WAL left beside it
// would be applied to the restored file. Returns the other name.
Result<std::string> SetAside(const std::string& db_path) {
  SHUZHI_TRY(Settle(db_path));
  const std::string aside = AsideName(db_path);
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-journal"}) {
    const std::string from = db_path + suffix;
    if (!fs::exists(from, ec)) continue;
    const std::string to = aside + suffix;
    if (::link(from.c_str(), to.c_str()) != 0) {
      const int err = errno;
      std::string why = "cannot keep " + from;
      why.append(" as ").append(to).append(": ").append(std::strerror(err));
      return base::Unavailable("restore.failed", why);
    }
    if (*suffix != '\0') fs::remove(from, ec);
  }
  fs::remove(db_path + "-shm", ec);
  return aside;
}

}  // namespace

Result<RestoreReport> RestoreSqlite(const std::string& backup, const std::string& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return base::Unavailable("restore.failed", "cannot create " + data_dir + ": " + ec.message());
  SHUZHI_ASSIGN_OR_RETURN(auto lock, DataLock::Exclusive(data_dir));
  const std::string db_path = (fs::path(data_dir) / "shuzhi.db").string();
  const std::string staged = db_path + ".restoring";
  RestoreReport report;
  SHUZHI_ASSIGN_OR_RETURN(report.schema_version, Stage(backup, staged));
  // Run by root for a service account: the database belongs to the folder's owner.
  struct stat folder {};
  if (::geteuid() == 0 && ::stat(data_dir.c_str(), &folder) == 0)
    (void)::chown(staged.c_str(), folder.st_uid, folder.st_gid);
  if (fs::exists(db_path, ec)) {
    auto aside = SetAside(db_path);
    if (!aside.ok()) {
      fs::remove(staged, ec);
      return aside.status();
    }
    report.replaced = *aside;
  }
  if (std::rename(staged.c_str(), db_path.c_str()) != 0) {
    return base::Unavailable("restore.failed", "cannot rename " + staged + ": " + std::strerror(errno));
  }
  SHUZHI_TRY(Sync(data_dir, true));
  return report;
}

}  // namespace shuzhi::storage
