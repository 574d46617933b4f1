// AssessmentRepo over SqlConnection, for both backends: one statement per
// kind of row, limited by a campaign subquery.
#include <set>
#include <string>

#include "core/campaign_codec.h"
#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;

// Which campaigns and deputies a call covers: `campaigns` is a subquery of
// campaign ids; `deputy` an extra condition on a `deputy_id` column (alias
// given) or empty. Both use $1 (and $2 for a year).
struct Scope {
  std::string campaigns;
  std::string deputy;  // e.g. " AND x.deputy_id = $1"
  std::string Deputy(const std::string& alias) const {
    return deputy.empty() ? "" : " AND " + alias + ".deputy_id = $1";
  }
};

class SqlAssessmentRepo final : public AssessmentRepo {
 public:
  explicit SqlAssessmentRepo(SqlConnection& c) : c_(c) {}

  Result<core::AssessmentRows> ForYear(std::int64_t congress_id, int year) override {
    Scope s{"SELECT id FROM campaigns WHERE congress_id = $1 AND year = $2 AND state <> 'draft'", ""};
    const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
    const SqlParams p{congress_id, std::int64_t{year}};
    core::AssessmentRows out;
    SHUZHI_TRY(Campaigns(s, p, out));
    // Mandates of the congress's terms that overlap the year and had not
    // ended before it, then everyone the campaigns listed.
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("SELECT m.deputy_id, d.name, m.group_id, COALESCE(g.name, '') FROM mandates m JOIN terms t ON t.id "
                 "= m.term_id JOIN deputies d ON d.id = m.deputy_id LEFT JOIN deputy_groups g ON g.id = m.group_id "
                 "WHERE t.congress_id = $1 AND t.start_date <= $2 AND t.end_date >= $3 AND (m.elected_date IS NULL "
                 "OR m.elected_date <= $2) AND NOT (m.status <> 'active' AND m.status_date IS NOT NULL AND "
                 "m.status_date < $3)",
                 {congress_id, std::string_view(last), std::string_view(first)}));
    AddRoster(rows, out);
    SHUZHI_TRY(Rest(s, p, out));
    return out;
  }

  Result<core::AssessmentRows> ForDeputy(std::int64_t deputy_id) override {
    Scope s{
        "SELECT cd.campaign_id FROM campaign_deputies cd JOIN campaigns c ON c.id = cd.campaign_id WHERE "
        "cd.deputy_id = $1 AND c.state <> 'draft'",
        "yes"};
    const SqlParams p{deputy_id};
    core::AssessmentRows out;
    SHUZHI_TRY(Campaigns(s, p, out));
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT m.deputy_id, d.name, m.group_id, COALESCE(g.name, '') FROM "
                                                "mandates m JOIN deputies d ON d.id = m.deputy_id LEFT JOIN "
                                                "deputy_groups g ON g.id = m.group_id WHERE m.deputy_id = $1",
                                                p));
    AddRoster(rows, out);
    SHUZHI_TRY(Rest(s, p, out));
    return out;
  }

 private:
  static void AddRoster(const std::vector<SqlRow>& rows, core::AssessmentRows& out) {
    for (const auto& r : rows) out.roster.push_back({r.Int(0), r.Text(1), r.OptInt(2), r.Text(3)});
  }

  // The campaigns with their scale and disclosure (decoded from the plan).
  Status Campaigns(const Scope& s, const SqlParams& p, core::AssessmentRows& out) {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("SELECT id, year, title, spec FROM campaigns WHERE id IN (" + s.campaigns + ") ORDER BY id", p));
    for (const auto& r : rows) {
      core::CampaignRow c{r.Int(0), static_cast<int>(r.Int(1)), r.Text(2), {}, {}};
      boost::system::error_code ec;
      const auto spec_json = base::json::parse(r.Text(3), ec);
      bool priv = false;
      if (!ec) {
        if (auto spec = core::DecodeCampaignSpec(spec_json); spec.ok()) {
          for (const auto& o : spec->scale) {
            c.scale.push_back(o.code);
            c.scale_labels.push_back(o.label);
          }
          priv = spec->disclosure == core::Disclosure::kPrivate;
        }
      }
      if (priv) private_.insert(c.id);
      out.campaigns.push_back(std::move(c));
    }
    return base::Ok();
  }

  // Reporting lists with reports, opinions, measures and polls.
  Status Rest(const Scope& s, const SqlParams& p, core::AssessmentRows& out) {
    SHUZHI_ASSIGN_OR_RETURN(
        auto listed,
        c_.Query("SELECT cd.campaign_id, cd.deputy_id, d.name, cd.group_id, COALESCE(g.name, ''), CASE WHEN "
                 "r.submitted_at IS NULL THEN 0 ELSE 1 END, COALESCE(r.late, 0) FROM campaign_deputies cd JOIN "
                 "deputies d ON d.id = cd.deputy_id LEFT JOIN deputy_groups g ON g.id = cd.group_id LEFT JOIN "
                 "reports r ON r.campaign_id = cd.campaign_id AND r.deputy_id = cd.deputy_id WHERE cd.campaign_id "
                 "IN (" +
                     s.campaigns + ")" + s.Deputy("cd"),
                 p));
    for (const auto& r : listed) {
      out.listed.push_back({r.Int(0), r.Int(1), r.Int(5) != 0, r.Int(6) != 0});
      out.roster.push_back({r.Int(1), r.Text(2), r.OptInt(3), r.Text(4)});
    }
    SHUZHI_ASSIGN_OR_RETURN(
        auto ops, c_.Query("SELECT o.deputy_id, o.campaign_id, o.status, COUNT(*) FROM opinions o "
                           "WHERE o.campaign_id IN (" +
                               s.campaigns + ")" + s.Deputy("o") + " GROUP BY o.deputy_id, o.campaign_id, o.status",
                           p));
    for (const auto& r : ops) out.opinions.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3)});
    SHUZHI_ASSIGN_OR_RETURN(auto ms, c_.Query("SELECT x.deputy_id, x.campaign_id, x.state, x.due_on, x.done_at FROM "
                                              "measures x WHERE x.campaign_id IN (" +
                                                  s.campaigns + ")" + s.Deputy("x"),
                                              p));
    out.measures.reserve(ms.size());
    for (const auto& r : ms) out.measures.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.OptInt(4)});
    SHUZHI_ASSIGN_OR_RETURN(auto polls, c_.Query("SELECT p.id, m.campaign_id, p.state, p.result, p.deputy_ids, "
                                                 "p.released FROM polls p JOIN meetings m ON m.id = p.meeting_id "
                                                 "WHERE m.campaign_id IN (" +
                                                     s.campaigns +
                                                     ") AND p.state IN "
                                                     "('final', 'void') ORDER BY p.id",
                                                 p));
    out.polls.reserve(polls.size());
    for (const auto& r : polls) {
      core::PollRow row{r.Int(0),
                        r.Int(1),
                        r.Text(2) == "final",
                        r.Text(3),
                        SplitIds(r.Text(4)),
                        SplitIds(r.Text(5)),
                        private_.count(r.Int(1)) > 0};
      out.polls.push_back(std::move(row));
    }
    return base::Ok();
  }

  SqlConnection& c_;
  std::set<std::int64_t> private_;
};

}  // namespace

std::unique_ptr<AssessmentRepo> MakeSqlAssessmentRepo(SqlConnection& conn) {
  return std::make_unique<SqlAssessmentRepo>(conn);
}

}  // namespace shuzhi::storage
