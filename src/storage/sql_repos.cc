// The repositories, written once over SqlConnection for both backends, and
// the migration runner. Every statement is parameterised.
#include "storage/sql_repos.h"

#include "base/embedded.h"

const shuzhi::base::EmbeddedFile* FindMigrationFile(std::string_view path);

namespace shuzhi::storage {

using base::Bytes;

std::int64_t SqlRow::Int(std::size_t i) const {
  const auto& c = cells_.at(i);
  return c ? std::stoll(*c) : 0;
}

std::optional<std::int64_t> SqlRow::OptInt(std::size_t i) const {
  const auto& c = cells_.at(i);
  if (!c) return std::nullopt;
  return std::stoll(*c);
}

const std::string& SqlRow::Text(std::size_t i) const {
  static const std::string kEmpty;
  const auto& c = cells_.at(i);
  return c ? *c : kEmpty;
}

namespace {

// Migrations by number; the same numbers exist for both dialects.
constexpr const char* kMigrations[] = {"0001_init.sql",
                                       "0002_registry.sql",
                                       "0003_campaigns.sql",
                                       "0004_reports.sql",
                                       "0005_opinions.sql",
                                       "0006_meetings.sql",
                                       "0007_issued_and_receipts.sql",
                                       "0008_ballot_places.sql",
                                       "0009_previous_login.sql",
                                       "0010_deputy_grants_name_the_person.sql",
                                       "0011_feedback.sql",
                                       "0012_measures.sql",
                                       "0013_archives.sql",
                                       "0014_throttle_failures.sql",
                                       "0015_workbench.sql",
                                       "0016_reports_listed.sql",
                                       "0017_import_jobs.sql",
                                       "0018_poll_votes.sql"};
constexpr int kLatest = static_cast<int>(std::size(kMigrations));

// `%` and `_` in a search term match themselves.
std::string LikePattern(std::string_view q) {
  std::string out = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

class SqlUserRepo final : public UserRepo {
 public:
  explicit SqlUserRepo(SqlConnection& c) : c_(c) {}

  Result<std::int64_t> Insert(const UserRecord& u) override {
    auto rows = c_.Query(
        "INSERT INTO users (username, display_name, password_hash, disabled, must_change_password, created_at, "
        "last_login_at, previous_login_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {std::string_view(u.username), std::string_view(u.display_name), std::string_view(u.password_hash),
         std::int64_t{u.disabled}, std::int64_t{u.must_change_password}, u.created_at, Opt(u.last_login_at),
         Opt(u.previous_login_at)});
    if (!rows.ok()) {
      if (rows.status().code() == base::Code::kConflict) {
        return base::Conflict("user.username_taken", "username " + u.username + " is taken");
      }
      return rows.status();
    }
    const std::int64_t id = rows->at(0).Int(0);
    SHUZHI_TRY(ReplaceRoles(id, u.roles));
    return id;
  }

  Result<std::optional<UserRecord>> FindById(std::int64_t id) override { return FindOne("WHERE id = $1", {id}); }

  Result<std::optional<UserRecord>> FindByUsername(std::string_view username) override {
    return FindOne("WHERE username = $1", {username});
  }

  Result<std::vector<UserRecord>> Search(std::string_view q) override {
    const std::string pattern = LikePattern(q);
    return Select("WHERE username LIKE $1 ESCAPE '\\' OR display_name LIKE $1 ESCAPE '\\' ORDER BY id",
                  {std::string_view(pattern)});
  }

  Status Update(const UserRecord& u) override {
    SHUZHI_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("UPDATE users SET display_name = $1, password_hash = $2, disabled = $3, must_change_password = $4, "
                "last_login_at = $5, previous_login_at = $6 WHERE id = $7",
                {std::string_view(u.display_name), std::string_view(u.password_hash), std::int64_t{u.disabled},
                 std::int64_t{u.must_change_password}, Opt(u.last_login_at), Opt(u.previous_login_at), u.id}));
    if (n == 0) return base::NotFound("user.not_found", "no user " + std::to_string(u.id));
    return base::Ok();
  }

  Status ReplaceRoles(std::int64_t user_id, const std::vector<core::RoleGrant>& roles) override {
    SHUZHI_TRY(c_.Exec("DELETE FROM role_grants WHERE user_id = $1", {user_id}).status());
    std::int64_t pos = 0;
    for (const auto& g : roles) {
      SHUZHI_TRY(c_.Exec("INSERT INTO role_grants (user_id, position, role, congress_id, group_id, deputy_id) "
                         "VALUES ($1, $2, $3, $4, $5, $6)",
                         {user_id, pos++, std::string_view(core::RoleName(g.role)), Opt(g.congress_id), Opt(g.group_id),
                          Opt(g.deputy_id)})
                     .status());
    }
    return base::Ok();
  }

  Result<std::int64_t> Count() override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT COUNT(*) FROM users", {}));
    return rows.at(0).Int(0);
  }

 private:
  Result<std::optional<UserRecord>> FindOne(const std::string& where, const SqlParams& params) {
    SHUZHI_ASSIGN_OR_RETURN(auto users, Select(where, params));
    if (users.empty()) return std::optional<UserRecord>();
    return std::optional<UserRecord>(std::move(users.front()));
  }

  Result<std::vector<UserRecord>> Select(const std::string& where, const SqlParams& params) {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("SELECT id, username, display_name, password_hash, disabled, must_change_password, "
                            "created_at, last_login_at, previous_login_at FROM users " +
                                where,
                            params));
    std::vector<UserRecord> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      UserRecord u;
      u.id = r.Int(0);
      u.username = r.Text(1);
      u.display_name = r.Text(2);
      u.password_hash = r.Text(3);
      u.disabled = r.Int(4) != 0;
      u.must_change_password = r.Int(5) != 0;
      u.created_at = r.Int(6);
      u.last_login_at = r.OptInt(7);
      u.previous_login_at = r.OptInt(8);
      SHUZHI_ASSIGN_OR_RETURN(u.roles, Roles(u.id));
      out.push_back(std::move(u));
    }
    return out;
  }

  Result<std::vector<core::RoleGrant>> Roles(std::int64_t user_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT role, congress_id, group_id, deputy_id FROM role_grants "
                                                "WHERE user_id = $1 ORDER BY position",
                                                {user_id}));
    std::vector<core::RoleGrant> out;
    for (const auto& r : rows) {
      auto role = core::ParseRole(r.Text(0));
      if (!role) return base::Internal("storage.corrupt", "unknown role " + r.Text(0));
      out.push_back({*role, r.OptInt(1), r.OptInt(2), r.OptInt(3)});
    }
    return out;
  }

  SqlConnection& c_;
};

class SqlSessionRepo final : public SessionRepo {
 public:
  explicit SqlSessionRepo(SqlConnection& c) : c_(c) {}

  Status Insert(const SessionRecord& s) override {
    return c_
        .Exec(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, "
            "$4, $5)",
            {BlobParam{s.id_hash}, s.user_id, std::string_view(s.csrf_token), s.created_at, s.last_seen_at})
        .status();
  }

  Result<std::optional<SessionRecord>> Find(std::string_view id_hash) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT id_hash, user_id, csrf_token, created_at, last_seen_at "
                                                "FROM sessions WHERE id_hash = $1",
                                                {BlobParam{id_hash}}));
    if (rows.empty()) return std::optional<SessionRecord>();
    const auto& r = rows.front();
    return std::optional<SessionRecord>(SessionRecord{r.Text(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4)});
  }

  Status Touch(std::string_view id_hash, Micros at) override {
    return c_.Exec("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2", {at, BlobParam{id_hash}}).status();
  }

  Status Delete(std::string_view id_hash) override {
    return c_.Exec("DELETE FROM sessions WHERE id_hash = $1", {BlobParam{id_hash}}).status();
  }

  Status DeleteForUser(std::int64_t user_id) override {
    return c_.Exec("DELETE FROM sessions WHERE user_id = $1", {user_id}).status();
  }

  Result<std::int64_t> DeleteExpired(Micros idle_before, Micros created_before) override {
    return c_.Exec("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2", {idle_before, created_before});
  }

 private:
  SqlConnection& c_;
};

class SqlAuditRepo final : public AuditRepo {
 public:
  explicit SqlAuditRepo(SqlConnection& c) : c_(c) {}

  Result<core::AuditHead> LockHead() override {
    // A no-op update takes the row lock in PostgreSQL (SQLite already holds
    // the database write lock in a write transaction) and is portable,
    // unlike SELECT … FOR UPDATE.
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("UPDATE audit_head SET count = count WHERE id = 1 RETURNING count, hash", {}));
    if (rows.empty()) return base::Internal("storage.corrupt", "audit head row is missing");
    return core::AuditHead{rows[0].Int(0), rows[0].Text(1)};
  }

  Status Append(const core::AuditEntry& e) override {
    SHUZHI_TRY(c_.Exec("INSERT INTO audit_log (seq, at, actor, action, object, details, hash) VALUES ($1, $2, $3, "
                       "$4, $5, $6, $7)",
                       {e.seq, e.at, std::string_view(e.actor), std::string_view(e.action), std::string_view(e.object),
                        std::string_view(e.details), BlobParam{e.hash}})
                   .status());
    return c_.Exec("UPDATE audit_head SET count = $1, hash = $2 WHERE id = 1", {e.seq, BlobParam{e.hash}}).status();
  }

  Result<core::AuditHead> Head() override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT count, hash FROM audit_head WHERE id = 1", {}));
    if (rows.empty()) return base::Internal("storage.corrupt", "audit head row is missing");
    return core::AuditHead{rows[0].Int(0), rows[0].Text(1)};
  }

  Result<std::vector<core::AuditEntry>> Page(const AuditFilter& filter, std::int64_t offset,
                                             std::int64_t limit) override {
    SqlParams params;
    std::string pattern;
    std::string where = Where(filter, params, pattern);
    params.push_back(limit);
    params.push_back(offset);
    return Select(where + "ORDER BY seq DESC LIMIT $" + std::to_string(params.size() - 1) + " OFFSET $" +
                      std::to_string(params.size()),
                  params);
  }

  Result<std::int64_t> Count(const AuditFilter& filter) override {
    SqlParams params;
    std::string pattern;
    const std::string where = Where(filter, params, pattern);
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT COUNT(*) FROM audit_log " + where, params));
    return rows.empty() ? 0 : rows[0].Int(0);
  }

  Result<std::vector<std::string>> Actors() override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT DISTINCT actor FROM audit_log ORDER BY actor", {}));
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.Text(0));
    return out;
  }

  Result<std::vector<core::AuditEntry>> All() override { return Select("ORDER BY seq", {}); }

 private:
  // The WHERE clause of a filter, appending its parameters; `pattern` holds
  // the prefix pattern a parameter points into and must outlive the query.
  static std::string Where(const AuditFilter& f, SqlParams& params, std::string& pattern) {
    std::vector<std::string> clauses;
    auto param = [&](SqlParam p) {
      params.push_back(p);
      return "$" + std::to_string(params.size());
    };
    if (!f.actor.empty()) clauses.push_back("actor = " + param(std::string_view(f.actor)));
    if (!f.action.empty() && f.action.back() == '.') {
      // Actions are "area.verb" of [a-z_]; escape the LIKE wildcards anyway.
      for (char ch : f.action) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
        pattern.push_back(ch);
      }
      pattern.push_back('%');
      clauses.push_back("action LIKE " + param(std::string_view(pattern)) + " ESCAPE '\\'");
    } else if (!f.action.empty()) {
      clauses.push_back("action = " + param(std::string_view(f.action)));
    }
    if (f.from) clauses.push_back("at >= " + param(*f.from));
    if (f.to) clauses.push_back("at < " + param(*f.to));
    std::string where;
    for (const auto& c : clauses) where += (where.empty() ? "WHERE " : " AND ") + c;
    return where.empty() ? "" : where + " ";
  }

  Result<std::vector<core::AuditEntry>> Select(const std::string& tail, const SqlParams& params) {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("SELECT seq, at, actor, action, object, details, hash FROM audit_log " + tail, params));
    std::vector<core::AuditEntry> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)});
    }
    return out;
  }

  SqlConnection& c_;
};

class SqlTx final : public Tx {
 public:
  SqlTx(SqlConnection& c, DeferredVoted* deferred)
      : users_(c),
        sessions_(c),
        audit_(c),
        registry_(MakeSqlRegistryRepo(c)),
        campaigns_(MakeSqlCampaignRepo(c)),
        reports_(MakeSqlReportRepo(c)),
        opinions_(MakeSqlOpinionRepo(c)),
        feedback_(MakeSqlFeedbackRepo(c)),
        measures_(MakeSqlMeasureRepo(c)),
        meetings_(MakeSqlMeetingRepo(c, deferred)),
        ballots_(MakeSqlBallotRepo(c)),
        archives_(MakeSqlArchiveRepo(c)),
        assessment_(MakeSqlAssessmentRepo(c)),
        throttle_(MakeSqlThrottleRepo(c)),
        workbench_(MakeSqlWorkbenchRepo(c)),
        import_jobs_(MakeSqlImportJobRepo(c)) {}
  UserRepo& users() override { return users_; }
  SessionRepo& sessions() override { return sessions_; }
  AuditRepo& audit() override { return audit_; }
  RegistryRepo& registry() override { return *registry_; }
  CampaignRepo& campaigns() override { return *campaigns_; }
  ReportRepo& reports() override { return *reports_; }
  OpinionRepo& opinions() override { return *opinions_; }
  FeedbackRepo& feedback() override { return *feedback_; }
  MeasureRepo& measures() override { return *measures_; }
  MeetingRepo& meetings() override { return *meetings_; }
  BallotRepo& ballots() override { return *ballots_; }
  ArchiveRepo& archives() override { return *archives_; }
  AssessmentRepo& assessment() override { return *assessment_; }
  ThrottleRepo& throttle() override { return *throttle_; }
  WorkbenchRepo& workbench() override { return *workbench_; }
  ImportJobRepo& import_jobs() override { return *import_jobs_; }

 private:
  SqlUserRepo users_;
  SqlSessionRepo sessions_;
  SqlAuditRepo audit_;
  std::unique_ptr<RegistryRepo> registry_;
  std::unique_ptr<CampaignRepo> campaigns_;
  std::unique_ptr<ReportRepo> reports_;
  std::unique_ptr<OpinionRepo> opinions_;
  std::unique_ptr<FeedbackRepo> feedback_;
  std::unique_ptr<MeasureRepo> measures_;
  std::unique_ptr<MeetingRepo> meetings_;
  std::unique_ptr<BallotRepo> ballots_;
  std::unique_ptr<ArchiveRepo> archives_;
  std::unique_ptr<AssessmentRepo> assessment_;
  std::unique_ptr<ThrottleRepo> throttle_;
  std::unique_ptr<WorkbenchRepo> workbench_;
  std::unique_ptr<ImportJobRepo> import_jobs_;
};

}  // namespace

int LatestSchemaVersion() { return kLatest; }

std::unique_ptr<Tx> MakeSqlTx(SqlConnection& conn, DeferredVoted* deferred) {
  return std::make_unique<SqlTx>(conn, deferred);
}

Status RunTransaction(SqlConnection& conn, bool write, const std::function<Status(Tx&)>& fn) {
  // BEGIN IMMEDIATE takes SQLite's write lock up front, so a write
  // transaction never fails half-way on a lock upgrade.
  const char* begin = conn.dialect() == Dialect::kSqlite && write ? "BEGIN IMMEDIATE" : "BEGIN";
  SHUZHI_TRY(conn.ExecScript(begin));
  Status st;
  {
    auto tx = MakeSqlTx(conn);
    st = fn(*tx);
  }
  if (st.ok()) {
    st = conn.ExecScript("COMMIT");
    if (st.ok()) return st;
  }
  (void)conn.ExecScript("ROLLBACK");
  return st;
}

base::Result<int> Migrate(SqlConnection& conn) {
  const bool pg = conn.dialect() == Dialect::kPostgres;
  if (pg) {
    // Several servers may start at once against one database.
    SHUZHI_TRY(conn.Query("SELECT pg_advisory_xact_lock(7487392)", {}).status());
  }
  SHUZHI_TRY(conn.ExecScript(pg ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                                  "applied_at BIGINT NOT NULL)"
                                : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                                  "applied_at INTEGER NOT NULL)"));
  SHUZHI_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}));
  const int current = static_cast<int>(rows.at(0).Int(0));
  if (current > kLatest) {
    return base::FailedPrecondition("storage.schema_too_new",
                                    "the database has schema version " + std::to_string(current) +
                                        ", newer than this shuzhi understands (" + std::to_string(kLatest) +
                                        "); run the shuzhi version that wrote it, or a newer one");
  }
  const std::string dir = pg ? "postgres/" : "sqlite/";
  for (int v = current + 1; v <= kLatest; ++v) {
    const std::string name = dir + kMigrations[v - 1];
    const base::EmbeddedFile* file = FindMigrationFile(name);
    if (file == nullptr) return base::Internal("storage.migration_missing", name + " is not embedded");
    SHUZHI_TRY(conn.ExecScript(file->data));
    SHUZHI_TRY(conn.Exec("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                         {std::int64_t{v}, base::SystemClock().Now()})
                   .status());
  }
  return kLatest;
}

}  // namespace shuzhi::storage
