// ReportRepo over SqlConnection, for both backends.
#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;

class SqlReportRepo final : public ReportRepo {
 public:
  explicit SqlReportRepo(SqlConnection& c) : c_(c) {}

  Result<std::int64_t> Insert(const ReportRecord& r) override {
    auto rows = c_.Query(
        "INSERT INTO reports (campaign_id, deputy_id, state, period_start, period_end, draft, words, "
        "chars, submitted_at, late, created_at, updated_at, listed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11, $12, CASE WHEN EXISTS (SELECT 1 FROM campaign_deputies WHERE campaign_id = $1 AND "
        "deputy_id = $2) THEN 1 ELSE 0 END) RETURNING id",
        {r.campaign_id, r.deputy_id, std::string_view(core::ReportStateCode(r.state)), std::string_view(r.period_start),
         std::string_view(r.period_end), std::string_view(r.draft), r.words, r.chars, Opt(r.submitted_at),
         std::int64_t{r.late}, r.created_at, r.updated_at});
    if (!rows.ok() && rows.status().code() == base::Code::kConflict) {
      return base::Conflict("report.exists", "the deputy already has a report in this campaign");
    }
    if (!rows.ok()) return rows.status();
    return rows->at(0).Int(0);
  }

  Status Update(const ReportRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n,
                            c_.Exec("UPDATE reports SET state = $1, period_start = $2, period_end = $3, draft = "
                                    "$4, words = $5, chars = $6, submitted_at = $7, late = $8, updated_at = $9 "
                                    "WHERE id = $10",
                                    {std::string_view(core::ReportStateCode(r.state)), std::string_view(r.period_start),
                                     std::string_view(r.period_end), std::string_view(r.draft), r.words, r.chars,
                                     Opt(r.submitted_at), std::int64_t{r.late}, r.updated_at, r.id}));
    if (n == 0) return base::NotFound("report.not_found", "no report " + std::to_string(r.id));
    return base::Ok();
  }

  Result<std::optional<ReportRecord>> Find(std::int64_t campaign_id, std::int64_t deputy_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, Select("WHERE campaign_id = $1 AND deputy_id = $2", {campaign_id, deputy_id}));
    if (all.empty()) return std::optional<ReportRecord>();
    return std::optional<ReportRecord>(std::move(all.front()));
  }

  Result<std::vector<ReportRecord>> ListForCampaign(std::int64_t campaign_id) override {
    return Select("WHERE campaign_id = $1 ORDER BY deputy_id", {campaign_id});
  }

  Result<int> AddVersion(const ReportVersionRecord& v) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT COALESCE(MAX(version), 0) + 1 FROM report_versions WHERE "
                                                "report_id = $1",
                                                {v.report_id}));
    const int next = static_cast<int>(rows.at(0).Int(0));
    SHUZHI_TRY(c_.Exec("INSERT INTO report_versions (report_id, version, content, words, chars, saved_by, saved_at, "
                       "late) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                       {v.report_id, std::int64_t{next}, std::string_view(v.content), v.words, v.chars,
                        std::string_view(v.saved_by), v.saved_at, std::int64_t{v.late}})
                   .status());
    return next;
  }

  Result<std::vector<ReportVersionRecord>> ListVersions(std::int64_t report_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT report_id, version, content, words, chars, saved_by, saved_at, "
                                                "late FROM report_versions WHERE report_id = $1 ORDER BY version",
                                                {report_id}));
    std::vector<ReportVersionRecord> out;
    for (const auto& r : rows) {
      out.push_back(
          {r.Int(0), static_cast<int>(r.Int(1)), r.Text(2), r.Int(3), r.Int(4), r.Text(5), r.Int(6), r.Int(7) != 0});
    }
    return out;
  }

  Status AddReview(const ReportReviewRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM report_reviews WHERE report_id "
                                                "= $1",
                                                {r.report_id}));
    return c_
        .Exec(
            "INSERT INTO report_reviews (report_id, seq, action, comment, reviewer, at) VALUES ($1, $2, $3, $4, $5, "
            "$6)",
            {r.report_id, rows.at(0).Int(0), std::string_view(r.action), std::string_view(r.comment),
             std::string_view(r.reviewer), r.at})
        .status();
  }

  Result<std::vector<ReportReviewRecord>> ListReviews(std::int64_t report_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT report_id, seq, action, comment, reviewer, at FROM "
                                                "report_reviews WHERE report_id = $1 ORDER BY seq",
                                                {report_id}));
    std::vector<ReportReviewRecord> out;
    for (const auto& r : rows) {
      out.push_back({r.Int(0), static_cast<int>(r.Int(1)), r.Text(2), r.Text(3), r.Text(4), r.Int(5)});
    }
    return out;
  }

 private:
  Result<std::vector<ReportRecord>> Select(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT id, campaign_id, deputy_id, state, period_start, period_end, "
                                                "draft, words, chars, submitted_at, late, created_at, updated_at FROM "
                                                "reports " +
                                                    tail,
                                                p));
    std::vector<ReportRecord> out;
    for (const auto& r : rows) {
      // A code no state has (a hand-edited row) reads as a draft, as the app
      // layer read it before records carried the enum.
      const auto state = core::ParseReportState(r.Text(3)).value_or(core::ReportState::kDraft);
      out.push_back({r.Int(0), r.Int(1), r.Int(2), state, r.Text(4), r.Text(5), r.Text(6), r.Int(7), r.Int(8),
                     r.OptInt(9), r.Int(10) != 0, r.Int(11), r.Int(12)});
    }
    return out;
  }

  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<ReportRepo> MakeSqlReportRepo(SqlConnection& conn) { return std::make_unique<SqlReportRepo>(conn); }

}  // namespace shuzhi::storage
