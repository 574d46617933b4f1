// Requests from bytes without a socket (server.h's ParseRequest), and the
// conversion from Beast's request that connections share.
#include <boost/asio/buffer.hpp>
#include <cctype>
#include <cstdint>
#include <limits>

#include "http/server.h"
#include "http/server_beast.h"

namespace shuzhi::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

Request ToRequest(bhttp::request<bhttp::string_body>&& in, const std::string& remote, bool tls) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  r.body = std::move(in.body());
  r.remote_address = remote;
  r.tls = tls;
  r.headers.reserve(8);
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  return r;
}

base::Result<Request> ParseRequest(std::string_view raw, const RequestHandler& handler, std::size_t general) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kHeaderLimit);
  // No limit until the head names the route; then the route's, checked
  // against Content-Length at once and against a chunked body as it comes.
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  const auto too_large = [] {
    return base::InvalidArgument("request.too_large", "the request is larger than the limit");
  };
  const auto malformed = [] { return base::InvalidArgument("request.malformed", "not an HTTP/1.1 request"); };
  beast::error_code ec;
  // Not eager: the first call stops after the head, as a connection reads it.
  std::size_t used = parser.put(asio::buffer(raw.data(), raw.size()), ec);
  if (ec == bhttp::error::header_limit) return too_large();
  if ((ec && ec != bhttp::error::need_more) || !parser.is_header_done()) return malformed();
  if (!parser.is_done()) {
    parser.eager(true);
    // The head is read: the body's limit now depends on the route, as on a connection.
    const auto& h = parser.get();
    const auto limit = handler.BodyLimitFor(std::string_view(h.method_string()), std::string_view(h.target()), general);
    const auto length = parser.content_length();
    if (length && *length > limit) return too_large();
    parser.body_limit(limit);
    while (!parser.is_done() && used < raw.size()) {
      const std::size_t n = parser.put(asio::buffer(raw.data() + used, raw.size() - used), ec);
      if (ec == bhttp::error::body_limit) return too_large();
      if (ec && ec != bhttp::error::need_more) return malformed();
      if (n == 0) break;
      used += n;
    }
    if (!parser.is_done()) {
      parser.put_eof(ec);
      if (ec || !parser.is_done()) return malformed();
    }
  }
  return ToRequest(parser.release(), "127.0.0.1", false);
}

}  // namespace shuzhi::http
