// JSON shapes of roster import jobs (docs/openapi.json): the job with its
// columns, problems and matches, and the bodies that re-map its columns and
// apply it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/imports/import.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object ImportJobJson(const app::ImportJobView& v);

// `columns` of a mapping body: (column index, field; "" to ignore) pairs.
// invalid_argument "request.invalid" when missing or not objects.
base::Result<std::vector<std::pair<int, std::string>>> ImportMappingFrom(const json::object& o);
// `decisions` of an apply body: spreadsheet row → person to link (null: a
// new one). Missing or null gives none; invalid_argument "request.invalid"
// when it is not an array of {row, deputy_id} objects.
base::Result<std::map<int, std::optional<std::int64_t>>> ImportDecisionsFrom(const json::object& o);

}  // namespace shuzhi::http
