#include "core/report.h"

#include <dtl/dtl.hpp>
#include <map>

namespace shuzhi::core {
namespace {

constexpr std::size_t kMaxSectionBytes = 100'000;

// The three closing sections every report has (plan 1 §6.1: report the
// achievements, find the gaps and problems, state the direction).
const std::pair<const char*, const char*> kClosing[] = {
    {"achievements", "主要成绩"}, {"shortcomings", "存在的不足和问题"}, {"direction", "今后努力方向"}};

// UTF-8 to code points, for a diff that never splits a character.
std::vector<std::u32string::value_type> CodePoints(std::string_view s, std::vector<std::string>& pieces) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = 1;
    const std::string piece(s.substr(i, n));
    char32_t cp = 0;
    for (unsigned char b : piece) cp = (cp << 8) | b;  // an opaque key: equal bytes, equal key
    out.push_back(cp);
    pieces.push_back(piece);
    i += n;
  }
  return out;
}

}  // namespace

const char* ReportStateCode(ReportState s) {
  switch (s) {
    case ReportState::kDraft:
      return "draft";
    case ReportState::kSubmitted:
      return "submitted";
    case ReportState::kReturned:
      return "returned";
    case ReportState::kAccepted:
      return "accepted";
  }
  return "draft";
}

std::optional<ReportState> ParseReportState(std::string_view s) {
  for (auto v : {ReportState::kDraft, ReportState::kSubmitted, ReportState::kReturned, ReportState::kAccepted}) {
    if (s == ReportStateCode(v)) return v;
  }
  return std::nullopt;
}

ReportContent EmptyReport(const CampaignSpec& campaign) {
  ReportContent r;
  for (std::size_t i = 0; i < campaign.content_items.size(); ++i) {
    r.sections.push_back({"item_" + std::to_string(i + 1), campaign.content_items[i], ""});
  }
  for (const auto& [key, title] : kClosing) r.sections.push_back({key, title, ""});
  return r;
}

base::Result<ReportContent> FitToCampaign(const CampaignSpec& campaign, const ReportContent& input) {
  std::map<std::string, std::string> text;
  for (const auto& s : input.sections) {
    if (s.text.size() > kMaxSectionBytes) {
      return base::InvalidArgument("report.section_too_long", "a section is over 100,000 bytes", {{s.key, "too_long"}});
    }
    text[s.key] = s.text;
  }
  ReportContent out = EmptyReport(campaign);
  for (auto& s : out.sections) {
    if (auto it = text.find(s.key); it != text.end()) s.text = it->second;
  }
  return out;
}

base::TextCounts CountReport(const ReportContent& content) {
  base::TextCounts total;
  for (const auto& s : content.sections) {
    const auto c = base::CountText(s.text);
    total.words += c.words;
    total.chars_no_spaces += c.chars_no_spaces;
    total.chars_with_spaces += c.chars_with_spaces;
  }
  return total;
}

base::Status CheckReportTransition(ReportState from, ReportState to) {
  using S = ReportState;
  const bool ok = (to == S::kSubmitted && (from == S::kDraft || from == S::kReturned)) ||
                  ((to == S::kReturned || to == S::kAccepted) && from == S::kSubmitted);
  if (ok) return base::Ok();
  return base::FailedPrecondition("report.bad_state", std::string("a report cannot go from ") + ReportStateCode(from) +
                                                          " to " + ReportStateCode(to));
}

std::vector<SectionDiff> DiffReports(const ReportContent& a, const ReportContent& b) {
  std::map<std::string, const ReportSection*> old_by_key;
  for (const auto& s : a.sections) old_by_key[s.key] = &s;
  std::vector<SectionDiff> out;
  for (const auto& s : b.sections) {
    const auto it = old_by_key.find(s.key);
    const std::string before = it == old_by_key.end() ? "" : it->second->text;
    std::vector<std::string> pieces_a, pieces_b;
    auto seq_a = CodePoints(before, pieces_a);
    auto seq_b = CodePoints(s.text, pieces_b);
    // dtl (Myers' O(ND) algorithm) over code points.
    dtl::Diff<char32_t, std::vector<char32_t>> diff(seq_a, seq_b);
    diff.compose();
    SectionDiff d{s.key, s.title, {}};
    std::size_t ia = 0, ib = 0;
    for (const auto& [elem, info] : diff.getSes().getSequence()) {
      DiffSegment::Op op = DiffSegment::Op::kEqual;
      std::string piece;
      if (info.type == dtl::SES_COMMON) {
        piece = pieces_a[ia++];
        ++ib;
      } else if (info.type == dtl::SES_DELETE) {
        op = DiffSegment::Op::kDelete;
        piece = pieces_a[ia++];
      } else {
        op = DiffSegment::Op::kInsert;
        piece = pieces_b[ib++];
      }
      if (!d.segments.empty() && d.segments.back().op == op) {
        d.segments.back().text += piece;
      } else {
        d.segments.push_back({op, piece});
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace shuzhi::core
