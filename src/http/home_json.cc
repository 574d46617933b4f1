#include "http/home_json.h"

namespace shuzhi::http {
namespace {

// Only the ids and the tab the page needs: the web app puts them in the
// route, never on screen.
json::object LinkJson(const app::WorkbenchLink& l) {
  json::object out{{"page", l.page}};
  if (l.campaign_id != 0) out["campaign_id"] = l.campaign_id;
  if (l.meeting_id != 0) out["meeting_id"] = l.meeting_id;
  if (l.group_id != 0) out["group_id"] = l.group_id;
  if (!l.tab.empty()) out["tab"] = l.tab;
  return out;
}

}  // namespace

json::object WorkbenchJson(const app::Workbench& w) {
  json::array cards;
  for (const auto& c : w.cards) {
    json::object card{{"role", c.role}, {"kind", c.kind}, {"count", c.count}, {"link", LinkJson(c.link)}};
    if (c.report) {
      card["report"] = json::object{{"campaign_title", c.report->campaign_title},
                                    {"deadline", c.report->deadline},
                                    {"days_left", c.report->days_left},
                                    {"state", c.report->state}};
    }
    cards.push_back(std::move(card));
  }
  return json::object{{"today", w.today}, {"cards", std::move(cards)}};
}

}  // namespace shuzhi::http
