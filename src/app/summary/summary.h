// The summary for the presidium or the standing committee (评议情况报告):
// plan 2 has the group "report the deputies' evaluation results and how the
// evaluation went to the town presidium", plan 1 makes the results a basis
// of the annual assessment. One campaign's figures in one place: who
// reported, by group and by occupation; the grade distribution and each
// deputy's approval rate; opinions received and answered; measures and
// their completion; and the deputies below the campaign's bar (a grade that
// does not count towards approval, e.g. 不满意 or 不称职) or without a
// result (too few valid votes). As a PDF with charts and as XLSX.
//
// It shows every deputy's result, private ones included, so only those who
// read everything in the campaign's congress get it: its organizers and
// reviewers (403 "auth.forbidden" for a group leader or a deputy).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/exports/registry_export.h"
#include "app/home/dashboard.h"
#include "base/i18n.h"
#include "core/campaign.h"

namespace shuzhi::app {

class App;

// One reporting deputy of the campaign.
struct SummaryDeputy {
  std::int64_t deputy_id = 0;
  std::string name;
  std::string group_name;
  std::string occupation;    // the registry's code ("farmer"), "" when unknown
  std::string report_state;  // ReportProgressCode: not_started, draft, submitted, returned, accepted
  bool reported = false;     // the report was handed in (submitted at least once)
  bool late = false;
  // From the last final (not void) poll about the deputy, if any.
  bool has_result = false;
  bool withheld = false;              // fewer valid votes than the campaign's minimum
  std::string grade;                  // scale code
  std::string grade_label;            // as on the ballot
  bool approval_grade = false;        // the grade counts towards approval
  std::int64_t approval_tenths = -1;  // 87.5 % → 875
  std::string approval_percent;       // "87.5"
  std::int64_t opinions_received = 0, opinions_answered = 0;
  std::int64_t measures = 0, measures_completed = 0;  // completed: done or accepted
  // Below the bar: a result whose grade is not an approval grade.
  bool below() const { return has_result && !withheld && !approval_grade; }
};

struct SummaryOccupation {
  std::string occupation;  // code; "" for unknown
  std::int64_t deputies = 0, reported = 0;
};

struct SummaryGrade {
  std::string code, label;
  std::int64_t deputies = 0;
};

struct CampaignSummaryView {
  core::CampaignSpec spec;
  core::CampaignState state = core::CampaignState::kDraft;
  std::string today;                  // YYYY-MM-DD, China Standard Time
  std::vector<GroupProgress> groups;  // the dashboard's figures per group
  std::vector<SummaryOccupation> occupations;
  std::vector<SummaryGrade> grades;  // the campaign's scale, best first
  // Opinions are read by organizers (and the deputy and their leader), not
  // by reviewers: for them the opinion figures are left out, not zero.
  bool opinions_visible = true;
  std::int64_t withheld = 0;            // deputies whose result was withheld
  std::int64_t no_result = 0;           // deputies with no final result yet
  std::vector<SummaryDeputy> deputies;  // by group, then in the report list's order
};

Result<CampaignSummaryView> CampaignSummary(App& app, const Actor& actor, std::int64_t campaign_id);

// The summary as an A4 PDF (GB/T 9704 layout) with its charts.
Result<std::string> CampaignSummaryPdf(App& app, const Actor& actor, std::int64_t campaign_id, base::Lang lang);

// The summary as XLSX: deputies, groups and occupations on their own sheets,
// with the export's provenance sheet.
Result<ExportFile> CampaignSummaryXlsx(App& app, const Actor& actor, std::int64_t campaign_id, base::Lang lang);

}  // namespace shuzhi::app
