#include "app/meeting/meeting.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "app/audit/audit.h"
#include "app/campaign/campaign.h"
#include "app/errors.h"
#include "app/meeting/meeting_document.h"
#include "core/access.h"
#include "core/board.h"
#include "core/tally.h"

namespace shuzhi::app {
namespace {

namespace json = base::json;
using storage::MeetingRecord;
using storage::PollRecord;

Status NotEnded(const MeetingRecord& m) {  // nothing of a meeting changes once it has ended
  return m.state == core::MeetingState::kFinished ? base::FailedPrecondition("meeting.finished", "the meeting has ended") : base::Ok();
}

constexpr int kMaxCarriersPerPrint = 500;
constexpr std::size_t kMaxText = 4000;

// ---- the meeting's record and live state (JSON documents) ----

json::object ParseObject(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

std::string StrOf(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t IntOf(const json::object& o, const char* key, std::int64_t fallback = 0) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : fallback;
}

json::array& ArrOf(json::object& o, const char* key) {
  auto& v = o[key];
  if (!v.is_array()) v = json::array();
  return v.as_array();
}

// Everything about one meeting a use case needs, loaded in its transaction.
struct Loaded {
  MeetingRecord meeting;
  CampaignView campaign;
  bool may_run = false;   // organizers of the congress, the meeting group's leader
  bool may_read = false;  // may_run, reviewers, leaders of covered groups
};

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

Result<std::pair<PollRecord, Loaded>> LoadPoll(storage::Tx& tx, const Actor& a, std::int64_t poll_id,
                                               bool for_update = false) {
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

Status ShuffleStored(storage::Tx& tx, std::int64_t poll_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(poll_id));
  SHUZHI_ASSIGN_OR_RETURN(auto receipts, tx.ballots().Receipts(poll_id));
  base::RandomShuffle(ballots);  // the stored order must say nothing about arrival
  std::sort(receipts.begin(),
            receipts.end());  // a receipt list carries no order either
  return tx.ballots().ReplaceBallots(poll_id, ballots, receipts);
}

std::string PercentText(const core::Fraction& f) {
  const auto t = f.PercentTenths();
  if (t < 0) return "";
  return std::to_string(t / 10) + "." + std::to_string(t % 10);
}

// The ballots as published: a withheld deputy's marks are blanked ('-').
std::vector<std::string> PublishedBallots(const std::vector<std::string>& stored, const core::PollTally& t) {
  std::vector<std::string> out = stored;
  for (std::size_t d = 0; d < t.deputies.size(); ++d) {
    if (!t.deputies[d].withheld) continue;
    for (auto& b : out) {
      if (d < b.size()) b[d] = '-';
    }
  }
  return out;
}

struct IssuedCount {
  std::int64_t phone = 0, paper = 0;
  std::int64_t total() const { return phone + paper; }
};

// The carriers handed out in a round of the meeting, as they stand now.
Result<IssuedCount> IssuedInRound(storage::Tx& tx, std::int64_t meeting_id, int round) {
  IssuedCount n;
  SHUZHI_ASSIGN_OR_RETURN(n.phone, tx.meetings().Issued(meeting_id, round, "phone"));
  SHUZHI_ASSIGN_OR_RETURN(n.paper, tx.meetings().Issued(meeting_id, round, "paper"));
  return n;
}

// The carriers handed out for a poll: frozen when it closed, the round's
// current count before.
Result<IssuedCount> IssuedFor(storage::Tx& tx, const PollRecord& p) {
  if (p.issued_phone && p.issued_paper) return IssuedCount{*p.issued_phone, *p.issued_paper};
  return IssuedInRound(tx, p.meeting_id, p.round);
}

// The meeting's evaluators: entitled (on the list) and present (checked in).
// Each present evaluator drew exactly one carrier (DESIGN.md §4), so no round
// may have more carriers handed out than are present.
struct EvaluatorCount {
  std::int64_t entitled = 0, present = 0;
};
Result<EvaluatorCount> EvaluatorsOf(storage::Tx& tx, std::int64_t meeting_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(meeting_id));
  EvaluatorCount n;
  for (const auto& a : attendees) {
    if (a.role != "evaluator") continue;
    ++n.entitled;
    if (a.checked_in) ++n.present;
  }
  return n;
}

// Computes, signs and stores the result of a poll whose ballots are all in.
Status FinalizeResult(storage::Tx& tx, const base::Clock& clock, ServerKeys& keys, const Loaded& l, PollRecord& p) {
  const auto& spec = l.campaign.spec;
  core::TallyInput in;
  in.poll = BallotSpecOf(p, spec);
  in.grade_base = spec.grade_base;
  in.min_valid_votes = spec.min_valid_votes;
  SHUZHI_ASSIGN_OR_RETURN(const auto issued, IssuedFor(tx, p));
  in.issued = issued.total();
  if (p.entitled && p.present) {
    in.entitled = *p.entitled;
    in.present = *p.present;
  } else {
    SHUZHI_ASSIGN_OR_RETURN(const auto evaluators, EvaluatorsOf(tx, p.meeting_id));
    in.entitled = evaluators.entitled;
    in.present = evaluators.present;
  }
  in.invalid_sheets = p.invalid_sheets;
  SHUZHI_TRY(ShuffleStored(tx, p.id));
  SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(p.id));
  SHUZHI_ASSIGN_OR_RETURN(auto receipts, tx.ballots().Receipts(p.id));
  SHUZHI_ASSIGN_OR_RETURN(auto t, core::Tally(in, ballots));
  // A void poll has no result (DESIGN.md §4): only why it is void is
  // published, and no deputy's counts, rate or grade, nor any ballot's marks.
  if (t.void_poll) {
    for (auto& d : t.deputies) d.withheld = true;
  }

  json::array scale;
  for (const auto& o : spec.scale)
    scale.push_back(json::object{{"code", o.code}, {"label", o.label}, {"approval", o.approval}});
  json::array deputies;
  for (const auto& d : t.deputies) {
    SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(tx, d.deputy_id));
    json::object row{{"deputy_id", d.deputy_id}, {"name", name}, {"withheld", d.withheld}};
    if (!d.withheld) {
      json::array votes;
      for (auto v : d.votes) votes.push_back(v);
      row["votes"] = std::move(votes);
      row["abstentions"] = d.abstentions;
      row["valid"] = d.valid;
      row["invalid"] = d.invalid;
      row["base"] = d.base;
      row["approval"] = json::object{{"num", d.approval.num}, {"den", d.approval.den}};
      row["approval_percent"] = PercentText(d.approval);
      row["grade"] = spec.scale.at(static_cast<std::size_t>(d.grade)).code;
    }
    deputies.push_back(std::move(row));
  }
  const auto published = PublishedBallots(ballots, t);
  const Micros now = clock.Now();
  json::object record{{"kind", "shuzhi.poll_result"},
                      {"format", 1},
                      {"poll_id", p.id},
                      {"meeting_id", p.meeting_id},
                      {"meeting_title", l.meeting.title},
                      {"campaign_id", l.campaign.record.id},
                      {"campaign_title", l.campaign.spec.title},
                      {"round", p.round},
                      {"closed_at", base::FormatCst(p.closed_at.value_or(now))},
                      {"scale", std::move(scale)},
                      {"grade_base", core::GradeBaseCode(spec.grade_base)},
                      {"min_valid_votes", spec.min_valid_votes},
                      {"entitled", in.entitled},
                      {"present", in.present},
                      {"issued", t.issued},
                      {"issued_phone", issued.phone},
                      {"issued_paper", issued.paper},
                      {"returned", t.returned},
                      {"returned_phone", static_cast<std::int64_t>(receipts.size())},
                      {"returned_paper", t.returned - static_cast<std::int64_t>(receipts.size())},
                      {"invalid_ballots", t.invalid_ballots},
                      {"phone_ballots", static_cast<std::int64_t>(receipts.size())},
                      {"void", t.void_poll},
                      {"deputies", std::move(deputies)},
                      {"board_hash", core::BoardHash(receipts, published)},
                      {"key_fingerprint", keys.fingerprint()}};
  if (!t.void_poll) record["valid_ballots"] = t.valid_ballots;
  p.result = json::serialize(record);
  p.signature = base::SignDetached(p.result, keys.signing());
  p.state = t.void_poll ? core::PollState::kVoid : core::PollState::kFinal;
  SHUZHI_TRY(tx.meetings().UpdatePoll(p));
  return Touch(tx, p.meeting_id);
}

json::object PollView(storage::Tx& tx, const PollRecord& p, std::int64_t issued) {
  json::array deputies;
  for (auto id : p.deputy_ids) {
    auto name = DeputyName(tx, id);
    deputies.push_back(json::object{{"id", id}, {"name", name.ok() ? *name : ""}});
  }
  json::object o{{"id", p.id},
                 {"position", p.position},
                 {"round", p.round},
                 {"deputies", std::move(deputies)},
                 {"state", core::PollStateCode(p.state)},
                 {"voted", p.voted},
                 {"issued", issued},
                 {"paper_valid", p.paper_valid},
                 {"invalid_sheets", p.invalid_sheets},
                 {"has_result", !p.result.empty()}};
  o["paper_counted"] = p.paper_counted ? json::value(*p.paper_counted) : json::value(nullptr);
  o["opened_at"] = p.opened_at ? json::value(base::FormatCst(*p.opened_at)) : json::value(nullptr);
  o["closed_at"] = p.closed_at ? json::value(base::FormatCst(*p.closed_at)) : json::value(nullptr);
  return o;
}

json::object LiveView(const MeetingRecord& m, Micros now) {
  auto live = ParseObject(m.live);
  auto timer = live.if_contains("timer") && live["timer"].is_object() ? live["timer"].as_object() : json::object{};
  const std::int64_t duration = IntOf(timer, "duration_ms");
  std::int64_t elapsed = IntOf(timer, "elapsed_ms");
  const auto* started = timer.if_contains("started_at");
  const bool running = started && started->is_int64();
  if (running) elapsed += (now - started->as_int64()) / 1000;
  return json::object{
      {"item", IntOf(live, "item", -1)},
      {"stage", StrOf(live, "stage")},
      {"timer", json::object{{"duration_ms", duration}, {"remaining_ms", duration - elapsed}, {"running", running}}},
      {"server_now", now / 1000}};
}

// Result visibility (DESIGN.md §4): the whole result, or some rows of it.
struct Audience {
  bool everything = false;                   // announce, or staff of a private result
  std::set<std::int64_t> own_released_rows;  // a deputy's own released rows
};

Result<Audience> AudienceFor(storage::Tx& tx, const Actor& a, const Loaded& l, const PollRecord& p) {
  Audience out;
  if (p.result.empty()) return out;
  // Organizers and reviewers of the congress, and whoever runs the meeting
  // (the group's leader): the whole result, announced or private.
  const bool staff = l.may_run || core::Allows(a.roles, core::Action::kReadCongress,
                                               core::Scope{l.campaign.record.congress_id, {}, {}});
  const bool announce = l.campaign.spec.disclosure == core::Disclosure::kAnnounce;
  if (staff) {
    out.everything = true;
    return out;
  }
  if (announce) {
    SHUZHI_ASSIGN_OR_RETURN(bool reader, campaign_access::MayReadIn(tx, a, l.campaign.record));
    out.everything = l.may_read || reader;
    return out;
  }
  // Private: a deputy sees their own row once the leader has released it.
  for (const auto& g : a.roles) {
    if (g.role != core::Role::kDeputy || !g.deputy_id) continue;
    const auto id = *g.deputy_id;
    const bool in_poll = std::find(p.deputy_ids.begin(), p.deputy_ids.end(), id) != p.deputy_ids.end();
    const bool released = std::find(p.released.begin(), p.released.end(), id) != p.released.end();
    if (in_poll && released) out.own_released_rows.insert(id);
  }
  return out;
}

Status CheckText(const std::string& s, const char* field) {
  if (s.size() > kMaxText) return Invalid(field, "too_long");
  return base::Ok();
}

}  // namespace

// ---- meetings ----

Result<std::vector<json::object>> MeetingService::List(const Actor& actor, std::int64_t campaign_id) {
  std::vector<json::object> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, campaign_id));
    if (!campaign_access::MayRead(actor, c)) return Forbidden("not your campaign");
    SHUZHI_ASSIGN_OR_RETURN(auto meetings, tx.meetings().ListForCampaign(campaign_id));
    for (const auto& m : meetings) {
      SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m.id));
      out.push_back(json::object{{"id", m.id},
                                 {"campaign_id", m.campaign_id},
                                 {"group_id", m.group_id ? json::value(*m.group_id) : json::value(nullptr)},
                                 {"title", m.title},
                                 {"starts_at", base::FormatCst(m.starts_at)},
                                 {"venue", m.venue},
                                 {"poll_mode", m.poll_mode},
                                 {"state", core::MeetingStateCode(m.state)},
                                 {"polls", static_cast<std::int64_t>(polls.size())}});
    }
    return base::Ok();
  }));
  return out;
}

Result<json::object> MeetingService::Create(const Actor& actor, std::int64_t campaign_id, const NewMeeting& in) {
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
    if (core::ParseCampaignState(c.state) != core::CampaignState::kActive) return base::FailedPrecondition("campaign.not_active", "the campaign is not active");

    // The reporting deputies: given, or the campaign's list for the group.
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

    json::array agenda;
    for (auto d : deputies) {
      SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(tx, d));
      agenda.push_back(json::object{{"deputy_id", d}, {"name", name}, {"questions", json::array()}, {"remarks", ""}});
    }
    MeetingRecord m;
    m.campaign_id = campaign_id;
    m.group_id = in.group_id;
    m.title = in.title;
    m.starts_at = in.starts_at;
    m.venue = in.venue;
    m.poll_mode = in.poll_mode;
    m.projector_token = base::RandomToken(24);
    m.record = json::serialize(json::object{
        {"agenda", std::move(agenda)}, {"chair", ""}, {"tellers", json::array()}, {"scrutineers", json::array()}});
    m.live = json::serialize(json::object{
        {"item", -1},
        {"stage", ""},
        {"timer", json::object{{"duration_ms", static_cast<std::int64_t>(view.spec.speech_minutes) * 60000},
                               {"elapsed_ms", 0},
                               {"started_at", nullptr}}}});
    m.created_at = clock_.Now();
    SHUZHI_ASSIGN_OR_RETURN(id, tx.meetings().Insert(m));

    // Evaluators: the committee's members, or the group's voter
    // representatives.
    if (in.group_id) {
      SHUZHI_ASSIGN_OR_RETURN(auto reps, tx.registry().ListVoterReps(*in.group_id));
      for (const auto& r : reps) {
        if (!r.active) continue;
        SHUZHI_TRY(
            tx.meetings().InsertAttendee({0, id, "evaluator", r.name, r.village, std::nullopt, r.id, false}).status());
      }
    } else {
      SHUZHI_ASSIGN_OR_RETURN(auto members, tx.registry().ListCommitteeMembers(c.congress_id));
      for (const auto& cm : members) {
        if (!cm.active) continue;
        SHUZHI_TRY(tx.meetings()
                       .InsertAttendee({0, id, "evaluator", cm.name, cm.position, cm.id, std::nullopt, false})
                       .status());
      }
    }
    // Polls: one per deputy, or one sheet for all.
    if (in.poll_mode == "sheet") {
      PollRecord p;
      p.meeting_id = id;
      p.position = 0;
      p.deputy_ids = deputies;
      SHUZHI_TRY(tx.meetings().InsertPoll(p).status());
    } else {
      for (std::size_t i = 0; i < deputies.size(); ++i) {
        PollRecord p;
        p.meeting_id = id;
        p.position = static_cast<int>(i);
        p.deputy_ids = {deputies[i]};
        SHUZHI_TRY(tx.meetings().InsertPoll(p).status());
      }
    }
    return RecordAudit(tx, clock_, actor.username, "meeting.create", "meeting:" + std::to_string(id),
                       {{"title", in.title}});
  }));
  return Get(actor, id);
}

Result<json::object> MeetingService::Get(const Actor& actor, std::int64_t id) {
  SHUZHI_TRY(keys_.Load());
  json::object out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadMeeting(tx, actor, id));
    if (!l.may_read) return Forbidden("not your meeting");
    const auto& m = l.meeting;
    auto record = ParseObject(m.record);
    SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(id));
    json::array people;
    std::int64_t entitled = 0, present = 0, guests = 0;
    for (const auto& a : attendees) {
      people.push_back(json::object{{"id", a.id},
                                    {"role", a.role},
                                    {"name", a.name},
                                    {"affiliation", a.affiliation},
                                    {"checked_in", a.checked_in}});
      if (a.role == "evaluator") {
        ++entitled;
        if (a.checked_in) ++present;
      } else if (a.checked_in) {
        ++guests;
      }
    }
    SHUZHI_ASSIGN_OR_RETURN(auto counts, tx.meetings().CountCredentials(id));
    // Printed counts every carrier made in the round, voided or not.
    std::map<std::string, std::int64_t> made, voided_n;
    for (const auto& c : counts) {
      if (c.round != m.carrier_round) continue;
      made[c.channel] += c.count;
      if (c.state == core::CarrierState::kVoided) voided_n[c.channel] += c.count;
    }
    json::object printed{{"phone", made["phone"]}, {"paper", made["paper"]}};
    json::object voided{{"phone", voided_n["phone"]}, {"paper", voided_n["paper"]}};
    SHUZHI_ASSIGN_OR_RETURN(auto phone, tx.meetings().Issued(id, m.carrier_round, "phone"));
    SHUZHI_ASSIGN_OR_RETURN(auto paper, tx.meetings().Issued(id, m.carrier_round, "paper"));
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(id));
    json::array poll_views;
    for (const auto& p : polls) {
      SHUZHI_ASSIGN_OR_RETURN(auto issued, IssuedFor(tx, p));
      poll_views.push_back(PollView(tx, p, issued.total()));
    }
    json::array scale;
    for (const auto& o : l.campaign.spec.scale) {
      scale.push_back(json::object{{"code", o.code}, {"label", o.label}, {"approval", o.approval}});
    }
    out = json::object{{"id", m.id},
                       {"campaign_id", m.campaign_id},
                       {"campaign_title", l.campaign.spec.title},
                       {"group_id", m.group_id ? json::value(*m.group_id) : json::value(nullptr)},
                       {"title", m.title},
                       {"starts_at", base::FormatCst(m.starts_at)},
                       {"venue", m.venue},
                       {"poll_mode", m.poll_mode},
                       {"state", core::MeetingStateCode(m.state)},
                       {"version", m.version},
                       {"carrier_round", m.carrier_round},
                       {"may_run", l.may_run},
                       {"key_fingerprint", keys_.fingerprint()},
                       {"disclosure", core::DisclosureCode(l.campaign.spec.disclosure)},
                       {"abstention_allowed", l.campaign.spec.abstention_allowed},
                       {"speech_minutes", l.campaign.spec.speech_minutes},
                       {"scale", std::move(scale)},
                       {"chair", StrOf(record, "chair")},
                       {"tellers", ArrOf(record, "tellers")},
                       {"scrutineers", ArrOf(record, "scrutineers")},
                       {"agenda", ArrOf(record, "agenda")},
                       {"live", LiveView(m, clock_.Now())},
                       {"attendees", std::move(people)},
                       {"attendance", json::object{{"entitled", entitled}, {"present", present}, {"guests", guests}}},
                       {"carriers", json::object{{"round", m.carrier_round},
                                                 {"printed", std::move(printed)},
                                                 {"voided", std::move(voided)},
                                                 {"issued", json::object{{"phone", phone}, {"paper", paper}}}}},
                       {"polls", std::move(poll_views)}};
    // The projector link opens a public page: only those running the meeting
    // get it.
    if (l.may_run) out["projector_token"] = m.projector_token;
    return base::Ok();
  }));
  return out;
}

Result<json::object> MeetingService::Update(const Actor& actor, std::int64_t id, const MeetingChanges& in) {
  if (in.title && (in.title->empty() || in.title->size() > 300)) return Invalid("title", "required");
  if (in.venue) SHUZHI_TRY(CheckText(*in.venue, "venue"));
  if (in.chair) SHUZHI_TRY(CheckText(*in.chair, "chair"));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, id));
    auto& m = l.meeting;
    SHUZHI_TRY(NotEnded(m));
    auto record = ParseObject(m.record);
    if (in.title) m.title = *in.title;
    if (in.starts_at) m.starts_at = *in.starts_at;
    if (in.venue) m.venue = *in.venue;
    if (in.chair) record["chair"] = *in.chair;
    auto names = [](const std::vector<std::string>& v) {
      json::array a;
      for (const auto& s : v) {
        if (!s.empty()) a.push_back(json::value(s));
      }
      return a;
    };
    if (in.tellers) record["tellers"] = names(*in.tellers);
    if (in.scrutineers) record["scrutineers"] = names(*in.scrutineers);
    m.record = json::serialize(record);
    SHUZHI_TRY(tx.meetings().Update(m));
    return RecordAudit(tx, clock_, actor.username, "meeting.update", "meeting:" + std::to_string(id), {});
  }));
  return Get(actor, id);
}

// ---- attendance and carriers ----

Result<std::int64_t> MeetingService::AddAttendee(const Actor& actor, std::int64_t meeting_id, const NewAttendee& in) {
  if (in.role != "evaluator" && in.role != "guest") return Invalid("role", "invalid");
  if (in.name.empty() || in.name.size() > 200) return Invalid("name", "required");
  SHUZHI_TRY(CheckText(in.affiliation, "affiliation"));
  std::int64_t id = 0;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_TRY(NotEnded(l.meeting));
    SHUZHI_ASSIGN_OR_RETURN(id, tx.meetings().InsertAttendee({0, meeting_id, in.role, in.name, in.affiliation,
                                                              std::nullopt, std::nullopt, false}));
    SHUZHI_TRY(Touch(tx, meeting_id));
    return RecordAudit(tx, clock_, actor.username, "meeting.attendee_add", "meeting:" + std::to_string(meeting_id),
                       {{"name", in.name}, {"role", in.role}});
  }));
  return id;
}

Status MeetingService::RemoveAttendee(const Actor& actor, std::int64_t meeting_id, std::int64_t attendee_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(meeting_id));
    auto it = std::find_if(attendees.begin(), attendees.end(), [&](const auto& a) { return a.id == attendee_id; });
    if (it == attendees.end()) return base::NotFound("meeting.attendee_not_found", "no such attendee");
    if (it->checked_in) {
      return base::FailedPrecondition("meeting.checked_in", "someone already checked in stays on the list");
    }
    SHUZHI_TRY(tx.meetings().DeleteAttendee(attendee_id));
    SHUZHI_TRY(Touch(tx, meeting_id));
    return RecordAudit(tx, clock_, actor.username, "meeting.attendee_remove", "meeting:" + std::to_string(meeting_id),
                       {{"name", it->name}});
  });
}

Status MeetingService::CheckIn(const Actor& actor, std::int64_t meeting_id, std::int64_t attendee_id,
                               std::optional<core::Channel> channel) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_TRY(NotEnded(l.meeting));
    SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(meeting_id));
    auto it = std::find_if(attendees.begin(), attendees.end(), [&](const auto& a) { return a.id == attendee_id; });
    if (it == attendees.end()) return base::NotFound("meeting.attendee_not_found", "no such attendee");
    if (it->checked_in) return base::Conflict("meeting.already_checked_in", it->name + " has checked in already");
    if (it->role == "evaluator" && !channel) return Invalid("channel", "required");
    if (it->role == "guest" && channel) {
      return base::InvalidArgument("meeting.guest_no_carrier", "guests do not evaluate and receive no carrier",
                                   {{"channel", "guest"}});
    }
    SHUZHI_TRY(tx.meetings().SetCheckedIn(attendee_id, true));
    // Only the count of the kind handed out grows: which attendee drew which
    // carrier, or even which kind, is never recorded (DESIGN.md §4).
    if (channel)
      SHUZHI_TRY(tx.meetings().AddIssued(meeting_id, l.meeting.carrier_round, core::ChannelCode(*channel), 1));
    return Touch(tx, meeting_id);
  });
}

Status MeetingService::Issue(const Actor& actor, std::int64_t meeting_id, core::Channel channel, int count) {
  if (count < 1 || count > 2000000) return Invalid("count", "out_of_range");
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_TRY(NotEnded(l.meeting));
    // Each evaluator present draws exactly one carrier: the round's carriers,
    // of both kinds, never outnumber them (the void rule counts on it).
    SHUZHI_ASSIGN_OR_RETURN(const auto issued, IssuedInRound(tx, meeting_id, l.meeting.carrier_round));
    SHUZHI_ASSIGN_OR_RETURN(const auto evaluators, EvaluatorsOf(tx, meeting_id));
    const std::int64_t present = evaluators.present;
    if (issued.total() + count > present) {
      return base::Status(base::Code::kFailedPrecondition, "meeting.issued_over_present",
                          "only " + std::to_string(present) + " evaluators are checked in and " +
                              std::to_string(issued.total()) + " carriers are already handed out in this round",
                          {{"count", "at_most_" + std::to_string(present - issued.total())}});
    }
    SHUZHI_TRY(tx.meetings().AddIssued(meeting_id, l.meeting.carrier_round, core::ChannelCode(channel), count));
    if (channel == core::Channel::kPhone) {
      // Phones handed out while a poll is open vote in it: make room for them.
      SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(meeting_id));
      for (const auto& p : polls) {
        if (p.state == core::PollState::kOpen && p.round == l.meeting.carrier_round) {
          SHUZHI_TRY(tx.ballots().ReserveBallotPlaces(p.id, count));
        }
      }
    }
    SHUZHI_TRY(Touch(tx, meeting_id));
    return RecordAudit(tx, clock_, actor.username, "meeting.issue", "meeting:" + std::to_string(meeting_id),
                       {{"channel", core::ChannelCode(channel)}, {"count", std::to_string(count)}});
  });
}

Result<std::vector<std::string>> MeetingService::CreateCarriers(const Actor& actor, std::int64_t meeting_id,
                                                                core::Channel channel, int count, CarrierPrint* print) {
  if (count < 1 || count > kMaxCarriersPerPrint) return Invalid("count", "out_of_range");
  SHUZHI_TRY(keys_.Load());
  std::vector<base::Bytes> secrets;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_TRY(NotEnded(l.meeting));
    if (print) {
      print->meeting_title = l.meeting.title;
      print->scale = l.campaign.spec.scale;
      print->abstention_allowed = l.campaign.spec.abstention_allowed;
      print->round = l.meeting.carrier_round;
      SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(meeting_id));
      for (const auto& p : polls) {
        if (p.round != l.meeting.carrier_round || p.state == core::PollState::kVoid) continue;
        for (auto id : p.deputy_ids) {
          SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(tx, id));
          print->deputies.push_back(name);
        }
      }
    }
    for (int i = 0; i < count; ++i) {
      auto secret = base::RandomBytes(core::kSecretBytes);
      SHUZHI_TRY(tx.meetings().InsertCredential(
          {keys_.CarrierHash(secret), meeting_id, l.meeting.carrier_round, core::ChannelCode(channel), core::CarrierState::kPrinted}));
      secrets.push_back(std::move(secret));
    }
    return RecordAudit(tx, clock_, actor.username, "meeting.print_carriers", "meeting:" + std::to_string(meeting_id),
                       {{"channel", core::ChannelCode(channel)}, {"count", std::to_string(count)}});
  }));
  std::vector<std::string> codes;
  for (const auto& s : secrets) codes.push_back(core::FormatSecret(s));
  return codes;
}

Result<std::string> MeetingService::PrintCarriers(const Actor& actor, std::int64_t meeting_id, core::Channel channel,
                                                  int count, const std::string& base_url, base::Lang lang) {
  CarrierPrint print;
  print.channel = channel;
  print.base_url = base_url;
  SHUZHI_ASSIGN_OR_RETURN(print.codes, CreateCarriers(actor, meeting_id, channel, count, &print));
  print.fingerprint = keys_.fingerprint();
  return RenderCarriersPdf(print, lang);
}

Result<int> MeetingService::VoidCarriers(const Actor& actor, std::int64_t meeting_id,
                                         const std::vector<std::string>& codes) {
  if (codes.empty() || codes.size() > 2000) return Invalid("codes", "out_of_range");
  SHUZHI_TRY(keys_.Load());
  std::vector<base::Bytes> hashes;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    auto secret = core::ParseSecret(codes[i]);
    if (!secret.ok()) {
      return base::InvalidArgument("credential.malformed", "code " + std::to_string(i + 1) + " is not a carrier code",
                                   {{"codes[" + std::to_string(i) + "]", "malformed"}});
    }
    hashes.push_back(keys_.CarrierHash(*secret));
  }
  int voided = 0;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      SHUZHI_ASSIGN_OR_RETURN(auto c, tx.meetings().FindCredential(hashes[i]));
      if (!c || c->meeting_id != meeting_id) {
        return base::NotFound("credential.unknown",
                              "code " + std::to_string(i + 1) + " was not printed for this meeting");
      }
      if (!core::CarrierMayMove(c->state, core::CarrierState::kVoided)) continue;  // voided before
      SHUZHI_TRY(tx.meetings().SetCredentialState(hashes[i], core::CarrierState::kVoided));
      ++voided;
    }
    SHUZHI_TRY(Touch(tx, meeting_id));
    return RecordAudit(tx, clock_, actor.username, "meeting.void_carriers", "meeting:" + std::to_string(meeting_id),
                       {{"count", std::to_string(voided)}});
  }));
  return voided;
}

// ---- the console ----

Result<json::object> MeetingService::Console(const Actor& actor, std::int64_t meeting_id, const ConsoleAction& a) {
  SHUZHI_TRY(CheckText(a.question, "question"));
  SHUZHI_TRY(CheckText(a.answer, "answer"));
  SHUZHI_TRY(CheckText(a.text, "text"));
  SHUZHI_TRY(CheckText(a.asked_by, "asked_by"));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    auto& m = l.meeting;
    SHUZHI_TRY(NotEnded(m));
    auto record = ParseObject(m.record);
    auto live = ParseObject(m.live);
    auto& agenda = ArrOf(record, "agenda");
    auto& timer = live["timer"].is_object() ? live["timer"].as_object() : (live["timer"] = json::object()).as_object();
    const Micros now = clock_.Now();
    auto item_ok = [&] { return a.item >= 0 && static_cast<std::size_t>(a.item) < agenda.size(); };
    auto stop_timer = [&] {
      const auto* started = timer.if_contains("started_at");
      if (started && started->is_int64()) {
        timer["elapsed_ms"] = IntOf(timer, "elapsed_ms") + (now - started->as_int64()) / 1000;
      }
      timer["started_at"] = nullptr;
    };
    if (a.kind == "goto") {
      static const std::set<std::string> kStages = {"report", "questions", "evaluation", "remarks"};
      if (!item_ok()) return Invalid("item", "out_of_range");
      if (!kStages.count(a.stage)) return Invalid("stage", "invalid");
      const bool new_item = IntOf(live, "item", -1) != a.item;
      live["item"] = a.item;
      live["stage"] = a.stage;
      if (new_item) {  // a new speaker: a fresh countdown
        timer["elapsed_ms"] = 0;
        timer["started_at"] = nullptr;
      } else if (a.stage != "report") {
        // The countdown belongs to the report: questions, evaluation and
        // remarks stop it (the console may start it again).
        stop_timer();
      }
      if (core::MeetingMayMove(m.state, core::MeetingState::kRunning)) m.state = core::MeetingState::kRunning;
    } else if (a.kind == "timer_start") {
      if (!timer.if_contains("started_at") || !timer["started_at"].is_int64()) timer["started_at"] = now;
      if (core::MeetingMayMove(m.state, core::MeetingState::kRunning)) m.state = core::MeetingState::kRunning;
    } else if (a.kind == "timer_pause") {
      stop_timer();
    } else if (a.kind == "timer_reset") {
      timer["elapsed_ms"] = 0;
      timer["started_at"] = nullptr;
    } else if (a.kind == "question") {
      if (!item_ok()) return Invalid("item", "out_of_range");
      if (a.question.empty()) return Invalid("question", "required");
      ArrOf(agenda[static_cast<std::size_t>(a.item)].as_object(), "questions")
          .push_back(json::object{{"asked_by", a.asked_by}, {"question", a.question}, {"answer", a.answer}});
    } else if (a.kind == "remarks") {
      if (!item_ok()) return Invalid("item", "out_of_range");
      agenda[static_cast<std::size_t>(a.item)].as_object()["remarks"] = a.text;
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
    m.record = json::serialize(record);
    m.live = json::serialize(live);
    SHUZHI_TRY(tx.meetings().Update(m));
    if (a.kind == "question" || a.kind == "remarks" || a.kind == "finish") {
      return RecordAudit(tx, clock_, actor.username, "meeting." + a.kind, "meeting:" + std::to_string(meeting_id), {});
    }
    return base::Ok();
  }));
  return Get(actor, meeting_id);
}

// ---- polls ----

Status MeetingService::OpenPoll(const Actor& actor, std::int64_t poll_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only those running the meeting open polls");
    if (!core::PollMayMove(p.state, core::PollState::kOpen)) return base::FailedPrecondition("poll.not_pending", "this poll has been opened before");
    if (p.round != l.meeting.carrier_round) {
      return base::FailedPrecondition("poll.stale_round", "this poll belongs to an earlier round of carriers");
    }
    SHUZHI_TRY(NotEnded(l.meeting));
    SHUZHI_ASSIGN_OR_RETURN(auto issued, IssuedFor(tx, p));
    if (issued.total() == 0) {
      return base::FailedPrecondition("poll.no_evaluators",
                                      "no evaluator has checked in with a carrier: nobody could vote");
    }
    p.state = core::PollState::kOpen;
    p.opened_at = clock_.Now();
    SHUZHI_TRY(tx.meetings().UpdatePoll(p));
    // Phone ballots arrive while the poll is open (paper ones after it).
    SHUZHI_TRY(tx.ballots().ReserveBallotPlaces(poll_id, issued.phone));
    if (core::MeetingMayMove(l.meeting.state, core::MeetingState::kRunning)) {
      l.meeting.state = core::MeetingState::kRunning;
      SHUZHI_TRY(tx.meetings().Update(l.meeting));
    } else {
      SHUZHI_TRY(Touch(tx, p.meeting_id));
    }
    return RecordAudit(tx, clock_, actor.username, "poll.open", "poll:" + std::to_string(poll_id), {});
  });
}

Status MeetingService::ClosePoll(const Actor& actor, std::int64_t poll_id) {
  SHUZHI_TRY(keys_.Load());
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only those running the meeting close polls");
    if (p.state != core::PollState::kOpen) return base::FailedPrecondition("poll.not_open", "this poll is not open");
    p.closed_at = clock_.Now();
    SHUZHI_TRY(tx.ballots().EraseSpendChecks(poll_id));
    // The carriers handed out are frozen now: the result is computed against
    // them, whatever is recorded for the meeting afterwards.
    SHUZHI_ASSIGN_OR_RETURN(auto issued, IssuedInRound(tx, p.meeting_id, p.round));
    p.issued_phone = issued.phone;
    p.issued_paper = issued.paper;
    SHUZHI_ASSIGN_OR_RETURN(const auto evaluators, EvaluatorsOf(tx, p.meeting_id));
    p.entitled = evaluators.entitled;
    p.present = evaluators.present;
    if (issued.paper == 0) {
      SHUZHI_TRY(FinalizeResult(tx, clock_, keys_, l, p));  // rewrites the ballots in random order
    } else {
      // Paper sheets come later and are appended: shuffle now so that the
      // phone ballots' arrival order does not survive the close, and again
      // when the count is final.
      SHUZHI_TRY(ShuffleStored(tx, poll_id));
      p.state = core::PollState::kCounting;
      SHUZHI_TRY(tx.meetings().UpdatePoll(p));
      SHUZHI_TRY(Touch(tx, p.meeting_id));
    }
    return RecordAudit(tx, clock_, actor.username, "poll.close", "poll:" + std::to_string(poll_id), {});
  }));
  FoldWal(store_);
  return base::Ok();
}

Result<std::int64_t> MeetingService::RepeatPoll(const Actor& actor, std::int64_t poll_id) {
  std::int64_t id = 0;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only those running the meeting repeat polls");
    if (p.state != core::PollState::kVoid) return base::FailedPrecondition("poll.not_void", "only a void poll is repeated");
    SHUZHI_TRY(NotEnded(l.meeting));
    // A new round: the old carriers no longer vote in the new poll.
    l.meeting.carrier_round += 1;
    SHUZHI_TRY(tx.meetings().Update(l.meeting));
    PollRecord again;
    again.meeting_id = p.meeting_id;
    again.position = p.position;
    again.round = l.meeting.carrier_round;
    again.deputy_ids = p.deputy_ids;
    SHUZHI_ASSIGN_OR_RETURN(id, tx.meetings().InsertPoll(again));
    return RecordAudit(tx, clock_, actor.username, "poll.repeat", "poll:" + std::to_string(poll_id),
                       {{"new_poll", std::to_string(id)}});
  }));
  return id;
}

// ---- paper sheets ----

Status MeetingService::SetPaperCount(const Actor& actor, std::int64_t poll_id, std::int64_t sheets) {
  if (sheets < 0 || sheets > 100000) return Invalid("sheets", "out_of_range");
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only tellers of this meeting count sheets");
    if (p.state != core::PollState::kCounting) return base::FailedPrecondition("poll.not_counting", "the poll is not being counted");
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(poll_id));
    std::set<std::string> pending;
    for (const auto& e : entries) pending.insert(e.spend_key);
    if (sheets < p.paper_valid + p.invalid_sheets + static_cast<std::int64_t>(pending.size())) {
      return base::FailedPrecondition("paper.count_below_entries", "more sheets have been keyed than this count");
    }
    p.paper_counted = sheets;
    SHUZHI_TRY(tx.meetings().UpdatePoll(p));
    SHUZHI_TRY(Touch(tx, p.meeting_id));
    return RecordAudit(tx, clock_, actor.username, "poll.paper_count", "poll:" + std::to_string(poll_id),
                       {{"sheets", std::to_string(sheets)}});
  });
}

namespace {

// Stores one reconciled sheet: a ballot when its code is a live carrier of
// the poll's round not used yet in this poll, otherwise an invalid sheet.
Result<std::string> SettleSheet(storage::Tx& tx, ServerKeys& keys, PollRecord& p, const base::Bytes& secret,
                                const std::string& spend_key, const std::string& choices) {
  SHUZHI_ASSIGN_OR_RETURN(auto c, tx.meetings().FindCredential(keys.CarrierHash(secret)));
  SHUZHI_ASSIGN_OR_RETURN(auto spent, tx.ballots().FindSpend(p.id, spend_key));
  const bool live = c && c->meeting_id == p.meeting_id && c->round == p.round && c->state == core::CarrierState::kPrinted;
  SHUZHI_TRY(tx.ballots().DeletePaperEntries(p.id, spend_key));
  std::string outcome;
  if (!live || spent) {
    p.invalid_sheets += 1;
    outcome = "invalid_sheet";
  } else {
    SHUZHI_TRY(tx.ballots().InsertSpend(p.id, spend_key, std::nullopt));
    SHUZHI_TRY(tx.ballots().AppendBallot(p.id, choices));
    SHUZHI_TRY(tx.meetings().AddVoted(p.id, 1));
    p.paper_valid += 1;
    outcome = "reconciled";
  }
  SHUZHI_TRY(tx.meetings().UpdatePoll(p));
  SHUZHI_TRY(tx.meetings().Touch(p.meeting_id));
  return outcome;
}

std::string CodeHint(const std::string& code) {
  const auto printed = core::FormatSecret(code);
  return printed.substr(printed.size() - 4);
}

}  // namespace

Result<std::string> MeetingService::KeyPaperSheet(const Actor& actor, std::int64_t poll_id, const PaperSheet& sheet) {
  SHUZHI_TRY(keys_.Load());
  auto secret = core::ParseSecret(sheet.code);
  if (!secret.ok())
    return base::InvalidArgument("credential.malformed", "the code is mistyped", {{"code", "malformed"}});
  std::string outcome;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only tellers of this meeting key sheets");
    if (p.state != core::PollState::kCounting) return base::FailedPrecondition("poll.not_counting", "the poll is not being counted");
    if (!p.paper_counted)
      return base::FailedPrecondition("paper.count_first", "enter the number of sheets in the box first");
    SHUZHI_ASSIGN_OR_RETURN(auto choices, core::EncodePaperChoices(BallotSpecOf(p, l.campaign.spec), sheet.choices));
    const auto spend_key = keys_.SpendKey(poll_id, *secret);
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(poll_id));
    std::vector<storage::PaperEntryRecord> same;
    std::set<std::string> pending;
    for (auto& e : entries) {
      pending.insert(e.spend_key);
      if (e.spend_key == spend_key) same.push_back(e);
    }
    for (const auto& e : same) {
      if (e.teller == actor.username) {
        return base::Conflict("paper.already_keyed",
                              "you have keyed this sheet already; a second teller keys it again");
      }
    }
    if (same.size() >= 2) {
      return base::FailedPrecondition("paper.mismatch_pending", "this sheet's two entries differ: resolve it first");
    }
    if (same.empty()) {
      const auto settled = p.paper_valid + p.invalid_sheets + static_cast<std::int64_t>(pending.size());
      if (settled >= *p.paper_counted) {
        return base::FailedPrecondition("paper.too_many_sheets",
                                        "more sheets keyed than were counted in the box: recount the box");
      }
      SHUZHI_TRY(tx.ballots().InsertPaperEntry({0, poll_id, spend_key, CodeHint(*secret), actor.username, choices}));
      outcome = "waiting_second";
      return Touch(tx, p.meeting_id);
    }
    if (same.front().choices != choices) {
      SHUZHI_TRY(tx.ballots().InsertPaperEntry({0, poll_id, spend_key, CodeHint(*secret), actor.username, choices}));
      outcome = "mismatch";
      return Touch(tx, p.meeting_id);
    }
    SHUZHI_ASSIGN_OR_RETURN(outcome, SettleSheet(tx, keys_, p, *secret, spend_key, choices));
    return base::Ok();
  }));
  return outcome;
}

Result<std::string> MeetingService::ResolvePaperSheet(const Actor& actor, std::int64_t poll_id,
                                                      const PaperSheet& sheet) {
  SHUZHI_TRY(keys_.Load());
  auto secret = core::ParseSecret(sheet.code);
  if (!secret.ok())
    return base::InvalidArgument("credential.malformed", "the code is mistyped", {{"code", "malformed"}});
  std::string outcome;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!campaign_access::MayManage(actor, l.campaign.record)) {
      return Forbidden("mismatches are resolved by the campaign's organizers");
    }
    if (p.state != core::PollState::kCounting) return base::FailedPrecondition("poll.not_counting", "the poll is not being counted");
    SHUZHI_ASSIGN_OR_RETURN(auto choices, core::EncodePaperChoices(BallotSpecOf(p, l.campaign.spec), sheet.choices));
    const auto spend_key = keys_.SpendKey(poll_id, *secret);
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(poll_id));
    const auto n =
        std::count_if(entries.begin(), entries.end(), [&](const auto& e) { return e.spend_key == spend_key; });
    if (n < 2) return base::FailedPrecondition("paper.no_mismatch", "this sheet has no mismatch to resolve");
    SHUZHI_ASSIGN_OR_RETURN(outcome, SettleSheet(tx, keys_, p, *secret, spend_key, choices));
    return RecordAudit(tx, clock_, actor.username, "poll.paper_resolve", "poll:" + std::to_string(poll_id), {});
  }));
  return outcome;
}

Result<json::object> MeetingService::PaperStatus(const Actor& actor, std::int64_t poll_id) {
  json::object out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only tellers of this meeting see the keying");
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(poll_id));
    const auto spec = BallotSpecOf(p, l.campaign.spec);
    std::map<std::string, std::vector<storage::PaperEntryRecord>> by_sheet;
    for (auto& e : entries) by_sheet[e.spend_key].push_back(e);
    json::array waiting, mismatches;
    for (const auto& [key, es] : by_sheet) {
      if (es.size() == 1) {
        // The first entry's marks stay hidden so the second keying is
        // independent.
        waiting.push_back(json::object{{"code_hint", es[0].code_hint}, {"teller", es[0].teller}});
        continue;
      }
      json::array versions;
      for (const auto& e : es) {
        json::array marks;
        auto decoded = core::DecodeChoices(spec, e.choices);
        if (decoded.ok()) {
          for (auto& m : *decoded) marks.push_back(json::value(m));
        }
        versions.push_back(json::object{{"teller", e.teller}, {"choices", std::move(marks)}});
      }
      mismatches.push_back(json::object{{"code_hint", es[0].code_hint}, {"versions", std::move(versions)}});
    }
    out = json::object{{"poll_id", p.id},
                       {"state", core::PollStateCode(p.state)},
                       {"paper_counted", p.paper_counted ? json::value(*p.paper_counted) : json::value(nullptr)},
                       {"reconciled", p.paper_valid + p.invalid_sheets},
                       {"paper_valid", p.paper_valid},
                       {"invalid_sheets", p.invalid_sheets},
                       {"waiting", std::move(waiting)},
                       {"mismatches", std::move(mismatches)}};
    return base::Ok();
  }));
  return out;
}

Status MeetingService::FinalizePoll(const Actor& actor, std::int64_t poll_id) {
  SHUZHI_TRY(keys_.Load());
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only those running the meeting confirm the count");
    if (p.state != core::PollState::kCounting) return base::FailedPrecondition("poll.not_counting", "the poll is not being counted");
    if (!p.paper_counted)
      return base::FailedPrecondition("paper.count_first", "enter the number of sheets in the box first");
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(poll_id));
    if (!entries.empty() || p.paper_valid + p.invalid_sheets != *p.paper_counted) {
      return base::FailedPrecondition("paper.not_reconciled",
                                      "every sheet counted must be keyed twice and reconciled first");
    }
    SHUZHI_TRY(FinalizeResult(tx, clock_, keys_, l, p));
    return RecordAudit(tx, clock_, actor.username, "poll.finalize", "poll:" + std::to_string(poll_id), {});
  }));
  FoldWal(store_);
  return base::Ok();
}

// ---- results ----

Result<json::object> MeetingService::ResultFor(const Actor& actor, std::int64_t poll_id) {
  json::object out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id));
    auto& [p, l] = pl;
    if (!l.may_read) {
      SHUZHI_ASSIGN_OR_RETURN(bool deputy_reader, campaign_access::MayReadIn(tx, actor, l.campaign.record));
      if (!deputy_reader) return Forbidden("not your meeting");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto audience, AudienceFor(tx, actor, l, p));
    if (p.result.empty()) {
      // Nobody sees a count before the result exists (DESIGN.md §4).
      out = json::object{{"poll_id", p.id}, {"state", core::PollStateCode(p.state)}, {"available", false}};
      return base::Ok();
    }
    auto record = ParseObject(p.result);
    if (!audience.everything) {
      json::array rows;
      for (auto& row : ArrOf(record, "deputies")) {
        if (audience.own_released_rows.count(IntOf(row.as_object(), "deputy_id"))) rows.push_back(row);
      }
      if (rows.empty()) {
        out = json::object{{"poll_id", p.id}, {"state", core::PollStateCode(p.state)}, {"available", false}};
        return base::Ok();
      }
      record["deputies"] = std::move(rows);
    }
    json::array released;
    for (auto id : p.released) released.push_back(id);
    out = json::object{{"poll_id", p.id},
                       {"state", core::PollStateCode(p.state)},
                       {"available", true},
                       {"complete", audience.everything},
                       {"result", std::move(record)},
                       {"released", std::move(released)}};
    if (audience.everything) {
      out["signature"] = base::ToHex(p.signature);
    }
    return base::Ok();
  }));
  return out;
}

Status MeetingService::Release(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    // The deputy's group leader feeds the result back (organizers may too).
    bool may = campaign_access::MayManage(actor, l.campaign.record);
    if (!may) {
      SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(l.campaign.record.id));
      for (const auto& e : listed) {
        if (e.deputy_id != deputy_id || !e.group_id) continue;
        SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*e.group_id));
        may =
            may || (g && core::Allows(actor.roles, core::Action::kManageGroup, core::Scope{g->congress_id, g->id, {}}));
      }
    }
    if (!may) return Forbidden("only the deputy's group leader releases their result");
    if (p.state == core::PollState::kVoid) return base::FailedPrecondition("poll.void", "a void poll has no result to release");
    if (p.state != core::PollState::kFinal) return base::FailedPrecondition("poll.no_result", "this poll has no result to release");
    if (std::find(p.deputy_ids.begin(), p.deputy_ids.end(), deputy_id) == p.deputy_ids.end()) {
      return base::InvalidArgument("ballot.unknown_deputy", "this deputy is not in the poll",
                                   {{"deputy_id", "not_in_poll"}});
    }
    if (std::find(p.released.begin(), p.released.end(), deputy_id) != p.released.end()) return base::Ok();
    p.released.push_back(deputy_id);
    SHUZHI_TRY(tx.meetings().UpdatePoll(p));
    return RecordAudit(tx, clock_, actor.username, "poll.release", "poll:" + std::to_string(poll_id),
                       {{"deputy_id", std::to_string(deputy_id)}});
  });
}

Result<std::vector<json::object>> MeetingService::MyResults(const Actor& actor) {
  std::set<std::int64_t> mine;
  for (const auto& g : actor.roles) {
    if (g.role == core::Role::kDeputy && g.deputy_id) mine.insert(*g.deputy_id);
  }
  std::vector<json::object> out;
  if (mine.empty()) return out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto campaigns, tx.campaigns().List(std::nullopt));
    for (const auto& c : campaigns) {
      SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(c.id));
      if (std::none_of(listed.begin(), listed.end(), [&](const auto& e) { return mine.count(e.deputy_id) > 0; }))
        continue;
      SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
      const bool announce = view.spec.disclosure == core::Disclosure::kAnnounce;
      SHUZHI_ASSIGN_OR_RETURN(auto meetings, tx.meetings().ListForCampaign(c.id));
      for (const auto& m : meetings) {
        SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m.id));
        for (const auto& p : polls) {
          if (p.result.empty()) continue;
          auto record = ParseObject(p.result);
          for (const auto& row : ArrOf(record, "deputies")) {
            const auto id = IntOf(row.as_object(), "deputy_id");
            if (!mine.count(id)) continue;
            const bool released = std::find(p.released.begin(), p.released.end(), id) != p.released.end();
            if (!announce && !released) continue;
            out.push_back(
                json::object{{"poll_id", p.id},
                             {"state", core::PollStateCode(p.state)},
                             {"meeting_id", m.id},
                             {"meeting_title", m.title},
                             {"campaign_title", view.spec.title},
                             {"closed_at", record.if_contains("closed_at") ? record.at("closed_at") : json::value("")},
                             {"scale", record.if_contains("scale") ? record.at("scale") : json::value(json::array())},
                             {"min_valid_votes", record.if_contains("min_valid_votes") ? record.at("min_valid_votes")
                                                                                        : json::value(0)},
                             {"row", row}});
          }
        }
      }
    }
    return base::Ok();
  }));
  return out;
}

Result<json::object> MeetingService::Board(const Actor& actor, std::int64_t poll_id) {
  SHUZHI_TRY(keys_.Load());
  json::object out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id));
    auto& [p, l] = pl;
    SHUZHI_ASSIGN_OR_RETURN(auto audience, AudienceFor(tx, actor, l, p));
    if (p.result.empty()) return base::FailedPrecondition("poll.no_result", "the result does not exist yet");
    if (!audience.everything) return Forbidden("the board is shown to those who may see the whole result");
    auto record = ParseObject(p.result);
    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(poll_id));
    SHUZHI_ASSIGN_OR_RETURN(auto receipts, tx.ballots().Receipts(poll_id));
    std::sort(receipts.begin(), receipts.end());
    // Blank the marks of deputies whose result is withheld.
    const auto& rows = ArrOf(record, "deputies");
    for (std::size_t d = 0; d < rows.size(); ++d) {
      const auto* w = rows[d].as_object().if_contains("withheld");
      if (!w || !w->is_bool() || !w->as_bool()) continue;
      for (auto& b : ballots) {
        if (d < b.size()) b[d] = '-';
      }
    }
    json::array r, b;
    for (auto& x : receipts) r.push_back(json::value(x));
    for (auto& x : ballots) b.push_back(json::value(x));
    out = json::object{{"format", "shuzhi.board/1"},
                       {"result", p.result},
                       {"signature", base::ToHex(p.signature)},
                       {"public_key", base::ToHex(keys_.signing().public_key)},
                       {"receipts", std::move(r)},
                       {"ballots", std::move(b)}};
    return base::Ok();
  }));
  return out;
}

// ---- the projector ----

Result<std::string> MeetingService::ProjectorVersion(const std::string& token) {
  std::string out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().FindByProjectorToken(token));
    if (!m) return base::NotFound("meeting.not_found", "no such projector link");
    out = std::to_string(m->version);
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m->id));
    for (const auto& p : polls) out += "/" + std::to_string(p.voted);
    return base::Ok();
  }));
  return out;
}

Result<json::object> MeetingService::Projector(const std::string& token) {
  SHUZHI_TRY(keys_.Load());
  json::object out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().FindByProjectorToken(token));
    if (!m) return base::NotFound("meeting.not_found", "no such projector link");
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, m->campaign_id));
    SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
    const bool announce = view.spec.disclosure == core::Disclosure::kAnnounce;
    auto record = ParseObject(m->record);
    auto& agenda = ArrOf(record, "agenda");
    const auto live = LiveView(*m, clock_.Now());
    const auto item = live.at("item").as_int64();
    json::object speaker;
    if (item >= 0 && static_cast<std::size_t>(item) < agenda.size()) {
      const auto& a = agenda[static_cast<std::size_t>(item)].as_object();
      speaker =
          json::object{{"name", StrOf(a, "name")}, {"index", item}, {"of", static_cast<std::int64_t>(agenda.size())}};
    }
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m->id));
    json::array poll_views;
    for (const auto& p : polls) {
      SHUZHI_ASSIGN_OR_RETURN(const auto issued_now, IssuedFor(tx, p));
      const std::int64_t issued = issued_now.total();
      json::array names;
      for (auto id : p.deputy_ids) {
        SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(tx, id));
        names.push_back(json::value(name));
      }
      json::object pv{
          {"id", p.id}, {"state", core::PollStateCode(p.state)}, {"voted", p.voted}, {"issued", issued}, {"deputies", std::move(names)}};
      // Counts only once the result exists, and only when it is announced.
      if (announce && !p.result.empty()) pv["result"] = ParseObject(p.result);
      poll_views.push_back(std::move(pv));
    }
    json::array scale;
    for (const auto& o : view.spec.scale) scale.push_back(json::object{{"code", o.code}, {"label", o.label}});
    out = json::object{{"title", m->title},
                       {"venue", m->venue},
                       {"state", core::MeetingStateCode(m->state)},
                       {"version", m->version},
                       {"disclosure", core::DisclosureCode(view.spec.disclosure)},
                       {"key_fingerprint", keys_.fingerprint()},
                       {"speaker", std::move(speaker)},
                       {"stage", live.at("stage")},
                       {"live", live},
                       {"scale", std::move(scale)},
                       {"polls", std::move(poll_views)}};
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
