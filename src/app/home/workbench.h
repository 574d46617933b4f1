// The home page's workbench (工作台): for each role the user holds, the
// cards of what waits for them — a count, a detail for some, and the page
// where it is dealt with.
//
//   organizer     reports waiting for review, opinions waiting for
//                 moderation, meetings today and this week, polls open now,
//                 results to sign off (polls whose paper sheets are being
//                 keyed: the result is signed when they are finalized);
//   group_leader  their groups' reporting-list entries not yet confirmed,
//                 reports to review, opinions to moderate and opinions their
//                 deputies have not answered, private results to release
//                 (not a withheld one: it has no figures to give);
//   deputy        reports still to hand in, with the nearest deadline and
//                 the days left, opinions to answer, results they may see;
//   reviewer      finished meetings, and campaigns whose summary
//                 (评议情况报告) can be read.
// An administrator gets the organizer's cards over every congress.
//
// Every card of a role the user holds is there, with 0 when nothing waits.
// A card leads to the one campaign, meeting or group its count lies in when
// there is one, and to the list of them otherwise. The counts are made by
// the database in one read transaction (storage/workbench_repo.h), computed
// on request like the notifications, so nothing is stored or goes stale.
// Its scope follows the list pages the cards lead to: a count never covers
// what the user could not open there.
//
// Thread-safe (it only reads).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"

namespace shuzhi::app {

class App;

// Where a card leads: a page of the web app and the ids its route needs.
struct WorkbenchLink {
  // campaigns, campaign, meeting, groups, group, opinions_pending,
  // my_reports, my_report, my_opinions, my_results
  std::string page;
  std::int64_t campaign_id = 0, meeting_id = 0, group_id = 0;
  std::string tab;  // the page's tab, "" for its first
};

// The deputy's report card's detail: the report due soonest, or when none
// is still to hand in, the one of their first active campaign.
struct WorkbenchReport {
  std::string campaign_title;
  std::string deadline;        // YYYY-MM-DD (23:59:59 China Standard Time that day)
  std::int64_t days_left = 0;  // 0 on the day, negative once passed (core/workbench.h)
  std::string state;           // ReportProgressCode: not_started, draft, returned, submitted, accepted
};

struct WorkbenchCard {
  std::string role;  // core::RoleName: admin, organizer, group_leader, deputy, reviewer
  std::string kind;  // a stable code, as in the list above
  std::int64_t count = 0;
  std::optional<WorkbenchReport> report;  // deputy's my_report only
  WorkbenchLink link;
};

struct Workbench {
  std::string today;                 // YYYY-MM-DD, China Standard Time
  std::vector<WorkbenchCard> cards;  // by role (admin, organizer, group_leader, deputy, reviewer), then as listed
};

// The workbench of `actor`; empty cards for a user with no role.
Result<Workbench> WorkbenchFor(App& app, const Actor& actor);

}  // namespace shuzhi::app
