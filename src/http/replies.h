// Replies that are not JSON: a printed document (PDF) for the browser to
// show. JSON replies are JsonResponse and NoContent in json_io.h.
#pragma once

#include <string>

#include "base/status.h"
#include "http/message.h"

namespace shuzhi::http {

// The reply for a PDF made by an app call: shown inline, saved as
// `file_name` (ASCII, such as "plan-7.pdf"), and never stored by a cache:
// every document holds personal data, and a carrier sheet holds the only
// copy of its voting codes. A failed `pdf` passes its status on unchanged,
// for Wrap to turn into the error envelope in the request's language.
base::Result<Response> PdfResponse(base::Result<std::string> pdf, const std::string& file_name);

}  // namespace shuzhi::http
