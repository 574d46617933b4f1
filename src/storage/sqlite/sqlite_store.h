// SQLite backend: one database file, data_dir/shuzhi.db, in WAL mode with
// synchronous=FULL and foreign keys on — read back at open, and refused when
// SQLite did not take them. One writer connection serialises write
// transactions in-process (SQLite allows one writer anyway); a small pool of
// reader connections serves read transactions concurrently.
#pragma once

#include <memory>
#include <string>

#include "storage/store.h"

namespace shuzhi::storage {

// The WAL is copied into the database (checkpointed) by a thread of the
// store's own, once `checkpoint_frames` pages have been written since the
// last copy and once a second; tests pass a small number.
inline constexpr int kDefaultCheckpointFrames = 16384;  // 64 MB of 4 KB pages

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& data_dir, int readers, bool create_if_missing,
                                               int checkpoint_frames = kDefaultCheckpointFrames);

}  // namespace shuzhi::storage
