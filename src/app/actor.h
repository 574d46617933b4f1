// The vocabulary every room of the application layer shares: who acts
// (Actor) and the options the installation runs with. Services include this,
// never app.h, so no service depends on the others through the wiring.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/signing.h"
#include "base/status.h"
#include "core/roles.h"

namespace shuzhi::app {

using base::Micros;
using base::Result;
using base::Status;

// The logged-in user a use case acts for.
struct Actor {
  std::int64_t user_id = 0;
  std::string username;
  std::vector<core::RoleGrant> roles;
};

struct AppOptions {
  Micros session_idle = 2LL * 3600 * base::kMicrosPerSecond;       // idle timeout
  Micros session_absolute = 12LL * 3600 * base::kMicrosPerSecond;  // absolute timeout
  base::PasswordCost password_cost = base::PasswordCost::kInteractive;
  int login_failures_per_user = 5;  // within the window, then 429 until it passes
  int login_failures_per_address = 30;
  Micros throttle_window = 15LL * 60 * base::kMicrosPerSecond;
  // Whether the throttles' counts go through the database, shared by every
  // server on it (app/users/throttle_sharing.h); unset: with PostgreSQL,
  // where several servers may share one database.
  std::optional<bool> share_throttles;
  Micros throttle_exchange_interval = base::kMicrosPerSecond;
  // The algorithm that signs results and archives (ServerKeys); unset, the
  // installation's own, Ed25519 for a new one.
  std::optional<base::SignAlg> sign_alg;
};

}  // namespace shuzhi::app
