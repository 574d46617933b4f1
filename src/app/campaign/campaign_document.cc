#include "app/campaign/campaign_document.h"

#include <map>

#include "app/app.h"
#include "app/campaign/campaign.h"
#include "app/exports/document_text.h"
#include "base/i18n.h"
#include "export/pdf.h"

namespace shuzhi::app {
namespace {

using exports::PdfBlock;
using Kind = exports::PdfBlock::Kind;

// The document's words come from the locale files (zh-CN for the official
// document, en on request); only the plan's own text is the campaign's.
using document_text::Heading;
using document_text::T;

// "2026-11-20" → "11月20日" (or "20/11").
std::string MonthDay(base::Lang lang, const std::string& iso) {
  if (iso.size() != 10) return iso;
  return T(lang, "month_day",
           {{"m", std::to_string(std::stoi(iso.substr(5, 2)))}, {"d", std::to_string(std::stoi(iso.substr(8, 2)))}});
}

void Paragraphs(std::vector<PdfBlock>& out, const std::string& text, Kind kind = Kind::kParagraph) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) out.push_back({kind, line});
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

}  // namespace

Result<std::string> CampaignPlanPdf(App& app, const Actor& actor, std::int64_t campaign_id, base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  SHUZHI_ASSIGN_OR_RETURN(auto deputies, app.campaigns().Deputies(actor, campaign_id));
  const auto& c = campaign.spec;
  const auto& cat = base::Catalog::Get();
  exports::PdfDocument doc;
  doc.title = c.title;
  auto& b = doc.blocks;
  Paragraphs(b, c.purpose);
  int section = 0;
  auto heading = [&](const char* key) { b.push_back({Kind::kHeading, Heading(lang, section++, T(lang, key))}); };

  heading("content_items");
  for (std::size_t i = 0; i < c.content_items.size(); ++i) {
    const bool last = i + 1 == c.content_items.size();
    b.push_back({Kind::kItem,
                 T(lang, last ? "item_last" : "item", {{"n", std::to_string(i + 1)}, {"text", c.content_items[i]}})});
  }
  heading("method");
  Paragraphs(b, c.method);
  std::string scale;
  for (std::size_t i = 0; i < c.scale.size(); ++i) {
    scale += (i ? T(lang, "list_separator") : "") + T(lang, "quoted", {{"text", c.scale[i].label}});
  }
  b.push_back(
      {Kind::kParagraph, T(lang, c.disclosure == core::Disclosure::kAnnounce ? "scale_announce" : "scale_private",
                           {{"options", scale}, {"count", std::to_string(c.scale.size())}})});

  heading("who_reports");
  if (deputies.empty()) {
    b.push_back({Kind::kParagraph, T(lang, "who_reports_pending")});
  } else {
    std::map<std::string, int> mix;
    for (const auto& d : deputies) ++mix[d.occupation];
    std::string breakdown;
    for (const auto& [occupation, n] : mix) {
      breakdown +=
          (breakdown.empty() ? "" : T(lang, "list_separator")) +
          T(lang, "occupation_count",
            {{"occupation", cat.Translate(lang, "export.values.occupation." + occupation)}, {"n", std::to_string(n)}});
    }
    b.push_back(
        {Kind::kParagraph,
         T(lang, "who_reports_count",
           {{"year", std::to_string(c.year)}, {"total", std::to_string(deputies.size())}, {"breakdown", breakdown}})});
    std::string names;
    for (const auto& d : deputies) names += (names.empty() ? "" : T(lang, "list_separator")) + d.name;
    b.push_back({Kind::kParagraph, names});
  }

  heading("timetable");
  for (const auto& p : c.phases) {
    std::string tasks;
    for (std::size_t i = 0; i < p.tasks.size(); ++i) {
      tasks += (i ? T(lang, "task_separator") : "") + p.tasks[i].title;
      if (p.tasks[i].due_date) tasks += T(lang, "task_due", {{"date", MonthDay(lang, *p.tasks[i].due_date)}});
    }
    b.push_back({Kind::kItem, T(lang, "phase",
                                {{"title", p.title},
                                 {"from", MonthDay(lang, p.start_date)},
                                 {"to", MonthDay(lang, p.end_date)},
                                 {"tasks", tasks}})});
  }
  b.push_back({Kind::kParagraph, T(lang, "limits",
                                   {{"date", MonthDay(lang, c.report_deadline)},
                                    {"words", std::to_string(c.word_limit)},
                                    {"minutes", std::to_string(c.speech_minutes)}})});
  if (!c.organisation.empty()) {
    heading("organisation");
    Paragraphs(b, c.organisation);
  }
  if (!c.requirements.empty()) {
    heading("requirements");
    Paragraphs(b, c.requirements);
  }
  if (!c.organizing_body.empty()) b.push_back({Kind::kRight, c.organizing_body});
  doc.metadata_title = c.title;
  return exports::RenderPdf(doc);
}

}  // namespace shuzhi::app

#include "app/report/report.h"

namespace shuzhi::app {
namespace {

void AppendReport(exports::PdfDocument& doc, const ReportView& r, const std::string& campaign_title, bool first,
                  base::Lang lang) {
  using Kind = exports::PdfBlock::Kind;
  const std::string title = T(lang, "report_title", {{"name", r.deputy_name}});
  if (first) {
    doc.title = title;
  } else {
    doc.blocks.push_back({Kind::kPageBreak, ""});
    doc.blocks.push_back({Kind::kTitle, title});
  }
  doc.blocks.push_back({Kind::kRight, campaign_title});
  if (!r.period_start.empty()) {
    doc.blocks.push_back({Kind::kRight, T(lang, "period", {{"from", r.period_start}, {"to", r.period_end}})});
  }
  int n = 0;
  for (const auto& s : r.content.sections) {
    if (s.text.empty()) continue;
    doc.blocks.push_back({Kind::kHeading, Heading(lang, n++, s.title)});
    std::size_t start = 0;
    while (start <= s.text.size()) {
      const auto end = s.text.find('\n', start);
      const std::string line = s.text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!line.empty()) doc.blocks.push_back({Kind::kParagraph, line});
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
}

}  // namespace

Result<std::string> ReportPdf(App& app, const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id,
                              base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto report, app.reports().Get(actor, campaign_id, deputy_id));
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  exports::PdfDocument doc;
  AppendReport(doc, report, campaign.spec.title, true, lang);
  return exports::RenderPdf(doc);
}

Result<std::string> GroupReportsPdf(App& app, const Actor& actor, std::int64_t campaign_id, std::int64_t group_id,
                                    base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.reports().List(actor, campaign_id));
  exports::PdfDocument doc;
  bool first = true;
  for (const auto& s : list) {
    if (s.group_id != group_id || !s.state) continue;  // not started
    SHUZHI_ASSIGN_OR_RETURN(auto report, app.reports().Get(actor, campaign_id, s.deputy_id));
    AppendReport(doc, report, campaign.spec.title, first, lang);
    first = false;
  }
  if (first) return base::NotFound("report.none_in_group", "no reports in this group yet");
  return exports::RenderPdf(doc);
}

}  // namespace shuzhi::app

#include "app/opinion/opinion.h"

namespace shuzhi::app {

Result<std::string> OpinionCardPdf(App& app, const Actor& actor, std::int64_t deputy_id, const std::string& base_url,
                                   base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto token, app.opinions().NewLink(actor, deputy_id));
  SHUZHI_ASSIGN_OR_RETURN(auto form, app.opinions().OpenForm(token));
  using Kind = exports::PdfBlock::Kind;
  const std::string url = base_url + "/o/" + token;
  exports::PdfDocument doc;
  doc.title = T(lang, "card_title", {{"name", form.deputy_name}});
  doc.blocks.push_back({Kind::kQrCode, url});
  doc.blocks.push_back({Kind::kParagraph, T(lang, "card_text", {{"name", form.deputy_name}})});
  doc.blocks.push_back({Kind::kParagraph, T(lang, "card_url", {{"url", url}})});
  return exports::RenderPdf(doc);
}

}  // namespace shuzhi::app
