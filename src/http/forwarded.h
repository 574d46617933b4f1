// Who the client is behind a reverse proxy or a TLS-terminating load
// balancer (`serve --trust-proxy CIDR`, repeatable).
//
// A connection's peer is the balancer, not the browser; the balancer says
// who the browser was in X-Forwarded-For (each proxy appends the address it
// was connected from) and how it connected in X-Forwarded-Proto. Anyone can
// send those headers, so they are believed only when the peer is inside one
// of the trusted networks, and X-Forwarded-For is read from the right: the
// client is the right-most address that is not itself a trusted proxy (what
// lies left of it came from the client and may be anything). With no
// trusted network, or from any other peer, both headers are ignored.
//
// The result replaces the request's remote_address (the login and
// carrier-code throttles, the access log, the opinion form's limit all read
// it) and its tls flag (the session cookie's Secure attribute and __Host-
// name, the Origin the CSRF check expects, the links the server prints).
//
// Addresses are kept as 16 bytes, an IPv4 address as its IPv4-mapped IPv6
// form (::ffff:a.b.c.d), so that one comparison serves both families and a
// dual-stack socket's "::ffff:10.0.0.5" peer matches "10.0.0.0/8".
//
// Thread-safe once built: Apply only reads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "http/message.h"

namespace shuzhi::http {

using IpAddress = std::array<std::uint8_t, 16>;

// "192.0.2.7", "2001:db8::1", "::ffff:192.0.2.7"; as X-Forwarded-For may
// also write them, "192.0.2.7:51234", "[2001:db8::1]" and
// "[2001:db8::1]:51234". Nothing else (no host names, no zone ids).
std::optional<IpAddress> ParseIpAddress(std::string_view text);
// Dotted for IPv4 (and IPv4-mapped), RFC 5952 text for IPv6.
std::string FormatIpAddress(const IpAddress& address);

// A network in CIDR notation: "10.0.0.0/8", "fd00::/8", or one address
// ("192.0.2.7" is 192.0.2.7/32).
struct IpNetwork {
  IpAddress base{};
  int prefix = 128;  // of the 16-byte form: an IPv4 /8 is 104

  bool Contains(const IpAddress& address) const;
};

// invalid_argument "cli.bad_trust_proxy" for anything but an address with
// an optional prefix length in range and no bits set past it.
base::Result<IpNetwork> ParseIpNetwork(std::string_view text);

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Each CIDR of --trust-proxy; the first bad one's error.
  static base::Result<TrustedProxies> Parse(const std::vector<std::string>& cidrs);

  bool empty() const { return networks_.empty(); }
  bool Trusts(std::string_view address) const;
  // When the request's peer (remote_address) is trusted: remote_address
  // becomes the client's address from X-Forwarded-For, and tls follows
  // X-Forwarded-Proto ("https" or "http"; the right-most value, the nearest
  // proxy's). Otherwise the request is left as it is.
  void Apply(Request& request) const;

 private:
  bool Trusts(const IpAddress& address) const;

  std::vector<IpNetwork> networks_;
};

}  // namespace shuzhi::http
