// What waits for the user, inside the app: a deputy sees their report's
// deadline (and whether it has passed) and returned reports with the
// comments; a group leader and an organizer see submitted reports waiting
// for review and public opinions waiting for moderation. Computed from the
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
  std::string kind;  // report_due, report_overdue, report_returned, review_waiting, opinion_moderation
  std::int64_t campaign_id = 0;
  std::int64_t deputy_id = 0;
  std::string title;   // the campaign's title or the deputy's name
  std::string detail;  // the deadline, a comment, a count
};

class NotificationChannel {
 public:
  virtual ~NotificationChannel() = default;
  // Delivers `items` to the user by the channel's own means.
  virtual Status Deliver(const Actor& to, const std::vector<Notification>& items) = 0;
};

Result<std::vector<Notification>> NotificationsFor(App& app, const Actor& actor);

}  // namespace shuzhi::app
