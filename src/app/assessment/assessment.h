// The annual assessment (年度履职考核) of a congress and each deputy's duty
// record (履职档案), over core/assessment.h: the year's facts per deputy, the
// excellent-deputy criteria, the ranking, and its XLSX and PDF exports.
//
// Who: the organizers and reviewers of the congress read the assessment
// (403 for anyone else, 404 for no such congress); it uses every final
// result, announced or private, released or not, and never a withheld row
// (DESIGN.md §4: organizers and reviewers see private results; withheld
// figures show to no one). A duty record is read by the deputy themself
// (a private result only once released), the leader of a group the deputy
// belongs to, and the organizers and reviewers of a congress where the
// deputy holds a mandate (403 otherwise, 404 for no such person). Reading
// changes nothing and is not audited.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/exports/registry_export.h"
#include "base/i18n.h"
#include "core/assessment.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

struct AssessmentQuery {
  int year = 0;
  core::AssessmentCriteria criteria;
  core::AssessmentFilter filter;
};

struct AssessmentGroup {
  std::int64_t id = 0;
  std::string name;
};

struct AssessmentView {
  std::int64_t congress_id = 0;
  std::string congress_name;
  int year = 0;
  std::vector<core::CampaignRow> campaigns;  // the year's, with their scales
  std::vector<std::string> grades;           // every grade code a criterion may name, best first
  std::vector<AssessmentGroup> groups;       // every group of the year's deputies, for the filter
  std::int64_t deputies = 0;                 // in the congress's year, before the filter
  std::int64_t candidates = 0;               // of those, meeting the criteria
  std::vector<core::RankedDeputy> rows;      // after the filter
};

struct DutyRecordView {
  std::int64_t deputy_id = 0;
  std::string name;
  bool own = false;  // read by the deputy themself
  std::vector<core::RecordEntry> entries;
};

class AssessmentService {
 public:
  AssessmentService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  // invalid_argument "assessment.bad_year" (outside 2000–2100),
  // "assessment.bad_threshold", "assessment.unknown_grade".
  Result<AssessmentView> Assess(const Actor& actor, std::int64_t congress_id, const AssessmentQuery& q);
  // The ranking as a workbook (with the provenance sheet every export has)
  // and as an A4 PDF; user text is written as text.
  Result<ExportFile> Xlsx(const Actor& actor, std::int64_t congress_id, const AssessmentQuery& q, base::Lang lang);
  Result<std::string> Pdf(const Actor& actor, std::int64_t congress_id, const AssessmentQuery& q, base::Lang lang);

  Result<DutyRecordView> Record(const Actor& actor, std::int64_t deputy_id);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
};

}  // namespace shuzhi::app
