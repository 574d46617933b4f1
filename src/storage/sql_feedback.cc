// FeedbackRepo over SqlConnection, for both backends.
#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;

constexpr const char* kCols =
    "poll_id, deputy_id, given_at, method, given_by, notes, recorded_by, recorded_at, confirmed_at";

class SqlFeedbackRepo final : public FeedbackRepo {
 public:
  explicit SqlFeedbackRepo(SqlConnection& c) : c_(c) {}

  Status Put(const FeedbackRecord& r) override {
    return c_
        .Exec(
            "INSERT INTO feedback (poll_id, deputy_id, given_at, method, given_by, notes, recorded_by, recorded_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (poll_id, deputy_id) DO UPDATE SET given_at = "
            "excluded.given_at, method = excluded.method, given_by = excluded.given_by, notes = excluded.notes, "
            "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
            {r.poll_id, r.deputy_id, r.given_at, std::string_view(core::FeedbackMethodCode(r.method)),
             std::string_view(r.given_by), std::string_view(r.notes), std::string_view(r.recorded_by), r.recorded_at})
        .status();
  }

  Result<std::optional<FeedbackRecord>> Find(std::int64_t poll_id, std::int64_t deputy_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, Select("WHERE poll_id = $1 AND deputy_id = $2", {poll_id, deputy_id}));
    if (all.empty()) return std::optional<FeedbackRecord>();
    return std::optional<FeedbackRecord>(std::move(all.front()));
  }

  Result<std::vector<FeedbackRecord>> ListForPoll(std::int64_t poll_id) override {
    return Select("WHERE poll_id = $1 ORDER BY deputy_id", {poll_id});
  }

  Result<std::vector<FeedbackRecord>> ListForDeputy(std::int64_t deputy_id) override {
    return Select("WHERE deputy_id = $1 ORDER BY given_at DESC, poll_id DESC", {deputy_id});
  }

  Status Confirm(std::int64_t poll_id, std::int64_t deputy_id, base::Micros at) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("UPDATE feedback SET confirmed_at = $1 WHERE poll_id = $2 AND "
                                            "deputy_id = $3",
                                            {at, poll_id, deputy_id}));
    if (n == 0) return base::NotFound("feedback.not_found", "no feedback recorded for this deputy and poll");
    return base::Ok();
  }

 private:
  Result<std::vector<FeedbackRecord>> Select(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kCols + " FROM feedback " + tail, p));
    std::vector<FeedbackRecord> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      FeedbackRecord f;
      f.poll_id = r.Int(0);
      f.deputy_id = r.Int(1);
      f.given_at = r.Int(2);
      // Only FeedbackMethodCode is ever stored; an unknown code reads as the usual talk.
      f.method = core::ParseFeedbackMethod(r.Text(3)).value_or(core::FeedbackMethod::kInPerson);
      f.given_by = r.Text(4);
      f.notes = r.Text(5);
      f.recorded_by = r.Text(6);
      f.recorded_at = r.Int(7);
      f.confirmed_at = r.OptInt(8);
      out.push_back(std::move(f));
    }
    return out;
  }

  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<FeedbackRepo> MakeSqlFeedbackRepo(SqlConnection& conn) {
  return std::make_unique<SqlFeedbackRepo>(conn);
}

}  // namespace shuzhi::storage
