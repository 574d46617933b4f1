// WorkbenchRepo over SqlConnection, for both backends: one counting
// statement per call, its id lists bound as parameters.
#include <string>

#include "storage/sql_repos.h"
#include "storage/workbench_repo.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;

// "$k, $k+1, …" for `ids`, which are appended to `params`.
std::string In(const std::vector<std::int64_t>& ids, SqlParams& params) {
  std::string out;
  for (auto id : ids) {
    params.emplace_back(id);
    if (!out.empty()) out += ", ";
    out += "$" + std::to_string(params.size());
  }
  return out;
}

// A count and its places: the statement selects COUNT(*), then the number
// of distinct campaigns and the smallest, then (with `meetings`) the same
// for meetings.
WorkCount CountOf(const std::vector<SqlRow>& rows, bool meetings) {
  WorkCount out;
  if (rows.empty()) return out;
  const auto& r = rows.front();
  out.count = r.Int(0);
  out.campaigns = r.Int(1);
  out.first_campaign = r.OptInt(2).value_or(0);
  if (meetings) {
    out.meetings = r.Int(3);
    out.first_meeting = r.OptInt(4).value_or(0);
  }
  return out;
}

constexpr const char* kCampaignCount = "SELECT COUNT(*), COUNT(DISTINCT c.id), MIN(c.id)";
constexpr const char* kMeetingCount =
    "SELECT COUNT(*), COUNT(DISTINCT c.id), MIN(c.id), COUNT(DISTINCT m.id), MIN(m.id)";

class SqlWorkbenchRepo final : public WorkbenchRepo {
 public:
  explicit SqlWorkbenchRepo(SqlConnection& c) : c_(c) {}

  Result<WorkCount> Reports(const WorkScope& scope, core::ReportState state) override {
    SqlParams p{std::string_view(core::ReportStateCode(state))};
    std::string sql;
    if (scope.by == WorkScope::By::kGroups) {
      if (scope.ids.empty()) return WorkCount{};
      sql = std::string(kCampaignCount) +
            " FROM campaign_deputies cd JOIN campaign_groups cg ON cg.campaign_id = cd.campaign_id AND cg.group_id = "
            "cd.group_id JOIN campaigns c ON c.id = cd.campaign_id JOIN reports r ON r.campaign_id = "
            "cd.campaign_id AND r.deputy_id = cd.deputy_id WHERE cd.group_id IN (" +
            In(scope.ids, p) + ") AND c.state = 'active' AND r.state = $1";
    } else {
      // `listed` (migration 0016) says the deputy is on the list; the
      // partial index reports_listed holds just those reports.
      SHUZHI_ASSIGN_OR_RETURN(auto congresses, CongressCondition(scope, p));
      if (!congresses) return WorkCount{};
      sql = std::string(kCampaignCount) +
            " FROM campaigns c JOIN reports r ON r.campaign_id = c.id WHERE c.state = 'active' AND r.state = $1 "
            "AND r.listed = 1" +
            *congresses;
    }
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, p));
    return CountOf(rows, false);
  }

  Result<WorkCount> Unconfirmed(const std::vector<std::int64_t>& group_ids) override {
    if (group_ids.empty()) return WorkCount{};
    SqlParams p;
    const std::string sql =
        std::string(kCampaignCount) +
        " FROM campaign_deputies cd JOIN campaign_groups cg ON cg.campaign_id = cd.campaign_id AND cg.group_id = "
        "cd.group_id JOIN campaigns c ON c.id = cd.campaign_id WHERE cd.group_id IN (" +
        In(group_ids, p) + ") AND c.state IN ('draft', 'active') AND cd.confirmed_at IS NULL";
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, p));
    return CountOf(rows, false);
  }

  Result<std::int64_t> Opinions(const WorkScope& scope, std::string_view status) override {
    SqlParams p{status};
    std::string sql = "SELECT COUNT(*) FROM opinions o WHERE o.status = $1";
    if (scope.by != WorkScope::By::kAll && scope.ids.empty()) return 0;
    switch (scope.by) {
      case WorkScope::By::kAll:
        break;
      case WorkScope::By::kCongresses: {
        // Organizers look after the deputies holding a mandate of their
        // congress, by its term or its group (app/opinion/opinion.cc). Each
        // pending opinion's deputy is looked up by index: two EXISTS, not one
        // over a LEFT JOIN with OR (SQLite then stops at the first mandate),
        // in PostgreSQL each kept a subquery by LIMIT 1 OFFSET 0 (it would
        // otherwise hash every mandate of the congress, 100,000 of them, to
        // check a few thousand opinions; SQLite is slower with it).
        const std::string in = In(scope.ids, p);
        const char* fence = c_.dialect() == Dialect::kPostgres ? " LIMIT 1 OFFSET 0" : "";
        sql +=
            " AND (EXISTS (SELECT 1 FROM mandates m JOIN terms t ON t.id = m.term_id WHERE m.deputy_id = "
            "o.deputy_id AND t.congress_id IN (" +
            in + ")" + fence +
            ") OR EXISTS (SELECT 1 FROM mandates m JOIN deputy_groups g ON g.id = m.group_id WHERE m.deputy_id = "
            "o.deputy_id AND g.congress_id IN (" +
            in + ")" + fence + "))";
        break;
      }
      case WorkScope::By::kGroups:
        sql +=
            " AND o.deputy_id IN (SELECT m.deputy_id FROM mandates m WHERE m.group_id IN (" + In(scope.ids, p) + "))";
        break;
      case WorkScope::By::kDeputies:
        sql += " AND o.deputy_id IN (" + In(scope.ids, p) + ")";
        break;
    }
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, p));
    return rows.at(0).Int(0);
  }

  Result<WorkCount> Meetings(const WorkScope& scope, const MeetingFilter& f) override {
    SqlParams p;
    SHUZHI_ASSIGN_OR_RETURN(auto congresses, CongressCondition(scope, p));
    if (!congresses) return WorkCount{};
    std::string sql = std::string(kMeetingCount) +
                      " FROM meetings m JOIN campaigns c ON c.id = m.campaign_id WHERE 1 = 1" + *congresses;
    if (f.state) {
      p.emplace_back(std::string_view(core::MeetingStateCode(*f.state)));
      sql += " AND m.state = $" + std::to_string(p.size());
    }
    if (f.from) {
      p.emplace_back(*f.from);
      sql += " AND m.starts_at >= $" + std::to_string(p.size());
    }
    if (f.to) {
      p.emplace_back(*f.to);
      sql += " AND m.starts_at < $" + std::to_string(p.size());
    }
    if (f.current_only) sql += " AND c.state IN ('active', 'closed')";
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, p));
    return CountOf(rows, true);
  }

  Result<WorkCount> Polls(const WorkScope& scope, core::PollState state) override {
    SqlParams p{std::string_view(core::PollStateCode(state))};
    SHUZHI_ASSIGN_OR_RETURN(auto congresses, CongressCondition(scope, p));
    if (!congresses) return WorkCount{};
    const std::string sql = std::string(kMeetingCount) +
                            " FROM polls p JOIN meetings m ON m.id = p.meeting_id JOIN campaigns c ON c.id = "
                            "m.campaign_id WHERE p.state = $1" +
                            *congresses;
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, p));
    return CountOf(rows, true);
  }

  Result<std::vector<UnreleasedRow>> Unreleased(const std::vector<std::int64_t>& group_ids,
                                                const std::vector<std::int64_t>& campaign_ids) override {
    std::vector<UnreleasedRow> out;
    if (group_ids.empty() || campaign_ids.empty()) return out;
    SqlParams p;
    const std::string groups = In(group_ids, p), campaigns = In(campaign_ids, p);
    // released is a short list of ids ("11,12"); the deputy's own id is
    // looked for in it only on the few polls about the group's deputies.
    // `p.state || ''` keeps SQLite (which plans without statistics) from
    // starting at every final poll through polls_state.
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("SELECT cd.campaign_id, m.id, p.id, cd.deputy_id, p.result FROM campaign_deputies cd JOIN "
                 "campaign_groups cg ON cg.campaign_id = cd.campaign_id AND cg.group_id = cd.group_id JOIN "
                 "poll_deputies pd ON pd.deputy_id = cd.deputy_id JOIN polls p ON p.id = pd.poll_id JOIN meetings m "
                 "ON m.id = p.meeting_id AND m.campaign_id = cd.campaign_id WHERE cd.group_id IN (" +
                     groups + ") AND cd.campaign_id IN (" + campaigns +
                     ") AND p.state || '' = 'final' AND (',' || p.released || ',') NOT LIKE ('%,' || CAST(cd.deputy_id "
                     "AS TEXT) || ',%') ORDER BY p.id, cd.deputy_id",
                 p));
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.IsNull(4) ? "" : r.Text(4)});
    return out;
  }

  Result<std::vector<WorkCampaign>> CampaignsCovering(const std::vector<std::int64_t>& group_ids) override {
    std::vector<WorkCampaign> out;
    if (group_ids.empty()) return out;
    SqlParams p;
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT c.id, c.state, c.spec FROM campaigns c WHERE c.id IN (SELECT "
                                                "cg.campaign_id FROM campaign_groups cg WHERE cg.group_id IN (" +
                                                    In(group_ids, p) + ")) ORDER BY c.id",
                                                p));
    for (const auto& r : rows) out.push_back(CampaignOf(r, 0));
    return out;
  }

  Result<std::vector<ListedReport>> Listed(const std::vector<std::int64_t>& deputy_ids) override {
    std::vector<ListedReport> out;
    if (deputy_ids.empty()) return out;
    SqlParams p;
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("SELECT c.id, c.state, c.spec, cd.deputy_id, r.state FROM campaign_deputies cd JOIN "
                            "campaigns c ON c.id = cd.campaign_id LEFT JOIN reports r ON r.campaign_id = "
                            "cd.campaign_id AND r.deputy_id = cd.deputy_id WHERE cd.deputy_id IN (" +
                                In(deputy_ids, p) + ") ORDER BY c.id, cd.deputy_id",
                            p));
    for (const auto& r : rows) {
      ListedReport l{r.Int(3), CampaignOf(r, 0), std::nullopt};
      if (!r.IsNull(4)) l.report = core::ParseReportState(r.Text(4));
      out.push_back(std::move(l));
    }
    return out;
  }

  Result<WorkCount> OwnResults(const std::vector<std::int64_t>& deputy_ids,
                               const std::vector<std::int64_t>& announced) override {
    if (deputy_ids.empty()) return WorkCount{};
    SqlParams p;
    const std::string deputies = In(deputy_ids, p);
    const std::string shown = announced.empty() ? "1 = 0" : "c.id IN (" + In(announced, p) + ")";
    const std::string sql =
        std::string(kMeetingCount) +
        " FROM poll_deputies pd JOIN polls p ON p.id = pd.poll_id JOIN meetings m ON m.id = p.meeting_id JOIN "
        "campaigns c ON c.id = m.campaign_id JOIN campaign_deputies cd ON cd.campaign_id = c.id AND cd.deputy_id = "
        "pd.deputy_id WHERE pd.deputy_id IN (" +
        deputies + ") AND p.state || '' IN ('final', 'void') AND (" + shown +
        " OR (',' || p.released || ',') LIKE ('%,' || CAST(pd.deputy_id AS TEXT) || ',%'))";
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, p));
    return CountOf(rows, true);
  }

 private:
  // " AND c.congress_id IN (…)" for kCongresses, "" for kAll; nullopt when
  // the scope holds no congress (nothing to count).
  static Result<std::optional<std::string>> CongressCondition(const WorkScope& scope, SqlParams& p) {
    if (scope.by == WorkScope::By::kAll) return std::optional<std::string>("");
    if (scope.by != WorkScope::By::kCongresses) {
      return base::Internal("workbench.bad_scope", "this count is by congress");
    }
    if (scope.ids.empty()) return std::optional<std::string>();
    return std::optional<std::string>(" AND c.congress_id IN (" + In(scope.ids, p) + ")");
  }

  // The campaign in columns `at` (id), `at` + 1 (state), `at` + 2 (spec).
  static WorkCampaign CampaignOf(const SqlRow& r, std::size_t at) {
    return {r.Int(at), core::ParseCampaignState(r.Text(at + 1)).value_or(core::CampaignState::kDraft), r.Text(at + 2)};
  }

  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<WorkbenchRepo> MakeSqlWorkbenchRepo(SqlConnection& conn) {
  return std::make_unique<SqlWorkbenchRepo>(conn);
}

}  // namespace shuzhi::storage
