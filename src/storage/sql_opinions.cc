// OpinionRepo over SqlConnection, for both backends.
#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;

constexpr const char* kCols =
    "id, deputy_id, campaign_id, source, received_on, content, constituent, category, collector_voter_rep_id, "
    "recorded_by, status, answer, answered_at, created_at";

class SqlOpinionRepo final : public OpinionRepo {
 public:
  explicit SqlOpinionRepo(SqlConnection& c) : c_(c) {}

  Result<std::int64_t> Insert(const OpinionRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query(
            "INSERT INTO opinions (deputy_id, campaign_id, source, received_on, content, constituent, category, "
            "collector_voter_rep_id, recorded_by, status, answer, answered_at, created_at) VALUES ($1, $2, $3, $4, "
            "$5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            {r.deputy_id, Opt(r.campaign_id), std::string_view(r.source), std::string_view(r.received_on),
             std::string_view(r.content), std::string_view(r.constituent), std::string_view(r.category),
             Opt(r.collector_voter_rep_id), std::string_view(r.recorded_by), std::string_view(r.status),
             std::string_view(r.answer), Opt(r.answered_at), r.created_at}));
    return rows.at(0).Int(0);
  }

  Status Update(const OpinionRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n,
                            c_.Exec("UPDATE opinions SET status = $1, answer = $2, answered_at = $3, category = "
                                    "$4 WHERE id = $5",
                                    {std::string_view(r.status), std::string_view(r.answer), Opt(r.answered_at),
                                     std::string_view(r.category), r.id}));
    if (n == 0) return base::NotFound("opinion.not_found", "no opinion " + std::to_string(r.id));
    return base::Ok();
  }

  Result<std::optional<OpinionRecord>> Find(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, Select("WHERE id = $1", {id}));
    if (all.empty()) return std::optional<OpinionRecord>();
    return std::optional<OpinionRecord>(std::move(all.front()));
  }

  Result<std::vector<OpinionRecord>> ListForDeputy(std::int64_t deputy_id) override {
    return Select("WHERE deputy_id = $1 ORDER BY received_on DESC, id DESC", {deputy_id});
  }

  Result<std::vector<OpinionRecord>> ListByStatus(const std::string& status) override {
    return Select("WHERE status = $1 ORDER BY id", {std::string_view(status)});
  }

  Status SetLink(std::int64_t deputy_id, const base::Bytes& token_hash, base::Micros at) override {
    return c_
        .Exec(
            "INSERT INTO opinion_links (deputy_id, token_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT "
            "(deputy_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
            {deputy_id, BlobParam{token_hash}, at})
        .status();
  }

  Result<std::optional<std::int64_t>> FindLink(const base::Bytes& token_hash) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("SELECT deputy_id FROM opinion_links WHERE token_hash = $1", {BlobParam{token_hash}}));
    if (rows.empty()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(rows[0].Int(0));
  }

 private:
  Result<std::vector<OpinionRecord>> Select(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kCols + " FROM opinions " + tail, p));
    std::vector<OpinionRecord> out;
    for (const auto& r : rows) {
      out.push_back({r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7),
                     r.OptInt(8), r.Text(9), r.Text(10), r.Text(11), r.OptInt(12), r.Int(13)});
    }
    return out;
  }

  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<OpinionRepo> MakeSqlOpinionRepo(SqlConnection& conn) { return std::make_unique<SqlOpinionRepo>(conn); }

}  // namespace shuzhi::storage
