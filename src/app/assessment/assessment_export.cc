// AssessmentService's exports: the ranking as XLSX (packed like every other
// export, with its provenance sheet) and as an A4 PDF.
#include <string>

#include "app/assessment/assessment.h"
#include "app/exports/document_text.h"
#include "app/exports/export_pack.h"
#include "export/pdf.h"

namespace shuzhi::app {

namespace {

using export_detail::Labels;

std::string Percent(const core::Fraction& f) {
  const auto t = f.PercentTenths();
  if (t < 0) return "";
  return std::to_string(t / 10) + "." + std::to_string(t % 10) + "%";
}

std::string Groups(const core::DeputyFacts& f, const std::string& sep) {
  std::string out;
  for (const auto& g : f.group_names) out += (out.empty() ? "" : sep) + g;
  return out;
}

std::string T(base::Lang lang, const std::string& key, const std::map<std::string, std::string>& args = {}) {
  return document_text::T(lang, "assessment." + key, args);
}

exports::Table TableOf(const AssessmentView& v, const Labels& l, base::Lang lang) {
  exports::Table t;
  t.rows.push_back({l.Column("assessment_rank"), l.Column("name"), l.Column("assessment_groups"), l.Column("reported"),
                    l.Column("on_time"), l.Column("grade"), l.Column("approval"), l.Column("opinions"),
                    l.Column("opinions_answered"), l.Column("measures"), l.Column("measures_done"),
                    l.Column("measures_on_time"), l.Column("candidate")});
  const auto yes_no = [&](bool b) { return l.Value("boolean", b ? "true" : "false"); };
  for (const auto& r : v.rows) {
    const auto& f = r.facts;
    t.rows.push_back({r.rank ? std::to_string(*r.rank) : "", f.name,
                      Groups(f, base::Catalog::Get().Translate(lang, "document.list_separator")),
                      yes_no(f.reported_all()), yes_no(f.on_time()), f.result ? l.Value("grade", f.result->grade) : "",
                      f.result ? Percent(f.result->approval) : "", std::to_string(f.opinions),
                      std::to_string(f.opinions_answered), std::to_string(f.measures), std::to_string(f.measures_done),
                      std::to_string(f.measures_on_time), yes_no(r.candidate)});
  }
  return t;
}

}  // namespace

Result<ExportFile> AssessmentService::Xlsx(const Actor& actor, std::int64_t congress_id, const AssessmentQuery& q,
                                           base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto v, Assess(actor, congress_id, q));
  const Labels l(lang);
  SHUZHI_ASSIGN_OR_RETURN(auto p, export_detail::ProvenanceOf(store_, clock_, actor));
  const std::string title = T(lang, "file", {{"year", std::to_string(v.year)}});
  return export_detail::Pack(title, TableOf(v, l, lang), ExportFormat::kXlsx, l, p);
}

Result<std::string> AssessmentService::Pdf(const Actor& actor, std::int64_t congress_id, const AssessmentQuery& q,
                                           base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto v, Assess(actor, congress_id, q));
  const Labels l(lang);
  exports::PdfDocument doc;
  doc.title = v.congress_name + "\n" + T(lang, "title", {{"year", std::to_string(v.year)}});
  doc.metadata_title = T(lang, "file", {{"year", std::to_string(v.year)}});
  using K = exports::PdfBlock::Kind;
  doc.blocks.push_back({K::kParagraph, T(lang, "summary",
                                         {{"deputies", std::to_string(v.deputies)},
                                          {"candidates", std::to_string(v.candidates)},
                                          {"shown", std::to_string(v.rows.size())}})});
  const auto& c = q.criteria;
  std::string crit;
  for (const auto& g : c.grades) crit += (crit.empty() ? "" : "/") + l.Value("grade", g);
  if (!crit.empty()) crit = T(lang, "criterion_grade", {{"grades", crit}});
  if (c.min_approval_tenths) {
    crit += T(lang, "criterion_approval", {{"percent", Percent({*c.min_approval_tenths, 1000})}});
  }
  if (c.all_measures_done) crit += T(lang, "criterion_measures");
  if (c.on_time) crit += T(lang, "criterion_on_time");
  doc.blocks.push_back(
      {K::kParagraph, T(lang, "criteria", {{"criteria", crit.empty() ? T(lang, "no_criteria") : crit}})});
  doc.blocks.push_back({K::kHeading, T(lang, "ranking")});
  const std::string sep = base::Catalog::Get().Translate(lang, "document.list_separator");
  for (const auto& r : v.rows) {
    const auto& f = r.facts;
    doc.blocks.push_back({K::kItem, T(lang, "row",
                                      {{"rank", r.rank ? std::to_string(*r.rank) : "—"},
                                       {"name", f.name},
                                       {"groups", Groups(f, sep)},
                                       {"grade", f.result ? l.Value("grade", f.result->grade) : T(lang, "no_result")},
                                       {"approval", f.result ? Percent(f.result->approval) : "—"},
                                       {"reported", l.Value("boolean", f.reported_all() ? "true" : "false")},
                                       {"on_time", l.Value("boolean", f.on_time() ? "true" : "false")},
                                       {"opinions", std::to_string(f.opinions)},
                                       {"answered", std::to_string(f.opinions_answered)},
                                       {"measures", std::to_string(f.measures)},
                                       {"done", std::to_string(f.measures_done)}}) +
                                        (r.candidate ? T(lang, "candidate_mark") : "")});
  }
  return exports::RenderPdf(doc);
}

}  // namespace shuzhi::app
