// MeetingService: meetings, their agenda, officials and the chair's console.
#include <algorithm>
#include <set>
#include <tuple>

#include "app/audit/audit.h"
#include "app/errors.h"
#include "app/meeting/meeting_internal.h"
#include "core/access.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

// ---- meetings ----

namespace {

// The reporting deputies: given, or the campaign's list for the group; each
// on the campaign's list, and once.
Result<std::vector<std::int64_t>> ReportingDeputies(storage::Tx& tx, std::int64_t campaign_id, const NewMeeting& in) {
  SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(campaign_id));
  std::vector<std::int64_t> deputies = in.deputy_ids;
  if (deputies.empty()) {
    for (const auto& e : listed) {
      if (!in.group_id || e.group_id == in.group_id) deputies.push_back(e.deputy_id);
    }
  }
  if (deputies.empty()) return base::FailedPrecondition("meeting.no_deputies", "nobody reports at this meeting");
  std::set<std::int64_t> seen;
  for (auto d : deputies) {
    const bool on_list = std::any_of(listed.begin(), listed.end(), [&](const auto& e) { return e.deputy_id == d; });
    if (!on_list || !seen.insert(d).second) return Invalid("deputy_ids", "not_on_reporting_list");
  }
  return deputies;
}

// Evaluators: the committee's members, or the group's voter representatives.
Status SeatEvaluators(storage::Tx& tx, std::int64_t id, std::int64_t congress_id,
                      const std::optional<std::int64_t>& group_id) {
  if (group_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto reps, tx.registry().ListVoterReps(*group_id));
    for (const auto& r : reps) {
      if (!r.active) continue;
      SHUZHI_TRY(
          tx.meetings().InsertAttendee({0, id, "evaluator", r.name, r.village, std::nullopt, r.id, false}).status());
    }
    return base::Ok();
  }
  SHUZHI_ASSIGN_OR_RETURN(auto members, tx.registry().ListCommitteeMembers(congress_id));
  for (const auto& cm : members) {
    if (!cm.active) continue;
    SHUZHI_TRY(
        tx.meetings().InsertAttendee({0, id, "evaluator", cm.name, cm.position, cm.id, std::nullopt, false}).status());
  }
  return base::Ok();
}

// Polls: one per deputy, or one sheet for all.
Status InsertPolls(storage::Tx& tx, std::int64_t id, const std::string& poll_mode,
                   const std::vector<std::int64_t>& deputies) {
  if (poll_mode == "sheet") {
    PollRecord p;
    p.meeting_id = id;
    p.position = 0;
    p.deputy_ids = deputies;
    return tx.meetings().InsertPoll(p).status();
  }
  for (std::size_t i = 0; i < deputies.size(); ++i) {
    PollRecord p;
    p.meeting_id = id;
    p.position = static_cast<int>(i);
    p.deputy_ids = {deputies[i]};
    SHUZHI_TRY(tx.meetings().InsertPoll(p).status());
  }
  return base::Ok();
}

// The carriers of the meeting's current round.
Result<CarrierCounts> CarriersOf(storage::Tx& tx, const MeetingRecord& m) {
  CarrierCounts out;
  out.round = m.carrier_round;
  SHUZHI_ASSIGN_OR_RETURN(auto counts, tx.meetings().CountCarriers(m.id));
  for (const auto& c : counts) {
    if (c.round != m.carrier_round) continue;
    const bool phone = c.channel == core::Channel::kPhone;
    auto& printed = phone ? out.printed.phone : out.printed.paper;
    auto& voided = phone ? out.voided.phone : out.voided.paper;
    printed += c.count;
    if (c.state == core::CarrierState::kVoided) voided += c.count;
  }
  SHUZHI_ASSIGN_OR_RETURN(out.issued.phone, tx.meetings().Issued(m.id, m.carrier_round, core::Channel::kPhone));
  SHUZHI_ASSIGN_OR_RETURN(out.issued.paper, tx.meetings().Issued(m.id, m.carrier_round, core::Channel::kPaper));
  return out;
}

// The attendees and how many of them are present.
Result<std::pair<std::vector<AttendeeView>, Attendance>> AttendeesOf(storage::Tx& tx, std::int64_t meeting_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(meeting_id));
  std::vector<AttendeeView> people;
  Attendance n;
  for (const auto& a : attendees) {
    people.push_back({a.id, a.role, a.name, a.affiliation, a.checked_in});
    if (a.role == "evaluator") {
      ++n.entitled;
      if (a.checked_in) ++n.present;
    } else if (a.checked_in) {
      ++n.guests;
    }
  }
  return std::make_pair(std::move(people), n);
}

}  // namespace

Result<std::vector<MeetingSummary>> MeetingService::List(const Actor& actor, std::int64_t campaign_id) {
  std::vector<MeetingSummary> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, campaign_id));
    if (!campaign_access::MayRead(actor, c)) return Forbidden("not your campaign");
    SHUZHI_ASSIGN_OR_RETURN(auto meetings, tx.meetings().ListForCampaign(campaign_id));
    for (const auto& m : meetings) {
      SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m.id));
      out.push_back({m.id, m.campaign_id, m.group_id, m.title, m.starts_at, m.venue, m.poll_mode, m.state,
                     static_cast<std::int64_t>(polls.size())});
    }
    return base::Ok();
  }));
  return out;
}

Result<MeetingView> MeetingService::Create(const Actor& actor, std::int64_t campaign_id, const NewMeeting& in) {
  if (in.title.empty() || in.title.size() > 300) return Invalid("title", "required");
  if (in.poll_mode != "per_deputy" && in.poll_mode != "sheet") return Invalid("poll_mode", "invalid");
  SHUZHI_TRY(CheckText(in.venue, "venue"));
  SHUZHI_TRY(keys_.Load());
  std::int64_t id = 0;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, campaign_id));
    SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
    bool may = campaign_access::MayManage(actor, c);
    if (in.group_id) {
      if (std::find(c.group_ids.begin(), c.group_ids.end(), *in.group_id) == c.group_ids.end()) {
        return Invalid("group_id", "not_covered");
      }
      SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*in.group_id));
      if (!g) return Invalid("group_id", "not_found");
      may = may || core::Allows(actor.roles, core::Action::kManageGroup, core::Scope{g->congress_id, g->id, {}});
    }
    if (!may)
      return Forbidden(
          "only the campaign's organizers or the group's leader "
          "schedule its meetings");
    if (c.state != core::CampaignState::kActive)
      return base::FailedPrecondition("campaign.not_active", "the campaign is not active");

    SHUZHI_ASSIGN_OR_RETURN(auto deputies, ReportingDeputies(tx, campaign_id, in));

    MeetingDoc doc;
    for (auto d : deputies) {
      SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(tx, d));
      doc.agenda.push_back({d, name, {}, ""});
    }
    LiveDoc live;
    live.duration_ms = static_cast<std::int64_t>(view.spec.speech_minutes) * 60000;
    MeetingRecord m;
    m.campaign_id = campaign_id;
    m.group_id = in.group_id;
    m.title = in.title;
    m.starts_at = in.starts_at;
    m.venue = in.venue;
    m.poll_mode = in.poll_mode;
    m.projector_token = base::RandomToken(24);
    m.record = WriteMeetingDoc(doc);
    m.live = WriteLiveDoc(live);
    m.created_at = clock_.Now();
    SHUZHI_ASSIGN_OR_RETURN(id, tx.meetings().Insert(m));

    SHUZHI_TRY(SeatEvaluators(tx, id, c.congress_id, in.group_id));
    SHUZHI_TRY(InsertPolls(tx, id, in.poll_mode, deputies));
    return RecordAudit(tx, clock_, actor.username, "meeting.create", "meeting:" + std::to_string(id),
                       {{"title", in.title}});
  }));
  return Get(actor, id);
}

Result<MeetingView> MeetingService::Get(const Actor& actor, std::int64_t id) {
  SHUZHI_TRY(keys_.Load());
  MeetingView v;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadMeeting(tx, actor, id));
    if (!l.may_read) return Forbidden("not your meeting");
    const auto& m = l.meeting;
    const auto& spec = l.campaign.spec;
    v.id = m.id;
    v.campaign_id = m.campaign_id;
    v.campaign_title = spec.title;
    v.group_id = m.group_id;
    v.title = m.title;
    v.starts_at = m.starts_at;
    v.venue = m.venue;
    v.poll_mode = m.poll_mode;
    v.state = m.state;
    v.version = m.version;
    v.carrier_round = m.carrier_round;
    v.may_run = l.may_run;
    v.key_fingerprint = keys_.fingerprint();
    v.disclosure = spec.disclosure;
    v.abstention_allowed = spec.abstention_allowed;
    v.speech_minutes = spec.speech_minutes;
    v.scale = spec.scale;
    auto doc = ReadMeetingDoc(m.record);
    v.chair = std::move(doc.chair);
    v.tellers = std::move(doc.tellers);
    v.scrutineers = std::move(doc.scrutineers);
    v.agenda = std::move(doc.agenda);
    v.live = LiveViewOf(ReadLiveDoc(m.live), clock_.Now());
    SHUZHI_ASSIGN_OR_RETURN(auto attendees, AttendeesOf(tx, id));
    std::tie(v.attendees, v.attendance) = std::move(attendees);
    SHUZHI_ASSIGN_OR_RETURN(v.carriers, CarriersOf(tx, m));
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(id));
    for (const auto& p : polls) {
      SHUZHI_ASSIGN_OR_RETURN(auto issued, IssuedFor(tx, p));
      v.polls.push_back(PollViewOf(tx, p, issued.total()));
    }
    // The projector link opens a public page: only those running the meeting
    // get it.
    if (l.may_run) v.projector_token = m.projector_token;
    return base::Ok();
  }));
  return v;
}

Result<MeetingView> MeetingService::Update(const Actor& actor, std::int64_t id, const MeetingChanges& in) {
  if (in.title && (in.title->empty() || in.title->size() > 300)) return Invalid("title", "required");
  if (in.venue) SHUZHI_TRY(CheckText(*in.venue, "venue"));
  if (in.chair) SHUZHI_TRY(CheckText(*in.chair, "chair"));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, id));
    auto& m = l.meeting;
    SHUZHI_TRY(NotEnded(m));
    auto doc = ReadMeetingDoc(m.record);
    if (in.title) m.title = *in.title;
    if (in.starts_at) m.starts_at = *in.starts_at;
    if (in.venue) m.venue = *in.venue;
    if (in.chair) doc.chair = *in.chair;
    auto names = [](const std::vector<std::string>& v) {
      std::vector<std::string> out;
      for (const auto& s : v) {
        if (!s.empty()) out.push_back(s);
      }
      return out;
    };
    if (in.tellers) doc.tellers = names(*in.tellers);
    if (in.scrutineers) doc.scrutineers = names(*in.scrutineers);
    m.record = WriteMeetingDoc(doc);
    SHUZHI_TRY(tx.meetings().Update(m));
    return RecordAudit(tx, clock_, actor.username, "meeting.update", "meeting:" + std::to_string(id), {});
  }));
  return Get(actor, id);
}

Result<MeetingView> MeetingService::Console(const Actor& actor, std::int64_t meeting_id, const ConsoleAction& a) {
  SHUZHI_TRY(CheckText(a.question, "question"));
  SHUZHI_TRY(CheckText(a.answer, "answer"));
  SHUZHI_TRY(CheckText(a.text, "text"));
  SHUZHI_TRY(CheckText(a.asked_by, "asked_by"));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    auto& m = l.meeting;
    SHUZHI_TRY(NotEnded(m));
    auto doc = ReadMeetingDoc(m.record);
    auto live = ReadLiveDoc(m.live);
    const Micros now = clock_.Now();
    auto item_ok = [&] { return a.item >= 0 && static_cast<std::size_t>(a.item) < doc.agenda.size(); };
    auto stop_timer = [&] {
      if (live.started_at) live.elapsed_ms += (now - *live.started_at) / 1000;
      live.started_at.reset();
    };
    auto start_running = [&] {
      if (core::MeetingMayMove(m.state, core::MeetingState::kRunning)) m.state = core::MeetingState::kRunning;
    };
    if (a.kind == "goto") {
      static const std::set<std::string> kStages = {"report", "questions", "evaluation", "remarks"};
      if (!item_ok()) return Invalid("item", "out_of_range");
      if (!kStages.count(a.stage)) return Invalid("stage", "invalid");
      const bool new_item = live.item != a.item;
      live.item = a.item;
      live.stage = a.stage;
      if (new_item) {  // a new speaker: a fresh countdown
        live.elapsed_ms = 0;
        live.started_at.reset();
      } else if (a.stage != "report") {
        // The countdown belongs to the report: questions, evaluation and
        // remarks stop it (the console may start it again).
        stop_timer();
      }
      start_running();
    } else if (a.kind == "timer_start") {
      if (!live.started_at) live.started_at = now;
      start_running();
    } else if (a.kind == "timer_pause") {
      stop_timer();
    } else if (a.kind == "timer_reset") {
      live.elapsed_ms = 0;
      live.started_at.reset();
    } else if (a.kind == "question") {
      if (!item_ok()) return Invalid("item", "out_of_range");
      if (a.question.empty()) return Invalid("question", "required");
      doc.agenda[static_cast<std::size_t>(a.item)].questions.push_back({a.asked_by, a.question, a.answer});
    } else if (a.kind == "remarks") {
      if (!item_ok()) return Invalid("item", "out_of_range");
      doc.agenda[static_cast<std::size_t>(a.item)].remarks = a.text;
    } else if (a.kind == "summary") {
      // The projector's end-of-meeting summary (plan 1); "goto" leaves it.
      stop_timer();
      live.item = -1;
      live.stage = "summary";
    } else if (a.kind == "finish") {
      SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(meeting_id));
      for (const auto& p : polls) {
        if (core::PollIsLive(p.state)) {
          return base::FailedPrecondition("meeting.polls_unfinished", "a poll is still open or being counted");
        }
      }
      stop_timer();
      m.state = core::MeetingState::kFinished;
    } else {
      return Invalid("kind", "invalid");
    }
    m.record = WriteMeetingDoc(doc);
    m.live = WriteLiveDoc(live);
    SHUZHI_TRY(tx.meetings().Update(m));
    if (a.kind == "question" || a.kind == "remarks" || a.kind == "finish") {
      return RecordAudit(tx, clock_, actor.username, "meeting." + a.kind, "meeting:" + std::to_string(meeting_id), {});
    }
    return base::Ok();
  }));
  return Get(actor, meeting_id);
}

}  // namespace shuzhi::app
