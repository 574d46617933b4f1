// The annual assessment (年度履职考核) of a congress and a deputy's duty
// record (履职档案): per-deputy facts for a year, the excellent-deputy
// criteria, their validation and the ranking. Pure; storage hands in the
// rows below (AssessmentRepo), already limited to a congress and a year or
// to one deputy.
//
// Results used (DESIGN.md §4): the assessment is read by the congress's
// organizers and reviewers, who see every final result, announced or
// private, released or not, so a private result counts whether or not it was
// released. A withheld row (fewer valid votes than the campaign's minimum)
// shows nothing to anyone and is never used: the deputy has no result from
// that poll. A void poll has no result. A deputy's own duty record shows a
// private row only once released (RecordFor's `own_view`).
//
// Grades are the scale codes of the result record (core/tally.h: the grade
// is an index into the campaign's scale, best first; the record names it by
// its code). Grades of different scales compare by their index.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/tally.h"

namespace shuzhi::core {

// ---- rows from storage ----

// A deputy of the congress in the year, once per mandate (a deputy whose
// group or term changed within the year has two rows) and once per reporting
// list entry; `group_id` none when the row names no group.
struct AssessedDeputyRow {
  std::int64_t deputy_id = 0;
  std::string name;
  std::optional<std::int64_t> group_id;
  std::string group_name;
};

struct CampaignRow {
  std::int64_t id = 0;
  int year = 0;
  std::string title;
  std::vector<std::string> scale;         // grade codes, best first
  std::vector<std::string> scale_labels;  // as printed on the ballot, in the same order
};

// A deputy's entry on a campaign's reporting list, with their report.
struct ListedRow {
  std::int64_t campaign_id = 0;
  std::int64_t deputy_id = 0;
  bool submitted = false;  // a report was submitted (submitted_at set)
  bool late = false;
};

// Opinions about a deputy gathered for a campaign (opinion.campaign_id),
// counted per campaign and status. Opinions outside every campaign are not
// part of the assessment.
struct OpinionCount {
  std::int64_t deputy_id = 0;
  std::int64_t campaign_id = 0;
  std::string status;  // pending, rejected, new, answered, addressed
  std::int64_t count = 0;
};

struct MeasureRow {
  std::int64_t deputy_id = 0;
  std::int64_t campaign_id = 0;
  std::string state;   // open, done, returned, accepted
  std::string due_on;  // YYYY-MM-DD
  std::optional<base::Micros> done_at;
};

// A poll with a result (final or void) of one of the campaigns.
struct PollRow {
  std::int64_t poll_id = 0;
  std::int64_t campaign_id = 0;
  bool final = false;  // false: void
  std::string result;  // the signed result record (JSON)
  std::vector<std::int64_t> deputy_ids;
  std::vector<std::int64_t> released;
  bool private_disclosure = false;
};

struct AssessmentRows {
  std::vector<AssessedDeputyRow> roster;
  std::vector<CampaignRow> campaigns;
  std::vector<ListedRow> listed;
  std::vector<OpinionCount> opinions;
  std::vector<MeasureRow> measures;
  std::vector<PollRow> polls;
};

// ---- facts ----

// A deputy's usable result from one poll.
struct GradeFact {
  std::int64_t poll_id = 0;
  std::int64_t campaign_id = 0;
  std::string grade;   // scale code
  int grade_rank = 0;  // index in the scale, 0 best
  Fraction approval;
  bool released = false;  // a private result released to the deputy
  bool private_result = false;
};

struct DeputyFacts {
  std::int64_t deputy_id = 0;
  std::string name;
  std::vector<std::int64_t> group_ids;   // every group of the year, ascending
  std::vector<std::string> group_names;  // in the same order
  int listed = 0;                        // reporting lists naming the deputy
  int reported = 0;                      // reports submitted
  int reported_on_time = 0;              // of those, not late
  int polls = 0;                         // polls with a result naming the deputy
  int polls_withheld = 0;                // of those, withheld or void for the deputy
  std::optional<GradeFact> result;       // the latest usable one (highest poll id)
  std::optional<GradeFact> best;         // the best usable one (approval, then grade)
  std::int64_t opinions = 0;             // received (neither pending nor rejected)
  std::int64_t opinions_answered = 0;    // answered or addressed (已整改)
  std::int64_t measures = 0;
  std::int64_t measures_done = 0;     // done or accepted
  std::int64_t measures_on_time = 0;  // accepted, marked done by its due day (CST)
  bool reported_all() const { return listed > 0 && reported == listed; }
  bool on_time() const { return reported > 0 && reported_on_time == reported && reported == listed; }
};

// The facts of every deputy in `rows`, by deputy id.
std::vector<DeputyFacts> AssessmentFacts(const AssessmentRows& rows);

// ---- criteria and ranking ----

struct AssessmentCriteria {
  std::set<std::string> grades;            // the result's grade must be one of these; empty: any
  std::optional<int> min_approval_tenths;  // 0..1000 (per mille): approval ≥ this
  bool all_measures_done = false;          // every measure done or accepted
  bool on_time = false;                    // every listed report submitted on time
};

// invalid_argument "assessment.bad_threshold" for a threshold outside
// 0–100 %, "assessment.unknown_grade" for a grade none of `known` names.
base::Status ValidateCriteria(const AssessmentCriteria& c, const std::set<std::string>& known);

// Whether the deputy meets `c`: a usable result is required.
bool MeetsCriteria(const DeputyFacts& f, const AssessmentCriteria& c);

struct RankedDeputy {
  DeputyFacts facts;
  std::optional<int> rank;  // none without a usable result
  bool candidate = false;
};

struct AssessmentFilter {
  std::optional<std::int64_t> group_id;
  bool candidates_only = false;
};

// Ranks by the latest result's approval rate (higher first), then its grade
// (better first); equal on both share a rank (1, 1, 3), listed by deputy id.
// Deputies without a usable result follow, unranked, by id. The ranks are
// those of the whole congress; the filter then only hides rows.
std::vector<RankedDeputy> RankAssessment(std::vector<DeputyFacts> facts, const AssessmentCriteria& c,
                                         const AssessmentFilter& filter);

// -1, 0, 1 as the approval `a` is below, equal to or above `b` (exact).
int CompareApproval(const Fraction& a, const Fraction& b);

// ---- duty record ----

// One campaign of the deputy's record.
struct RecordEntry {
  int year = 0;
  std::int64_t campaign_id = 0;
  std::string campaign_title;
  bool listed = false;
  bool reported = false;
  bool on_time = false;
  std::optional<GradeFact> result;
  bool result_hidden = false;  // a private result the deputy may not see yet
  std::int64_t opinions = 0, opinions_answered = 0;
  std::int64_t measures = 0, measures_done = 0;
};

// Every campaign of `rows` (for one deputy), newest year first, then by
// campaign id. With `own_view` an unreleased private result is hidden.
std::vector<RecordEntry> RecordFor(std::int64_t deputy_id, const AssessmentRows& rows, bool own_view);

// The usable rows of a signed result record: (deputy id, grade code, grade
// index, approval); withheld rows and a void record give none.
struct ResultRow {
  std::int64_t deputy_id = 0;
  std::string grade;
  int grade_rank = 0;
  Fraction approval;
};
std::vector<ResultRow> UsableResultRows(std::string_view signed_record);

}  // namespace shuzhi::core
