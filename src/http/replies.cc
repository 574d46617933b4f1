#include "http/replies.h"

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

}  // namespace shuzhi::http
