// ArchiveRepo over SqlConnection, for both backends.
#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;
using core::Archive;

constexpr const char* kCols =
    "id, campaign_id, group_id, number, state, created_by, created_at, updated_at, finished_at, files_done, "
    "files_total, size, sha256, error";

Archive ToArchive(const SqlRow& r) {
  Archive a;
  a.id = r.Int(0);
  a.campaign_id = r.Int(1);
  a.group_id = r.OptInt(2);
  a.number = static_cast<int>(r.Int(3));
  a.state = core::ParseArchiveState(r.Text(4));
  a.created_by = r.Text(5);
  a.created_at = r.Int(6);
  a.updated_at = r.Int(7);
  a.finished_at = r.OptInt(8);
  a.files_done = r.Int(9);
  a.files_total = r.Int(10);
  a.size = r.Int(11);
  a.sha256 = r.Text(12);
  a.error = r.Text(13);
  return a;
}

class SqlArchiveRepo final : public ArchiveRepo {
 public:
  explicit SqlArchiveRepo(SqlConnection& c) : c_(c) {}

  Result<std::int64_t> Insert(const Archive& a) override {
    auto rows = c_.Query(
        "INSERT INTO archives (campaign_id, group_id, number, state, created_by, created_at, updated_at, "
        "files_done, files_total) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {a.campaign_id, Opt(a.group_id), std::int64_t{a.number}, std::string_view(core::ArchiveStateCode(a.state)),
         std::string_view(a.created_by), a.created_at, a.updated_at, a.files_done, a.files_total});
    if (!rows.ok()) {
      if (rows.status().code() == base::Code::kConflict) {
        return base::Conflict("archive.number_taken", "another archive took this number; try again");
      }
      return rows.status();
    }
    return rows->front().Int(0);
  }

  Result<int> LastNumber(std::int64_t campaign_id, std::optional<std::int64_t> group_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT COALESCE(MAX(number), 0) FROM archives WHERE campaign_id = $1 AND "
                                     "COALESCE(group_id, 0) = $2",
                                     {campaign_id, group_id.value_or(0)}));
    return static_cast<int>(rows.front().Int(0));
  }

  Result<std::optional<Archive>> Find(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kCols + " FROM archives WHERE id = $1", {id}));
    if (rows.empty()) return std::optional<Archive>();
    return std::optional<Archive>(ToArchive(rows.front()));
  }

  Result<std::vector<Archive>> List(std::int64_t campaign_id) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query(std::string("SELECT ") + kCols + " FROM archives WHERE campaign_id = $1 ORDER BY id", {campaign_id}));
    std::vector<Archive> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(ToArchive(r));
    return out;
  }

  Status Progress(std::int64_t id, std::int64_t done, std::int64_t total, base::Micros at) override {
    return c_
        .Exec(
            "UPDATE archives SET files_done = $1, files_total = $2, updated_at = $3 WHERE id = $4 AND state = "
            "'building'",
            {done, total, at, id})
        .status();
  }

  Status Finish(const Archive& a, std::string_view bytes) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto n, c_.Exec("UPDATE archives SET state = $1, files_done = $2, files_total = $3, updated_at = $4, "
                        "finished_at = $5, size = $6, sha256 = $7, error = $8 WHERE id = $9 AND state = 'building'",
                        {std::string_view(core::ArchiveStateCode(a.state)), a.files_done, a.files_total, a.updated_at,
                         Opt(a.finished_at), a.size, std::string_view(a.sha256), std::string_view(a.error), a.id}));
    if (n == 0) return base::FailedPrecondition("archive.not_building", "the archive is no longer being built");
    if (a.state != core::ArchiveState::kDone) return base::Ok();
    return c_.Exec("INSERT INTO archive_bytes (archive_id, bytes) VALUES ($1, $2)", {a.id, BlobParam{bytes}}).status();
  }

  Result<std::optional<std::string>> Bytes(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT bytes FROM archive_bytes WHERE archive_id = $1", {id}));
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows.front().Text(0));
  }

 private:
  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<ArchiveRepo> MakeSqlArchiveRepo(SqlConnection& conn) { return std::make_unique<SqlArchiveRepo>(conn); }

}  // namespace shuzhi::storage
