// How representative a panel of voter representatives is (plan 2: about 30,
// broadly representative). Pure rules: the size against a range, every
// village or community of the constituency represented, and each category's
// share within `tolerance` percentage points of the organizer's target.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shuzhi::core {

struct PanelMember {
  std::string gender;      // core::GenderCode
  std::string age_band;    // core::AgeBand, or "" when unknown
  std::string occupation;  // core::OccupationCode
  std::string village;
};

struct PanelTargets {
  int min_size = 25;
  int max_size = 35;
  int tolerance = 15;  // percentage points
  // dimension ("gender", "age_band", "occupation") → category → target percent
  std::map<std::string, std::map<std::string, double>> shares;
};

struct PanelShare {
  std::string key;
  int count = 0;
  double percent = 0;            // of the panel, exact
  std::optional<double> target;  // percent
  bool ok = true;
};

struct PanelDimension {
  std::string dimension;
  std::vector<PanelShare> items;
};

struct PanelReport {
  int size = 0;
  bool size_ok = true;
  std::vector<std::string> villages_missing;
  std::vector<std::string> villages_covered;
  std::vector<PanelDimension> dimensions;
  // "size_below_range", "size_above_range", "village_missing:<name>",
  // "share_off:<dimension>:<key>"
  std::vector<std::string> flags;
};

PanelReport CheckPanel(const std::vector<PanelMember>& members, const std::vector<std::string>& villages,
                       const PanelTargets& targets);

}  // namespace shuzhi::core
