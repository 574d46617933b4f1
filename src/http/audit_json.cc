#include "http/audit_json.h"

#include <algorithm>

#include "base/crypto.h"
#include "core/registry.h"

namespace shuzhi::http {
namespace {

// The entry as chained, then its words for people.
json::object AuditRowJson(const app::AuditRow& row) {
  const core::AuditEntry& e = row.entry;
  boost::system::error_code ec;
  json::value details = json::parse(e.details, ec);
  if (ec) details = json::object();
  return json::object{{"seq", e.seq},
                      {"at", base::FormatCst(e.at)},
                      {"actor", e.actor},
                      {"action", e.action},
                      {"object", e.object},
                      {"details", details},
                      {"hash", base::ToHex(e.hash)},
                      {"actor_name", row.actor_name},
                      {"action_label", row.action_label},
                      {"object_label", row.object_label}};
}

}  // namespace

json::object AuditPageJson(const app::AuditPage& page) {
  json::array items;
  for (const auto& row : page.items) items.push_back(AuditRowJson(row));
  return json::object{{"items", std::move(items)}, {"total", page.total}, {"head", AuditHeadJson(page.head)}};
}

json::object AuditHeadJson(const core::AuditHead& h) {
  return json::object{{"count", h.count}, {"hash", base::ToHex(h.hash)}};
}

json::object AuditFacetsJson(const app::AuditFacets& f) {
  json::array actors, actions;
  for (const auto& [code, name] : f.actors) actors.push_back(json::object{{"username", code}, {"name", name}});
  for (const auto& [code, label] : f.actions) actions.push_back(json::object{{"code", code}, {"label", label}});
  return json::object{{"actors", std::move(actors)}, {"actions", std::move(actions)}};
}

base::Result<core::AuditFilter> AuditFilterFrom(const Request& request) {
  core::AuditFilter f;
  f.actor = request.Query("actor");
  if (f.actor.size() > 64)
    return base::InvalidArgument("request.invalid", "actor: a user name", {{"actor", "invalid"}});
  f.action = request.Query("action");
  const bool action_ok = f.action.size() <= 64 && std::all_of(f.action.begin(), f.action.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || c == '_' || c == '.';
                         });
  if (!action_ok)
    return base::InvalidArgument("request.invalid", "action: like poll.open or poll.", {{"action", "invalid"}});
  auto day = [&](const char* field, bool end) -> base::Result<std::optional<base::Micros>> {
    const std::string text = request.Query(field);
    if (text.empty()) return std::optional<base::Micros>();
    auto start = core::IsIsoDate(text) ? base::ParseIso8601(text + "T00:00:00+08:00") : std::nullopt;
    if (!start)
      return base::InvalidArgument("request.invalid", std::string(field) + ": YYYY-MM-DD", {{field, "invalid"}});
    constexpr base::Micros kDay = 86'400'000'000;
    return std::optional<base::Micros>(end ? *start + kDay : *start);
  };
  SHUZHI_ASSIGN_OR_RETURN(f.from, day("from", false));
  SHUZHI_ASSIGN_OR_RETURN(f.to, day("to", true));
  return f;
}

}  // namespace shuzhi::http
