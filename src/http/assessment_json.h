// Wire JSON of the annual assessment and the duty record, and the
// assessment's query parameters.
#pragma once

#include "app/assessment/assessment.h"
#include "base/json.h"
#include "http/message.h"

namespace shuzhi::http {

namespace json = base::json;

// year (required), grade (comma-separated codes), min_approval (a percent,
// one decimal at most), all_measures_done, on_time, candidates_only
// ("true" or "false"), group (an id). invalid_argument
// "assessment.bad_year", "assessment.bad_threshold" or "request.invalid".
base::Result<app::AssessmentQuery> AssessmentQueryFrom(const Request& request);

json::object AssessmentJson(const app::AssessmentView& v, const app::AssessmentQuery& q);
json::object DutyRecordJson(const app::DutyRecordView& v);

}  // namespace shuzhi::http
