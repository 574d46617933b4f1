#include "app/feedback/feedback.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/errors.h"
#include "app/meeting/meeting_internal.h"
#include "core/access.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

using meeting_detail::Loaded;
using storage::PollRecord;

bool Contains(const std::vector<std::int64_t>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The deputy's group in the campaign, for the list.
struct GroupOf {
  std::optional<std::int64_t> id;
  std::string name;
};
Result<std::map<std::int64_t, GroupOf>> GroupsOf(storage::Tx& tx, std::int64_t campaign_id) {
  std::map<std::int64_t, GroupOf> out;
  std::map<std::int64_t, std::string> names;
  SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(campaign_id));
  for (const auto& e : listed) {
    GroupOf g{e.group_id, {}};
    if (e.group_id && !names.count(*e.group_id)) {
      SHUZHI_ASSIGN_OR_RETURN(auto found, tx.registry().FindGroup(*e.group_id));
      names[*e.group_id] = found ? found->name : std::string();
    }
    if (e.group_id) g.name = names[*e.group_id];
    out[e.deputy_id] = std::move(g);
  }
  return out;
}

Result<FeedbackItem> ItemOf(storage::Tx& tx, const Actor& a, const Loaded& l, const PollRecord& p,
                            std::int64_t deputy_id, const std::map<std::int64_t, GroupOf>& groups) {
  FeedbackItem item;
  item.poll_id = p.id;
  item.poll_position = p.position;
  item.poll_round = p.round;
  item.poll_state = p.state;
  item.deputy_id = deputy_id;
  SHUZHI_ASSIGN_OR_RETURN(item.deputy_name, meeting_detail::DeputyName(tx, deputy_id));
  if (auto it = groups.find(deputy_id); it != groups.end()) {
    item.group_id = it->second.id;
    item.group_name = it->second.name;
  }
  item.released = Contains(p.released, deputy_id);
  SHUZHI_ASSIGN_OR_RETURN(item.may_record, meeting_detail::MayFeedBack(tx, a, l, deputy_id));
  SHUZHI_ASSIGN_OR_RETURN(item.feedback, tx.feedback().Find(p.id, deputy_id));
  return item;
}

// What a talk's record must hold; `starts_at` is the meeting's.
Status CheckInput(const FeedbackInput& in, Micros starts_at, Micros now) {
  SHUZHI_TRY(meeting_detail::CheckText(in.notes, "notes"));
  SHUZHI_TRY(meeting_detail::CheckText(in.given_by, "given_by"));
  if (in.given_by.empty()) return Invalid("given_by", "required");
  // The talk follows the meeting: a time before it is a slip of the date.
  if (in.given_at < starts_at) {
    return base::InvalidArgument("feedback.before_meeting", "the talk cannot be before the meeting",
                                 {{"given_at", "before_meeting"}});
  }
  // A few minutes of leeway for a clock that runs slightly ahead.
  if (in.given_at > now + 10LL * 60 * base::kMicrosPerSecond) {
    return base::InvalidArgument("feedback.in_future", "the talk is recorded once it has been held",
                                 {{"given_at", "in_future"}});
  }
  return base::Ok();
}

}  // namespace

FeedbackService::FeedbackService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

Result<std::vector<FeedbackItem>> FeedbackService::ForMeeting(const Actor& actor, std::int64_t meeting_id) {
  std::vector<FeedbackItem> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, meeting_detail::LoadMeeting(tx, actor, meeting_id));
    if (!l.may_read) return Forbidden("meeting outside your scope");
    SHUZHI_ASSIGN_OR_RETURN(auto groups, GroupsOf(tx, l.campaign.record.id));
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(meeting_id));
    for (const auto& p : polls) {
      if (p.state != core::PollState::kFinal && p.state != core::PollState::kCounting) continue;
      for (auto deputy_id : p.deputy_ids) {
        SHUZHI_ASSIGN_OR_RETURN(auto item, ItemOf(tx, actor, l, p, deputy_id, groups));
        out.push_back(std::move(item));
      }
    }
    return base::Ok();
  }));
  return out;
}

Result<FeedbackItem> FeedbackService::Record(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id,
                                             const FeedbackInput& in) {
  FeedbackItem out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, meeting_detail::LoadPoll(tx, actor, poll_id, true));
    auto& [p, l] = pl;
    if (!l.may_read) return Forbidden("meeting outside your scope");
    if (!Contains(p.deputy_ids, deputy_id)) {
      return base::InvalidArgument("ballot.unknown_deputy", "this deputy is not in the poll",
                                   {{"deputy_id", "not_in_poll"}});
    }
    SHUZHI_ASSIGN_OR_RETURN(bool may, meeting_detail::MayFeedBack(tx, actor, l, deputy_id));
    if (!may) return Forbidden("only the deputy's group leader or an organizer records the feedback");
    if (p.state != core::PollState::kFinal) {
      return base::FailedPrecondition("feedback.result_not_final", "the poll's result is not final yet");
    }
    const Micros now = clock_.Now();
    SHUZHI_TRY(CheckInput(in, l.meeting.starts_at, now));
    SHUZHI_TRY(tx.feedback().Put(
        {poll_id, deputy_id, in.given_at, in.method, in.given_by, in.notes, actor.username, now, std::nullopt}));
    SHUZHI_TRY(
        RecordAudit(tx, clock_, actor.username, "feedback.record", "poll:" + std::to_string(poll_id),
                    {{"deputy_id", std::to_string(deputy_id)}, {"method", core::FeedbackMethodCode(in.method)}}));
    if (in.release) SHUZHI_TRY(meeting_detail::ReleaseRow(tx, clock_, actor, p, deputy_id));
    SHUZHI_ASSIGN_OR_RETURN(auto groups, GroupsOf(tx, l.campaign.record.id));
    SHUZHI_ASSIGN_OR_RETURN(out, ItemOf(tx, actor, l, p, deputy_id, groups));
    return base::Ok();
  }));
  return out;
}

Result<std::vector<FeedbackDue>> FeedbackService::Undelivered(const Actor& actor) {
  std::vector<FeedbackDue> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto campaigns, tx.campaigns().List(std::nullopt));
    for (const auto& c : campaigns) {
      if (!campaign_access::MayRead(actor, c)) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
      if (view.spec.disclosure != core::Disclosure::kPrivate) continue;
      if (c.state == core::CampaignState::kArchived) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto meetings, tx.meetings().ListForCampaign(c.id));
      for (const auto& m : meetings) {
        SHUZHI_ASSIGN_OR_RETURN(auto l, meeting_detail::LoadMeeting(tx, actor, m.id));
        SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m.id));
        for (const auto& p : polls) {
          if (p.state != core::PollState::kFinal) continue;
          SHUZHI_ASSIGN_OR_RETURN(auto given, tx.feedback().ListForPoll(p.id));
          for (auto deputy_id : p.deputy_ids) {
            if (std::any_of(given.begin(), given.end(), [&](const auto& f) { return f.deputy_id == deputy_id; }))
              continue;
            SHUZHI_ASSIGN_OR_RETURN(bool may, meeting_detail::MayFeedBack(tx, actor, l, deputy_id));
            if (!may) continue;
            SHUZHI_ASSIGN_OR_RETURN(auto name, meeting_detail::DeputyName(tx, deputy_id));
            out.push_back({c.id, m.id, m.title, p.id, deputy_id, std::move(name)});
          }
        }
      }
    }
    return base::Ok();
  }));
  return out;
}

Result<std::vector<MyFeedback>> FeedbackService::Mine(const Actor& actor) {
  std::vector<MyFeedback> out;
  const auto mine = core::OwnDeputies(actor.roles);
  if (mine.empty()) return out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    for (auto deputy_id : mine) {
      SHUZHI_ASSIGN_OR_RETURN(auto records, tx.feedback().ListForDeputy(deputy_id));
      for (auto& f : records) {
        SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(f.poll_id));
        if (!p) continue;
        SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().Find(p->meeting_id));
        if (!m) continue;
        SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, m->campaign_id));
        SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
        const bool released = Contains(p->released, deputy_id);
        out.push_back({std::move(f), m->id, m->title, view.spec.title, released});
      }
    }
    return base::Ok();
  }));
  std::stable_sort(out.begin(), out.end(),
                   [](const MyFeedback& a, const MyFeedback& b) { return a.feedback.given_at > b.feedback.given_at; });
  return out;
}

Status FeedbackService::Confirm(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id) {
  if (!core::OwnDeputies(actor.roles).count(deputy_id)) return Forbidden("only the deputy confirms their feedback");
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto f, tx.feedback().Find(poll_id, deputy_id));
    if (!f) return base::NotFound("feedback.not_found", "no feedback recorded for this deputy and poll");
    if (f->confirmed_at) return base::Ok();
    SHUZHI_TRY(tx.feedback().Confirm(poll_id, deputy_id, clock_.Now()));
    return RecordAudit(tx, clock_, actor.username, "feedback.confirm", "poll:" + std::to_string(poll_id),
                       {{"deputy_id", std::to_string(deputy_id)}});
  });
}

}  // namespace shuzhi::app
