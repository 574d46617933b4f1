// MeetingService: results as each reader may see them, their release, the board.
#include <algorithm>
#include <set>

#include "app/audit/audit.h"
#include "app/errors.h"
#include "app/meeting/meeting_internal.h"
#include "core/access.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

namespace meeting_detail {

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

Result<PollResultView> ResultIn(storage::Tx& tx, const Actor& a, const Loaded& l, const PollRecord& p) {
  if (!l.may_read) {
    SHUZHI_ASSIGN_OR_RETURN(bool deputy_reader, campaign_access::MayReadIn(tx, a, l.campaign.record));
    if (!deputy_reader) return Forbidden("not your meeting");
  }
  SHUZHI_ASSIGN_OR_RETURN(auto audience, AudienceFor(tx, a, l, p));
  PollResultView out;
  out.poll_id = p.id;
  out.state = p.state;
  // Nobody sees a count before the result exists (DESIGN.md §4), nor a
  // private result before their own row is released.
  if (p.result.empty()) return out;
  if (!audience.everything) {
    for (const auto& row : RecordRows(p.result)) {
      if (audience.own_released_rows.count(row.deputy_id)) out.rows.insert(row.deputy_id);
    }
    if (out.rows.empty()) return out;
  }
  out.available = true;
  out.complete = audience.everything;
  out.signed_record = p.result;
  out.released = p.released;
  if (audience.everything) out.signature_hex = base::ToHex(p.signature);
  return out;
}

Result<BoardView> BoardOf(storage::Tx& tx, const ServerKeys& keys, const PollRecord& p) {
  BoardView out;
  SHUZHI_ASSIGN_OR_RETURN(out.ballots, tx.ballots().Ballots(p.id));
  SHUZHI_ASSIGN_OR_RETURN(out.receipts, tx.ballots().Receipts(p.id));
  std::sort(out.receipts.begin(), out.receipts.end());
  // Blank the marks of deputies whose result is withheld.
  const auto rows = RecordRows(p.result);
  for (std::size_t d = 0; d < rows.size(); ++d) {
    if (!rows[d].withheld) continue;
    for (auto& b : out.ballots) {
      if (d < b.size()) b[d] = '-';
    }
  }
  out.signed_record = p.result;
  out.signature_hex = base::ToHex(p.signature);
  out.algorithm = keys.algorithm();
  out.public_key_hex = base::ToHex(keys.signing().public_key());
  return out;
}

}  // namespace meeting_detail

// ---- results ----

Result<PollResultView> MeetingService::ResultFor(const Actor& actor, std::int64_t poll_id) {
  PollResultView out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id));
    auto& [p, l] = pl;
    SHUZHI_ASSIGN_OR_RETURN(out, ResultIn(tx, actor, l, p));
    return base::Ok();
  }));
  return out;
}

Status MeetingService::Release(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    SHUZHI_ASSIGN_OR_RETURN(bool may, MayFeedBack(tx, actor, l, deputy_id));
    if (!may) return Forbidden("only the deputy's group leader releases their result");
    return ReleaseRow(tx, clock_, actor, p, deputy_id);
  });
}

Result<std::vector<MyResult>> MeetingService::MyResults(const Actor& actor) {
  const auto mine = core::OwnDeputies(actor.roles);
  std::vector<MyResult> out;
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
          for (const auto& row : RecordRows(p.result)) {
            if (!mine.count(row.deputy_id)) continue;
            const bool released = std::find(p.released.begin(), p.released.end(), row.deputy_id) != p.released.end();
            if (!announce && !released) continue;
            out.push_back({p.id, p.state, m.id, m.title, view.spec.title, row.deputy_id, p.result});
          }
        }
      }
    }
    return base::Ok();
  }));
  return out;
}

Result<BoardView> MeetingService::Board(const Actor& actor, std::int64_t poll_id) {
  SHUZHI_TRY(keys_.Load());
  BoardView out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id));
    auto& [p, l] = pl;
    SHUZHI_ASSIGN_OR_RETURN(auto audience, AudienceFor(tx, actor, l, p));
    if (p.result.empty()) return base::FailedPrecondition("poll.no_result", "the result does not exist yet");
    if (!audience.everything) return Forbidden("the board is shown to those who may see the whole result");
    SHUZHI_ASSIGN_OR_RETURN(out, BoardOf(tx, keys_, p));
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
