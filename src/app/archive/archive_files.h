// Inside the archive room: what goes into one archive. Each document
// producer lists the files it adds for a scope (cheap: names and ids), and
// each file is made later, one at a time, so that the build can count them
// first and show its progress. Every file name is made here from ids and
// sanitised display names (core::SafeFileName), never from what a user
// typed as a name.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/actor.h"
#include "base/i18n.h"

namespace shuzhi::app {
class App;
}  // namespace shuzhi::app

namespace shuzhi::app::archive_detail {

// What one archive covers: a campaign's group, or the whole campaign.
struct Scope {
  std::int64_t campaign_id = 0;
  std::optional<std::int64_t> group_id;
  std::map<std::int64_t, std::string> deputies;  // listed deputies in scope → name
  base::Lang lang = base::Lang::kZhCn;
};

// One file to add: its path in the ZIP and how to make its bytes.
struct PendingFile {
  std::string path;
  std::function<Result<std::string>()> make;
};

// A document producer: the files it adds for `scope`, made as `actor` (the
// organizer who started the build) through the rooms' own services, so that
// each file holds exactly what that organizer may see.
using Producer = Result<std::vector<PendingFile>> (*)(App& app, const Actor& actor, const Scope& scope);

struct NamedProducer {
  const char* name;
  Producer producer;
};

// The producers in the order their files appear in the ZIP. A new document
// is one more line in the table in archive_files.cc.
const std::vector<NamedProducer>& Producers();

}  // namespace shuzhi::app::archive_detail
