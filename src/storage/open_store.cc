#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace shuzhi::storage {

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& o) {
  if (!o.db_url.empty()) {
    if (o.db_url.rfind("postgresql://", 0) != 0 && o.db_url.rfind("postgres://", 0) != 0) {
      return base::InvalidArgument("storage.bad_url", "--db must be a postgresql:// URL");
    }
    return OpenPostgresStore(o.db_url, o.pool_size);
  }
  if (o.data_dir.empty()) return base::InvalidArgument("storage.no_location", "give --data DIR or --db URL");
  return OpenSqliteStore(o.data_dir, o.pool_size, o.create_if_missing,
                         o.checkpoint_frames > 0 ? o.checkpoint_frames : kDefaultCheckpointFrames);
}

}  // namespace shuzhi::storage
