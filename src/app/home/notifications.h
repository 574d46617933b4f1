// What waits for the user, inside the app: a deputy sees their report's
// deadline (and whether it has passed) and returned reports with the
// comments; a group leader and an organizer see submitted reports waiting
// for review and public opinions waiting for moderation; after a private
// result, the leader sees the feedback talks still owed and the deputy a
// talk to confirm. Computed from the
// current state on request, so nothing is stored and nothing goes stale.
//
// Delivery beyond the app (SMS, e-mail) is not reachable from a meeting
// hall's network; a channel would implement NotificationChannel and be
// handed the same list.
#pragma once

#include <string>
#include <vector>

#include "app/actor.h"

namespace shuzhi::app {

class App;

struct Notification {
  // report_due, report_overdue, report_returned, review_waiting,
  // opinion_moderation, feedback_due, feedback_to_confirm, measure_to_review,
  // measure_returned, measure_overdue
  std::string kind;
  std::int64_t campaign_id = 0;
  std::int64_t deputy_id = 0;
  std::string title;            // the campaign's title or the deputy's name
  std::string detail;           // the deadline, a comment, a count, a meeting's title, a due date
  std::int64_t meeting_id = 0;  // feedback_due: the meeting whose result it is
  std::int64_t measure_id = 0;  // measure_*: the measure
};

class NotificationChannel {
 public:
  virtual ~NotificationChannel() = default;
  // Delivers `items` to the user by the channel's own means.
  virtual Status Deliver(const Actor& to, const std::vector<Notification>& items) = 0;
};

Result<std::vector<Notification>> NotificationsFor(App& app, const Actor& actor);

}  // namespace shuzhi::app
