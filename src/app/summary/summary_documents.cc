// The presidium's summary as printed (PDF with charts) and as a workbook.
#include <algorithm>

#include "app/app.h"
#include "app/exports/document_text.h"
#include "app/exports/export_pack.h"
#include "app/summary/summary.h"
#include "export/pdf.h"

namespace shuzhi::app {
namespace {

using document_text::Heading;
using document_text::T;
using exports::PdfBlock;
using Kind = exports::PdfBlock::Kind;
using S = std::string;

S N(std::int64_t n) { return std::to_string(n); }

S OccupationLabel(base::Lang lang, const S& code) {
  const export_detail::Labels l(lang);
  return code.empty() ? T(lang, "summary.unknown_occupation") : l.Value("occupation", code);
}

struct Totals {
  std::int64_t deputies = 0, reported = 0, late = 0, results = 0;
  std::int64_t opinions = 0, answered = 0, measures = 0, completed = 0;
};

Totals Add(const CampaignSummaryView& v) {
  Totals t;
  for (const auto& d : v.deputies) {
    ++t.deputies;
    t.reported += d.reported;
    t.late += d.late;
    t.results += d.has_result;
    t.opinions += d.opinions_received;
    t.answered += d.opinions_answered;
    t.measures += d.measures;
    t.completed += d.measures_completed;
  }
  return t;
}

// A group's reporting deputies and how many of them handed in a report.
struct GroupCount {
  std::int64_t deputies = 0, reported = 0;
};
GroupCount CountGroup(const CampaignSummaryView& v, const std::string& group_name) {
  GroupCount c;
  for (const auto& d : v.deputies) {
    if (d.group_name != group_name) continue;
    ++c.deputies;
    c.reported += d.reported;
  }
  return c;
}

void Reporting(std::vector<PdfBlock>& b, const CampaignSummaryView& v, const Totals& t, base::Lang lang, int& n) {
  b.push_back({Kind::kHeading, Heading(lang, n++, T(lang, "summary.reporting"))});
  b.push_back({Kind::kParagraph, T(lang, "summary.reporting_total",
                                   {{"year", N(v.spec.year)},
                                    {"n", N(t.deputies)},
                                    {"reported", N(t.reported)},
                                    {"late", N(t.late)},
                                    {"today", v.today}})});
  for (const auto& g : v.groups) {
    const auto c = CountGroup(v, g.group_name);
    b.push_back({Kind::kItem, T(lang, "summary.group_line",
                                {{"group", g.group_name}, {"n", N(c.deputies)}, {"reported", N(c.reported)}})});
  }
  b.push_back({Kind::kParagraph, T(lang, "summary.by_occupation")});
  for (const auto& o : v.occupations) {
    b.push_back(
        {Kind::kItem,
         T(lang, "summary.occupation_line",
           {{"occupation", OccupationLabel(lang, o.occupation)}, {"n", N(o.deputies)}, {"reported", N(o.reported)}})});
  }
}

void Results(std::vector<PdfBlock>& b, const CampaignSummaryView& v, const Totals& t, base::Lang lang, int& n) {
  b.push_back({Kind::kHeading, Heading(lang, n++, T(lang, "summary.results"))});
  b.push_back(
      {Kind::kParagraph, T(lang, "summary.results_total",
                           {{"results", N(t.results)}, {"withheld", N(v.withheld)}, {"none", N(v.no_result)}})});
  PdfBlock grades{Kind::kBarChart, T(lang, "summary.grade_chart")};
  for (const auto& g : v.grades) {
    grades.bars.push_back(
        {g.label, static_cast<double>(g.deputies), T(lang, "summary.persons", {{"n", N(g.deputies)}})});
  }
  b.push_back(std::move(grades));
  std::vector<const SummaryDeputy*> rated;
  for (const auto& d : v.deputies) {
    if (d.has_result && !d.withheld && d.approval_tenths >= 0) rated.push_back(&d);
  }
  if (rated.empty()) return;
  std::stable_sort(rated.begin(), rated.end(),
                   [](const auto* a, const auto* b) { return a->approval_tenths > b->approval_tenths; });
  PdfBlock rates{Kind::kBarChart, T(lang, "summary.approval_chart")};
  rates.chart_max = 100;
  for (const auto* d : rated) {
    rates.bars.push_back({d->name, static_cast<double>(d->approval_tenths) / 10, d->approval_percent + "%"});
  }
  b.push_back(std::move(rates));
}

void AfterMeeting(std::vector<PdfBlock>& b, const CampaignSummaryView& v, const Totals& t, base::Lang lang, int& n) {
  b.push_back({Kind::kHeading, Heading(lang, n++, T(lang, "summary.after"))});
  b.push_back({Kind::kParagraph, T(lang, v.opinions_visible ? "summary.after_total" : "summary.after_measures",
                                   {{"opinions", N(t.opinions)},
                                    {"answered", N(t.answered)},
                                    {"measures", N(t.measures)},
                                    {"completed", N(t.completed)}})});
  PdfBlock chart{Kind::kBarChart, T(lang, "summary.measures_chart")};
  chart.chart_max = 100;
  for (const auto& g : v.groups) {
    const auto& m = g.measures;
    const std::int64_t completed = m.done + m.accepted;
    const std::int64_t tenths = m.total ? (2000 * completed + m.total) / (2 * m.total) : 0;
    chart.bars.push_back({g.group_name, static_cast<double>(tenths) / 10,
                          T(lang, "summary.measures_bar", {{"completed", N(completed)}, {"total", N(m.total)}})});
  }
  if (!chart.bars.empty()) b.push_back(std::move(chart));
}

void Attention(std::vector<PdfBlock>& b, const CampaignSummaryView& v, base::Lang lang, int& n) {
  b.push_back({Kind::kHeading, Heading(lang, n++, T(lang, "summary.attention"))});
  int listed = 0;
  for (const auto& d : v.deputies) {
    if (d.below()) {
      b.push_back({Kind::kItem, T(lang, "summary.below_line",
                                  {{"name", d.name},
                                   {"group", d.group_name},
                                   {"grade", d.grade_label},
                                   {"rate", d.approval_percent.empty() ? "—" : d.approval_percent + "%"}})});
      ++listed;
    } else if (d.has_result && d.withheld) {
      b.push_back({Kind::kItem, T(lang, "summary.withheld_line",
                                  {{"name", d.name}, {"group", d.group_name}, {"min", N(v.spec.min_valid_votes)}})});
      ++listed;
    }
  }
  if (listed == 0) b.push_back({Kind::kParagraph, T(lang, "summary.none_below")});
}

}  // namespace

Result<std::string> CampaignSummaryPdf(App& app, const Actor& actor, std::int64_t campaign_id, base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto v, CampaignSummary(app, actor, campaign_id));
  const Totals t = Add(v);
  exports::PdfDocument doc;
  doc.title = T(lang, "summary.title", {{"title", v.spec.title}});
  doc.metadata_title = T(lang, "summary.metadata_title", {{"title", v.spec.title}});
  auto& b = doc.blocks;
  int n = 0;
  Reporting(b, v, t, lang, n);
  Results(b, v, t, lang, n);
  AfterMeeting(b, v, t, lang, n);
  Attention(b, v, lang, n);
  b.push_back({Kind::kRight, v.spec.organizing_body});
  b.push_back({Kind::kRight, T(lang, "summary.date",
                               {{"y", v.today.substr(0, 4)},
                                {"m", N(std::stoi(v.today.substr(5, 2)))},
                                {"d", N(std::stoi(v.today.substr(8, 2)))}})});
  return exports::RenderPdf(doc);
}

Result<ExportFile> CampaignSummaryXlsx(App& app, const Actor& actor, std::int64_t campaign_id, base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto v, CampaignSummary(app, actor, campaign_id));
  const export_detail::Labels l(lang);
  exports::Table deputies;
  deputies.rows.push_back({l.Column("group"), l.Column("deputy"), l.Column("occupation"), l.Column("report_state"),
                           l.Column("late"), l.Column("grade"), l.Column("approval_percent"),
                           l.Column("opinions_received"), l.Column("opinions_answered_count"),
                           l.Column("measures_count"), l.Column("measures_completed"), l.Column("below_bar")});
  const S yes = l.Value("boolean", "true"), no = l.Value("boolean", "false");
  for (const auto& d : v.deputies) {
    S grade = d.grade_label;
    if (d.has_result && d.withheld) grade = l.Value("result_state", "withheld");
    deputies.rows.push_back({d.group_name, d.name, d.occupation.empty() ? "" : l.Value("occupation", d.occupation),
                             l.Value("report_progress", d.report_state), d.late ? yes : no, grade, d.approval_percent,
                             v.opinions_visible ? N(d.opinions_received) : "",
                             v.opinions_visible ? N(d.opinions_answered) : "", N(d.measures), N(d.measures_completed),
                             d.below() ? yes : no});
  }
  exports::Table groups;
  groups.rows.push_back({l.Column("group"), l.Column("deputies"), l.Column("reports_handed_in"),
                         l.Column("opinions_received"), l.Column("opinions_answered_count"), l.Column("measures_count"),
                         l.Column("measures_completed"), l.Column("measures_overdue"), l.Column("feedback_due")});
  for (const auto& g : v.groups) {
    const auto c = CountGroup(v, g.group_name);
    groups.rows.push_back({g.group_name, N(c.deputies), N(c.reported), v.opinions_visible ? N(g.opinions_received) : "",
                           v.opinions_visible ? N(g.opinions_answered) : "", N(g.measures.total),
                           N(g.measures.done + g.measures.accepted), N(g.measures.overdue), N(g.feedback_due)});
  }
  exports::Table grades;
  grades.rows.push_back({l.Column("grade"), l.Column("deputies")});
  for (const auto& g : v.grades) grades.rows.push_back({g.label, N(g.deputies)});
  grades.rows.push_back({l.Value("result_state", "withheld"), N(v.withheld)});
  grades.rows.push_back({l.Value("result_state", "no_result"), N(v.no_result)});
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, export_detail::ProvenanceOf(app.store(), app.clock(), actor));
  return export_detail::PackSheets(T(lang, "summary.metadata_title", {{"title", v.spec.title}}),
                                   {{l.Title("summary_deputies"), std::move(deputies)},
                                    {l.Title("summary_groups"), std::move(groups)},
                                    {l.Title("summary_grades"), std::move(grades)}},
                                   l, provenance);
}

}  // namespace shuzhi::app
