// A folder of dated backups, as `shuzhi backup FOLDER --keep N` keeps it (the
// packaged daily timer keeps 14). Each backup is named after the local time
// it was started, shuzhi-YYYYMMDD-HHMMSS.db, so that the names sort by age;
// only files named exactly so are counted or removed: anything else an
// administrator puts in the folder is left alone. Not thread-safe: one
// command runs per process.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shuzhi::cli {

// "shuzhi-20261128-023000.db" for that local time.
std::string DatedBackupName(std::time_t when);

// True for the names DatedBackupName makes, and only for them.
bool IsDatedBackupName(std::string_view name);

// Removes the oldest dated backups in `folder` so that the `keep` newest
// remain (keep >= 1); returns the paths removed, oldest first. unavailable
// "backup.prune_failed" when the folder cannot be listed or a file cannot be
// removed (those removed before it stay removed).
base::Result<std::vector<std::string>> PruneBackups(const std::string& folder, int keep);

}  // namespace shuzhi::cli
