#include "http/errors.h"

#include "base/json.h"

namespace shuzhi::http {

int HttpStatusFor(base::Code code) {
  switch (code) {
    case base::Code::kOk:
      return 200;
    case base::Code::kInvalidArgument:
      return 400;
    case base::Code::kUnauthenticated:
      return 401;
    case base::Code::kPermissionDenied:
      return 403;
    case base::Code::kNotFound:
      return 404;
    case base::Code::kConflict:
      return 409;
    case base::Code::kFailedPrecondition:
      return 412;
    case base::Code::kResourceExhausted:
      return 429;
    case base::Code::kUnavailable:
      return 503;
    case base::Code::kInternal:
      return 500;
  }
  return 500;
}

// The HTTP refusals that are the protocol's own rather than a category's: a
// method the path does not take, a body or head over the limit, a body of
// a type the route does not take. The one
// place, with HttpStatusFor, where a status becomes an HTTP code.
int HttpStatusFor(const base::Status& status) {
  if (status.reason() == "route.method_not_allowed") return 405;
  if (status.reason() == "request.too_large" || status.reason() == "evidence.measure_full") return 413;
  if (status.reason() == "evidence.unsupported_type" || status.reason() == "request.unsupported_media_type") return 415;
  if (status.reason() == "request.header_too_large") return 431;
  return HttpStatusFor(status.code());
}

Response ErrorResponse(const base::Status& status, base::Lang lang) {
  const auto& catalog = base::Catalog::Get();
  const std::string key = "errors." + status.reason();
  // An untranslated reason falls back to the generic text for its category,
  // never to the developer message (which may name internals).
  const std::string message =
      catalog.Has(base::Lang::kEn, key)
          ? catalog.Translate(lang, key)
          : catalog.Translate(lang, std::string("errors.category.") + base::CodeName(status.code()));
  base::json::array details;
  for (const auto& f : status.fields()) details.push_back(base::json::object{{"field", f.field}, {"code", f.code}});
  base::json::object error{{"code", status.reason()}, {"message", message}};
  if (!details.empty()) error["details"] = std::move(details);
  Response r;
  r.status = HttpStatusFor(status);
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  r.body = base::json::serialize(base::json::object{{"error", std::move(error)}});
  return r;
}

}  // namespace shuzhi::http
