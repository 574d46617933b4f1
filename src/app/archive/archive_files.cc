#include "app/archive/archive_files.h"

#include <memory>

#include "app/app.h"
#include "app/campaign/campaign_document.h"
#include "app/feedback/feedback.h"
#include "app/measure/measure.h"
#include "app/meeting/meeting.h"
#include "app/opinion/opinion.h"
#include "app/report/report.h"
#include "app/summary/summary.h"
#include "core/archive.h"
#include "core/board.h"
#include "export/xlsx_writer.h"

namespace shuzhi::app::archive_detail {
namespace {

using exports::Sheet;

std::string Word(base::Lang lang, const std::string& key) {
  return base::Catalog::Get().Translate(lang, "archive." + key);
}

// A header row of column names from the locale files.
std::vector<std::string> Header(base::Lang lang, std::initializer_list<const char*> fields) {
  std::vector<std::string> row;
  for (const char* f : fields) row.push_back(Word(lang, std::string("columns.") + f));
  return row;
}

std::string Time(std::optional<base::Micros> t) { return t ? base::FormatCst(*t) : ""; }

PendingFile Xlsx(std::string path, std::function<Result<std::vector<Sheet>>()> sheets) {
  return {std::move(path), [sheets = std::move(sheets)]() -> Result<std::string> {
            SHUZHI_ASSIGN_OR_RETURN(auto s, sheets());
            return exports::WriteXlsx(s);
          }};
}

// ---- 实施方案 and the reports ----

Result<std::vector<PendingFile>> PlanFiles(App& app, const Actor& actor, const Scope& s) {
  return std::vector<PendingFile>{
      {"plan.pdf", [&app, actor, s] { return CampaignPlanPdf(app, actor, s.campaign_id, s.lang); }}};
}

// Every report of a deputy in scope that was ever saved, as it stands now:
// the campaign is closed, so that is its final version.
Result<std::vector<PendingFile>> ReportFiles(App& app, const Actor& actor, const Scope& s) {
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.reports().List(actor, s.campaign_id));
  std::vector<PendingFile> out;
  for (const auto& r : list) {
    if (!r.state || !s.deputies.count(r.deputy_id)) continue;
    const auto deputy = r.deputy_id;
    out.push_back({"reports/" + std::to_string(deputy) + "-" + core::SafeFileName(r.name) + ".pdf",
                   [&app, actor, s, deputy] { return ReportPdf(app, actor, s.campaign_id, deputy, s.lang); }});
  }
  return out;
}

// ---- meetings: polls, feedback ----

// The campaign's meetings that concern the scope: all of them for the whole
// campaign; for a group, its own meetings and campaign-wide meetings with a
// poll about one of its deputies.
Result<std::vector<MeetingView>> MeetingsInScope(App& app, const Actor& actor, const Scope& s) {
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.meetings().List(actor, s.campaign_id));
  std::vector<MeetingView> out;
  for (const auto& m : list) {
    if (s.group_id && m.group_id && *m.group_id != *s.group_id) continue;
    SHUZHI_ASSIGN_OR_RETURN(auto view, app.meetings().Get(actor, m.id));
    bool concerns = !s.group_id || view.group_id.has_value();
    for (const auto& p : view.polls) {
      for (const auto& d : p.deputies) concerns = concerns || s.deputies.count(d.id);
    }
    if (concerns) out.push_back(std::move(view));
  }
  return out;
}

Result<std::vector<PendingFile>> PollFiles(App& app, const Actor& actor, const Scope& s) {
  SHUZHI_ASSIGN_OR_RETURN(auto meetings, MeetingsInScope(app, actor, s));
  std::vector<PendingFile> out;
  for (const auto& m : meetings) {
    for (const auto& p : m.polls) {
      if (p.state != core::PollState::kFinal) continue;
      const auto poll = p.id;
      const std::string base = "polls/" + std::to_string(m.id) + "-" + std::to_string(poll);
      out.push_back({base + "-tally-certificate.pdf",
                     [&app, actor, s, poll] { return app.meetings().TallyCertificatePdf(actor, poll, s.lang); }});
      out.push_back({base + "-board.json", [&app, actor, poll]() -> Result<std::string> {
                       SHUZHI_ASSIGN_OR_RETURN(auto board, app.meetings().Board(actor, poll));
                       return core::EncodeBoard(board);
                     }});
    }
  }
  return out;
}

// The minutes (会议记录) of every meeting in scope.
Result<std::vector<PendingFile>> MinutesFiles(App& app, const Actor& actor, const Scope& s) {
  SHUZHI_ASSIGN_OR_RETURN(auto meetings, MeetingsInScope(app, actor, s));
  std::vector<PendingFile> out;
  for (const auto& m : meetings) {
    const auto id = m.id;
    out.push_back({"minutes/" + std::to_string(id) + "-minutes.pdf",
                   [&app, actor, s, id] { return app.meetings().MinutesPdf(actor, id, s.lang); }});
  }
  return out;
}

Result<std::vector<Sheet>> FeedbackSheets(App& app, const Actor& actor, const Scope& s) {
  SHUZHI_ASSIGN_OR_RETURN(auto meetings, MeetingsInScope(app, actor, s));
  const auto l = s.lang;
  Sheet sheet{Word(l, "sheets.feedback"),
              {{Header(l, {"meeting", "poll", "deputy", "released", "given_at", "method", "given_by", "notes",
                           "recorded_by", "recorded_at", "confirmed_at"})}}};
  for (const auto& m : meetings) {
    SHUZHI_ASSIGN_OR_RETURN(auto items, app.feedback().ForMeeting(actor, m.id));
    for (const auto& i : items) {
      if (!s.deputies.count(i.deputy_id)) continue;
      std::vector<std::string> row{m.title, std::to_string(i.poll_id), i.deputy_name,
                                   Word(l, i.released ? "values.yes" : "values.no")};
      if (i.feedback) {
        const auto& f = *i.feedback;
        for (auto cell : {Time(f.given_at), Word(l, std::string("values.") + core::FeedbackMethodCode(f.method)),
                          f.given_by, f.notes, f.recorded_by, Time(f.recorded_at), Time(f.confirmed_at)}) {
          row.push_back(std::move(cell));
        }
      }
      sheet.table.rows.push_back(std::move(row));
    }
  }
  return std::vector<Sheet>{std::move(sheet)};
}

Result<std::vector<PendingFile>> FeedbackFiles(App& app, const Actor& actor, const Scope& s) {
  return std::vector<PendingFile>{Xlsx("feedback.xlsx", [&app, actor, s] { return FeedbackSheets(app, actor, s); })};
}

// ---- opinions ----

Result<std::vector<Sheet>> OpinionSheets(App& app, const Actor& actor, const Scope& s) {
  const auto l = s.lang;
  Sheet sheet{Word(l, "sheets.opinions"),
              {{Header(l, {"id", "deputy", "source", "received_on", "constituent", "category", "content", "status",
                           "answer", "answered_at"})}}};
  for (const auto& [deputy, name] : s.deputies) {
    SHUZHI_ASSIGN_OR_RETURN(auto list, app.opinions().List(actor, deputy));
    for (const auto& o : list) {
      // This campaign's, and those sent through the public form (no campaign);
      // not what moderation kept out.
      if ((o.campaign_id && *o.campaign_id != s.campaign_id) || o.status == "pending" || o.status == "rejected") {
        continue;
      }
      sheet.table.rows.push_back({std::to_string(o.id), name, Word(l, "values." + o.source), o.received_on,
                                  o.constituent, o.category, o.content, Word(l, "values." + o.status), o.answer,
                                  Time(o.answered_at)});
    }
  }
  return std::vector<Sheet>{std::move(sheet)};
}

Result<std::vector<PendingFile>> OpinionFiles(App& app, const Actor& actor, const Scope& s) {
  return std::vector<PendingFile>{Xlsx("opinions.xlsx", [&app, actor, s] { return OpinionSheets(app, actor, s); })};
}

// ---- measures, their notes and evidence ----

std::string EvidencePath(const core::EvidenceFile& f) {
  const std::string ext = f.media_type == "image/png"         ? ".png"
                          : f.media_type == "image/jpeg"      ? ".jpg"
                          : f.media_type == "application/pdf" ? ".pdf"
                                                              : ".bin";
  return "evidence/" + f.sha256 + ext;
}

std::vector<Sheet> MeasureSheets(const std::vector<MeasureDetail>& all, base::Lang l) {
  Sheet measures{Word(l, "sheets.measures"),
                 {{Header(l, {"id", "deputy", "meeting", "text", "due_on", "state", "overdue", "opinions", "created_at",
                              "done_at", "reviewed_by", "reviewed_at", "review_comment"})}}};
  Sheet notes{Word(l, "sheets.notes"), {{Header(l, {"measure", "note", "written_by", "written_at", "text"})}}};
  Sheet files{Word(l, "sheets.evidence"),
              {{Header(l, {"measure", "note", "name", "media_type", "size", "sha256", "path"})}}};
  for (const auto& d : all) {
    const auto& m = d.view.measure;
    std::string opinions;
    for (auto id : m.opinion_ids) opinions += (opinions.empty() ? "" : ", ") + std::to_string(id);
    measures.table.rows.push_back({std::to_string(m.id), d.view.deputy_name, d.view.meeting_title, m.text, m.due_on,
                                   Word(l, std::string("values.") + core::MeasureStateCode(m.state)),
                                   Word(l, d.view.overdue ? "values.yes" : "values.no"), opinions, Time(m.created_at),
                                   Time(m.done_at), d.view.reviewed_by_name, Time(m.reviewed_at), m.review_comment});
    for (const auto& n : d.notes) {
      notes.table.rows.push_back(
          {std::to_string(m.id), std::to_string(n.note.id), n.written_by_name, Time(n.note.written_at), n.note.text});
      for (const auto& f : n.note.files) {
        files.table.rows.push_back({std::to_string(m.id), std::to_string(n.note.id), core::SafeFileName(f.name),
                                    f.media_type, std::to_string(f.size), f.sha256, EvidencePath(f)});
      }
    }
  }
  return {std::move(measures), std::move(notes), std::move(files)};
}

Result<std::vector<PendingFile>> MeasureFiles(App& app, const Actor& actor, const Scope& s) {
  MeasureFilter filter;
  filter.group_id = s.group_id;
  SHUZHI_ASSIGN_OR_RETURN(auto list, app.measures().ForCampaign(actor, s.campaign_id, filter));
  auto details = std::make_shared<std::vector<MeasureDetail>>();
  std::vector<PendingFile> out;
  std::set<std::string> evidence;
  for (const auto& v : list) {
    if (!s.deputies.count(v.measure.deputy_id)) continue;
    SHUZHI_ASSIGN_OR_RETURN(auto d, app.measures().Get(actor, v.measure.id));
    for (const auto& n : d.notes) {
      for (const auto& f : n.note.files) {
        // One copy per digest, as the evidence store keeps them.
        if (!evidence.insert(f.sha256).second) continue;
        const auto measure = f.measure_id, file = f.id;
        out.push_back({EvidencePath(f), [&app, actor, measure, file]() -> Result<std::string> {
                         SHUZHI_ASSIGN_OR_RETURN(auto got, app.measures().Download(actor, measure, file));
                         return std::move(got.bytes);
                       }});
      }
    }
    details->push_back(std::move(d));
  }
  const auto lang = s.lang;
  out.insert(out.begin(), Xlsx("measures.xlsx", [details, lang]() -> Result<std::vector<Sheet>> {
               return MeasureSheets(*details, lang);
             }));
  return out;
}

// ---- the report on the evaluation (评议情况报告) ----

// Only in the whole campaign's archive: the report shows every group's
// results, private ones included, and a group's archive is read by that
// group's leader, who may see their own group's only.
Result<std::vector<PendingFile>> SummaryFiles(App& app, const Actor& actor, const Scope& s) {
  if (s.group_id) return std::vector<PendingFile>{};
  return std::vector<PendingFile>{
      {"summary.pdf", [&app, actor, s] { return CampaignSummaryPdf(app, actor, s.campaign_id, s.lang); }},
      {"summary.xlsx", [&app, actor, s]() -> Result<std::string> {
         SHUZHI_ASSIGN_OR_RETURN(auto f, CampaignSummaryXlsx(app, actor, s.campaign_id, s.lang));
         return std::move(f.bytes);
       }}};
}

}  // namespace

const std::vector<NamedProducer>& Producers() {
  static const std::vector<NamedProducer> kProducers = {
      {"plan", PlanFiles},        {"reports", ReportFiles},    {"minutes", MinutesFiles},  {"polls", PollFiles},
      {"opinions", OpinionFiles}, {"feedback", FeedbackFiles}, {"measures", MeasureFiles}, {"summary", SummaryFiles},
  };
  return kProducers;
}

}  // namespace shuzhi::app::archive_detail
