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

// SQLite starts the WAL again from its beginning only once every frame is copied, which under a
// steady stream of batches takes the writer's own catch-up: a copy and an fsync of the database
// with the writer stopped (about 60 ms on a disk with a large poll's random pages). It is asked
// for once the WAL holds this many checkpoints' worth of frames, not after every checkpoint:
// once per 64 MB it stopped the writer often enough to lift the stored-ballots p99 to 80 ms.
inline constexpr int kWalRestartCheckpoints = 4;

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& data_dir, int readers, bool create_if_missing,
                                               int checkpoint_frames = kDefaultCheckpointFrames);

}  // namespace shuzhi::storage
