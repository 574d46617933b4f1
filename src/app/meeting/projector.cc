// MeetingService: the projector's public view, by the meeting's token.
//
// The end-of-meeting summary (plan 1: the committee announces every deputy's
// result together) is a screen the chair switches the projector to from the
// console (ConsoleAction "summary"), as they switch agenda stages: the screen
// always follows the console, and announcing is the chair's act, so it does
// not appear by itself when the last poll becomes final. Its rows are sent
// with every state; a private campaign's rows carry no figures.
#include <algorithm>
#include <tuple>

#include "app/meeting/meeting_internal.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

namespace {

// Each reporting deputy, in agenda order, with their row of the latest final
// poll about them (a void poll's repetition supersedes it).
std::vector<ProjectorSummaryRow> SummaryRows(const std::vector<AgendaItem>& agenda,
                                             const std::vector<PollRecord>& polls, const core::CampaignSpec& spec) {
  const bool announce = spec.disclosure == core::Disclosure::kAnnounce;
  std::vector<ProjectorSummaryRow> out;
  for (const auto& item : agenda) {
    ProjectorSummaryRow row{item.name, "pending", "", "", ""};
    const PollRecord* latest = nullptr;
    for (const auto& p : polls) {
      if (p.state != core::PollState::kFinal) continue;
      if (std::find(p.deputy_ids.begin(), p.deputy_ids.end(), item.deputy_id) == p.deputy_ids.end()) continue;
      if (!latest || std::tie(p.round, p.id) > std::tie(latest->round, latest->id)) latest = &p;
    }
    if (latest && !announce) row.status = "private";
    const auto record = latest && announce ? ParseObject(latest->result) : base::json::object{};
    static const base::json::array kNone;
    const auto* deputies = record.if_contains("deputies");
    for (const auto& d : deputies && deputies->is_array() ? deputies->as_array() : kNone) {
      const auto* id = d.is_object() ? d.as_object().if_contains("deputy_id") : nullptr;
      if (!id || !id->is_int64() || id->as_int64() != item.deputy_id) continue;
      const auto* w = d.as_object().if_contains("withheld");
      if (w && w->is_bool() && w->as_bool()) {
        row.status = "withheld";
        break;
      }
      row.status = "announced";
      row.grade = RecordStr(d.as_object(), "grade");
      row.approval_percent = RecordStr(d.as_object(), "approval_percent");
      for (const auto& o : spec.scale) {
        if (o.code == row.grade) row.grade_label = o.label;
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

// ---- the projector ----

MeetingService::MeetingService(storage::Store& store, const base::Clock& clock, ServerKeys& keys,
                               base::Micros projector_interval)
    : store_(store), clock_(clock), keys_(keys), feed_(std::make_unique<ProjectorFeed>(store, projector_interval)) {}

MeetingService::~MeetingService() = default;

Result<std::unique_ptr<ProjectorFeed::Watch>> MeetingService::WatchProjector(const std::string& token) {
  std::int64_t meeting = 0;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().FindByProjectorToken(token));
    if (!m) return base::NotFound("meeting.not_found", "no such projector link");
    meeting = m->id;
    return base::Ok();
  }));
  return feed_->Start(meeting);
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
    out.summary = SummaryRows(agenda, polls, view.spec);
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
