// MeetingService: paper sheets, keyed twice by different tellers and reconciled.
#include <algorithm>
#include <map>
#include <set>

#include "app/audit/audit.h"
#include "app/errors.h"
#include "app/meeting/meeting_internal.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

// ---- paper sheets ----

Status MeetingService::SetPaperCount(const Actor& actor, std::int64_t poll_id, std::int64_t sheets) {
  if (sheets < 0 || sheets > 100000) return Invalid("sheets", "out_of_range");
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only tellers of this meeting count sheets");
    if (p.state != core::PollState::kCounting)
      return base::FailedPrecondition("poll.not_counting", "the poll is not being counted");
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
  SHUZHI_ASSIGN_OR_RETURN(auto c, tx.meetings().FindCarrier(keys.CarrierHash(secret)));
  SHUZHI_ASSIGN_OR_RETURN(auto spent, tx.ballots().FindSpend(p.id, spend_key));
  const bool live =
      c && c->meeting_id == p.meeting_id && c->round == p.round && c->state == core::CarrierState::kPrinted;
  SHUZHI_TRY(tx.ballots().DeletePaperEntries(p.id, spend_key));
  std::string outcome;
  if (!live || spent) {
    p.invalid_sheets += 1;
    outcome = "invalid_sheet";
  } else {
    SHUZHI_TRY(tx.ballots().SpendAndAppend(p.id, spend_key, std::nullopt, std::nullopt, choices));
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

// The sheet's secret from the code the teller typed (the API's error codes
// say "credential" where the code says carrier: clients key on them).
Result<base::Bytes> SheetSecret(const PaperSheet& sheet) {
  auto secret = core::ParseSecret(sheet.code);
  if (!secret.ok())
    return base::InvalidArgument("credential.malformed", "the code is mistyped", {{"code", "malformed"}});
  return std::move(*secret);
}

}  // namespace

Result<std::string> MeetingService::KeyPaperSheet(const Actor& actor, std::int64_t poll_id, const PaperSheet& sheet) {
  SHUZHI_TRY(keys_.Load());
  SHUZHI_ASSIGN_OR_RETURN(auto secret, SheetSecret(sheet));
  std::string outcome;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only tellers of this meeting key sheets");
    if (p.state != core::PollState::kCounting)
      return base::FailedPrecondition("poll.not_counting", "the poll is not being counted");
    if (!p.paper_counted)
      return base::FailedPrecondition("paper.count_first", "enter the number of sheets in the box first");
    SHUZHI_ASSIGN_OR_RETURN(auto choices, core::EncodePaperChoices(BallotSpecOf(p, l.campaign.spec), sheet.choices));
    const auto spend_key = keys_.SpendKey(poll_id, secret);
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
      SHUZHI_TRY(tx.ballots().InsertPaperEntry({0, poll_id, spend_key, CodeHint(secret), actor.username, choices}));
      outcome = "waiting_second";
      return Touch(tx, p.meeting_id);
    }
    if (same.front().choices != choices) {
      SHUZHI_TRY(tx.ballots().InsertPaperEntry({0, poll_id, spend_key, CodeHint(secret), actor.username, choices}));
      outcome = "mismatch";
      return Touch(tx, p.meeting_id);
    }
    SHUZHI_ASSIGN_OR_RETURN(outcome, SettleSheet(tx, keys_, p, secret, spend_key, choices));
    return base::Ok();
  }));
  return outcome;
}

Result<std::string> MeetingService::ResolvePaperSheet(const Actor& actor, std::int64_t poll_id,
                                                      const PaperSheet& sheet) {
  SHUZHI_TRY(keys_.Load());
  SHUZHI_ASSIGN_OR_RETURN(auto secret, SheetSecret(sheet));
  std::string outcome;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!campaign_access::MayManage(actor, l.campaign.record)) {
      return Forbidden("mismatches are resolved by the campaign's organizers");
    }
    if (p.state != core::PollState::kCounting)
      return base::FailedPrecondition("poll.not_counting", "the poll is not being counted");
    SHUZHI_ASSIGN_OR_RETURN(auto choices, core::EncodePaperChoices(BallotSpecOf(p, l.campaign.spec), sheet.choices));
    const auto spend_key = keys_.SpendKey(poll_id, secret);
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(poll_id));
    const auto n =
        std::count_if(entries.begin(), entries.end(), [&](const auto& e) { return e.spend_key == spend_key; });
    if (n < 2) return base::FailedPrecondition("paper.no_mismatch", "this sheet has no mismatch to resolve");
    SHUZHI_ASSIGN_OR_RETURN(outcome, SettleSheet(tx, keys_, p, secret, spend_key, choices));
    return RecordAudit(tx, clock_, actor.username, "poll.paper_resolve", "poll:" + std::to_string(poll_id), {});
  }));
  return outcome;
}

Result<PaperStatusView> MeetingService::PaperStatus(const Actor& actor, std::int64_t poll_id) {
  PaperStatusView out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id));
    auto& [p, l] = pl;
    if (!l.may_run) return Forbidden("only tellers of this meeting see the keying");
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(poll_id));
    const auto spec = BallotSpecOf(p, l.campaign.spec);
    std::map<std::string, std::vector<storage::PaperEntryRecord>> by_sheet;
    for (auto& e : entries) by_sheet[e.spend_key].push_back(e);
    for (const auto& [key, es] : by_sheet) {
      if (es.size() == 1) {
        // The first entry's marks stay hidden so the second keying is
        // independent.
        out.waiting.push_back({es[0].code_hint, es[0].teller});
        continue;
      }
      PaperMismatch mismatch{es[0].code_hint, {}};
      for (const auto& e : es) {
        auto decoded = core::DecodeChoices(spec, e.choices);
        mismatch.versions.push_back({e.teller, decoded.ok() ? std::move(*decoded) : std::vector<std::string>()});
      }
      out.mismatches.push_back(std::move(mismatch));
    }
    out.poll_id = p.id;
    out.state = p.state;
    out.paper_counted = p.paper_counted;
    out.paper_valid = p.paper_valid;
    out.invalid_sheets = p.invalid_sheets;
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
    if (p.state != core::PollState::kCounting)
      return base::FailedPrecondition("poll.not_counting", "the poll is not being counted");
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

}  // namespace shuzhi::app
