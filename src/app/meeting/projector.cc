// MeetingService: the projector's public view, by the meeting's token.
#include "app/meeting/meeting_internal.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

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

Result<ProjectorView> MeetingService::Projector(const std::string& token) {
  SHUZHI_TRY(keys_.Load());
  ProjectorView out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().FindByProjectorToken(token));
    if (!m) return base::NotFound("meeting.not_found", "no such projector link");
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, m->campaign_id));
    SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
    const bool announce = view.spec.disclosure == core::Disclosure::kAnnounce;
    const auto agenda = ReadMeetingDoc(m->record).agenda;
    out.live = LiveViewOf(ReadLiveDoc(m->live), clock_.Now());
    const auto item = out.live.item;
    if (item >= 0 && static_cast<std::size_t>(item) < agenda.size()) {
      out.speaker =
          ProjectorSpeaker{agenda[static_cast<std::size_t>(item)].name, item, static_cast<std::int64_t>(agenda.size())};
    }
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m->id));
    for (const auto& p : polls) {
      SHUZHI_ASSIGN_OR_RETURN(const auto issued, IssuedFor(tx, p));
      ProjectorPoll pv{p.id, p.state, p.voted, issued.total(), {}, std::nullopt};
      for (auto id : p.deputy_ids) {
        SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(tx, id));
        pv.deputies.push_back(std::move(name));
      }
      // Counts only once the result exists, and only when it is announced.
      if (announce && !p.result.empty()) pv.signed_record = p.result;
      out.polls.push_back(std::move(pv));
    }
    out.title = m->title;
    out.venue = m->venue;
    out.state = m->state;
    out.version = m->version;
    out.disclosure = view.spec.disclosure;
    out.key_fingerprint = keys_.fingerprint();
    out.scale = view.spec.scale;
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
