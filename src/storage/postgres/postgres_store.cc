#include "storage/postgres/postgres_store.h"

#include <libpq-fe.h>

#include <cctype>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <unordered_map>

#include "base/log.h"
#include "base/mutex.h"
#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

constexpr Oid kByteaOid = 17;
// Committer threads of grouped writes (ballots), each on a pooled
// connection: a batch waits for PostgreSQL's answers, one statement at a
// time, and for its commit's flush, so two batches in flight keep the
// database busy. More writers cost PostgreSQL more CPU per ballot (86, 99,
// 143 us with two, four, eight on this 2-core machine; one alone waits
// idle through each flush): bench/ballots/postgres.sh, docs/design/scaling.md.
constexpr std::size_t kCommitters = 2;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection final : public SqlConnection {
 public:
  ~PgConnection() override { PQfinish(conn_); }

  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url) {
    auto c = std::unique_ptr<PgConnection>(new PgConnection());
    c->conn_ = PQconnectdb(url.c_str());
    if (PQstatus(c->conn_) != CONNECTION_OK) {
      return base::Unavailable("storage.open_failed",
                               std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(c->conn_));
    }
    // PostgreSQL's notices (such as "terminating connection due to
    // administrator command") go to the log, not to standard error; the
    // processor stays with the connection across PQreset.
    PQsetNoticeProcessor(c->conn_, &PgConnection::LogNotice, nullptr);
    // Times are stored as integers; keep server messages in English for logs.
    SHUZHI_TRY(c->ExecScript("SET client_min_messages = warning"));
    return c;
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<std::vector<SqlRow>> Query(std::string_view sql, const SqlParams& params) override {
    SHUZHI_ASSIGN_OR_RETURN(PgResult res, Run(sql, params));
    std::vector<SqlRow> rows;
    const int n = PQntuples(res.get()), cols = PQnfields(res.get());
    rows.reserve(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
      std::vector<std::optional<std::string>> cells(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res.get(), r, c)) continue;
        const char* v = PQgetvalue(res.get(), r, c);
        if (PQftype(res.get(), c) == kByteaOid) {
          size_t len = 0;
          unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &len);
          cells[c] = std::string(reinterpret_cast<char*>(raw), len);
          PQfreemem(raw);
        } else {
          cells[c] = std::string(v, static_cast<std::size_t>(PQgetlength(res.get(), r, c)));
        }
      }
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  Result<std::int64_t> Exec(std::string_view sql, const SqlParams& params) override {
    SHUZHI_ASSIGN_OR_RETURN(PgResult res, Run(sql, params));
    const char* n = PQcmdTuples(res.get());
    return static_cast<std::int64_t>(n && *n ? std::stoll(n) : 0);
  }

  Status ExecScript(std::string_view sql) override {
    const std::string s(sql);
    PgResult res(PQexec(conn_, s.c_str()));
    return Counted(Check(res.get(), "script"));
  }

  // Rows inserted, updated or deleted, as GroupCommitter::RunBatch reads it
  // to run a batch without a savepoint per job (two round trips a ballot).
  // A failed statement counts as a change too: it aborts the transaction,
  // which only a savepoint or a rollback undoes. A statement beginning WITH
  // whose tag says SELECT counts as one change, since its parts may write:
  // a ballot refused by BallotRepo::CastIfAllowed's statement (a late one
  // for a closed poll) thus makes its batch run again with savepoints, a
  // cost paid only where ballots fail.
  std::optional<std::int64_t> RowsChanged() override { return changed_; }

  // Called before a connection is handed out: a dropped connection is reset.
  bool Healthy() {
    // A connection PostgreSQL closed while it sat in the pool (a restart)
    // says CONNECTION_OK until something reads it: reading what waits lets
    // libpq see it here, so that it is reset now instead of failing the
    // request's first statement with a 503. Twice: one read takes the
    // server's goodbye (logged as a notice), the next finds the end of the
    // stream. libpq's socket never blocks, so on a live connection each is
    // one recv() that finds nothing.
    for (int i = 0; i < 2 && PQstatus(conn_) == CONNECTION_OK; ++i) PQconsumeInput(conn_);
    if (PQstatus(conn_) == CONNECTION_OK) return true;
    PQreset(conn_);
    prepared_.clear();  // a new session has none
    return PQstatus(conn_) == CONNECTION_OK;
  }

  // libpq's latest error on this connection, on one line.
  std::string LastError() const {
    std::string m = PQerrorMessage(conn_);
    for (char& c : m) {
      if (c == '\n') c = ' ';
    }
    while (!m.empty() && m.back() == ' ') m.pop_back();
    return m;
  }

 private:
  PgConnection() = default;

  static void LogNotice(void*, const char* message) {
    std::string m = message ? message : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    base::LogWarn("PostgreSQL: {}", m);
  }

  Status Check(PGresult* res, std::string_view what) {
    const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return base::Ok();
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state ? state : "";
    const std::string msg = std::string(what) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
    if (code == "23505") return base::Conflict("storage.unique_violation", msg);
    if (code == "23503") return base::FailedPrecondition("storage.foreign_key", msg);
    // A connection lost during the statement (PostgreSQL stopped, the
    // network gone) is not contention: the caller may try again either
    // way, but the log and the reply should say which.
    if (code.rfind("08", 0) == 0 || PQstatus(conn_) != CONNECTION_OK) {
      return base::Unavailable("storage.disconnected", msg);
    }
    if (code == "40001" || code == "40P01") return base::Unavailable("storage.busy", msg);
    return base::Internal("storage.error", msg);
  }

  Result<PgResult> Run(std::string_view sql, const SqlParams& params) {
    const std::string s(sql);
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const SqlParam& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p)) {
        values[i] = nullptr;
      } else if (const auto* v = std::get_if<std::int64_t>(&p)) {
        text[i] = std::to_string(*v);
        values[i] = text[i].c_str();
      } else if (const auto* t = std::get_if<std::string_view>(&p)) {
        text[i] = std::string(*t);
        values[i] = text[i].c_str();
      } else {
        const auto& b = std::get<BlobParam>(p).bytes;
        values[i] = b.data();
        lengths[i] = static_cast<int>(b.size());
        formats[i] = 1;  // binary
      }
    }
    SHUZHI_ASSIGN_OR_RETURN(const std::string* name, Prepared(s, static_cast<int>(params.size())));
    const int n = static_cast<int>(params.size());
    PgResult res(name ? PQexecPrepared(conn_, name->c_str(), n, values.data(), lengths.data(), formats.data(), 0)
                      : PQexecParams(conn_, s.c_str(), n, nullptr, values.data(), lengths.data(), formats.data(), 0));
    SHUZHI_TRY(Counted(Check(res.get(), "query")));
    changed_ += ChangedBy(res.get(), s);
    return res;
  }

  Status Counted(Status st) {
    if (!st.ok()) ++changed_;
    return st;
  }

  static std::int64_t ChangedBy(PGresult* res, const std::string& sql) {
    const std::string_view tag = PQcmdStatus(res);
    const bool writes = tag.rfind("INSERT", 0) == 0 || tag.rfind("UPDATE", 0) == 0 || tag.rfind("DELETE", 0) == 0 ||
                        tag.rfind("MERGE", 0) == 0;
    if (!writes) return VerbOf(sql) == "WITH" ? 1 : 0;
    const char* n = PQcmdTuples(res);
    return n && *n ? std::stoll(n) : 0;
  }

  // The first word of `sql`, in capitals.
  static std::string VerbOf(const std::string& sql) {
    std::size_t start = 0;
    while (start < sql.size() && std::isspace(static_cast<unsigned char>(sql[start]))) ++start;
    std::string verb;
    while (start < sql.size() && std::isalpha(static_cast<unsigned char>(sql[start])))
      verb += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[start++])));
    return verb;
  }

  // The name of `sql` prepared on this connection (PQprepare, once per
  // session), or none for a statement that is not a query or once the cache
  // is full (texts built per call, such as a multi-row insert of varying
  // length). Parsing and planning every statement anew was a third of
  // PostgreSQL's CPU per ballot (bench/ballots/postgres.sh).
  Result<const std::string*> Prepared(const std::string& sql, int n_params) {
    constexpr std::size_t kMaxPrepared = 1024;
    if (const auto it = prepared_.find(sql); it != prepared_.end()) return &it->second;
    const std::string verb = VerbOf(sql);
    const bool query = verb == "SELECT" || verb == "INSERT" || verb == "UPDATE" || verb == "DELETE" || verb == "WITH";
    if (!query || prepared_.size() >= kMaxPrepared) return nullptr;
    std::string name = "shuzhi_" + std::to_string(prepared_.size());
    PgResult res(PQprepare(conn_, name.c_str(), sql.c_str(), n_params, nullptr));
    SHUZHI_TRY(Counted(Check(res.get(), "prepare")));
    return &prepared_.emplace(sql, std::move(name)).first->second;
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::int64_t changed_ = 0;                               // see RowsChanged
};

// What the log says of a PostgreSQL outage: one warning when the first
// statement fails for a lost connection, with PostgreSQL's or libpq's
// message, and one line when a statement succeeds again, with how long it
// lasted. Not once per request: a hall's phones retrying make thousands of
// 503s a second, each already in the access log.
class OutageLog {
 public:
  void Note(const Status& st) {
    const bool lost = !st.ok() && st.reason() == "storage.disconnected";
    if (!lost && !st.ok()) return;  // another error says nothing of the connection
    base::MutexLock lock(mu_);
    if (lost && !down_) {
      down_ = true;
      since_ = std::chrono::steady_clock::now();
      base::LogWarn("PostgreSQL unavailable, answering 503 until it is back: {}", st.message());
    } else if (!lost && down_) {
      down_ = false;
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since_).count();
      base::LogWarn("PostgreSQL available again after {} ms", ms);
    }
  }

 private:
  base::Mutex mu_;
  bool down_ SHUZHI_GUARDED_BY(mu_) = false;
  std::chrono::steady_clock::time_point since_ SHUZHI_GUARDED_BY(mu_);
};

class PostgresStore final : public Store {
 public:
  PostgresStore(std::vector<std::unique_ptr<PgConnection>> conns, int version)
      : conns_(std::move(conns)),
        version_(version),
        grouped_(
            [this](const std::function<Status(SqlConnection&)>& batch) {
              return WithConnection([&](PgConnection& c) { return batch(c); });
            },
            nullptr, 512, kCommitters) {
    for (auto& c : conns_) free_.push_back(c.get());
  }

  Status Write(const std::function<Status(Tx&)>& fn) override { return Run(true, fn); }
  void WriteGrouped(std::function<Status(Tx&)> fn, std::function<void(Status)> done, std::int64_t lock_order) override {
    grouped_.Submit(std::move(fn), std::move(done), lock_order);
  }
  Status Checkpoint() override { return base::Ok(); }
  Status Read(const std::function<Status(Tx&)>& fn) override { return Run(false, fn); }
  const char* backend() const override { return "postgresql"; }
  int schema_version() const override { return version_; }

 private:
  Status Run(bool write, const std::function<Status(Tx&)>& fn) {
    return WithConnection([&](PgConnection& c) { return RunTransaction(c, write, fn); });
  }

  Status WithConnection(const std::function<Status(PgConnection&)>& fn) {
    PgConnection* conn;
    {
      base::UniqueMutexLock lock(mu_);
      while (free_.empty()) cv_.wait(lock.native());
      conn = free_.back();
      free_.pop_back();
    }
    Status st = conn->Healthy()
                    ? fn(*conn)
                    : base::Unavailable("storage.disconnected", "lost the PostgreSQL connection: " + conn->LastError());
    outage_.Note(st);
    {
      base::MutexLock lock(mu_);
      free_.push_back(conn);
    }
    cv_.notify_one();
    return st;
  }

  std::vector<std::unique_ptr<PgConnection>> conns_;
  OutageLog outage_;
  base::Mutex mu_;
  std::condition_variable cv_;
  std::vector<PgConnection*> free_ SHUZHI_GUARDED_BY(mu_);
  const int version_;
  GroupCommitter grouped_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, int pool_size) {
  std::vector<std::unique_ptr<PgConnection>> conns;
  for (int i = 0; i < std::max(1, pool_size); ++i) {
    SHUZHI_ASSIGN_OR_RETURN(auto c, PgConnection::Open(url));
    conns.push_back(std::move(c));
  }
  PgConnection& first = *conns.front();
  SHUZHI_ASSIGN_OR_RETURN(auto rows, first.Query("SHOW synchronous_commit", {}));
  const std::string sync = rows.empty() ? "?" : rows[0].Text(0);
  if (sync == "off") {
    return base::FailedPrecondition("storage.unsafe_settings",
                                    "PostgreSQL has synchronous_commit=off; shuzhi needs it on so that an "
                                    "acknowledged ballot is durable");
  }
  SHUZHI_TRY(first.ExecScript("BEGIN"));
  auto migrated = Migrate(first);
  if (!migrated.ok()) {
    (void)first.ExecScript("ROLLBACK");
    return migrated.status();
  }
  SHUZHI_TRY(first.ExecScript("COMMIT"));
  return std::unique_ptr<Store>(new PostgresStore(std::move(conns), *migrated));
}

}  // namespace shuzhi::storage
