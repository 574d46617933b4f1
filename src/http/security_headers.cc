#include "http/security_headers.h"

namespace shuzhi::http {

void AddSecurityHeaders(Response& reply, bool tls) {
  reply.SetHeader("Content-Security-Policy", kContentSecurityPolicy);
  reply.SetHeader("X-Content-Type-Options", "nosniff");
  // Global, not only on the pages whose URL is a capability (the projector
  // /p/…, the opinion form /o/…): a link followed from any page must not
  // hand the page's address to another site.
  reply.SetHeader("Referrer-Policy", "no-referrer");
  // For browsers older than frame-ancestors.
  reply.SetHeader("X-Frame-Options", "DENY");
  if (tls) reply.SetHeader("Strict-Transport-Security", "max-age=31536000");
  if (reply.Header("Cache-Control").empty()) reply.SetHeader("Cache-Control", "no-store");
}

}  // namespace shuzhi::http
