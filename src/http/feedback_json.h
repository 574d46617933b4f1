// JSON shapes of the feedback talk (docs/openapi.json): a meeting's
// feedback list row, a deputy's own record, and the record's request body.
#pragma once

#include "app/feedback/feedback.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object FeedbackItemJson(const app::FeedbackItem& item);
json::object MyFeedbackJson(const app::MyFeedback& mine);
// invalid_argument "request.invalid" naming the field that will not do.
base::Result<app::FeedbackInput> FeedbackInputFrom(const json::object& body);

}  // namespace shuzhi::http
