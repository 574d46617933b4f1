#include "app/home/notifications.h"

#include <algorithm>

#include "app/app.h"
#include "app/campaign/campaign.h"
#include "app/errors.h"
#include "app/feedback/feedback.h"
#include "app/measure/measure.h"
#include "app/opinion/opinion.h"
#include "app/report/report.h"

namespace shuzhi::app {

Result<std::vector<Notification>> NotificationsFor(App& app, const Actor& actor) {
  std::vector<Notification> out;
  const base::Micros now = app.clock().Now();
  // Reviewers read reports but review none.
  const bool reviews = std::any_of(actor.roles.begin(), actor.roles.end(), [](const core::RoleGrant& g) {
    return g.role != core::Role::kReviewer && g.role != core::Role::kDeputy;
  });
  SHUZHI_ASSIGN_OR_RETURN(auto campaigns, app.campaigns().List(actor, std::nullopt));
  for (const auto& c : campaigns) {
    if (c.record.state != core::CampaignState::kActive) continue;
    // The actor's own report, when they are a listed deputy.
    for (const auto& g : actor.roles) {
      if (g.role != core::Role::kDeputy || !g.deputy_id) continue;
      auto report = app.reports().Get(actor, c.record.id, *g.deputy_id);
      if (!report.ok() && IsRefusal(report.status())) continue;  // not on this campaign's list
      SHUZHI_TRY(report.status());
      if (!report->state || report->state == core::ReportState::kDraft) {
        const bool overdue = core::IsLate(now, c.spec.report_deadline);
        out.push_back({overdue ? "report_overdue" : "report_due", c.record.id, *g.deputy_id, c.spec.title,
                       c.spec.report_deadline});
      } else if (report->state == core::ReportState::kReturned) {
        out.push_back({"report_returned", c.record.id, *g.deputy_id, c.spec.title,
                       report->reviews.empty() ? "" : report->reviews.back().comment});
      }
    }
    // Reports waiting for the actor's review (the list is already scoped:
    // leaders get their groups).
    if (!reviews) continue;
    auto list = app.reports().List(actor, c.record.id);
    if (!list.ok() && IsRefusal(list.status())) continue;
    SHUZHI_TRY(list.status());
    for (const auto& r : *list) {
      if (r.state == core::ReportState::kSubmitted)
        out.push_back({"review_waiting", c.record.id, r.deputy_id, r.name, c.spec.title});
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(auto pending, app.opinions().Pending(actor));
  if (!pending.empty()) out.push_back({"opinion_moderation", 0, 0, "", std::to_string(pending.size())});
  SHUZHI_ASSIGN_OR_RETURN(auto owed, app.feedback().Undelivered(actor));
  for (const auto& d : owed) {
    out.push_back({"feedback_due", d.campaign_id, d.deputy_id, d.deputy_name, d.meeting_title, d.meeting_id});
  }
  SHUZHI_ASSIGN_OR_RETURN(auto mine, app.feedback().Mine(actor));
  for (const auto& m : mine) {
    if (!m.feedback.confirmed_at) {
      out.push_back({"feedback_to_confirm", 0, m.feedback.deputy_id, m.meeting_title, m.campaign_title});
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(auto to_review, app.measures().ToReview(actor));
  for (const auto& v : to_review) {
    out.push_back({"measure_to_review", v.measure.campaign_id, v.measure.deputy_id, v.deputy_name, v.measure.text, 0,
                   v.measure.id});
  }
  SHUZHI_ASSIGN_OR_RETURN(auto owed_measures, app.measures().OwedByMe(actor));
  for (const auto& v : owed_measures) {
    const bool returned = v.measure.state == core::MeasureState::kReturned;
    out.push_back({returned ? "measure_returned" : "measure_overdue", v.measure.campaign_id, v.measure.deputy_id,
                   v.measure.text, returned ? v.measure.review_comment : v.measure.due_on, 0, v.measure.id});
  }
  return out;
}

}  // namespace shuzhi::app
