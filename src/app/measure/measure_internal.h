// What the measure service's files share: who may do what with the measures
// of one campaign, the names a view shows, and the loading of one measure
// with its scope. Not part of the public face (measure.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "app/measure/measure.h"
#include "storage/store.h"

namespace shuzhi::app::measure_detail {

// The actor's reach over the measures of one campaign.
struct CampaignScope {
  core::Campaign campaign;
  std::string title;
  bool manage = false;                                           // an organizer of its congress
  bool read_all = false;                                         // manage, or a reviewer of its congress
  std::set<std::int64_t> led;                                    // deputies of groups the actor leads in it
  std::set<std::int64_t> own;                                    // the actor's own deputy records
  std::map<std::int64_t, std::optional<std::int64_t>> group_of;  // listed deputy → group
  std::map<std::int64_t, std::string> group_names;

  bool MayRead(std::int64_t deputy) const { return read_all || led.count(deputy) || own.count(deputy); }
  // Reviewing is for the deputy's leader or an organizer, never the deputy.
  bool MayReview(std::int64_t deputy) const { return (manage || led.count(deputy)) && !own.count(deputy); }
};

Result<CampaignScope> ScopeOf(storage::Tx& tx, const Actor& a, std::int64_t campaign_id);

// Fills views, caching the polls' meetings and the deputies' names.
class Namer {
 public:
  Namer(storage::Tx& tx, std::string today) : tx_(tx), today_(std::move(today)) {}
  Result<MeasureView> View(const CampaignScope& s, const core::Measure& m);
  // A user's display name (the username for one no longer there).
  Result<std::string> UserName(const std::string& username);

 private:
  struct MeetingOf {
    std::int64_t id = 0;
    std::string title;
  };
  storage::Tx& tx_;
  std::string today_;
  std::map<std::int64_t, MeetingOf> meetings_;  // by poll
  std::map<std::int64_t, std::string> names_;   // by deputy
  std::map<std::string, std::string> users_;    // display names by username
};

// One measure and the actor's scope over its campaign; not_found
// "measure.not_found" for a measure the actor may not read either, so that
// ids of others' measures tell nothing.
struct LoadedMeasure {
  core::Measure measure;
  CampaignScope scope;
};
Result<LoadedMeasure> LoadMeasure(storage::Tx& tx, const Actor& a, std::int64_t id, bool for_update = false);

// Today in China Standard Time, YYYY-MM-DD.
std::string Today(const base::Clock& clock);

}  // namespace shuzhi::app::measure_detail
