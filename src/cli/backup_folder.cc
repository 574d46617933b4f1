#include "cli/backup_folder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace shuzhi::cli {
namespace {
namespace fs = std::filesystem;
constexpr std::string_view kPrefix = "shuzhi-", kSuffix = ".db";
}  // namespace

std::string DatedBackupName(std::time_t when) {
  std::tm local{};
  localtime_r(&when, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  return std::string(kPrefix) + stamp + std::string(kSuffix);
}

bool IsDatedBackupName(std::string_view name) {
  // shuzhi- + 8 digits + '-' + 6 digits + .db
  if (name.size() != kPrefix.size() + 15 + kSuffix.size()) return false;
  if (name.substr(0, kPrefix.size()) != kPrefix || name.substr(name.size() - kSuffix.size()) != kSuffix) return false;
  const std::string_view stamp = name.substr(kPrefix.size(), 15);
  for (std::size_t i = 0; i < stamp.size(); ++i) {
    const bool ok = i == 8 ? stamp[i] == '-' : std::isdigit(static_cast<unsigned char>(stamp[i])) != 0;
    if (!ok) return false;
  }
  return true;
}

base::Result<std::vector<std::string>> PruneBackups(const std::string& folder, int keep) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (IsDatedBackupName(name) && it->is_regular_file(ec)) names.push_back(name);
  }
  if (ec) return base::Unavailable("backup.prune_failed", "cannot list " + folder + ": " + ec.message());
  std::sort(names.begin(), names.end());  // oldest first: the names sort by time
  std::vector<std::string> removed;
  const std::size_t excess = names.size() > static_cast<std::size_t>(keep) ? names.size() - keep : 0;
  for (std::size_t i = 0; i < excess; ++i) {
    const std::string path = (fs::path(folder) / names[i]).string();
    // A file already gone (another prune got there first) is no failure.
    const bool was_there = fs::remove(path, ec);
    if (ec) return base::Unavailable("backup.prune_failed", "cannot remove " + path + ": " + ec.message());
    if (was_there) removed.push_back(path);
  }
  return removed;
}

}  // namespace shuzhi::cli
