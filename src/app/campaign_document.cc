#include "app/campaign_document.h"

#include <map>

#include "app/campaign.h"
#include "base/i18n.h"

namespace shuzhi::app {
namespace {

using spreadsheet::PdfBlock;
using Kind = spreadsheet::PdfBlock::Kind;

const char* kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

// "2026-11-20" → "11月20日".
std::string MonthDay(const std::string& iso) {
  if (iso.size() != 10) return iso;
  return std::to_string(std::stoi(iso.substr(5, 2))) + "月" + std::to_string(std::stoi(iso.substr(8, 2))) + "日";
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

Result<std::string> CampaignPlanPdf(App& app, const Actor& actor, std::int64_t campaign_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  SHUZHI_ASSIGN_OR_RETURN(auto deputies, app.campaigns().Deputies(actor, campaign_id));
  const auto& c = campaign.spec;
  const auto& cat = base::Catalog::Get();
  spreadsheet::PdfDocument doc;
  doc.title = c.title;
  auto& b = doc.blocks;
  Paragraphs(b, c.purpose);
  int section = 0;
  auto heading = [&](const char* text) { b.push_back({Kind::kHeading, std::string(kNumerals[section++]) + "、" + text}); };

  heading("述职内容");
  for (std::size_t i = 0; i < c.content_items.size(); ++i) {
    const bool last = i + 1 == c.content_items.size();
    b.push_back({Kind::kItem, std::to_string(i + 1) + "．" + c.content_items[i] + (last ? "。" : "；")});
  }
  heading("述职方式及程序");
  Paragraphs(b, c.method);
  std::string scale;
  for (std::size_t i = 0; i < c.scale.size(); ++i) scale += (i ? "、" : "") + ("“" + c.scale[i].label + "”");
  b.push_back({Kind::kParagraph, "测评分" + scale + std::to_string(c.scale.size()) + "个等次，测评结果" +
                                     (c.disclosure == core::Disclosure::kAnnounce ? "当场宣布。" : "不进行现场公布，会后由代表小组组长向代表本人反馈。")});

  heading("述职代表");
  if (deputies.empty()) {
    b.push_back({Kind::kParagraph, "述职代表由各代表小组按照轮换计划确定。"});
  } else {
    std::map<std::string, int> mix;
    for (const auto& d : deputies) ++mix[d.occupation];
    std::string breakdown;
    for (const auto& [occupation, n] : mix) {
      breakdown += (breakdown.empty() ? "" : "、") +
                   cat.Translate(base::Lang::kZhCn, "export.values.occupation." + occupation) + std::to_string(n) + "人";
    }
    b.push_back({Kind::kParagraph, std::to_string(c.year) + "年安排述职的代表共" + std::to_string(deputies.size()) +
                                       "人，其中" + breakdown + "。"});
    std::string names;
    for (const auto& d : deputies) names += (names.empty() ? "" : "、") + d.name;
    b.push_back({Kind::kParagraph, names});
  }

  heading("时间安排");
  for (const auto& p : c.phases) {
    std::string line = p.title + "（" + MonthDay(p.start_date) + "至" + MonthDay(p.end_date) + "）：";
    for (std::size_t i = 0; i < p.tasks.size(); ++i) {
      line += (i ? "；" : "") + p.tasks[i].title;
      if (p.tasks[i].due_date) line += "（" + MonthDay(*p.tasks[i].due_date) + "前）";
    }
    b.push_back({Kind::kItem, line + "。"});
  }
  b.push_back({Kind::kParagraph, "述职报告于" + MonthDay(c.report_deadline) + "前上交，字数不超过" +
                                     std::to_string(c.word_limit) + "字，述职时间控制在" +
                                     std::to_string(c.speech_minutes) + "分钟之内。"});
  if (!c.organisation.empty()) {
    heading("组织领导");
    Paragraphs(b, c.organisation);
  }
  if (!c.requirements.empty()) {
    heading("有关要求");
    Paragraphs(b, c.requirements);
  }
  if (!c.organizing_body.empty()) b.push_back({Kind::kRight, c.organizing_body});
  doc.metadata_title = c.title;
  return spreadsheet::RenderPdf(doc);
}

}  // namespace shuzhi::app

#include "app/report.h"

namespace shuzhi::app {
namespace {

void AppendReport(spreadsheet::PdfDocument& doc, const ReportView& r, const std::string& campaign_title, bool first) {
  using Kind = spreadsheet::PdfBlock::Kind;
  const std::string title = r.deputy_name + "述职报告";
  if (first) {
    doc.title = title;
  } else {
    doc.blocks.push_back({Kind::kPageBreak, ""});
    doc.blocks.push_back({Kind::kTitle, title});
  }
  doc.blocks.push_back({Kind::kRight, campaign_title});
  if (!r.period_start.empty()) {
    doc.blocks.push_back({Kind::kRight, "（" + r.period_start + "至" + r.period_end + "）"});
  }
  int n = 0;
  const char* numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"};
  for (const auto& s : r.content.sections) {
    if (s.text.empty()) continue;
    doc.blocks.push_back({Kind::kHeading, std::string(numerals[std::min(n++, 13)]) + "、" + s.title});
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

Result<std::string> ReportPdf(App& app, const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto report, app.reports().Get(actor, campaign_id, deputy_id));
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  spreadsheet::PdfDocument doc;
  AppendReport(doc, report, campaign.spec.title, true);
  return spreadsheet::RenderPdf(doc);
}

Result<std::string> GroupReportsPdf(App& app, const Actor& actor, std::int64_t campaign_id, std::int64_t group_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, campaign_id));
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.reports().List(actor, campaign_id));
  spreadsheet::PdfDocument doc;
  bool first = true;
  for (const auto& s : list) {
    if (s.group_id != group_id || s.state == "not_started") continue;
    SHUZHI_ASSIGN_OR_RETURN(auto report, app.reports().Get(actor, campaign_id, s.deputy_id));
    AppendReport(doc, report, campaign.spec.title, first);
    first = false;
  }
  if (first) return base::NotFound("report.none_in_group", "no reports in this group yet");
  return spreadsheet::RenderPdf(doc);
}

}  // namespace shuzhi::app

#include "app/opinion.h"

namespace shuzhi::app {

Result<std::string> OpinionCardPdf(App& app, const Actor& actor, std::int64_t deputy_id, const std::string& base_url) {
  SHUZHI_ASSIGN_OR_RETURN(auto token, app.opinions().NewLink(actor, deputy_id));
  SHUZHI_ASSIGN_OR_RETURN(auto form, app.opinions().OpenForm(token));
  using Kind = spreadsheet::PdfBlock::Kind;
  const std::string url = base_url + "/o/" + token;
  spreadsheet::PdfDocument doc;
  doc.title = "人大代表 " + form.deputy_name + "\n代表码";
  doc.blocks.push_back({Kind::kQrCode, url});
  doc.blocks.push_back({Kind::kParagraph, "用手机扫描上方二维码（微信或相机均可），即可向" + form.deputy_name +
                                              "代表提出意见建议，不需要注册或登录。意见经代表小组审核后转交代表本人。"});
  doc.blocks.push_back({Kind::kParagraph, "网址：" + url});
  return spreadsheet::RenderPdf(doc);
}

}  // namespace shuzhi::app
