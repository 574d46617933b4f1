// A duty report (述职报告): one section per content item of its campaign,
// then achievements, shortcomings and problems, and the direction for
// improvement (plan 1 §6.1). Its length is Word's 字数 over all sections
// (base/text.h). States: draft → submitted → returned → submitted … →
// accepted. Two versions compare section by section as a character diff.
// Pure; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/text.h"
#include "core/campaign.h"

namespace shuzhi::core {

struct ReportSection {
  std::string key;    // "item_1" … "item_N", "achievements", "shortcomings", "direction"
  std::string title;  // the content item's wording, or the fixed heading
  std::string text;
  bool operator==(const ReportSection&) const = default;
};

struct ReportContent {
  std::vector<ReportSection> sections;
  bool operator==(const ReportContent&) const = default;
};

enum class ReportState { kDraft, kSubmitted, kReturned, kAccepted };
const char* ReportStateCode(ReportState s);
std::optional<ReportState> ParseReportState(std::string_view s);

// The empty sections a campaign's report has.
ReportContent EmptyReport(const CampaignSpec& campaign);

// Keeps the campaign's sections in order; text for unknown keys is dropped,
// missing sections are empty. invalid_argument if a section is over 100,000
// bytes or not valid UTF-8 is tolerated (counted as characters).
base::Result<ReportContent> FitToCampaign(const CampaignSpec& campaign, const ReportContent& input);

base::TextCounts CountReport(const ReportContent& content);

// failed_precondition "report.bad_state" for a move the life cycle forbids:
// submit from draft or returned; return or accept from submitted.
base::Status CheckReportTransition(ReportState from, ReportState to);

struct DiffSegment {
  enum class Op { kEqual, kInsert, kDelete };
  Op op = Op::kEqual;
  std::string text;
};

struct SectionDiff {
  std::string key;
  std::string title;
  std::vector<DiffSegment> segments;
};

// Section by section, character by character (code points), what changed
// from `a` to `b`; runs of the same operation are merged.
std::vector<SectionDiff> DiffReports(const ReportContent& a, const ReportContent& b);

}  // namespace shuzhi::core
