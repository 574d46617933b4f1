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
  // What the pages use of the device: the projector goes full screen;
  // nothing uses the camera (phones scan the slip's QR code with their own
  // camera app), the microphone, the location, payments or USB. A page
  // injected into shuzhi's origin gets none of them.
  reply.SetHeader("Permissions-Policy", kPermissionsPolicy);
  // No other site's window keeps a handle on a shuzhi page it opened (a
  // ballot page opened from a link stays out of the opener's reach), and no
  // other site may embed shuzhi's replies as images or scripts.
  reply.SetHeader("Cross-Origin-Opener-Policy", "same-origin");
  reply.SetHeader("Cross-Origin-Resource-Policy", "same-origin");
  if (tls) reply.SetHeader("Strict-Transport-Security", "max-age=31536000");
  if (reply.Header("Cache-Control").empty()) reply.SetHeader("Cache-Control", "no-store");
}

}  // namespace shuzhi::http
