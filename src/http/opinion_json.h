// JSON shapes of constituents' opinions (docs/openapi.json): the opinion as
// staff and the deputy see it, a list of them, and a recorded opinion as a
// request body carries it.
#pragma once

#include <string>
#include <vector>

#include "app/opinion/opinion.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object OpinionJson(const core::Opinion& o);
// {"items": [...]}.
json::object OpinionListJson(const std::vector<core::Opinion>& list);
// A deputy's link to the public form: the token and the page's path.
json::object OpinionLinkJson(const std::string& token);
// The public form as the constituent's phone opens it.
json::object PublicFormJson(const app::PublicForm& f);

// invalid_argument "request.invalid" naming the first field that is missing
// or of the wrong type.
base::Result<app::NewOpinion> NewOpinionFrom(const json::object& o);

}  // namespace shuzhi::http
