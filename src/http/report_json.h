// JSON shapes of duty reports (docs/openapi.json): the report with its
// versions and reviews, the list row, the diff, and the report's text as a
// request body carries it.
#pragma once

#include "app/report/report.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object ReportJson(const app::ReportView& v);
json::object ReportSummaryJson(const app::ReportSummary& s);
json::array ReportDiffJson(const std::vector<core::SectionDiff>& diff);

json::object ReportContentJson(const core::ReportContent& c);
// invalid_argument "request.invalid" naming `content` and what is wrong.
base::Result<core::ReportContent> ReportContentFrom(const json::value& v);

}  // namespace shuzhi::http
