#include "http/replies.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <utility>

namespace shuzhi::http {

base::Result<Response> PdfResponse(base::Result<std::string> pdf, const std::string& file_name) {
  if (!pdf.ok()) return pdf.status();
  Response r;
  r.SetHeader("Content-Type", "application/pdf");
  r.SetHeader("Content-Disposition", "inline; filename=\"" + file_name + "\"");
  r.SetHeader("Cache-Control", "no-store");
  r.body = std::move(pdf).value();
  return r;
}

Response AttachmentResponse(const std::string& content_type, const std::string& file_name,
                            const std::string& ascii_fallback, std::string bytes) {
  Response r;
  r.SetHeader("Content-Type", content_type);
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + ascii_fallback + "\"; filename*=UTF-8''" +
                                         boost::urls::encode(file_name, boost::urls::unreserved_chars));
  r.SetHeader("Cache-Control", "no-store");
  r.body = std::move(bytes);
  return r;
}

}  // namespace shuzhi::http
