// Command-line plumbing shared by the subcommands: language choice for help
// text, the TOML configuration file, and parsing of role grants.
#pragma once

#include <string>
#include <vector>

#include "base/i18n.h"
#include "base/status.h"
#include "core/roles.h"

namespace shuzhi::cli {

// --lang wins, then SHUZHI_LANG, then LANG/LC_ALL (zh… → Chinese); English otherwise.
base::Lang CliLang(int argc, char** argv);

// Reads the TOML file named by --config (or SHUZHI_CONFIG) and exports each
// top-level key `k` as SHUZHI_<K> unless that variable is already set, so
// the precedence is: command line > environment > file > default. A list of
// strings becomes one comma-separated value (for repeatable options).
base::Status LoadConfigFile(int argc, char** argv);

// "admin", "organizer:1", "reviewer:1", "group_leader:1:3", "deputy:1[:7]".
base::Result<core::RoleGrant> ParseGrant(const std::string& text);

}  // namespace shuzhi::cli
