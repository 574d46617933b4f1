// Inside app: registry look-ups other rooms share within their own
// transaction. Not for http (it names the storage transaction).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/actor.h"
#include "base/json.h"
#include "core/access.h"
#include "core/roster.h"
#include "storage/store.h"

namespace shuzhi::app {

// The congresses where a person holds a mandate: each mandate's term's
// congress and its group's (core::PersonCongresses). Empty for a person with
// no mandate; not_found "registry.deputy_not_found" for no such person.
Result<std::vector<std::int64_t>> CongressesOfPerson(storage::Tx& tx, std::int64_t deputy_id);

// The registry room's shared rules: scope and access checks, and small
// validators, used by each of its files (registry_rules.cc defines them).
namespace registry_detail {

namespace json = base::json;
using core::Action;
using core::Scope;

Status NotFoundOf(const char* what, std::int64_t id);
bool ValidName(const std::string& s, std::size_t max = 128);
bool IsStaff(const Actor& a);
bool MayManage(const Actor& a, std::int64_t congress_id);
bool MayRead(const Actor& a, std::int64_t congress_id);
bool MayReadGroup(const Actor& a, const core::DeputyGroup& g);
bool MayManageGroup(const Actor& a, const core::DeputyGroup& g);
void ApplyScope(const Actor& a, core::RosterFilter& f);
json::object Details(const std::string& name);
Result<std::vector<std::int64_t>> OwnersOf(storage::Tx& tx, const core::Mandate& m);
Result<bool> MayManageMandate(storage::Tx& tx, const Actor& a, const core::Mandate& m);
Result<bool> MayReadDeputy(storage::Tx& tx, const Actor& a, std::int64_t deputy_id,
                           const std::vector<core::Mandate>& mandates);
Result<core::DeputyGroup> LoadGroup(storage::Tx& tx, std::int64_t id);
Status CheckCodes(const std::string& gender, const std::string& occupation);

}  // namespace registry_detail

}  // namespace shuzhi::app
