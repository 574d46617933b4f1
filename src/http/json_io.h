// JSON in and out for handlers: body parsing with specific errors, typed
// field access, and the mapping of app values to their API shapes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/users.h"
#include "base/json.h"
#include "core/audit_chain.h"
#include "http/message.h"

namespace shuzhi::http {

namespace json = base::json;

// invalid_argument "request.malformed_json" when the body is not JSON,
// "request.invalid" when it is not an object.
base::Result<json::object> ParseObject(const Request& request);

// Typed field access. A missing required field or a wrong type gives
// invalid_argument "request.invalid" with the field named in the details.
base::Result<std::string> RequiredString(const json::object& o, const char* field);
base::Result<std::optional<std::string>> OptionalString(const json::object& o, const char* field);
base::Result<std::optional<bool>> OptionalBool(const json::object& o, const char* field);
base::Result<std::vector<core::RoleGrant>> Grants(const json::value& v, const char* field);

// A positive page number or size from the query, within [1, max].
base::Result<std::int64_t> PageParam(const Request& request, const char* name, std::int64_t fallback,
                                     std::int64_t max);

Response JsonResponse(int status, const json::value& body);
Response NoContent();

json::object UserJson(const app::UserView& u);
json::array GrantsJson(const std::vector<core::RoleGrant>& grants);
json::object AuditEntryJson(const core::AuditEntry& e);
json::object AuditHeadJson(const core::AuditHead& h);

}  // namespace shuzhi::http
