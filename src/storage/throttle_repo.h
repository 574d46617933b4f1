// The failures the throttles of app/users/throttle.h count (failed logins,
// wrong carrier codes, public opinion submissions), kept in the database so
// that the servers of one PostgreSQL installation enforce one limit
// (app/users/throttle_sharing.h). A row lives only as long as its kind's
// window: every exchange prunes the older ones. See store.h for the
// transaction and threading rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace shuzhi::storage {

struct ThrottleFailure {
  std::string kind;  // which throttle: "login", "carrier", "opinion"
  std::string key;   // what it counts per: "login-user:NAME", "carrier:ADDRESS", …
  base::Micros at = 0;
};

class ThrottleRepo {
 public:
  virtual ~ThrottleRepo() = default;
  virtual base::Status Add(const std::vector<ThrottleFailure>& failures) = 0;
  // Forgets the key's failures, whichever server recorded them.
  virtual base::Status Clear(std::string_view kind, std::string_view key) = 0;
  // Deletes the kind's failures at or before `before`.
  virtual base::Status Prune(std::string_view kind, base::Micros before) = 0;
  // Every failure after `since`, oldest first, at most `limit`.
  virtual base::Result<std::vector<ThrottleFailure>> Since(base::Micros since, std::int64_t limit) = 0;
};

}  // namespace shuzhi::storage
