// A campaign plan as JSON: the form it is stored in and the API's `spec`
// object, which are the same, so one codec serves both (storage keeps the
// text, http the object).
#pragma once

#include "base/json.h"
#include "base/status.h"
#include "core/campaign.h"

namespace shuzhi::core {

base::json::object EncodeCampaignSpec(const CampaignSpec& spec);
// invalid_argument "request.invalid" naming the field for a wrong shape.
base::Result<CampaignSpec> DecodeCampaignSpec(const base::json::value& v);

}  // namespace shuzhi::core
