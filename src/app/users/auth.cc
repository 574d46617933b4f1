#include "app/users/auth.h"

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/users/users_internal.h"
#include "base/log.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

// Touching last_seen on every request would make every read a write.
constexpr Micros kTouchInterval = 60 * base::kMicrosPerSecond;

base::Bytes HashToken(const std::string& token) { return base::Hash32(token); }

Status BadCredentials() { return base::Unauthenticated("auth.invalid_credentials", "wrong username or password"); }

}  // namespace

AuthService::AuthService(storage::Store& store, const base::Clock& clock, const AppOptions& options)
    : store_(store),
      clock_(clock),
      options_(options),
      throttle_(clock, options.throttle_window, "login"),
      dummy_hash_(base::HashPassword(base::RandomToken(16), options.password_cost).value()) {}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const std::string& address, std::int64_t* retry_after) {
  const std::string user_key = "login-user:" + username, addr_key = "login-addr:" + address;
  const std::int64_t wait = std::max(throttle_.RetryAfterSeconds(user_key, options_.login_failures_per_user),
                                     throttle_.RetryAfterSeconds(addr_key, options_.login_failures_per_address));
  if (wait > 0) {
    if (retry_after) *retry_after = wait;
    return base::ResourceExhausted("auth.throttled", "too many failed logins; retry in " + std::to_string(wait) + " s");
  }
  std::optional<storage::UserRecord> user;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(user, tx.users().FindByUsername(username));
    return base::Ok();
  }));
  // Verify against a dummy hash for unknown names so timing does not reveal
  // which names exist.
  const bool password_ok = base::VerifyPassword(user ? user->password_hash : dummy_hash_, password);
  if (!user || !password_ok || user->disabled) {
    throttle_.RecordFailure(user_key);
    throttle_.RecordFailure(addr_key);
    base::LogWarn("login failed for a user name from {}", address);
    return BadCredentials();
  }
  throttle_.Clear(user_key);

  LoginResult out;
  out.session_token = base::RandomToken(16);
  out.csrf_token = base::RandomToken(16);
  const Micros now = clock_.Now();
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto fresh, tx.users().FindById(user->id));
    if (!fresh) return BadCredentials();
    fresh->previous_login_at = fresh->last_login_at;
    fresh->last_login_at = now;
    SHUZHI_TRY(tx.users().Update(*fresh));
    // Housekeeping rides on logins, which are rare.
    SHUZHI_TRY(tx.sessions().DeleteExpired(now - options_.session_idle, now - options_.session_absolute).status());
    SHUZHI_TRY(tx.sessions().Insert({HashToken(out.session_token), fresh->id, out.csrf_token, now, now}));
    SHUZHI_ASSIGN_OR_RETURN(out.user, GrantNamer(tx).ViewOf(*fresh));
    return RecordAudit(tx, clock_, fresh->username, "session.login", "user:" + std::to_string(fresh->id));
  }));
  return out;
}

Result<SessionInfo> AuthService::Authenticate(const std::string& session_token) {
  if (session_token.empty()) return base::Unauthenticated("auth.unauthenticated", "not logged in");
  const base::Bytes id_hash = HashToken(session_token);
  const Micros now = clock_.Now();
  std::optional<storage::SessionRecord> session;
  std::optional<storage::UserRecord> user;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(session, tx.sessions().Find(id_hash));
    if (session) {
      SHUZHI_ASSIGN_OR_RETURN(user, tx.users().FindById(session->user_id));
    }
    return base::Ok();
  }));
  if (!session || !user || user->disabled) return base::Unauthenticated("auth.unauthenticated", "not logged in");
  if (now - session->last_seen_at > options_.session_idle || now - session->created_at > options_.session_absolute) {
    (void)store_.Write([&](storage::Tx& tx) { return tx.sessions().Delete(id_hash); });
    return base::Unauthenticated("auth.session_expired", "the session has expired; log in again");
  }
  if (now - session->last_seen_at > kTouchInterval) {
    SHUZHI_TRY(store_.Write([&](storage::Tx& tx) { return tx.sessions().Touch(id_hash, now); }));
  }
  return SessionInfo{Actor{user->id, user->username, user->roles}, session->csrf_token, user->must_change_password};
}

Status AuthService::Logout(const std::string& session_token) {
  const base::Bytes id_hash = HashToken(session_token);
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto session, tx.sessions().Find(id_hash));
    if (!session) return base::Ok();
    SHUZHI_TRY(tx.sessions().Delete(id_hash));
    SHUZHI_ASSIGN_OR_RETURN(auto user, tx.users().FindById(session->user_id));
    return RecordAudit(tx, clock_, user ? user->username : "unknown", "session.logout",
                       "user:" + std::to_string(session->user_id));
  });
}

Result<UserView> AuthService::Me(const Actor& actor) {
  std::optional<UserView> view;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    view.reset();
    SHUZHI_ASSIGN_OR_RETURN(auto user, tx.users().FindById(actor.user_id));
    if (!user) return base::Ok();
    SHUZHI_ASSIGN_OR_RETURN(view, GrantNamer(tx).ViewOf(*user));
    return base::Ok();
  }));
  if (!view) return base::Unauthenticated("auth.unauthenticated", "not logged in");
  return *std::move(view);
}

}  // namespace shuzhi::app
