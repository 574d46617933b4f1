// CampaignRepo over SqlConnection, for both backends.
#include <algorithm>

#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

// Only CampaignStateCode is ever stored; unreadable text reads as a draft,
// which nobody can vote or report in until an organizer looks at it.
core::CampaignState CampaignStateOf(const std::string& code) {
  return core::ParseCampaignState(code).value_or(core::CampaignState::kDraft);
}

using base::Result;
using base::Status;

class SqlCampaignRepo final : public CampaignRepo {
 public:
  explicit SqlCampaignRepo(SqlConnection& c) : c_(c) {}

  Result<std::int64_t> Insert(const CampaignRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("INSERT INTO campaigns (congress_id, year, title, template_code, state, "
                            "spec, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                            "RETURNING id",
                            {r.congress_id, std::int64_t{r.year}, std::string_view(r.title),
                             std::string_view(r.template_code), std::string_view(core::CampaignStateCode(r.state)),
                             std::string_view(r.spec), r.created_at, r.updated_at}));
    const std::int64_t id = rows.at(0).Int(0);
    SHUZHI_TRY(ReplaceGroups(id, r.group_ids));
    return id;
  }

  Status Update(const CampaignRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto n,
        c_.Exec("UPDATE campaigns SET year = $1, title = $2, template_code = $3, state = "
                "$4, spec = $5, updated_at = $6 WHERE id = $7",
                {std::int64_t{r.year}, std::string_view(r.title), std::string_view(r.template_code),
                 std::string_view(core::CampaignStateCode(r.state)), std::string_view(r.spec), r.updated_at, r.id}));
    if (n == 0) return base::NotFound("campaign.not_found", "no campaign " + std::to_string(r.id));
    return ReplaceGroups(r.id, r.group_ids);
  }

  Result<std::optional<CampaignRecord>> Find(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, Select("WHERE id = $1", {id}));
    if (all.empty()) return std::optional<CampaignRecord>();
    return std::optional<CampaignRecord>(std::move(all.front()));
  }

  Result<std::vector<CampaignRecord>> List(std::optional<std::int64_t> congress_id) override {
    if (congress_id) return Select("WHERE congress_id = $1 ORDER BY year DESC, id DESC", {*congress_id});
    return Select("ORDER BY year DESC, id DESC", {});
  }

  // ON CONFLICT DO NOTHING rather than catching the violation: in
  // PostgreSQL a failed statement aborts the whole transaction.
  Status AddDeputy(const CampaignDeputyRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("INSERT INTO campaign_deputies (campaign_id, deputy_id, group_id, source, "
                                            "confirmed_by, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT "
                                            "(campaign_id, deputy_id) DO NOTHING",
                                            {r.campaign_id, r.deputy_id, Opt(r.group_id), std::string_view(r.source),
                                             OptText(r.confirmed_by), Opt(r.confirmed_at)}));
    if (n == 0) return base::Conflict("campaign.deputy_listed", "already listed");
    return SetReportListed(r.campaign_id, r.deputy_id, true);
  }

  Status UpdateDeputy(const CampaignDeputyRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("UPDATE campaign_deputies SET group_id = $1, source = $2, confirmed_by = "
                                            "$3, confirmed_at = $4 WHERE campaign_id = $5 AND deputy_id = $6",
                                            {Opt(r.group_id), std::string_view(r.source), OptText(r.confirmed_by),
                                             Opt(r.confirmed_at), r.campaign_id, r.deputy_id}));
    if (n == 0) return base::NotFound("campaign.deputy_not_listed", "the deputy is not listed");
    return base::Ok();
  }

  Status RemoveDeputy(std::int64_t campaign_id, std::int64_t deputy_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("DELETE FROM campaign_deputies WHERE campaign_id = $1 AND deputy_id = $2",
                                            {campaign_id, deputy_id}));
    if (n == 0) return base::NotFound("campaign.deputy_not_listed", "the deputy is not listed");
    return SetReportListed(campaign_id, deputy_id, false);
  }

  Result<std::vector<CampaignDeputyRecord>> ListDeputies(std::int64_t campaign_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT campaign_id, deputy_id, group_id, source, confirmed_by, "
                                                "confirmed_at FROM campaign_deputies WHERE campaign_id = $1 ORDER BY "
                                                "group_id, deputy_id",
                                                {campaign_id}));
    std::vector<CampaignDeputyRecord> out;
    for (const auto& r : rows) {
      out.push_back({r.Int(0), r.Int(1), r.OptInt(2), r.Text(3),
                     r.IsNull(4) ? std::nullopt : std::optional<std::string>(r.Text(4)), r.OptInt(5)});
    }
    return out;
  }

 private:
  // The deputy's report in the campaign, if any, follows the deputy on or
  // off the reporting list (migration 0016: the workbench counts only the
  // reports of listed deputies).
  Status SetReportListed(std::int64_t campaign_id, std::int64_t deputy_id, bool listed) {
    return c_
        .Exec("UPDATE reports SET listed = $1 WHERE campaign_id = $2 AND deputy_id = $3",
              {std::int64_t{listed ? 1 : 0}, campaign_id, deputy_id})
        .status();
  }

  Status ReplaceGroups(std::int64_t id, std::vector<std::int64_t> groups) {
    // A group listed twice counts once; duplicates are dropped here, not by
    // catching a violation (which would abort a PostgreSQL transaction).
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    SHUZHI_TRY(c_.Exec("DELETE FROM campaign_groups WHERE campaign_id = $1", {id}).status());
    for (auto g : groups) {
      auto st = c_.Exec("INSERT INTO campaign_groups (campaign_id, group_id) VALUES ($1, $2)", {id, g}).status();
      if (st.code() == base::Code::kFailedPrecondition) {
        return base::InvalidArgument("campaign.group_not_found", "no group " + std::to_string(g),
                                     {{"group_ids", "not_found"}});
      }
      SHUZHI_TRY(st);
    }
    return base::Ok();
  }

  Result<std::vector<CampaignRecord>> Select(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT id, congress_id, year, title, template_code, state, spec, "
                                                "created_at, updated_at FROM campaigns " +
                                                    tail,
                                                p));
    std::vector<CampaignRecord> out;
    for (const auto& r : rows) {
      CampaignRecord c{r.Int(0),  r.Int(1),  static_cast<int>(r.Int(2)),
                       r.Text(3), r.Text(4), CampaignStateOf(r.Text(5)),
                       r.Text(6), r.Int(7),  r.Int(8),
                       {}};
      SHUZHI_ASSIGN_OR_RETURN(auto groups, c_.Query("SELECT group_id FROM campaign_groups WHERE campaign_id = $1 "
                                                    "ORDER BY group_id",
                                                    {c.id}));
      for (const auto& g : groups) c.group_ids.push_back(g.Int(0));
      out.push_back(std::move(c));
    }
    return out;
  }

  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<CampaignRepo> MakeSqlCampaignRepo(SqlConnection& conn) {
  return std::make_unique<SqlCampaignRepo>(conn);
}

}  // namespace shuzhi::storage
