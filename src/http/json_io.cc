#include "http/json_io.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"

namespace shuzhi::http {
namespace {

base::Status Invalid(const std::string& field, const char* why) {
  return base::InvalidArgument("request.invalid", field + ": " + why, {{field, why}});
}

}  // namespace

// Every string of a body, keys included, at any depth: no control
// character, noncharacter or invalid UTF-8 enters the database, where it
// broke PDFs (a name holding U+FFFF) and would reach exports. `path` names
// the field for the client ("spec.title", "choices[2].option").
base::Status CheckStrings(const json::value& v, const std::string& path) {
  auto bad = [&](const std::string& at) {
    return base::InvalidArgument("request.bad_character",
                                 "a control character, a noncharacter or invalid UTF-8 in " + at,
                                 {{at.empty() ? std::string("body") : at, "bad_character"}});
  };
  switch (v.kind()) {
    case json::kind::string:
      if (base::FindDisallowedChar(v.as_string()) != std::string_view::npos) return bad(path);
      return base::Ok();
    case json::kind::array: {
      std::size_t i = 0;
      for (const auto& item : v.as_array()) SHUZHI_TRY(CheckStrings(item, path + "[" + std::to_string(i++) + "]"));
      return base::Ok();
    }
    case json::kind::object:
      for (const auto& [key, item] : v.as_object()) {
        const std::string at = path.empty() ? std::string(key) : path + "." + std::string(key);
        if (base::FindDisallowedChar(key) != std::string_view::npos) return bad(path);
        SHUZHI_TRY(CheckStrings(item, at));
      }
      return base::Ok();
    default:
      return base::Ok();
  }
}

std::string MediaType(std::string_view header) {
  std::string out(header.substr(0, header.find(';')));
  out.erase(std::remove_if(out.begin(), out.end(), [](unsigned char c) { return std::isspace(c) != 0; }), out.end());
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

base::Result<json::object> ParseObject(const Request& request) {
  // A body that names a type must name JSON: a form's text/plain,
  // urlencoded or multipart body is refused as such rather than read as
  // JSON. Without a type the body is read as JSON (non-browser clients).
  if (const auto type = request.Header("content-type"); !type.empty()) {
    const std::string media = MediaType(type);
    const bool json = media == "application/json" ||
                      (media.size() > 5 && media.rfind("application/", 0) == 0 && media.ends_with("+json"));
    if (!json) {
      return base::InvalidArgument("request.unsupported_media_type", "the body must be application/json",
                                   {{"content-type", "must_be_json"}});
    }
  }
  boost::system::error_code ec;
  json::value v = json::parse(request.body, ec);
  if (ec) return base::InvalidArgument("request.malformed_json", "the body is not valid JSON: " + ec.message());
  if (!v.is_object()) return base::InvalidArgument("request.invalid", "the body must be a JSON object");
  SHUZHI_TRY(CheckStrings(v, ""));
  return std::move(v.as_object());
}

base::Status RequireFields(const json::object& o, std::initializer_list<const char*> fields) {
  std::vector<base::FieldError> missing;
  for (const char* f : fields) {
    if (!o.contains(f)) missing.push_back({f, "required"});
  }
  if (missing.empty()) return base::Ok();
  return base::InvalidArgument("request.invalid", "a PUT replaces the whole record: send every field",
                               std::move(missing));
}

base::Result<std::string> RequiredString(const json::object& o, const char* field) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return Invalid(field, "required");
  if (!v->is_string()) return Invalid(field, "must_be_string");
  return std::string(v->as_string());
}

base::Result<std::optional<std::string>> OptionalString(const json::object& o, const char* field) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return Invalid(field, "must_be_string");
  return std::optional<std::string>(std::string(v->as_string()));
}

base::Result<std::optional<bool>> OptionalBool(const json::object& o, const char* field) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) return Invalid(field, "must_be_boolean");
  return std::optional<bool>(v->as_bool());
}

base::Result<std::int64_t> RequiredInt(const json::object& o, const char* field) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return Invalid(field, "required");
  if (!v->is_int64()) return Invalid(field, "must_be_integer");
  return v->as_int64();
}

base::Result<base::Micros> RequiredTime(const json::object& o, const char* field) {
  SHUZHI_ASSIGN_OR_RETURN(auto s, RequiredString(o, field));
  auto t = base::ParseIso8601(s);
  if (!t)
    return base::InvalidArgument("request.invalid", std::string(field) + ": invalid_time", {{field, "invalid_time"}});
  return *t;
}

base::Result<std::optional<std::int64_t>> NullableInt(const json::object& o, const char* field) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<std::int64_t>();
  if (!v->is_int64()) return Invalid(field, "must_be_integer");
  return std::optional<std::int64_t>(v->as_int64());
}

base::Result<std::string> StringOr(const json::object& o, const char* field, const std::string& fallback) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_string()) return Invalid(field, "must_be_string");
  return std::string(v->as_string());
}

base::Result<bool> BoolOr(const json::object& o, const char* field, bool fallback) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_bool()) return Invalid(field, "must_be_boolean");
  return v->as_bool();
}

base::Result<std::vector<std::string>> StringArray(const json::object& o, const char* field) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return Invalid(field, "must_be_array");
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return Invalid(field, "must_be_strings");
    out.emplace_back(item.as_string());
  }
  return out;
}

base::Result<std::vector<std::int64_t>> IdArray(const json::object& o, const char* field) {
  std::vector<std::int64_t> out;
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return Invalid(field, "must_be_array");
  for (const auto& item : v->as_array()) {
    if (!item.is_int64()) return Invalid(field, "must_be_integers");
    out.push_back(item.as_int64());
  }
  return out;
}

base::Result<std::string> ObjectText(const json::object& o, const char* field, const std::string& fallback) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_object()) return Invalid(field, "must_be_object");
  return json::serialize(*v);
}

base::Result<std::optional<std::int64_t>> QueryId(const Request& request, const char* name) {
  const std::string text = request.Query(name);
  if (text.empty()) return std::optional<std::int64_t>();
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || v > 1'000'000'000'000) return Invalid(name, "must_be_positive_integer");
    v = v * 10 + (c - '0');
  }
  return std::optional<std::int64_t>(v);
}

base::Result<std::int64_t> PathId(const std::map<std::string, std::string>& params, const char* name,
                                  const char* not_found_reason) {
  const auto it = params.find(name);
  std::int64_t v = 0;
  if (it == params.end() || it->second.empty() || it->second.size() > 15) {
    return base::NotFound(not_found_reason, "no such record");
  }
  for (char c : it->second) {
    if (c < '0' || c > '9') return base::NotFound(not_found_reason, "no such record");
    v = v * 10 + (c - '0');
  }
  return v;
}

base::Result<std::int64_t> PageParam(const Request& request, const char* name, std::int64_t fallback,
                                     std::int64_t max) {
  const std::string text = request.Query(name);
  if (text.empty()) return fallback;
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || v > 1'000'000'000) return Invalid(name, "must_be_positive_integer");
    v = v * 10 + (c - '0');
  }
  if (v < 1) return Invalid(name, "must_be_positive_integer");
  return std::min(v, max);
}

Response JsonResponse(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  r.body = json::serialize(body);
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

json::value NullableTime(const std::optional<base::Micros>& t) {
  return t ? json::value(base::FormatCst(*t)) : json::value(nullptr);
}

}  // namespace shuzhi::http

#include "http/errors.h"

namespace shuzhi::http {

base::Lang DocumentLang(const RouteContext& ctx) {
  const std::string lang = ctx.request.Query("lang");
  return lang.empty() ? ctx.lang : base::NegotiateLang(lang);
}

base::Lang PublicDocumentLang(const RouteContext& ctx) {
  const std::string lang = ctx.request.Query("lang");
  return lang.empty() ? base::Lang::kZhCn : base::NegotiateLang(lang);
}

Handler Wrap(ResultHandler fn) {
  return [fn = std::move(fn)](RouteContext& ctx) -> Response {
    auto r = fn(ctx);
    if (!r.ok()) return ErrorResponse(r.status(), ctx.lang);
    return std::move(r).value();
  };
}

}  // namespace shuzhi::http
