// A deliberately small blocking HTTP/1.1 client for tests (POSIX sockets,
// one request per connection), so the tests do not share code with the
// server they check.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace shuzhi::testing {

struct HttpResult {
  int status = 0;                                   // 0: no answer
  std::multimap<std::string, std::string> headers;  // names lower-case
  std::string body;
  std::string Header(const std::string& name) const;
};

HttpResult HttpCall(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& body = "", const std::vector<std::pair<std::string, std::string>>& headers = {});

// Sends `raw` on a fresh connection and reads until the server closes it or
// `wait_ms` passes without more bytes; returns everything read. `closed`
// tells whether the server closed the connection.
std::string Exchange(std::uint16_t port, const std::string& raw, int wait_ms, bool* closed);

// A file of tests/regressions/ (inputs that once crashed or hurt the server).
std::string ReadRegression(const std::string& name);

// A PDF's text as `pdftotext -layout` reads it back.
std::string PdfText(const std::string& pdf);
// pdftotext breaks lines and pads columns where the page does: `s` with
// every space (ASCII or ideographic) and line break taken out, to compare.
std::string NoSpace(const std::string& s);
// How many times `needle` occurs in `text` (not overlapping).
std::size_t Count(const std::string& text, const std::string& needle);
// The carrier codes printed in a slips or sheets PDF, in order.
std::vector<std::string> CarrierCodes(const std::string& pdf);

// Opens a streaming GET (server-sent events) and reads until the body
// contains `needle` or `timeout_ms` passes; returns what was read.
std::string ReadStreamUntil(std::uint16_t port, const std::string& target, const std::string& needle, int timeout_ms);

}  // namespace shuzhi::testing
