// First start and demo data.
#pragma once

#include <optional>
#include <string>

#include "app/actor.h"

namespace shuzhi::app {

class App;

// On an empty database, creates the account "admin" (role admin) with
// `password`, or with a random one that is returned so the caller can print
// it once to the terminal. Returns nullopt when users already exist or the
// given password was used.
Result<std::optional<std::string>> EnsureAdmin(App& app, const std::string& password);

}  // namespace shuzhi::app
