#include "http/forwarded.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace shuzhi::http {
namespace {

constexpr std::size_t kMaxAddressText = 64;

bool AllDigits(std::string_view s, std::size_t max) {
  return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An address as inet_pton reads it (no brackets, no port); `v4` tells which
// family it was.
std::optional<IpAddress> ParsePlain(std::string_view text, bool* v4) {
  if (text.empty() || text.size() > kMaxAddressText) return std::nullopt;
  const std::string s(text);
  IpAddress out{};
  if (s.find(':') == std::string::npos) {
    in_addr a{};
    if (inet_pton(AF_INET, s.c_str(), &a) != 1) return std::nullopt;
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &a, 4);
    *v4 = true;
    return out;
  }
  in6_addr a{};
  if (inet_pton(AF_INET6, s.c_str(), &a) != 1) return std::nullopt;
  std::memcpy(out.data(), &a, 16);
  *v4 = false;
  return out;
}

// The values of every header field `name`, in order, as one comma-separated
// list (RFC 9110 §5.3), each trimmed.
std::vector<std::string_view> ListHeader(const Request& r, std::string_view name) {
  std::vector<std::string_view> out;
  for (const auto& [n, value] : r.headers) {
    if (n != name) continue;
    std::string_view rest = value;
    for (;;) {
      const auto comma = rest.find(',');
      out.push_back(Trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  bool v4 = false;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto after = text.substr(close + 1);
    if (!after.empty() && (after.front() != ':' || !AllDigits(after.substr(1), 5))) return std::nullopt;
    auto a = ParsePlain(text.substr(1, close - 1), &v4);
    return a && !v4 ? a : std::nullopt;
  }
  const auto colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    // One colon: an IPv4 address and a port.
    if (!AllDigits(text.substr(colon + 1), 5)) return std::nullopt;
    auto a = ParsePlain(text.substr(0, colon), &v4);
    return a && v4 ? a : std::nullopt;
  }
  return ParsePlain(text, &v4);
}

std::string FormatIpAddress(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  const bool mapped = std::all_of(address.begin(), address.begin() + 10, [](std::uint8_t b) { return b == 0; }) &&
                      address[10] == 0xff && address[11] == 0xff;
  if (mapped) {
    inet_ntop(AF_INET, address.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, address.data(), text, sizeof text);
  }
  return text;
}

bool IpNetwork::Contains(const IpAddress& address) const {
  const int whole = prefix / 8;
  if (!std::equal(base.begin(), base.begin() + whole, address.begin())) return false;
  const int bits = prefix % 8;
  if (bits == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits));
  return (base[whole] & mask) == (address[whole] & mask);
}

base::Result<IpNetwork> ParseIpNetwork(std::string_view text) {
  const std::string shown(text.substr(0, kMaxAddressText));
  const auto bad = [&](const std::string& why) {
    return base::InvalidArgument("cli.bad_trust_proxy", "--trust-proxy " + shown + ": " + why);
  };
  const auto slash = text.find('/');
  bool v4 = false;
  const auto address = ParsePlain(text.substr(0, slash), &v4);
  if (!address) return bad("not an IPv4 or IPv6 address with an optional /prefix (such as 10.0.0.0/8 or fd00::/8)");
  IpNetwork net{*address, 128};
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const int max = v4 ? 32 : 128;
    if (!AllDigits(digits, 3) || std::stoi(std::string(digits)) > max) {
      return bad("the prefix length must be 0 to " + std::to_string(max));
    }
    net.prefix = std::stoi(std::string(digits)) + (v4 ? 96 : 0);
  }
  // Bits set past the prefix mean the network is not what was written:
  // 10.1.2.3/8 is a typo either for 10.0.0.0/8 or for 10.1.2.3/32.
  IpNetwork masked{IpAddress{}, net.prefix};
  for (int i = 0; i < 16; ++i) {
    const int keep = std::clamp(net.prefix - 8 * i, 0, 8);
    masked.base[i] = static_cast<std::uint8_t>(net.base[i] & (0xff << (8 - keep)));
  }
  if (masked.base != net.base) return bad("it has bits set past the prefix length");
  return net;
}

base::Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& cidrs) {
  TrustedProxies out;
  for (const auto& c : cidrs) {
    const auto text = Trim(c);
    if (text.empty()) continue;  // "a,,b" in the environment or the config file
    SHUZHI_ASSIGN_OR_RETURN(auto net, ParseIpNetwork(text));
    out.networks_.push_back(net);
  }
  return out;
}

bool TrustedProxies::Trusts(const IpAddress& address) const {
  return std::any_of(networks_.begin(), networks_.end(), [&](const IpNetwork& n) { return n.Contains(address); });
}

bool TrustedProxies::Trusts(std::string_view address) const {
  const auto a = ParseIpAddress(address);
  return a && Trusts(*a);
}

void TrustedProxies::Apply(Request& request) const {
  if (networks_.empty() || !Trusts(request.remote_address)) return;
  // From the right: the proxies' own hops are skipped, the first address
  // that is not a trusted proxy is the client. Past something that is not an
  // address nothing is believed: the client is then the last hop read.
  const auto hops = ListHeader(request, "x-forwarded-for");
  std::optional<IpAddress> client;
  for (std::size_t i = hops.size(); i-- > 0;) {
    const auto hop = ParseIpAddress(hops[i]);
    if (!hop) break;
    client = hop;
    if (!Trusts(*hop)) break;
  }
  if (client) request.remote_address = FormatIpAddress(*client);
  const auto protos = ListHeader(request, "x-forwarded-proto");
  if (protos.empty()) return;
  std::string proto(protos.back());
  for (auto& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (proto == "https") request.tls = true;
  if (proto == "http") request.tls = false;
}

}  // namespace shuzhi::http
