// The storage interface: a Store runs transactions; inside one, a Tx hands
// out the repositories. Use cases in src/app see only this header; SQL lives
// behind it (STYLE.md §7), once, for both backends (sql_repos.cc).
//
// Thread-safety: a Store is safe for concurrent use; each call to Write or
// Read runs on the calling thread with a connection of its own. A Tx and its
// repositories are valid only inside the callback they were passed to and
// must not be shared between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/status.h"
#include "core/audit_chain.h"
#include "core/roles.h"
#include "storage/archive_repo.h"
#include "storage/assessment_repo.h"
#include "storage/campaign_repo.h"
#include "storage/feedback_repo.h"
#include "storage/import_job_repo.h"
#include "storage/measure_repo.h"
#include "storage/meeting_repo.h"
#include "storage/opinion_repo.h"
#include "storage/registry_repo.h"
#include "storage/report_repo.h"
#include "storage/throttle_repo.h"
#include "storage/workbench_repo.h"

namespace shuzhi::storage {

using base::Micros;
using base::Result;
using base::Status;

struct UserRecord {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;  // argon2id encoded string
  bool disabled = false;
  bool must_change_password = false;
  Micros created_at = 0;
  std::optional<Micros> last_login_at;
  std::optional<Micros> previous_login_at;  // the login before the last one
  std::vector<core::RoleGrant> roles;
};

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  // Inserts the user and its roles; returns the new id, or conflict
  // "user.username_taken" when the username exists.
  virtual Result<std::int64_t> Insert(const UserRecord& user) = 0;
  virtual Result<std::optional<UserRecord>> FindById(std::int64_t id) = 0;
  virtual Result<std::optional<UserRecord>> FindByUsername(std::string_view username) = 0;
  // Users whose username or display name contains `q` (all when empty), by id.
  virtual Result<std::vector<UserRecord>> Search(std::string_view q) = 0;
  // Writes every column but id, username and created_at; not_found if absent.
  virtual Status Update(const UserRecord& user) = 0;
  virtual Status ReplaceRoles(std::int64_t user_id, const std::vector<core::RoleGrant>& roles) = 0;
  virtual Result<std::int64_t> Count() = 0;
};

struct SessionRecord {
  base::Bytes id_hash;  // keyed hash of the session id; the id itself is never stored
  std::int64_t user_id = 0;
  std::string csrf_token;
  Micros created_at = 0;
  Micros last_seen_at = 0;
};

class SessionRepo {
 public:
  virtual ~SessionRepo() = default;
  virtual Status Insert(const SessionRecord& s) = 0;
  virtual Result<std::optional<SessionRecord>> Find(std::string_view id_hash) = 0;
  virtual Status Touch(std::string_view id_hash, Micros at) = 0;
  virtual Status Delete(std::string_view id_hash) = 0;
  virtual Status DeleteForUser(std::int64_t user_id) = 0;
  // Removes sessions idle since before `idle_before` or created before `created_before`.
  virtual Result<std::int64_t> DeleteExpired(Micros idle_before, Micros created_before) = 0;
};

using core::AuditFilter;  // core/audit_chain.h

class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  // Locks the head for this transaction and returns it; concurrent writers
  // (other processes too) wait until this transaction ends.
  virtual Result<core::AuditHead> LockHead() = 0;
  // Inserts `entry` and moves the head to (entry.seq, entry.hash).
  virtual Status Append(const core::AuditEntry& entry) = 0;
  virtual Result<core::AuditHead> Head() = 0;
  // Newest first.
  virtual Result<std::vector<core::AuditEntry>> Page(const AuditFilter& filter, std::int64_t offset,
                                                     std::int64_t limit) = 0;
  virtual Result<std::int64_t> Count(const AuditFilter& filter) = 0;
  // Every actor named in the log, once each, in name order.
  virtual Result<std::vector<std::string>> Actors() = 0;
  // Oldest first, for verification.
  virtual Result<std::vector<core::AuditEntry>> All() = 0;
};

class Tx {
 public:
  virtual ~Tx() = default;
  virtual UserRepo& users() = 0;
  virtual SessionRepo& sessions() = 0;
  virtual AuditRepo& audit() = 0;
  virtual RegistryRepo& registry() = 0;
  virtual CampaignRepo& campaigns() = 0;
  virtual ReportRepo& reports() = 0;
  virtual OpinionRepo& opinions() = 0;
  virtual FeedbackRepo& feedback() = 0;
  virtual MeasureRepo& measures() = 0;
  virtual MeetingRepo& meetings() = 0;
  virtual AssessmentRepo& assessment() = 0;
  virtual BallotRepo& ballots() = 0;
  virtual ArchiveRepo& archives() = 0;
  virtual ThrottleRepo& throttle() = 0;
  virtual ImportJobRepo& import_jobs() = 0;
  virtual WorkbenchRepo& workbench() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs `fn` in one write transaction, committed iff `fn` returns ok; when
  // Write returns ok the commit is durable. Errors from `fn` pass through.
  virtual Status Write(const std::function<Status(Tx&)>& fn) = 0;
  // Group commit: runs `fn` in a write transaction shared with other
  // WriteGrouped calls queued at the same moment, then calls `done` with the
  // outcome once that transaction is durable. `fn`'s changes are kept iff it
  // returns ok (a failing `fn` loses only its own changes) and the shared
  // commit succeeds; otherwise `done` gets `fn`'s error, or the commit's.
  // Many small writes (ballots) then share one fsync. Returns at once: `fn`
  // and `done` run later on the store's commit thread, so they own what they
  // capture, and `done` must not block or write to the store. `fn` must not
  // read its own state back later (another fn in the batch may run between),
  // may run more than once (when another fn of its batch fails after
  // changing rows, the batch runs again), so it must not act outside `tx`,
  // and changes rows only (INSERT, UPDATE, DELETE; no schema changes).
  // Its MeetingRepo::AddVoted calls are applied together, once per batch,
  // just before the commit.
  // The functions of a batch run in ascending `lock_order` (those with the
  // same keep their order). A ballot passes its poll's id, so that every
  // batch takes its locks in one global order: batches committed side by
  // side (several committers, several servers on one PostgreSQL) then never
  // deadlock. On PostgreSQL a batch also holds a shared lock on each poll
  // its functions name (PollLocks), taken before they run: a change to one
  // of those polls (MeetingRepo::FindPollForUpdate, UpdatePoll) waits for
  // the batch's commit, and a batch that starts after such a change sees it.
  virtual void WriteGrouped(std::function<Status(Tx&)> fn, std::function<void(Status)> done,
                            std::int64_t lock_order = 0) = 0;
  // Runs `fn` in a read transaction (a consistent snapshot).
  virtual Status Read(const std::function<Status(Tx&)>& fn) = 0;
  // SQLite: copies the WAL into the database and truncates it to zero bytes,
  // so that page images of erased rows (a poll's arrival order) do not stay
  // in the WAL file. PostgreSQL: nothing to do.
  virtual Status Checkpoint() = 0;
  virtual const char* backend() const = 0;  // "sqlite" or "postgresql"
  virtual int schema_version() const = 0;
};

struct StoreOptions {
  std::string data_dir;  // SQLite: the database is data_dir/shuzhi.db
  std::string db_url;    // PostgreSQL: postgresql://… ; takes precedence when set
  int pool_size = 4;
  // SQLite: create the database when data_dir holds none. Commands that only
  // read or change an existing installation pass false, so that a mistyped
  // --data is an error (not_found "storage.no_database"), not a new database.
  bool create_if_missing = true;
  // SQLite: the WAL's frames (4 KB pages) between two checkpoints; 0 for the
  // default (kDefaultCheckpointFrames, 64 MB). `serve --wal-checkpoint-mb`.
  int checkpoint_frames = 0;
};

// The schema version this build creates and understands.
int LatestSchemaVersion();

// Opens the database, checks its durability settings, refuses a schema newer
// than LatestSchemaVersion() (failed_precondition "storage.schema_too_new"),
// and applies pending migrations.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

// Copies the SQLite database in `data_dir` to `dest` with SQLite's online
// backup, consistent even while a server writes to it: the database as of
// one commit, made after the call began. `dest` is replaced at once when the
// copy is complete and synced (sqlite/sqlite_files.cc).
Status BackupSqlite(const std::string& data_dir, const std::string& dest);

struct RestoreReport {
  int schema_version = 0;  // the backup's
  std::string replaced;    // where the database it replaced is kept; "" when the folder had none
};

// Replaces the SQLite database in `data_dir` (created if missing) with the
// backup at `backup`, after checking a copy of it: failed_precondition
// "restore.in_use" while a server or another command has the folder open,
// "restore.not_a_backup", "restore.damaged" (PRAGMA integrity_check),
// "restore.live_copy" (a WAL file beside it) or "storage.schema_too_new",
// each with nothing changed; not_found "restore.no_backup".
Result<RestoreReport> RestoreSqlite(const std::string& backup, const std::string& data_dir);

}  // namespace shuzhi::storage
