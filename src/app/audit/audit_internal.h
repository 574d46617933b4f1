// Inside app: how a use case writes its audit entry, in its own
// transaction. Not for http (it names the storage transaction).
#pragma once

#include <string>

#include "app/actor.h"
#include "base/json.h"
#include "storage/store.h"

namespace shuzhi::app {

// Appends one entry inside `tx`. `actor` is a username or "system".
Status RecordAudit(storage::Tx& tx, const base::Clock& clock, const std::string& actor, const std::string& action,
                   const std::string& object, const base::json::object& details = {});

}  // namespace shuzhi::app
