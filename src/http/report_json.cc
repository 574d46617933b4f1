#include "http/report_json.h"

namespace shuzhi::http {

json::object ReportContentJson(const core::ReportContent& c) {
  json::array sections;
  for (const auto& s : c.sections)
    sections.push_back(json::object{{"key", s.key}, {"title", s.title}, {"text", s.text}});
  return {{"sections", sections}};
}

base::Result<core::ReportContent> ReportContentFrom(const json::value& v) {
  auto bad = [](const char* code) { return base::InvalidArgument("request.invalid", "content", {{"content", code}}); };
  if (!v.is_object()) return bad("must_be_object");
  const auto* sections = v.as_object().if_contains("sections");
  if (!sections || !sections->is_array()) return bad("sections_required");
  core::ReportContent out;
  for (const auto& s : sections->as_array()) {
    if (!s.is_object()) return bad("sections_must_be_objects");
    const auto& o = s.as_object();
    const auto* key = o.if_contains("key");
    const auto* text = o.if_contains("text");
    if (!key || !key->is_string() || !text || !text->is_string()) return bad("section_needs_key_and_text");
    const auto* title = o.if_contains("title");
    out.sections.push_back({std::string(key->as_string()),
                            title && title->is_string() ? std::string(title->as_string()) : std::string(),
                            std::string(text->as_string())});
  }
  return out;
}

json::object ReportJson(const app::ReportView& v) {
  json::array versions, reviews;
  for (const auto& x : v.versions) {
    versions.push_back(json::object{{"version", x.version},
                                    {"words", x.words},
                                    {"chars", x.chars},
                                    {"saved_by", x.saved_by},
                                    {"saved_at", base::FormatCst(x.saved_at)},
                                    {"late", x.late}});
  }
  for (const auto& r : v.reviews) {
    reviews.push_back(json::object{
        {"action", r.action}, {"comment", r.comment}, {"reviewer", r.reviewer}, {"at", base::FormatCst(r.at)}});
  }
  return {{"campaign_id", v.campaign_id},
          {"deputy_id", v.deputy_id},
          {"deputy_name", v.deputy_name},
          {"state", app::ReportProgressCode(v.state)},
          {"late", v.late},
          {"submitted_at", NullableTime(v.submitted_at)},
          {"period_start", v.period_start},
          {"period_end", v.period_end},
          {"content", ReportContentJson(v.content)},
          {"counts", json::object{{"words", v.counts.words},
                                  {"chars_no_spaces", v.counts.chars_no_spaces},
                                  {"chars_with_spaces", v.counts.chars_with_spaces}}},
          {"word_limit", v.word_limit},
          {"report_deadline", v.report_deadline},
          {"versions", versions},
          {"reviews", reviews}};
}

json::object ReportSummaryJson(const app::ReportSummary& s) {
  return {{"deputy_id", s.deputy_id},
          {"name", s.name},
          {"group_id", Nullable(s.group_id)},
          {"group_name", s.group_name},
          {"state", app::ReportProgressCode(s.state)},
          {"late", s.late},
          {"words", s.words},
          {"submitted_at", NullableTime(s.submitted_at)}};
}

json::array ReportDiffJson(const std::vector<core::SectionDiff>& diff) {
  json::array sections;
  for (const auto& s : diff) {
    json::array segments;
    for (const auto& seg : s.segments) {
      const char* op = seg.op == core::DiffSegment::Op::kEqual    ? "equal"
                       : seg.op == core::DiffSegment::Op::kInsert ? "insert"
                                                                  : "delete";
      segments.push_back(json::object{{"op", op}, {"text", seg.text}});
    }
    sections.push_back(json::object{{"key", s.key}, {"title", s.title}, {"segments", segments}});
  }
  return sections;
}

}  // namespace shuzhi::http
