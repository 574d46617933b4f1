// ThrottleRepo over SqlConnection, for both backends.
#include "storage/sql_repos.h"
#include "storage/throttle_repo.h"

namespace shuzhi::storage {
namespace {

class SqlThrottleRepo final : public ThrottleRepo {
 public:
  explicit SqlThrottleRepo(SqlConnection& c) : c_(c) {}

  base::Status Add(const std::vector<ThrottleFailure>& failures) override {
    for (const auto& f : failures) {
      SHUZHI_TRY(c_.Exec("INSERT INTO throttle_failures (kind, key, at) VALUES ($1, $2, $3)",
                         {std::string_view(f.kind), std::string_view(f.key), f.at})
                     .status());
    }
    return base::Ok();
  }

  base::Status Clear(std::string_view kind, std::string_view key) override {
    return c_.Exec("DELETE FROM throttle_failures WHERE kind = $1 AND key = $2", {kind, key}).status();
  }

  base::Status Prune(std::string_view kind, base::Micros before) override {
    return c_.Exec("DELETE FROM throttle_failures WHERE kind = $1 AND at <= $2", {kind, before}).status();
  }

  base::Result<std::vector<ThrottleFailure>> Since(base::Micros since, std::int64_t limit) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("SELECT kind, key, at FROM throttle_failures WHERE at > $1 ORDER BY at LIMIT $2", {since, limit}));
    std::vector<ThrottleFailure> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Int(2)});
    return out;
  }

 private:
  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<ThrottleRepo> MakeSqlThrottleRepo(SqlConnection& conn) {
  return std::make_unique<SqlThrottleRepo>(conn);
}

}  // namespace shuzhi::storage
