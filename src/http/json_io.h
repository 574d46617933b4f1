// JSON in and out for handlers: body parsing with specific errors, typed
// field access, path and query parameters, and the JSON reply. The API
// shapes of each area's values are in <area>_json.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/json.h"
#include "http/message.h"
#include "http/router.h"

namespace shuzhi::http {

namespace json = base::json;

// invalid_argument "request.unsupported_media_type" (HTTP 415) when the
// request names a Content-Type other than application/json (or
// application/…+json), "request.malformed_json" when the body is not JSON
// (an empty body included), "request.invalid" when it is not an object.
base::Result<json::object> ParseObject(const Request& request);
// A Content-Type's media type, lower-case, without parameters or spaces:
// "Image/PNG; charset=x" → "image/png".
std::string MediaType(std::string_view header);

// Typed field access. A missing required field or a wrong type gives
// invalid_argument "request.invalid" with the field named in the details.
base::Result<std::string> RequiredString(const json::object& o, const char* field);
// A PUT replaces the whole record, so its body must hold every field (null
// where the record has none): an omitted one would otherwise be erased
// without a word (issue 11: a partial PUT of a mandate nulled its group).
// invalid_argument "request.invalid" naming every missing field.
base::Status RequireFields(const json::object& o, std::initializer_list<const char*> fields);
base::Result<std::optional<std::string>> OptionalString(const json::object& o, const char* field);
base::Result<std::optional<bool>> OptionalBool(const json::object& o, const char* field);
base::Result<std::int64_t> RequiredInt(const json::object& o, const char* field);
// An ISO 8601 moment (with its offset, or read as China Standard Time);
// invalid_argument "request.invalid" with `field`: "invalid_time" otherwise.
base::Result<base::Micros> RequiredTime(const json::object& o, const char* field);
// Missing or null gives nullopt.
base::Result<std::optional<std::int64_t>> NullableInt(const json::object& o, const char* field);
base::Result<std::string> StringOr(const json::object& o, const char* field, const std::string& fallback);
base::Result<bool> BoolOr(const json::object& o, const char* field, bool fallback);
base::Result<std::vector<std::string>> StringArray(const json::object& o, const char* field);
// An array of integer ids; empty when absent or null.
base::Result<std::vector<std::int64_t>> IdArray(const json::object& o, const char* field);
// A JSON object field, re-serialised (e.g. panel targets); `fallback` when missing.
base::Result<std::string> ObjectText(const json::object& o, const char* field, const std::string& fallback);
// An optional positive integer query parameter (ids, years).
base::Result<std::optional<std::int64_t>> QueryId(const Request& request, const char* name);
// A positive integer path parameter; not_found `not_found_reason` otherwise.
base::Result<std::int64_t> PathId(const std::map<std::string, std::string>& params, const char* name,
                                  const char* not_found_reason);

// A positive page number or size from the query, within [1, max].
base::Result<std::int64_t> PageParam(const Request& request, const char* name, std::int64_t fallback, std::int64_t max);

Response JsonResponse(int status, const json::value& body);
Response NoContent();

// Encoding helpers for every area's JSON: the value, or null when there is
// none; a time in China Standard Time (base::FormatCst), or null.
template <typename T>
json::value Nullable(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value NullableTime(const std::optional<base::Micros>& t);

}  // namespace shuzhi::http

namespace shuzhi::http {

// The language of a printed document or file: `lang` in the query when
// given (a link cannot set Accept-Language), else the request's.
base::Lang DocumentLang(const RouteContext& ctx);
// The language of a document printed for evaluators or the public (slips,
// paper sheets, the opinion card): the congress's working language, Chinese,
// whatever the clerk's browser prefers; only an explicit `lang` changes it.
base::Lang PublicDocumentLang(const RouteContext& ctx);

// A handler written with Result: a non-ok status becomes the error envelope
// in the request's language, so handlers can use SHUZHI_ASSIGN_OR_RETURN.
using ResultHandler = std::function<base::Result<Response>(RouteContext&)>;
Handler Wrap(ResultHandler fn);

}  // namespace shuzhi::http
