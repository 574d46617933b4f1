// Replies that are not JSON: a printed document (PDF) for the browser to
// show, or a file to download. JSON replies are JsonResponse and NoContent in json_io.h.
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

// A download (Content-Disposition: attachment, RFC 6266): `ascii_fallback`
// for old clients, the real `file_name` (Chinese, say) in UTF-8; never
// stored by a cache.
Response AttachmentResponse(const std::string& content_type, const std::string& file_name,
                            const std::string& ascii_fallback, std::string bytes);

}  // namespace shuzhi::http
