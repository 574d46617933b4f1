// The one mapping from a Status to an HTTP response (STYLE.md §1): the
// category decides the HTTP status (the protocol's own refusals, 405, 413
// and 431, by their reason); the body is the error envelope
// {"error":{"code","message","details"}} with the message in the
// request's language.
#pragma once

#include "base/i18n.h"
#include "base/status.h"
#include "http/message.h"

namespace shuzhi::http {

int HttpStatusFor(base::Code code);
// The category's status, except for the protocol's own refusals (405 for
// "route.method_not_allowed", 413 "request.too_large", 415
// "request.unsupported_media_type" and "evidence.unsupported_type", 431
// "request.header_too_large").
int HttpStatusFor(const base::Status& status);
Response ErrorResponse(const base::Status& status, base::Lang lang);

}  // namespace shuzhi::http
