// PostgreSQL backend over libpq: a fixed pool of connections, one per
// concurrent transaction. Several shuzhi processes may share one database;
// migrations serialise on an advisory lock. Refuses to run when
// synchronous_commit is off, since a ballot must be durable before its
// acknowledgement (DESIGN.md §5).
#pragma once

#include <memory>
#include <string>

#include "storage/store.h"

namespace shuzhi::storage {

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, int pool_size);

}  // namespace shuzhi::storage
