#include "app/measure/measure.h"

#include <algorithm>
#include <utility>

#include "app/audit/audit_internal.h"
#include "app/campaign/campaign_access.h"
#include "app/errors.h"
#include "app/measure/measure_internal.h"
#include "app/meeting/meeting_internal.h"
#include "core/access.h"
#include "core/registry.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace measure_detail {

std::string Today(const base::Clock& clock) { return base::FormatCst(clock.Now()).substr(0, 10); }

Result<CampaignScope> ScopeOf(storage::Tx& tx, const Actor& a, std::int64_t campaign_id) {
  CampaignScope s;
  SHUZHI_ASSIGN_OR_RETURN(s.campaign, campaign_access::Load(tx, campaign_id));
  SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(s.campaign));
  s.title = view.spec.title;
  s.manage = campaign_access::MayManage(a, s.campaign);
  s.read_all = campaign_access::MayReadAll(a, s.campaign);
  s.own = core::OwnDeputies(a.roles);
  SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(campaign_id));
  std::map<std::int64_t, bool> leads;  // group → the actor leads it
  for (const auto& e : listed) {
    s.group_of[e.deputy_id] = e.group_id;
    if (!e.group_id) continue;
    if (!leads.count(*e.group_id)) {
      SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*e.group_id));
      leads[*e.group_id] =
          g && core::Allows(a.roles, core::Action::kManageGroup, core::Scope{g->congress_id, g->id, {}});
      s.group_names[*e.group_id] = g ? g->name : std::string();
    }
    if (leads[*e.group_id]) s.led.insert(e.deputy_id);
  }
  return s;
}

Result<MeasureView> Namer::View(const CampaignScope& s, const core::Measure& m) {
  MeasureView v;
  v.measure = m;
  if (!names_.count(m.deputy_id)) {
    SHUZHI_ASSIGN_OR_RETURN(names_[m.deputy_id], meeting_detail::DeputyName(tx_, m.deputy_id));
  }
  v.deputy_name = names_[m.deputy_id];
  v.campaign_title = s.title;
  if (!meetings_.count(m.poll_id)) {
    MeetingOf found;
    SHUZHI_ASSIGN_OR_RETURN(auto p, tx_.meetings().FindPoll(m.poll_id));
    if (p) {
      SHUZHI_ASSIGN_OR_RETURN(auto meeting, tx_.meetings().Find(p->meeting_id));
      if (meeting) found = {meeting->id, meeting->title};
    }
    meetings_[m.poll_id] = found;
  }
  v.meeting_id = meetings_[m.poll_id].id;
  v.meeting_title = meetings_[m.poll_id].title;
  if (auto it = s.group_of.find(m.deputy_id); it != s.group_of.end() && it->second) {
    v.group_id = it->second;
    v.group_name = s.group_names.at(*it->second);
  }
  if (!m.reviewed_by.empty()) {
    SHUZHI_ASSIGN_OR_RETURN(v.reviewed_by_name, UserName(m.reviewed_by));
  }
  v.overdue = core::MeasureOverdue(m, today_);
  SHUZHI_ASSIGN_OR_RETURN(v.evidence_bytes, tx_.measures().EvidenceBytes(m.id));
  v.may_edit = s.own.count(m.deputy_id) && core::MeasureIsOpen(m.state);
  v.may_review = s.MayReview(m.deputy_id) && m.state == core::MeasureState::kDone;
  return v;
}

Result<std::string> Namer::UserName(const std::string& username) {
  if (!users_.count(username)) {
    SHUZHI_ASSIGN_OR_RETURN(auto u, tx_.users().FindByUsername(username));
    users_[username] = u && !u->display_name.empty() ? u->display_name : username;
  }
  return users_[username];
}

Result<LoadedMeasure> LoadMeasure(storage::Tx& tx, const Actor& a, std::int64_t id, bool for_update) {
  SHUZHI_ASSIGN_OR_RETURN(auto m, tx.measures().Find(id, for_update));
  if (!m) return base::NotFound("measure.not_found", "no such measure");
  SHUZHI_ASSIGN_OR_RETURN(auto scope, ScopeOf(tx, a, m->campaign_id));
  if (!scope.MayRead(m->deputy_id)) return base::NotFound("measure.not_found", "no such measure");
  return LoadedMeasure{std::move(*m), std::move(scope)};
}

}  // namespace measure_detail

namespace {

using measure_detail::CampaignScope;
using measure_detail::LoadedMeasure;
using measure_detail::Namer;

constexpr std::size_t kMaxOpinionsPerMeasure = 100;

Status OnlyTheDeputy(const LoadedMeasure& l) {
  if (!l.scope.own.count(l.measure.deputy_id)) return Forbidden("only the deputy changes their measures");
  return base::Ok();
}

Status Audit(storage::Tx& tx, const base::Clock& clock, const Actor& a, const char* action, const core::Measure& m) {
  return RecordAudit(tx, clock, a.username, action, "measure:" + std::to_string(m.id),
                     {{"deputy_id", std::to_string(m.deputy_id)}, {"state", core::MeasureStateCode(m.state)}});
}

// The text, the due date (not before `meeting_date`) and the opinions
// (about `deputy_id`, visible to the deputy, each once).
Status CheckInput(storage::Tx& tx, MeasureInput& in, std::int64_t deputy_id, const std::string& meeting_date) {
  if (in.text.empty()) return Invalid("text", "required");
  SHUZHI_TRY(meeting_detail::CheckText(in.text, "text"));
  if (!core::IsIsoDate(in.due_on)) return Invalid("due_on", "invalid_date");
  if (in.due_on < meeting_date) {
    return base::InvalidArgument("measure.due_before_meeting", "the due date cannot be before the meeting",
                                 {{"due_on", "before_meeting"}});
  }
  std::sort(in.opinion_ids.begin(), in.opinion_ids.end());
  in.opinion_ids.erase(std::unique(in.opinion_ids.begin(), in.opinion_ids.end()), in.opinion_ids.end());
  if (in.opinion_ids.size() > kMaxOpinionsPerMeasure) return Invalid("opinion_ids", "too_many");
  for (auto id : in.opinion_ids) {
    SHUZHI_ASSIGN_OR_RETURN(auto o, tx.opinions().Find(id));
    if (!o || o->deputy_id != deputy_id || o->status == "pending" || o->status == "rejected") {
      return base::InvalidArgument("measure.unknown_opinion", "not an opinion about this deputy",
                                   {{"opinion_ids", "unknown_opinion"}});
    }
  }
  return base::Ok();
}

// The date of the meeting whose poll the measure answers.
Result<std::string> MeetingDateOf(storage::Tx& tx, std::int64_t poll_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(poll_id));
  if (!p) return base::NotFound("poll.not_found", "no such poll");
  SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().Find(p->meeting_id));
  if (!m) return base::NotFound("poll.not_found", "no such poll");
  return base::FormatCst(m->starts_at).substr(0, 10);
}

// An opinion is addressed (已整改) while a finished measure names it; when
// none does any more, it is answered again if it was, new otherwise.
Status RefreshOpinions(storage::Tx& tx, std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (auto id : ids) {
    SHUZHI_ASSIGN_OR_RETURN(auto states, tx.measures().StatesForOpinion(id));
    const bool rectified = std::any_of(states.begin(), states.end(), core::MeasureIsComplete);
    SHUZHI_ASSIGN_OR_RETURN(auto o, tx.opinions().Find(id));
    if (!o) continue;
    std::string status = o->status;
    if (rectified) status = "addressed";
    if (!rectified && status == "addressed") status = o->answered_at ? "answered" : "new";
    if (status == o->status) continue;
    o->status = status;
    SHUZHI_TRY(tx.opinions().Update(*o));
  }
  return base::Ok();
}

Result<MeasureDetail> DetailOf(storage::Tx& tx, const base::Clock& clock, const LoadedMeasure& l) {
  MeasureDetail d;
  Namer namer(tx, measure_detail::Today(clock));
  SHUZHI_ASSIGN_OR_RETURN(d.view, namer.View(l.scope, l.measure));
  SHUZHI_ASSIGN_OR_RETURN(auto notes, tx.measures().ListNotes(l.measure.id));
  for (auto& n : notes) {
    SHUZHI_ASSIGN_OR_RETURN(auto name, namer.UserName(n.written_by));
    d.notes.push_back({std::move(n), std::move(name)});
  }
  for (auto id : l.measure.opinion_ids) {
    SHUZHI_ASSIGN_OR_RETURN(auto o, tx.opinions().Find(id));
    if (o) d.opinions.push_back({o->id, o->content, o->received_on, o->status});
  }
  return d;
}

}  // namespace

MeasureService::MeasureService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

Result<std::vector<MeasureView>> MeasureService::ForCampaign(const Actor& actor, std::int64_t campaign_id,
                                                             const MeasureFilter& f) {
  std::vector<MeasureView> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto scope, measure_detail::ScopeOf(tx, actor, campaign_id));
    if (!scope.read_all && scope.led.empty() && scope.own.empty()) return Forbidden("campaign outside your scope");
    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.measures().ListForCampaign(campaign_id));
    Namer namer(tx, measure_detail::Today(clock_));
    for (const auto& m : all) {
      if (!scope.MayRead(m.deputy_id)) continue;
      if (f.deputy_id && m.deputy_id != *f.deputy_id) continue;
      if (f.state && m.state != *f.state) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto v, namer.View(scope, m));
      if (f.group_id && v.group_id != f.group_id) continue;
      if (f.overdue_only && !v.overdue) continue;
      out.push_back(std::move(v));
    }
    return base::Ok();
  }));
  return out;
}

Result<MeasureDetail> MeasureService::Get(const Actor& actor, std::int64_t id) {
  MeasureDetail out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, measure_detail::LoadMeasure(tx, actor, id));
    SHUZHI_ASSIGN_OR_RETURN(out, DetailOf(tx, clock_, l));
    return base::Ok();
  }));
  return out;
}

Result<MeasureDetail> MeasureService::Create(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id,
                                             const MeasureInput& input) {
  if (!core::OwnDeputies(actor.roles).count(deputy_id)) return Forbidden("only the deputy writes their measures");
  MeasureDetail out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(poll_id));
    if (!p) return base::NotFound("poll.not_found", "no such poll");
    if (std::find(p->deputy_ids.begin(), p->deputy_ids.end(), deputy_id) == p->deputy_ids.end()) {
      return base::InvalidArgument("ballot.unknown_deputy", "this deputy is not in the poll",
                                   {{"deputy_id", "not_in_poll"}});
    }
    if (p->state != core::PollState::kFinal) {
      return base::FailedPrecondition("measure.result_not_final", "the evaluation's result is not final yet");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto meeting, tx.meetings().Find(p->meeting_id));
    if (!meeting) return base::NotFound("poll.not_found", "no such poll");
    MeasureInput in = input;
    SHUZHI_TRY(CheckInput(tx, in, deputy_id, base::FormatCst(meeting->starts_at).substr(0, 10)));
    core::Measure m;
    m.poll_id = poll_id;
    m.deputy_id = deputy_id;
    m.campaign_id = meeting->campaign_id;
    m.text = std::move(in.text);
    m.due_on = std::move(in.due_on);
    m.opinion_ids = std::move(in.opinion_ids);
    m.created_by = actor.username;
    m.created_at = clock_.Now();
    SHUZHI_ASSIGN_OR_RETURN(m.id, tx.measures().Insert(m));
    SHUZHI_TRY(Audit(tx, clock_, actor, "measure.create", m));
    SHUZHI_ASSIGN_OR_RETURN(auto l, measure_detail::LoadMeasure(tx, actor, m.id));
    SHUZHI_ASSIGN_OR_RETURN(out, DetailOf(tx, clock_, l));
    return base::Ok();
  }));
  return out;
}

Result<MeasureDetail> MeasureService::Change(const Actor& actor, std::int64_t id, const MeasurePatch& patch) {
  MeasureDetail out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, measure_detail::LoadMeasure(tx, actor, id, true));
    SHUZHI_TRY(OnlyTheDeputy(l));
    auto& m = l.measure;
    if (!core::MeasureIsOpen(m.state)) return base::FailedPrecondition("measure.closed", "the measure is finished");
    MeasureInput in{patch.text.value_or(m.text), patch.due_on.value_or(m.due_on),
                    patch.opinion_ids.value_or(m.opinion_ids)};
    SHUZHI_ASSIGN_OR_RETURN(auto meeting_date, MeetingDateOf(tx, m.poll_id));
    SHUZHI_TRY(CheckInput(tx, in, m.deputy_id, meeting_date));
    std::vector<std::int64_t> touched = m.opinion_ids;
    touched.insert(touched.end(), in.opinion_ids.begin(), in.opinion_ids.end());
    m.text = std::move(in.text);
    m.due_on = std::move(in.due_on);
    m.opinion_ids = std::move(in.opinion_ids);
    SHUZHI_TRY(tx.measures().Update(m));
    SHUZHI_TRY(RefreshOpinions(tx, touched));
    SHUZHI_TRY(Audit(tx, clock_, actor, "measure.change", m));
    SHUZHI_ASSIGN_OR_RETURN(out, DetailOf(tx, clock_, l));
    return base::Ok();
  }));
  return out;
}

Result<MeasureDetail> MeasureService::MarkDone(const Actor& actor, std::int64_t id) {
  MeasureDetail out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, measure_detail::LoadMeasure(tx, actor, id, true));
    SHUZHI_TRY(OnlyTheDeputy(l));
    auto& m = l.measure;
    if (!core::MayMoveMeasure(m.state, core::MeasureState::kDone)) {
      return base::FailedPrecondition("measure.closed", "the measure is already done");
    }
    m.state = core::MeasureState::kDone;
    m.done_at = clock_.Now();
    SHUZHI_TRY(tx.measures().Update(m));
    SHUZHI_TRY(RefreshOpinions(tx, m.opinion_ids));
    SHUZHI_TRY(Audit(tx, clock_, actor, "measure.done", m));
    SHUZHI_ASSIGN_OR_RETURN(out, DetailOf(tx, clock_, l));
    return base::Ok();
  }));
  return out;
}

Result<MeasureDetail> MeasureService::Review(const Actor& actor, std::int64_t id, bool accept,
                                             const std::string& comment) {
  MeasureDetail out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, measure_detail::LoadMeasure(tx, actor, id, true));
    auto& m = l.measure;
    if (l.scope.own.count(m.deputy_id)) {
      return base::PermissionDenied("measure.own_review", "nobody reviews their own measure");
    }
    if (!l.scope.MayReview(m.deputy_id)) {
      return Forbidden("only the deputy's group leader or an organizer reviews the measure");
    }
    SHUZHI_TRY(meeting_detail::CheckText(comment, "comment"));
    if (!accept && comment.empty()) return Invalid("comment", "required");
    const auto to = accept ? core::MeasureState::kAccepted : core::MeasureState::kReturned;
    if (!core::MayMoveMeasure(m.state, to)) {
      return base::FailedPrecondition("measure.not_done", "only a measure marked done is reviewed");
    }
    m.state = to;
    m.reviewed_by = actor.username;
    m.reviewed_at = clock_.Now();
    m.review_comment = comment;
    SHUZHI_TRY(tx.measures().Update(m));
    SHUZHI_TRY(RefreshOpinions(tx, m.opinion_ids));
    SHUZHI_TRY(Audit(tx, clock_, actor, accept ? "measure.accept" : "measure.return", m));
    SHUZHI_ASSIGN_OR_RETURN(out, DetailOf(tx, clock_, l));
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
