#include "http/router.h"

namespace shuzhi::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return parts;
}

bool MatchPattern(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
  const auto want = Split(pattern), got = Split(path);
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      found.emplace(std::string(w.substr(1, w.size() - 2)), std::string(got[i]));
    } else if (w != got[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(r.pattern, path, params)) continue;
    if (r.method != method) {
      m.method_mismatch = true;
      continue;
    }
    m.route = &r;
    m.params = std::move(params);
    m.method_mismatch = false;
    return m;
  }
  return m;
}

}  // namespace shuzhi::http
