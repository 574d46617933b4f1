#include "cli/options.h"

#include <toml++/toml.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace shuzhi::cli {
namespace {

std::string ArgValue(int argc, char** argv, const char* name) {
  const std::string eq = std::string(name) + "=";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0 && i + 1 < argc) return argv[i + 1];
    if (std::strncmp(argv[i], eq.c_str(), eq.size()) == 0) return argv[i] + eq.size();
  }
  return {};
}

}  // namespace

base::Lang CliLang(int argc, char** argv) {
  std::string lang = ArgValue(argc, argv, "--lang");
  if (lang.empty() && std::getenv("SHUZHI_LANG")) lang = std::getenv("SHUZHI_LANG");
  if (lang.empty()) {
    for (const char* var : {"LC_ALL", "LANG"}) {
      if (const char* v = std::getenv(var); v && *v) {
        lang = v;
        break;
      }
    }
    return lang.rfind("zh", 0) == 0 ? base::Lang::kZhCn : base::Lang::kEn;
  }
  return lang.rfind("en", 0) == 0 ? base::Lang::kEn : base::Lang::kZhCn;
}

base::Status LoadConfigFile(int argc, char** argv) {
  std::string file = ArgValue(argc, argv, "--config");
  if (file.empty() && std::getenv("SHUZHI_CONFIG")) file = std::getenv("SHUZHI_CONFIG");
  if (file.empty()) return base::Ok();
  toml::table table;
  try {
    table = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << file << ": " << e.description() << " (line " << e.source().begin.line << ")";
    return base::InvalidArgument("config.bad_file", msg.str());
  }
  for (const auto& [key, value] : table) {
    std::string env = "SHUZHI_";
    for (char c : key.str())
      env.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    std::string text;
    if (const auto* s = value.as_string()) {
      text = s->get();
    } else if (const auto* i = value.as_integer()) {
      text = std::to_string(i->get());
    } else if (const auto* b = value.as_boolean()) {
      text = b->get() ? "true" : "false";
    } else if (const auto* list = value.as_array(); list && list->is_homogeneous<std::string>()) {
      // A repeatable option (trust-proxy = ["10.0.0.0/8", "fd00::/8"]):
      // the comma-separated form its environment variable takes.
      for (const auto& item : *list) text += (text.empty() ? "" : ",") + item.as_string()->get();
    } else {
      return base::InvalidArgument("config.bad_value", file + ": " + std::string(key.str()) +
                                                           " must be a string, an integer, a boolean or a list of "
                                                           "strings");
    }
    setenv(env.c_str(), text.c_str(), 0);
  }
  return base::Ok();
}

base::Result<core::RoleGrant> ParseGrant(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream ss(text);
  for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
  auto bad = base::InvalidArgument("cli.bad_role", "cannot read role '" + text + "'");
  if (parts.empty()) return bad;
  auto role = core::ParseRole(parts[0]);
  if (!role) return bad;
  core::RoleGrant g{*role, {}, {}, {}};
  std::vector<std::int64_t> ids;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    try {
      ids.push_back(std::stoll(parts[i]));
    } catch (...) {
      return bad;
    }
  }
  if (g.role == core::Role::kDeputy) {
    // deputy:PERSON — a deputy's role names the person, not a congress.
    if (ids.size() > 1) return bad;
    if (!ids.empty()) g.deputy_id = ids[0];
  } else {
    if (!ids.empty()) g.congress_id = ids[0];
    if (ids.size() > 1) g.group_id = ids[1];
    if (ids.size() > 2) return bad;
  }
  SHUZHI_TRY(core::ValidateGrant(g, 0));
  return g;
}

}  // namespace shuzhi::cli
