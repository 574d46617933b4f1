// The security headers every reply carries, whoever builds it: the Api for
// routed requests, the server itself for the replies it makes without the
// Api (a body or head over the limit, a malformed request, a handler that
// threw, the 503 while stopping). The server adds them when it writes any
// reply, so no path can leave them out; the Api adds them too, so that tests
// calling the Api without a socket see them. See docs/design/reliability.md
// ("Hardening") for what each one is for.
//
// Thread-safe: a pure function of its arguments.
#pragma once

#include "http/message.h"

namespace shuzhi::http {

// The Content-Security-Policy of every reply. Scripts come from this server
// only (no 'unsafe-inline', no 'unsafe-eval': the built pages have no inline
// script, which http_headers_api_test checks); styles allow 'unsafe-inline'
// because Element Plus and Vue set style attributes. No page may be framed,
// the projector page included (frame-ancestors 'none').
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// The device features a page may use: full screen (the projector) on this
// origin; none of the others a browser would ask the user for.
inline constexpr const char* kPermissionsPolicy =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)";

// Sets the security headers on `reply` (replacing any of the same name), and
// Cache-Control: no-store when the reply names no caching of its own.
// `tls`: the connection is HTTPS, so Strict-Transport-Security is sent too.
void AddSecurityHeaders(Response& reply, bool tls);

}  // namespace shuzhi::http
