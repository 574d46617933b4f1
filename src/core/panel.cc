#include "core/panel.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace shuzhi::core {

PanelReport CheckPanel(const std::vector<PanelMember>& members, const std::vector<std::string>& villages,
                       const PanelTargets& targets) {
  PanelReport r;
  r.size = static_cast<int>(members.size());
  if (r.size < targets.min_size) r.flags.push_back("size_below_range");
  if (r.size > targets.max_size) r.flags.push_back("size_above_range");
  r.size_ok = r.flags.empty();

  std::set<std::string> present;
  for (const auto& m : members) present.insert(m.village);
  for (const auto& v : villages) {
    if (present.count(v)) {
      r.villages_covered.push_back(v);
    } else {
      r.villages_missing.push_back(v);
      r.flags.push_back("village_missing:" + v);
    }
  }

  const std::pair<const char*, std::string PanelMember::*> dims[] = {
      {"gender", &PanelMember::gender}, {"age_band", &PanelMember::age_band}, {"occupation", &PanelMember::occupation}};
  for (const auto& [name, field] : dims) {
    PanelDimension d;
    d.dimension = name;
    std::map<std::string, int> counts;
    for (const auto& m : members) {
      if (!(m.*field).empty()) ++counts[m.*field];
    }
    const auto t = targets.shares.find(name);
    if (t != targets.shares.end()) {
      for (const auto& [key, pct] : t->second) counts.emplace(key, 0);  // a target with nobody shows as 0
    }
    for (const auto& [key, count] : counts) {
      PanelShare s;
      s.key = key;
      s.count = count;
      s.percent = r.size == 0 ? 0 : 100.0 * count / r.size;
      if (t != targets.shares.end()) {
        if (auto k = t->second.find(key); k != t->second.end()) {
          s.target = k->second;
          s.ok = std::fabs(s.percent - k->second) <= targets.tolerance;
          if (!s.ok) r.flags.push_back(std::string("share_off:") + name + ":" + key);
        }
      }
      d.items.push_back(s);
    }
    r.dimensions.push_back(std::move(d));
  }
  return r;
}

}  // namespace shuzhi::core
