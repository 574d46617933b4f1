// Inside the server library (server.cc, request_parse.cc), where Beast is
// included: the limits and the conversion every connection uses.
#pragma once

#include <boost/beast/http.hpp>
#include <cstddef>
#include <string>

#include "http/message.h"

namespace shuzhi::http {

// The largest request head, and the largest trailer of a chunked body.
inline constexpr std::size_t kHeaderLimit = std::size_t{16} * 1024;

// A parsed Beast request as the plain value handlers take (header names
// lower-cased).
Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& in, const std::string& remote,
                  bool tls);

}  // namespace shuzhi::http
