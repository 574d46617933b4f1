// MeetingService: a poll opens, closes, is counted and signed, or is repeated.
#include "app/audit/audit.h"
#include "app/errors.h"
#include "app/meeting/meeting_internal.h"
#include "core/board.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

namespace {

// The result record is a document the server signs (its bytes are what
// `shuzhi verify` checks), not a reply of the API: it is written here.
namespace json = base::json;

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

// The result's row per deputy: numbers only for those not withheld.
Result<json::array> DeputyRowsJson(storage::Tx& tx, const core::PollTally& t, const core::CampaignSpec& spec) {
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
  return deputies;
}

}  // namespace

namespace meeting_detail {

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
  SHUZHI_ASSIGN_OR_RETURN(auto stored, ShuffleStored(tx, p.id));
  auto& [ballots, receipts] = stored;
  SHUZHI_ASSIGN_OR_RETURN(auto t, core::Tally(in, ballots));
  // A void poll has no result (DESIGN.md §4): only why it is void is
  // published, and no deputy's counts, rate or grade, nor any ballot's marks.
  if (t.void_poll) {
    for (auto& d : t.deputies) d.withheld = true;
  }

  json::array scale;
  for (const auto& o : spec.scale)
    scale.push_back(json::object{{"code", o.code}, {"label", o.label}, {"approval", o.approval}});
  SHUZHI_ASSIGN_OR_RETURN(auto deputies, DeputyRowsJson(tx, t, spec));
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
                      {"board_hash", core::BoardHash(receipts, published, keys.algorithm())},
                      {"key_fingerprint", keys.fingerprint()}};
  if (!t.void_poll) record["valid_ballots"] = t.valid_ballots;
  p.result = json::serialize(record);
  SHUZHI_ASSIGN_OR_RETURN(p.signature, keys.signing().Sign(p.result));
  p.state = t.void_poll ? core::PollState::kVoid : core::PollState::kFinal;
  SHUZHI_TRY(tx.meetings().UpdatePoll(p));
  return Touch(tx, p.meeting_id);
}

}  // namespace meeting_detail

// ---- polls ----

Status MeetingService::OpenPoll(const Actor& actor, std::int64_t poll_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only those running the meeting open polls");
    if (!core::PollMayMove(p.state, core::PollState::kOpen))
      return base::FailedPrecondition("poll.not_pending", "this poll has been opened before");
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
      SHUZHI_TRY(ShuffleStored(tx, poll_id).status());
      p.state = core::PollState::kCounting;
      SHUZHI_TRY(tx.meetings().UpdatePoll(p));
      SHUZHI_TRY(Touch(tx, p.meeting_id));
    }
    // After the shuffle, which erased the checks in its one pass over the
    // spends; on PostgreSQL this rewrites the spends in a random order.
    SHUZHI_TRY(tx.ballots().EraseSpendChecks(poll_id));
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
    if (p.state != core::PollState::kVoid)
      return base::FailedPrecondition("poll.not_void", "only a void poll is repeated");
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

}  // namespace shuzhi::app
