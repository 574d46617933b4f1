// Logging in and out, and turning a session cookie back into an Actor.
//
// A session id is 128 random bits given to the browser once; the database
// keeps only its hash. Sessions end after `session_idle` without use or
// `session_absolute` after login, whichever comes first. Failed logins are
// counted per name and per address; past the limit, login answers
// resource_exhausted "auth.throttled" until the window passes.
#pragma once

#include <memory>
#include <string>

#include "app/actor.h"
#include "app/users/throttle.h"
#include "app/users/users.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

struct LoginResult {
  std::string session_token;  // goes to the cookie; never logged
  std::string csrf_token;
  UserView user;
};

struct SessionInfo {
  Actor actor;
  std::string csrf_token;
  // Set after an organizer reset the password: until the user picks a new
  // one, only reading their own account, changing the password and logging
  // out are allowed (the http layer enforces it).
  bool must_change_password = false;
};

class AuthService {
 public:
  AuthService(storage::Store& store, const base::Clock& clock, const AppOptions& options);

  // unauthenticated "auth.invalid_credentials" for a wrong name, password or a
  // disabled account (indistinguishable on purpose); resource_exhausted
  // "auth.throttled" with `retry_after` set when locked.
  Result<LoginResult> Login(const std::string& username, const std::string& password, const std::string& address,
                            std::int64_t* retry_after);
  // unauthenticated "auth.unauthenticated" or "auth.session_expired".
  Result<SessionInfo> Authenticate(const std::string& session_token);
  Status Logout(const std::string& session_token);
  Result<UserView> Me(const Actor& actor);
  // For ThrottleSharing.
  FailureThrottle& throttle() { return throttle_; }

 private:
  storage::Store& store_;
  const base::Clock& clock_;
  const AppOptions& options_;
  FailureThrottle throttle_;
  const std::string dummy_hash_;  // verified against when the user does not exist
};

}  // namespace shuzhi::app
