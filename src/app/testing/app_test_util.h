// A fresh SQLite store, a fake clock and an App with cheap password hashing,
// for the app tests.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/app.h"
#include "app/users/users.h"
#include "base/clock.h"
#include "storage/store.h"

namespace shuzhi::app::testing {

class TestApp {
 public:
  // `options` as given, but with the cheapest password hashing.
  explicit TestApp(AppOptions options = {});
  ~TestApp();

  App& app() { return *app_; }
  base::FakeClock& clock() { return clock_; }
  storage::Store& store() { return *store_; }

  // Creates a user with `grants` and password "password-123"; returns its Actor.
  Actor AddUser(const std::string& username, const std::vector<core::RoleGrant>& grants);

  // Adds a person with an active mandate in congress `congress_id` (created,
  // with lower ids, when missing), in a new group of `group_congress_id`
  // when given; returns the deputy id.
  std::int64_t AddPerson(const std::string& name, std::int64_t congress_id,
                         std::optional<std::int64_t> group_congress_id = std::nullopt);

 private:
  std::filesystem::path dir_;
  base::FakeClock clock_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<App> app_;
};

inline const char* kPassword = "password-123";

// Seats `n` evaluators at the meeting, checked in, written straight to the
// store in large transactions: for tests and benchmarks whose polls need
// thousands of voters (each present evaluator may be handed one carrier,
// MeetingService::Issue). Nothing is counted as issued.
Status SeatEvaluators(storage::Store& store, std::int64_t meeting_id, std::int64_t n);

}  // namespace shuzhi::app::testing
