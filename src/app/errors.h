// The refusals every use case shares, so that one reason code means one thing
// wherever it comes from (the web maps `details` to form fields by them).
#pragma once

#include <string>

#include "base/status.h"

namespace shuzhi::app {

// 403 "auth.forbidden": the actor's roles do not reach this.
inline base::Status Forbidden(const std::string& why) { return base::PermissionDenied("auth.forbidden", why); }

// 400 "request.invalid" naming one field and what is wrong with it.
inline base::Status Invalid(const std::string& field, const char* code) {
  return base::InvalidArgument("request.invalid", field + ": " + code, {{field, code}});
}

// A refusal a summary may step over (not the actor's, not there), as against
// a failure it must report (the store did not answer).
inline bool IsRefusal(const base::Status& s) {
  return s.code() == base::Code::kPermissionDenied || s.code() == base::Code::kNotFound;
}

}  // namespace shuzhi::app
