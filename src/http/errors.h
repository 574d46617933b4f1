// The one mapping from a Status to an HTTP response (STYLE.md §1): the
// category decides the HTTP status; the body is the error envelope
// {"error":{"code","message","details"}} with the message in the
// request's language.
#pragma once

#include "base/i18n.h"
#include "base/status.h"
#include "http/message.h"

namespace shuzhi::http {

int HttpStatusFor(base::Code code);
Response ErrorResponse(const base::Status& status, base::Lang lang);

}  // namespace shuzhi::http
