// JSON shapes of evaluation campaigns (docs/openapi.json): the campaign with
// its plan, the list of reporting deputies, the dashboard, and the covered
// groups as a request body carries them.
#pragma once

#include <cstdint>
#include <vector>

#include "app/campaign/campaign.h"
#include "app/home/dashboard.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object CampaignJson(const app::CampaignView& v);
// The reporting deputies with how many there are of each occupation.
json::object ReportingDeputiesJson(const std::vector<app::ReportingDeputy>& list);
json::object DashboardJson(const app::Dashboard& d);

// `group_ids` of a body; missing or null gives none. invalid_argument
// "request.invalid" when it is not an array of integers.
base::Result<std::vector<std::int64_t>> GroupIdsFrom(const json::object& o);

}  // namespace shuzhi::http
