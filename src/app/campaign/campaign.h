// Evaluation campaigns: created from a template (committee or voter
// evaluation) or from scratch, edited, moved through their states, and the
// list of deputies who report — from the covered groups' rotation plans for
// the campaign's year or by hand, confirmed by each group's leader.
// Organizers manage campaigns of their congresses; reviewers read them;
// group leaders read the campaigns covering their groups and confirm their
// group's list.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/campaign.h"
#include "core/campaign_entities.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

struct CampaignView {
  core::Campaign record;  // record.spec is the encoded `spec`
  core::CampaignSpec spec;
  // The report deadline is already past (set by List and Get): a plan made
  // from a template late in the year keeps the template's dates, and every
  // submission would be late; the UI warns before the campaign is activated.
  bool deadline_passed = false;
};

struct ReportingDeputy {
  core::CampaignDeputy entry;
  std::string name;
  std::string occupation;
  std::string group_name;
};

class CampaignService {
 public:
  CampaignService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  Result<std::vector<CampaignView>> List(const Actor& actor, std::optional<std::int64_t> congress_id);
  Result<CampaignView> Get(const Actor& actor, std::int64_t id);
  // `template_code`: "committee", "voter" or "custom".
  Result<CampaignView> Create(const Actor& actor, std::int64_t congress_id, const std::string& template_code, int year,
                              const std::vector<std::int64_t>& group_ids);
  // Replaces the plan and the covered groups; refused once the campaign is
  // closed or archived (failed_precondition "campaign.not_editable").
  // `group_ids`: nullopt keeps the campaign's groups (a body without them
  // must not clear them).
  Result<CampaignView> Update(const Actor& actor, std::int64_t id, const core::CampaignSpec& spec,
                              const std::optional<std::vector<std::int64_t>>& group_ids);
  // core::CheckTransition's moves; to archived only once every group with
  // listed deputies, or the whole campaign, has a finished archive
  // (failed_precondition "campaign.archive_missing", core/archive.h).
  Result<CampaignView> SetState(const Actor& actor, std::int64_t id, core::CampaignState to);

  Result<std::vector<ReportingDeputy>> Deputies(const Actor& actor, std::int64_t id);
  // Adds the persons each covered group's rotation plan puts in the
  // campaign's year and who are not listed yet; returns how many.
  Result<int> AddFromRotation(const Actor& actor, std::int64_t id);
  Status AddDeputy(const Actor& actor, std::int64_t id, std::int64_t deputy_id, std::optional<std::int64_t> group_id);
  Status RemoveDeputy(const Actor& actor, std::int64_t id, std::int64_t deputy_id);
  // The group's leader (or an organizer) confirms the group's list.
  Status ConfirmGroup(const Actor& actor, std::int64_t id, std::int64_t group_id);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
};

}  // namespace shuzhi::app
