// Duty reports: the deputy writes section by section (drafts are saved as
// they go), submits before the deadline (late submissions are accepted and
// flagged; over the campaign's 字数 limit they are refused), and the group
// leader or an organizer returns the report with comments or accepts it.
// Every submission is a numbered version; any two compare side by side.
//
// Who may do what: the deputy their own report; the leader of the group the
// deputy reports for, and the campaign's organizers, read and review;
// reviewers read. A deputy must be on the campaign's reporting list.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/report.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

// One submission (its text is read through Diff).
struct ReportVersionView {
  int version = 0;
  std::int64_t words = 0;
  std::int64_t chars = 0;
  std::string saved_by;
  base::Micros saved_at = 0;
  bool late = false;
};

struct ReportReviewView {
  std::string action;  // "return" or "accept"
  std::string comment;
  std::string reviewer;
  base::Micros at = 0;
};

struct ReportView {
  std::int64_t campaign_id = 0;
  std::int64_t deputy_id = 0;
  std::string deputy_name;
  std::optional<core::ReportState> state;  // none: not started
  bool late = false;
  std::optional<base::Micros> submitted_at;
  std::string period_start;
  std::string period_end;
  core::ReportContent content;
  base::TextCounts counts;
  int word_limit = 0;
  std::string report_deadline;  // YYYY-MM-DD (23:59:59 CST)
  std::vector<ReportVersionView> versions;
  std::vector<ReportReviewView> reviews;
};

struct ReportSummary {
  std::int64_t deputy_id = 0;
  std::string name;
  std::optional<std::int64_t> group_id;
  std::string group_name;
  std::optional<core::ReportState> state;  // none: not started
  bool late = false;
  std::int64_t words = 0;
  std::optional<base::Micros> submitted_at;
};

// "not_started" for a report never saved, else the state's code: the words
// the API, the dashboard and the notices count reports by.
const char* ReportProgressCode(const std::optional<core::ReportState>& state);

class ReportService {
 public:
  ReportService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  Result<std::vector<ReportSummary>> List(const Actor& actor, std::int64_t campaign_id);
  Result<ReportView> Get(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id);
  // The deputy's working text; allowed while the report is a draft or
  // returned, and the campaign is active.
  Result<ReportView> SaveDraft(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id,
                               const core::ReportContent& content, const std::optional<std::string>& period_start,
                               const std::optional<std::string>& period_end);
  // failed_precondition "report.over_limit" (details: words), "report.campaign_not_active", "report.bad_state".
  Result<ReportView> Submit(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id);
  // `action`: "return" (comment required) or "accept".
  Result<ReportView> Review(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id,
                            const std::string& action, const std::string& comment);
  // The paragraphs of a Word document the deputy uploads, to place into the
  // editor's sections (nothing is stored).
  Result<std::vector<std::string>> ReadDocx(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id,
                                            std::string_view bytes);
  // Versions by number; 0 is the current working text.
  Result<std::vector<core::SectionDiff>> Diff(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id,
                                              int from, int to);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
};

}  // namespace shuzhi::app
