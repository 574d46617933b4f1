// The meeting service's shared helpers (meeting_internal.h).
#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "app/errors.h"
#include "app/exports/document_text.h"
#include "app/meeting/meeting_internal.h"
#include "core/access.h"

namespace shuzhi::app::meeting_detail {

Status NotEnded(const MeetingRecord& m) {
  return m.state == core::MeetingState::kFinished
             ? base::FailedPrecondition("meeting.finished", "the meeting has ended")
             : base::Ok();
}

Status CheckText(const std::string& s, const char* field) {
  if (s.size() > kMaxText) return Invalid(field, "too_long");
  return base::Ok();
}

namespace json = base::json;

json::object ParseObject(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

std::string RecordNum(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? std::to_string(v->as_int64()) : "0";
}

std::string RecordStr(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string DocWhen(base::Lang lang, const std::optional<Micros>& t) {
  if (!t) return document_text::T(lang, "cert_no_time");
  const std::string iso = base::FormatCst(*t);
  return document_text::T(lang, "cert_datetime",
                          {{"y", iso.substr(0, 4)},
                           {"m", std::to_string(std::stoi(iso.substr(5, 2)))},
                           {"d", std::to_string(std::stoi(iso.substr(8, 2)))},
                           {"hm", iso.substr(11, 5)}});
}

namespace {

std::int64_t IntOf(const json::object& o, const char* key, std::int64_t fallback = 0) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : fallback;
}

const json::array& ArrOf(const json::object& o, const char* key) {
  static const json::array kNone;
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kNone;
}

const json::object& ObjOf(const json::object& o, const char* key) {
  static const json::object kNone;
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? v->as_object() : kNone;
}

std::vector<std::string> Strings(const json::array& a) {
  std::vector<std::string> out;
  for (const auto& v : a) {
    if (v.is_string()) out.emplace_back(v.as_string());
  }
  return out;
}

json::array ToArray(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

}  // namespace

MeetingDoc ReadMeetingDoc(const std::string& text) {
  const auto o = ParseObject(text);
  MeetingDoc d;
  for (const auto& v : ArrOf(o, "agenda")) {
    if (!v.is_object()) continue;
    const auto& item = v.as_object();
    AgendaItem a{IntOf(item, "deputy_id"), RecordStr(item, "name"), {}, RecordStr(item, "remarks")};
    for (const auto& q : ArrOf(item, "questions")) {
      if (!q.is_object()) continue;
      a.questions.push_back({RecordStr(q.as_object(), "asked_by"), RecordStr(q.as_object(), "question"),
                             RecordStr(q.as_object(), "answer")});
    }
    d.agenda.push_back(std::move(a));
  }
  d.chair = RecordStr(o, "chair");
  d.tellers = Strings(ArrOf(o, "tellers"));
  d.scrutineers = Strings(ArrOf(o, "scrutineers"));
  return d;
}

std::string WriteMeetingDoc(const MeetingDoc& d) {
  json::array agenda;
  for (const auto& a : d.agenda) {
    json::array questions;
    for (const auto& q : a.questions) {
      questions.push_back(json::object{{"asked_by", q.asked_by}, {"question", q.question}, {"answer", q.answer}});
    }
    agenda.push_back(json::object{
        {"deputy_id", a.deputy_id}, {"name", a.name}, {"questions", std::move(questions)}, {"remarks", a.remarks}});
  }
  return json::serialize(json::object{{"agenda", std::move(agenda)},
                                      {"chair", d.chair},
                                      {"tellers", ToArray(d.tellers)},
                                      {"scrutineers", ToArray(d.scrutineers)}});
}

LiveDoc ReadLiveDoc(const std::string& text) {
  const auto o = ParseObject(text);
  const auto& timer = ObjOf(o, "timer");
  LiveDoc d{IntOf(o, "item", -1), RecordStr(o, "stage"), IntOf(timer, "duration_ms"), IntOf(timer, "elapsed_ms"), {}};
  if (const auto* started = timer.if_contains("started_at"); started && started->is_int64()) {
    d.started_at = started->as_int64();
  }
  return d;
}

std::string WriteLiveDoc(const LiveDoc& d) {
  return json::serialize(json::object{
      {"item", d.item},
      {"stage", d.stage},
      {"timer", json::object{{"duration_ms", d.duration_ms},
                             {"elapsed_ms", d.elapsed_ms},
                             {"started_at", d.started_at ? json::value(*d.started_at) : json::value(nullptr)}}}});
}

LiveView LiveViewOf(const LiveDoc& d, Micros now) {
  std::int64_t elapsed = d.elapsed_ms;
  if (d.started_at) elapsed += (now - *d.started_at) / 1000;
  return {d.item, d.stage, d.duration_ms, d.duration_ms - elapsed, d.started_at.has_value(), now / 1000};
}

Result<Loaded> LoadMeeting(storage::Tx& tx, const Actor& a, std::int64_t id) {
  SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().Find(id));
  if (!m) return base::NotFound("meeting.not_found", "no meeting " + std::to_string(id));
  SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, m->campaign_id));
  SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
  Loaded l{std::move(*m), std::move(view)};
  l.may_run = campaign_access::MayManage(a, c);
  if (!l.may_run && l.meeting.group_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*l.meeting.group_id));
    l.may_run = g && core::Allows(a.roles, core::Action::kManageGroup, core::Scope{g->congress_id, g->id, {}});
  }
  l.may_read = l.may_run || campaign_access::MayRead(a, c);
  return l;
}

Result<Loaded> LoadToRun(storage::Tx& tx, const Actor& a, std::int64_t id) {
  SHUZHI_ASSIGN_OR_RETURN(auto l, LoadMeeting(tx, a, id));
  if (!l.may_run)
    return Forbidden(
        "only the campaign's organizers or the group's leader run "
        "this meeting");
  return l;
}

Result<std::pair<PollRecord, Loaded>> LoadPoll(storage::Tx& tx, const Actor& a, std::int64_t poll_id, bool for_update) {
  SHUZHI_ASSIGN_OR_RETURN(auto p,
                          for_update ? tx.meetings().FindPollForUpdate(poll_id) : tx.meetings().FindPoll(poll_id));
  if (!p) return base::NotFound("poll.not_found", "no poll " + std::to_string(poll_id));
  SHUZHI_ASSIGN_OR_RETURN(auto l, LoadMeeting(tx, a, p->meeting_id));
  return std::make_pair(std::move(*p), std::move(l));
}

core::PollBallotSpec BallotSpecOf(const PollRecord& p, const core::CampaignSpec& c) {
  return {p.deputy_ids, c.scale, c.abstention_allowed};
}

Result<std::string> DeputyName(storage::Tx& tx, std::int64_t id) {
  SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(id));
  return d ? d->name : std::string("#") + std::to_string(id);
}

// After ballots were rewritten, the WAL still holds page images in arrival
// order; fold it into the database file and truncate it. A reader holding an
// old snapshot can make this incomplete: try a few times, a little later each
// time (readers' transactions are short), then leave it to the next
// checkpoint.
void FoldWal(storage::Store& store) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (store.Checkpoint().ok()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
  }
}

Status Touch(storage::Tx& tx, std::int64_t meeting_id) { return tx.meetings().Touch(meeting_id); }

Result<StoredBallots> ShuffleStored(storage::Tx& tx, std::int64_t poll_id) {
  StoredBallots out;
  SHUZHI_ASSIGN_OR_RETURN(out.ballots, tx.ballots().Ballots(poll_id));
  SHUZHI_ASSIGN_OR_RETURN(out.receipts, tx.ballots().Receipts(poll_id));  // sorted: no order either
  base::RandomShuffle(out.ballots);  // the stored order must say nothing about arrival
  // The order the board will list them in, which the result is signed over.
  SHUZHI_ASSIGN_OR_RETURN(out.ballots, tx.ballots().ReplaceBallots(poll_id, std::move(out.ballots), out.receipts));
  return out;
}

Result<IssuedCount> IssuedInRound(storage::Tx& tx, std::int64_t meeting_id, int round) {
  IssuedCount n;
  SHUZHI_ASSIGN_OR_RETURN(n.phone, tx.meetings().Issued(meeting_id, round, core::Channel::kPhone));
  SHUZHI_ASSIGN_OR_RETURN(n.paper, tx.meetings().Issued(meeting_id, round, core::Channel::kPaper));
  return n;
}

Result<IssuedCount> IssuedFor(storage::Tx& tx, const PollRecord& p) {
  if (p.issued_phone && p.issued_paper) return IssuedCount{*p.issued_phone, *p.issued_paper};
  return IssuedInRound(tx, p.meeting_id, p.round);
}

Result<EvaluatorCount> EvaluatorsOf(storage::Tx& tx, std::int64_t meeting_id) {
  SHUZHI_ASSIGN_OR_RETURN(const auto n, tx.meetings().CountEvaluators(meeting_id));
  return EvaluatorCount{n.entitled, n.present};
}

std::vector<RecordRow> RecordRows(const std::string& signed_record) {
  std::vector<RecordRow> out;
  const auto record = ParseObject(signed_record);
  for (const auto& row : ArrOf(record, "deputies")) {
    if (!row.is_object()) continue;
    const auto* w = row.as_object().if_contains("withheld");
    out.push_back({IntOf(row.as_object(), "deputy_id"), w && w->is_bool() && w->as_bool()});
  }
  return out;
}

PollView PollViewOf(storage::Tx& tx, const PollRecord& p, std::int64_t issued) {
  PollView v;
  v.id = p.id;
  v.position = p.position;
  v.round = p.round;
  for (auto id : p.deputy_ids) {
    auto name = DeputyName(tx, id);
    v.deputies.push_back({id, name.ok() ? *name : ""});
  }
  v.state = p.state;
  v.voted = p.voted;
  v.issued = issued;
  v.paper_valid = p.paper_valid;
  v.invalid_sheets = p.invalid_sheets;
  v.has_result = !p.result.empty();
  v.paper_counted = p.paper_counted;
  v.opened_at = p.opened_at;
  v.closed_at = p.closed_at;
  return v;
}

Result<bool> MayFeedBack(storage::Tx& tx, const Actor& a, const Loaded& l, std::int64_t deputy_id) {
  if (campaign_access::MayManage(a, l.campaign.record)) return true;
  SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(l.campaign.record.id));
  for (const auto& e : listed) {
    if (e.deputy_id != deputy_id || !e.group_id) continue;
    SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*e.group_id));
    if (g && core::Allows(a.roles, core::Action::kManageGroup, core::Scope{g->congress_id, g->id, {}})) return true;
  }
  return false;
}

Status ReleaseRow(storage::Tx& tx, const base::Clock& clock, const Actor& a, PollRecord& p, std::int64_t deputy_id) {
  if (p.state == core::PollState::kVoid)
    return base::FailedPrecondition("poll.void", "a void poll has no result to release");
  if (p.state != core::PollState::kFinal)
    return base::FailedPrecondition("poll.no_result", "this poll has no result to release");
  if (std::find(p.deputy_ids.begin(), p.deputy_ids.end(), deputy_id) == p.deputy_ids.end()) {
    return base::InvalidArgument("ballot.unknown_deputy", "this deputy is not in the poll",
                                 {{"deputy_id", "not_in_poll"}});
  }
  if (std::find(p.released.begin(), p.released.end(), deputy_id) != p.released.end()) return base::Ok();
  p.released.push_back(deputy_id);
  SHUZHI_TRY(tx.meetings().UpdatePoll(p));
  return RecordAudit(tx, clock, a.username, "poll.release", "poll:" + std::to_string(p.id),
                     {{"deputy_id", std::to_string(deputy_id)}});
}

}  // namespace shuzhi::app::meeting_detail
