#include "http/router.h"

namespace shuzhi::http {
namespace {

// Views into `path`, which must outlive them.
std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  parts.reserve(8);
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return parts;
}

bool IsParam(std::string_view segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

}  // namespace

void Router::Add(Route route) {
  Compiled c;
  for (const auto s : Split(route.pattern)) {
    c.is_param.push_back(IsParam(s));
    c.segments.emplace_back(c.is_param.back() ? s.substr(1, s.size() - 2) : s);
  }
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

// Patterns are split once in Add, the path once here (every request goes
// through this, most of them ballots).
Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  const auto got = Split(path);
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const auto& want = compiled_[r];
    if (want.segments.size() != got.size()) continue;
    bool matches = true;
    for (std::size_t i = 0; i < got.size() && matches; ++i) {
      matches = want.is_param[i] ? !got[i].empty() : want.segments[i] == got[i];
    }
    if (!matches) continue;
    if (routes_[r].method != method) {
      m.method_mismatch = true;
      continue;
    }
    m.route = &routes_[r];
    for (std::size_t i = 0; i < got.size(); ++i) {
      if (want.is_param[i]) m.params.emplace(want.segments[i], std::string(got[i]));
    }
    m.method_mismatch = false;
    return m;
  }
  return m;
}

}  // namespace shuzhi::http
