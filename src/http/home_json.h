// JSON shape of the home page's workbench (docs/openapi.json, Workbench).
#pragma once

#include "app/home/workbench.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object WorkbenchJson(const app::Workbench& w);

}  // namespace shuzhi::http
