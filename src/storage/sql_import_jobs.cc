// ImportJobRepo over SqlConnection, for both backends.
#include "storage/import_job_repo.h"
#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;

constexpr const char* kColumns =
    "id, user_id, kind, target_id, file_name, LENGTH(upload), mapping, version, state, phase, row_count, "
    "column_count, outcome, created_at, updated_at";

ImportJobRecord RecordOf(const SqlRow& r) {
  ImportJobRecord j;
  j.id = r.Text(0);
  j.user_id = r.Int(1);
  j.kind = r.Text(2);
  j.target_id = r.Int(3);
  j.file_name = r.Text(4);
  j.upload_bytes = r.Int(5);
  j.mapping = r.Text(6);
  j.version = r.Int(7);
  j.state = r.Text(8);
  j.phase = r.Text(9);
  j.rows = r.Int(10);
  j.columns = r.Int(11);
  j.outcome = r.Text(12);
  j.created_at = r.Int(13);
  j.updated_at = r.Int(14);
  if (r.size() > 15) j.upload = r.Text(15);
  return j;
}

class SqlImportJobRepo final : public ImportJobRepo {
 public:
  explicit SqlImportJobRepo(SqlConnection& c) : c_(c) {}

  Status Insert(const ImportJobRecord& j) override {
    return c_
        .Exec(
            "INSERT INTO import_jobs (id, user_id, kind, target_id, file_name, upload, mapping, version, state, "
            "phase, row_count, column_count, outcome, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
            "$9, "
            "$10, $11, $12, $13, $14, $15)",
            {std::string_view(j.id), j.user_id, std::string_view(j.kind), j.target_id, std::string_view(j.file_name),
             BlobParam{j.upload}, std::string_view(j.mapping), j.version, std::string_view(j.state),
             std::string_view(j.phase), j.rows, j.columns, std::string_view(j.outcome), j.created_at, j.updated_at})
        .status();
  }

  Result<std::optional<ImportJobRecord>> Find(std::string_view id, bool with_upload) override {
    const std::string sql =
        std::string("SELECT ") + kColumns + (with_upload ? ", upload" : "") + " FROM import_jobs WHERE id = $1";
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, {id}));
    if (rows.empty()) return std::optional<ImportJobRecord>();
    return std::optional<ImportJobRecord>(RecordOf(rows.front()));
  }

  Result<bool> Change(std::string_view id, const std::vector<std::string>& states, std::optional<std::int64_t> version,
                      const ImportJobChange& ch) override {
    SqlParams p{ch.updated_at};
    std::string set = "updated_at = $1";
    auto put = [&](const char* column, SqlParam value) {
      p.push_back(value);
      set += std::string(", ") + column + " = $" + std::to_string(p.size());
    };
    if (ch.state) put("state", std::string_view(*ch.state));
    if (ch.phase) put("phase", std::string_view(*ch.phase));
    if (ch.mapping) put("mapping", std::string_view(*ch.mapping));
    if (ch.outcome) put("outcome", std::string_view(*ch.outcome));
    if (ch.rows) put("row_count", *ch.rows);
    if (ch.columns) put("column_count", *ch.columns);
    if (ch.bump_version) set += ", version = version + 1";
    p.emplace_back(id);
    std::string where = " WHERE id = $" + std::to_string(p.size());
    if (version) {
      p.emplace_back(*version);
      where += " AND version = $" + std::to_string(p.size());
    }
    if (!states.empty()) {
      where += " AND state IN (";
      for (std::size_t i = 0; i < states.size(); ++i) {
        p.emplace_back(std::string_view(states[i]));
        where += (i ? ", $" : "$") + std::to_string(p.size());
      }
      where += ")";
    }
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("UPDATE import_jobs SET " + set + where, p));
    return n > 0;
  }

  Result<std::vector<ImportJobRecord>> ForUser(std::int64_t user_id) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query(std::string("SELECT ") + kColumns + " FROM import_jobs WHERE user_id = $1 ORDER BY seq", {user_id}));
    std::vector<ImportJobRecord> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(RecordOf(r));
    return out;
  }

  Status Delete(std::string_view id) override {
    return c_.Exec("DELETE FROM import_jobs WHERE id = $1", {id}).status();
  }

  Status Prune(base::Micros before) override {
    return c_.Exec("DELETE FROM import_jobs WHERE created_at <= $1", {before}).status();
  }

  Result<std::int64_t> UploadBytes() override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT COALESCE(SUM(LENGTH(upload)), 0) FROM import_jobs", {}));
    return rows.at(0).Int(0);
  }

 private:
  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<ImportJobRepo> MakeSqlImportJobRepo(SqlConnection& conn) {
  return std::make_unique<SqlImportJobRepo>(conn);
}

}  // namespace shuzhi::storage
