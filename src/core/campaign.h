// An evaluation campaign (述职评议活动) and its plan (实施方案): content items,
// report limits, the scale and grade rule, disclosure, phases with tasks and
// dates, the report deadline and the state. The two built-in templates carry
// the seed plans' wording (DESIGN.md §2): "committee" (plan 1, the county
// standing committee evaluates city deputies, announced on the spot) and
// "voter" (plan 2, deputies report to voter representatives, results fed
// back privately). Everything in a campaign stays editable. Pure; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace shuzhi::core {

enum class Disclosure { kAnnounce, kPrivate };
enum class CampaignState { kDraft, kActive, kClosed, kArchived };
// What "more than half" is measured against (DESIGN.md §4).
enum class GradeBase { kValidVotes, kBallotsReturned, kEvaluatorsEntitled, kEvaluatorsPresent };

const char* DisclosureCode(Disclosure d);
const char* CampaignStateCode(CampaignState s);
const char* GradeBaseCode(GradeBase b);
std::optional<Disclosure> ParseDisclosure(std::string_view s);
std::optional<CampaignState> ParseCampaignState(std::string_view s);
std::optional<GradeBase> ParseGradeBase(std::string_view s);

struct ScaleOption {
  std::string code;       // stable, e.g. "satisfied"
  std::string label;      // as printed on the ballot, e.g. "满意"
  bool approval = false;  // counts towards the approval rate
  bool operator==(const ScaleOption&) const = default;
};

struct CampaignTask {
  std::string code;                     // e.g. "report_deadline"
  std::string title;                    // e.g. "上交书面述职报告"
  std::optional<std::string> due_date;  // YYYY-MM-DD
  bool done = false;
  bool operator==(const CampaignTask&) const = default;
};

struct CampaignPhase {
  std::string code;  // e.g. "preparation"
  std::string title;
  std::string start_date;  // YYYY-MM-DD
  std::string end_date;
  std::vector<CampaignTask> tasks;
  bool operator==(const CampaignPhase&) const = default;
};

struct CampaignSpec {
  std::string template_code;  // "committee", "voter" or "custom"
  int year = 0;
  std::string title;
  std::string organizing_body;
  std::vector<std::string> content_items;
  int word_limit = 2500;  // Word's 字数
  int speech_minutes = 10;
  std::vector<ScaleOption> scale;  // best first
  GradeBase grade_base = GradeBase::kValidVotes;
  Disclosure disclosure = Disclosure::kAnnounce;
  int min_valid_votes = 5;
  bool abstention_allowed = false;
  std::vector<CampaignPhase> phases;
  std::string report_deadline;  // YYYY-MM-DD; the deadline is 23:59:59 that day, China Standard Time
  // The free-text parts of the implementation plan (实施方案).
  std::string purpose;       // 目的和依据
  std::string method;        // 述职方式及程序
  std::string organisation;  // 组织领导
  std::string requirements;  // 有关要求
  bool operator==(const CampaignSpec&) const = default;
};

CampaignSpec CommitteeTemplate(int year);
CampaignSpec VoterTemplate(int year);
// The template by code ("committee", "voter"), or an empty custom campaign.
CampaignSpec TemplateFor(std::string_view code, int year);

// The moment a day's deadline passes: 23:59:59 of `iso_date` in UTC+8 (the
// last microsecond of that second still counts as on time).
base::Micros DeadlineOf(std::string_view iso_date);
bool IsLate(base::Micros submitted_at, std::string_view deadline_date);

// invalid_argument "request.invalid" naming the first offending field.
base::Status ValidateCampaign(const CampaignSpec& spec);
// draft → active → closed → archived, and active ↔ closed (reopening) only;
// failed_precondition "campaign.bad_transition" otherwise.
base::Status CheckTransition(CampaignState from, CampaignState to);

}  // namespace shuzhi::core
