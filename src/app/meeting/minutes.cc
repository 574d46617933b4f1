// MeetingService::MinutesPdf: the minutes (会议记录) of a reporting meeting,
// the record the committee files after it (issue 13, documents 1).
//
// Everything printed is what the meeting recorded: its stored document
// (agenda, questions, answers, remarks, officials), its attendees as checked
// in, and each poll's signed result record for the counts. The meeting keeps
// no times for its agenda items and no actual start or end, only the
// scheduled start and each poll's opening and closing: the minutes say so
// rather than invent them.
//
// Disclosure: a private result never appears in the minutes, whoever prints
// them (evaluators may read the minutes; the deputy hears their result from
// the group leader): its polls show the counts of ballots and a line that the
// result is fed back to each deputy in person. An announced result shows each
// deputy's grade and approval rate, or that it is withheld below the minimum
// of valid votes. Like the other meeting documents, printing is not audited.
#include <map>

#include "app/errors.h"
#include "app/exports/document_text.h"
#include "app/meeting/meeting_internal.h"
#include "export/pdf.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

namespace {

namespace json = base::json;
using exports::PdfBlock;
using Kind = exports::PdfBlock::Kind;
using document_text::T;

struct MinutesPoll {
  int position = 0;
  int round = 1;
  core::PollState state = core::PollState::kPending;
  std::optional<Micros> opened_at, closed_at;
  std::vector<std::string> deputies;
  std::string record;  // the signed result record, once there is one
};

// What the minutes print, gathered in one read transaction.
struct MinutesFacts {
  std::string title, campaign_title, venue;
  Micros starts_at = 0;
  core::MeetingState state = core::MeetingState::kScheduled;
  bool announce = true;
  MeetingDoc doc;
  std::vector<storage::AttendeeRecord> attendees;
  std::vector<MinutesPoll> polls;
  std::string fingerprint;
};

std::string M(base::Lang lang, const std::string& key, const std::map<std::string, std::string>& args = {}) {
  return T(lang, "minutes." + key, args);
}

// Names joined with the list separator; "none" when there are none.
std::string Names(base::Lang lang, const std::vector<std::string>& names) {
  if (names.empty()) return M(lang, "none");
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : T(lang, "list_separator")) + n;
  return out;
}

std::string OrUnrecorded(base::Lang lang, const std::string& s) { return s.empty() ? M(lang, "not_recorded") : s; }

void OverviewPart(std::vector<PdfBlock>& b, const MinutesFacts& f, base::Lang lang) {
  b.push_back({Kind::kHeading, M(lang, "overview_heading")});
  b.push_back({Kind::kParagraph, M(lang, "meeting", {{"title", f.title}})});
  b.push_back({Kind::kParagraph, M(lang, "campaign", {{"title", f.campaign_title}})});
  b.push_back({Kind::kParagraph, M(lang, "time", {{"when", DocWhen(lang, f.starts_at)}})});
  b.push_back({Kind::kParagraph, M(lang, "venue", {{"venue", OrUnrecorded(lang, f.venue)}})});
  b.push_back({Kind::kParagraph,
               M(lang, "state", {{"state", M(lang, std::string("state_") + core::MeetingStateCode(f.state))}})});
  b.push_back({Kind::kParagraph, M(lang, "chair", {{"name", OrUnrecorded(lang, f.doc.chair)}})});
  b.push_back({Kind::kParagraph, M(lang, "tellers", {{"names", Names(lang, f.doc.tellers)}})});
  b.push_back({Kind::kParagraph, M(lang, "scrutineers", {{"names", Names(lang, f.doc.scrutineers)}})});
}

void AttendancePart(std::vector<PdfBlock>& b, const MinutesFacts& f, base::Lang lang) {
  std::vector<std::string> present, absent, guests;
  for (const auto& a : f.attendees) {
    if (a.role == "evaluator") {
      (a.checked_in ? present : absent).push_back(a.name);
    } else if (a.checked_in) {
      guests.push_back(a.name);
    }
  }
  b.push_back({Kind::kHeading, M(lang, "attendance_heading")});
  b.push_back({Kind::kParagraph, M(lang, "attendance",
                                   {{"entitled", std::to_string(present.size() + absent.size())},
                                    {"present", std::to_string(present.size())},
                                    {"absent", std::to_string(absent.size())},
                                    {"guests", std::to_string(guests.size())}})});
  b.push_back({Kind::kParagraph, M(lang, "present", {{"names", Names(lang, present)}})});
  b.push_back({Kind::kParagraph, M(lang, "absent", {{"names", Names(lang, absent)}})});
  b.push_back({Kind::kParagraph, M(lang, "guests", {{"names", Names(lang, guests)}})});
}

void AgendaPart(std::vector<PdfBlock>& b, const MinutesFacts& f, base::Lang lang) {
  b.push_back({Kind::kHeading, M(lang, "agenda_heading")});
  b.push_back({Kind::kParagraph, M(lang, "agenda_times")});
  int n = 0;
  for (const auto& item : f.doc.agenda) {
    b.push_back({Kind::kItem, M(lang, "agenda_item", {{"n", std::to_string(++n)}, {"name", item.name}})});
    if (item.questions.empty()) b.push_back({Kind::kParagraph, M(lang, "no_questions")});
    for (const auto& q : item.questions) {
      const std::string who = q.asked_by.empty() ? M(lang, "asked_by_anyone") : q.asked_by;
      b.push_back({Kind::kParagraph, M(lang, "question", {{"who", who}, {"question", q.question}})});
      b.push_back({Kind::kParagraph, M(lang, "answer", {{"answer", OrUnrecorded(lang, q.answer)}})});
    }
    b.push_back({Kind::kParagraph, M(lang, "remarks", {{"remarks", OrUnrecorded(lang, item.remarks)}})});
  }
}

// One deputy's announced result: grade and approval rate, or withheld.
std::string AnnouncedRow(const json::object& d, const json::object& rec, base::Lang lang) {
  const auto* w = d.if_contains("withheld");
  if (w && w->is_bool() && w->as_bool()) {
    return M(lang, "row_withheld", {{"name", RecordStr(d, "name")}, {"min", RecordNum(rec, "min_valid_votes")}});
  }
  std::string grade = RecordStr(d, "grade");
  if (const auto* scale = rec.if_contains("scale"); scale && scale->is_array()) {
    for (const auto& o : scale->as_array()) {
      if (o.is_object() && RecordStr(o.as_object(), "code") == grade) grade = RecordStr(o.as_object(), "label");
    }
  }
  return M(lang, "row", {{"name", RecordStr(d, "name")}, {"rate", RecordStr(d, "approval_percent")}, {"grade", grade}});
}

void ResultLines(std::vector<PdfBlock>& b, const MinutesPoll& p, bool announce, base::Lang lang) {
  const auto rec = ParseObject(p.record);
  const auto* v = rec.if_contains("void");
  const bool void_poll = v && v->is_bool() && v->as_bool();
  b.push_back({Kind::kParagraph, M(lang, void_poll ? "counts_void" : "counts",
                                   {{"issued", RecordNum(rec, "issued")},
                                    {"phone", RecordNum(rec, "issued_phone")},
                                    {"paper", RecordNum(rec, "issued_paper")},
                                    {"returned", RecordNum(rec, "returned")},
                                    {"valid", RecordNum(rec, "valid_ballots")},
                                    {"invalid", RecordNum(rec, "invalid_ballots")}})});
  if (void_poll) return;
  if (!announce) {
    b.push_back({Kind::kParagraph, M(lang, "private_result")});
    return;
  }
  const auto* deputies = rec.if_contains("deputies");
  if (!deputies || !deputies->is_array()) return;
  for (const auto& d : deputies->as_array()) {
    if (d.is_object()) b.push_back({Kind::kParagraph, AnnouncedRow(d.as_object(), rec, lang)});
  }
}

void PollsPart(std::vector<PdfBlock>& b, const MinutesFacts& f, base::Lang lang) {
  b.push_back({Kind::kHeading, M(lang, "polls_heading")});
  b.push_back({Kind::kParagraph, M(lang, f.announce ? "disclosure_announce" : "disclosure_private")});
  if (f.polls.empty()) b.push_back({Kind::kParagraph, M(lang, "none")});
  for (const auto& p : f.polls) {
    b.push_back({Kind::kItem, M(lang, "poll",
                                {{"n", std::to_string(p.position + 1)},
                                 {"round", std::to_string(p.round)},
                                 {"deputies", Names(lang, p.deputies)},
                                 {"state", M(lang, std::string("poll_state_") + core::PollStateCode(p.state))}})});
    b.push_back(
        {Kind::kParagraph,
         M(lang, "poll_times", {{"opened", DocWhen(lang, p.opened_at)}, {"closed", DocWhen(lang, p.closed_at)}})});
    if (p.record.empty()) {
      b.push_back({Kind::kParagraph, M(lang, "no_result")});
    } else {
      ResultLines(b, p, f.announce, lang);
    }
  }
  b.push_back({Kind::kParagraph, T(lang, "cert_fingerprint", {{"fp", f.fingerprint}})});
}

// The recorder and the chair sign the minutes.
void SignaturePart(std::vector<PdfBlock>& b, const MinutesFacts& f, base::Lang lang) {
  b.push_back({Kind::kHeading, M(lang, "sign_heading")});
  const std::string blank = T(lang, "cert_blank_name");
  for (const auto& [role, name] : {std::pair{M(lang, "recorder"), blank},
                                   std::pair{T(lang, "cert_chair"), f.doc.chair.empty() ? blank : f.doc.chair}}) {
    b.push_back({Kind::kItem, T(lang, "cert_sign_name", {{"role", role}, {"name", name}})});
    b.push_back({Kind::kRight, T(lang, "cert_sign_line")});
  }
}

Result<MinutesPoll> PollFacts(storage::Tx& tx, const PollRecord& p) {
  MinutesPoll out{p.position, p.round, p.state, p.opened_at, p.closed_at, {}, p.result};
  for (auto id : p.deputy_ids) {
    SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(tx, id));
    out.deputies.push_back(std::move(name));
  }
  return out;
}

}  // namespace

Result<std::string> MeetingService::MinutesPdf(const Actor& actor, std::int64_t meeting_id, base::Lang lang) {
  SHUZHI_TRY(keys_.Load());
  MinutesFacts f;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadMeeting(tx, actor, meeting_id));
    if (!l.may_read) return Forbidden("not your meeting");  // as Get
    const auto& m = l.meeting;
    f.title = m.title;
    f.campaign_title = l.campaign.spec.title;
    f.venue = m.venue;
    f.starts_at = m.starts_at;
    f.state = m.state;
    f.announce = l.campaign.spec.disclosure == core::Disclosure::kAnnounce;
    f.doc = ReadMeetingDoc(m.record);
    SHUZHI_ASSIGN_OR_RETURN(f.attendees, tx.meetings().ListAttendees(m.id));
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m.id));
    for (const auto& p : polls) {
      SHUZHI_ASSIGN_OR_RETURN(auto facts, PollFacts(tx, p));
      f.polls.push_back(std::move(facts));
    }
    return base::Ok();
  }));
  f.fingerprint = keys_.fingerprint();
  exports::PdfDocument doc;
  doc.title = M(lang, "title");
  doc.metadata_title = M(lang, "metadata_title", {{"title", f.title}});
  OverviewPart(doc.blocks, f, lang);
  AttendancePart(doc.blocks, f, lang);
  AgendaPart(doc.blocks, f, lang);
  PollsPart(doc.blocks, f, lang);
  SignaturePart(doc.blocks, f, lang);
  doc.blocks.push_back({Kind::kRight, T(lang, "cert_printed", {{"when", DocWhen(lang, clock_.Now())}})});
  return exports::RenderPdf(doc);
}

}  // namespace shuzhi::app
