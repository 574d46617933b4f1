#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

namespace shuzhi::testing {

std::string HttpResult::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

namespace {

// A connected socket to the loopback port, or -1.
int ConnectLoopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::string Exchange(std::uint16_t port, const std::string& raw, int wait_ms, bool* closed) {
  *closed = false;
  const int fd = ConnectLoopback(port);
  if (fd < 0) return {};
  // A server that answers before reading everything may reset the rest of
  // the send; what it answered is still read below.
  for (std::size_t at = 0; at < raw.size();) {
    const ssize_t n = ::send(fd, raw.data() + at, raw.size() - at, MSG_NOSIGNAL);
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
  timeval tv{wait_ms / 1000, (wait_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string in;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) *closed = true;
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return in;
}

std::string ReadRegression(const std::string& name) {
  // The folder is named by CMake (tests/api/CMakeLists.txt): __FILE__ is
  // relative to the build folder under ccache's CCACHE_BASEDIR, and so
  // depends on where the test runs. Other folders' targets that compile
  // this file read no regression file.
#ifdef SHUZHI_REGRESSIONS_DIR
  const std::string dir = SHUZHI_REGRESSIONS_DIR;
#else
  std::string dir = __FILE__;
  dir = dir.substr(0, dir.rfind('/')) + "/../regressions";
#endif
  std::ifstream in(dir + "/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

HttpResult HttpCall(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpResult result;
  const int fd = ConnectLoopback(port);
  if (fd < 0) return result;
  std::ostringstream req;
  req << method << " " << target << " HTTP/1.1\r\nHost: 127.0.0.1:" << port << "\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req << k << ": " << v << "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req << "Content-Length: " << body.size() << "\r\n";
  }
  req << "\r\n" << body;
  const std::string out = req.str();
  for (std::size_t sent = 0; sent < out.size();) {
    const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse a large body early; read its answer anyway
    sent += static_cast<std::size_t>(n);
  }
  std::string in;
  char buf[16384];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  const auto header_end = in.find("\r\n\r\n");
  if (header_end == std::string::npos) return result;
  std::istringstream head(in.substr(0, header_end));
  std::string line;
  std::getline(head, line);
  if (line.size() >= 12) result.status = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    result.headers.emplace(name, value);
  }
  result.body = in.substr(header_end + 4);
  return result;
}

std::string PdfText(const std::string& pdf) {
  static std::atomic<int> n{0};
  const std::string file = "/tmp/shuzhi-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".pdf";
  { std::ofstream(file, std::ios::binary) << pdf; }
  std::string text;
  if (FILE* p = ::popen(("pdftotext -layout " + file + " -").c_str(), "r")) {
    char buf[4096];
    while (size_t got = std::fread(buf, 1, sizeof buf, p)) text.append(buf, got);
    ::pclose(p);
  }
  std::remove(file.c_str());
  return text;
}

std::string NoSpace(const std::string& s) {
  static const std::string kIdeographicSpace = "\u3000";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, kIdeographicSpace.size(), kIdeographicSpace) == 0) {
      i += kIdeographicSpace.size() - 1;
      continue;
    }
    const char c = s[i];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out.push_back(c);
  }
  return out;
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

std::vector<std::string> CarrierCodes(const std::string& pdf) {
  static const std::regex kCode("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}-[0-9A-HJKMNP-TV-Z]{2}");
  const std::string text = PdfText(pdf);
  std::vector<std::string> codes;
  for (std::sregex_iterator it(text.begin(), text.end(), kCode), end; it != end; ++it) codes.push_back(it->str());
  return codes;
}

std::string ReadStreamUntil(std::uint16_t port, const std::string& target, const std::string& needle, int timeout_ms) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string in;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                            "\r\nAccept: text/event-stream\r\n\r\n";
    (void)::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    char buf[16384];
    while (in.find(needle) == std::string::npos) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return in;
}

}  // namespace shuzhi::testing
