// Read-only counts for the home page's workbench (app/home/workbench.h); see
// store.h for the transaction and threading rules. Each call is one
// statement that counts in the database over the indexes of migration 0015,
// reading only the rows it counts (or returns the few rows of one deputy or
// one group where the rule needs them), never a whole table: the workbench answers within 20 ms with a
// 100,000-deputy roster (bench/workbench).
//
// Who a count covers is decided by the caller (app) and handed in as ids; an
// empty list of ids counts nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/campaign.h"
#include "core/meeting_states.h"
#include "core/report.h"

namespace shuzhi::storage {

// Whose work a count covers.
struct WorkScope {
  enum class By {
    kAll,         // every congress (an administrator)
    kCongresses,  // the campaigns of these congresses; for opinions, the deputies holding a mandate there
    kGroups,      // the deputies listed under (or, for opinions, holding a mandate in) these groups
    kDeputies     // these deputies themselves
  };
  By by = By::kCongresses;
  std::vector<std::int64_t> ids;
};

// A count and where its rows lie: in how many campaigns and meetings (0 when
// the count is not about meetings) and the smallest of each's id, so that a
// card whose rows lie in one place can lead straight there.
struct WorkCount {
  std::int64_t count = 0;
  std::int64_t campaigns = 0, first_campaign = 0;
  std::int64_t meetings = 0, first_meeting = 0;
  bool operator==(const WorkCount&) const = default;
};

// Which meetings to count: in `state` when set, starting in [from, to) when
// set, and with `current_only` only those of active or closed campaigns.
struct MeetingFilter {
  std::optional<core::MeetingState> state;
  std::optional<base::Micros> from, to;
  bool current_only = false;
};

// A campaign as the workbench reads it.
struct WorkCampaign {
  std::int64_t id = 0;
  core::CampaignState state = core::CampaignState::kDraft;
  std::string spec;  // the plan (JSON)
};

// A deputy's row of a final poll, not yet released to them.
struct UnreleasedRow {
  std::int64_t campaign_id = 0, meeting_id = 0, poll_id = 0, deputy_id = 0;
  std::string result;  // the poll's signed result record (JSON), which says whether the row is withheld
};

// A deputy's entry on a campaign's reporting list, with the campaign and
// their report there.
struct ListedReport {
  std::int64_t deputy_id = 0;
  WorkCampaign campaign;
  std::optional<core::ReportState> report;  // nullopt: not started
};

class WorkbenchRepo {
 public:
  virtual ~WorkbenchRepo() = default;
  // Reports in `state` of deputies on the reporting lists of active
  // campaigns: the campaigns of the congresses (kAll, kCongresses), or the
  // deputies listed under the groups in campaigns covering them (kGroups).
  virtual base::Result<WorkCount> Reports(const WorkScope& scope, core::ReportState state) = 0;
  // Reporting-list entries under the groups, in draft or active campaigns
  // covering them, that the group has not confirmed.
  virtual base::Result<WorkCount> Unconfirmed(const std::vector<std::int64_t>& group_ids) = 0;
  // Opinions in `status` (pending, new, …) about the deputies of the scope.
  virtual base::Result<std::int64_t> Opinions(const WorkScope& scope, std::string_view status) = 0;
  // Meetings of the campaigns of the congresses (kAll, kCongresses).
  virtual base::Result<WorkCount> Meetings(const WorkScope& scope, const MeetingFilter& filter) = 0;
  // Polls in `state` in the meetings of the congresses' campaigns.
  virtual base::Result<WorkCount> Polls(const WorkScope& scope, core::PollState state) = 0;
  // Results not yet released: the rows of final polls of `campaign_ids`
  // about deputies listed there under the groups, in campaigns covering
  // them, that the poll has not released. Rows, not a count, since whether
  // a row is withheld (nothing to release) is in the result record: they
  // are the few of one group's deputies, by poll and deputy.
  virtual base::Result<std::vector<UnreleasedRow>> Unreleased(const std::vector<std::int64_t>& group_ids,
                                                              const std::vector<std::int64_t>& campaign_ids) = 0;
  // The campaigns covering the groups, by id.
  virtual base::Result<std::vector<WorkCampaign>> CampaignsCovering(const std::vector<std::int64_t>& group_ids) = 0;
  // Every entry of the deputies on a reporting list, by campaign.
  virtual base::Result<std::vector<ListedReport>> Listed(const std::vector<std::int64_t>& deputy_ids) = 0;
  // The deputies' results: (poll, deputy) pairs of polls with a result
  // (final or void) of campaigns listing the deputy, that the deputy sees:
  // the campaign is in `announced`, or the poll released their row.
  virtual base::Result<WorkCount> OwnResults(const std::vector<std::int64_t>& deputy_ids,
                                             const std::vector<std::int64_t>& announced) = 0;
};

}  // namespace shuzhi::storage
