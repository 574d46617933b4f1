// Inside app: registry look-ups other rooms share within their own
// transaction. Not for http (it names the storage transaction).
#pragma once

#include <cstdint>
#include <vector>

#include "app/actor.h"
#include "storage/store.h"

namespace shuzhi::app {

// The congresses where a person holds a mandate: each mandate's term's
// congress and its group's (core::PersonCongresses). Empty for a person with
// no mandate; not_found "registry.deputy_not_found" for no such person.
Result<std::vector<std::int64_t>> CongressesOfPerson(storage::Tx& tx, std::int64_t deputy_id);

}  // namespace shuzhi::app
