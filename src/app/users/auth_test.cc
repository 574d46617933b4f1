#include "app/users/auth.h"

#include <gtest/gtest.h>

#include "app/audit/audit.h"
#include "app/testing/app_test_util.h"

namespace shuzhi::app {
namespace {

using testing::kPassword;
using testing::TestApp;

TEST(AuthTest, LoginAuthenticateLogout) {
  TestApp t;
  t.AddUser("wang", {{core::Role::kOrganizer, 1, {}, {}}});
  std::int64_t retry = 0;
  auto login = t.app().auth().Login("wang", kPassword, "10.0.0.1", &retry);
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->user.username, "wang");
  EXPECT_TRUE(login->user.last_login_at.has_value());
  auto s = t.app().auth().Authenticate(login->session_token);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->actor.username, "wang");
  EXPECT_EQ(s->csrf_token, login->csrf_token);
  ASSERT_TRUE(t.app().auth().Logout(login->session_token).ok());
  EXPECT_EQ(t.app().auth().Authenticate(login->session_token).status().reason(), "auth.unauthenticated");
}

// 上次登录 on the home page is the login before this one, not this one.
TEST(AuthTest, TheSecondLoginKnowsTheFirst) {
  TestApp t;
  t.AddUser("li", {{core::Role::kOrganizer, 1, {}, {}}});
  std::int64_t retry = 0;
  auto first = t.app().auth().Login("li", kPassword, "10.0.0.1", &retry);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->user.previous_login_at.has_value());  // 这是您第一次登录
  t.clock().Advance(26LL * 3600 * 1000 * 1000);
  auto second = t.app().auth().Login("li", kPassword, "10.0.0.1", &retry);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->user.previous_login_at, first->user.last_login_at);
  EXPECT_GT(*second->user.last_login_at, *first->user.last_login_at);
}

TEST(AuthTest, WrongPasswordUnknownUserAndDisabledLookAlike) {
  TestApp t;
  t.AddUser("li", {{core::Role::kReviewer, 1, {}, {}}});
  std::int64_t retry = 0;
  EXPECT_EQ(t.app().auth().Login("li", "wrong-password", "a", &retry).status().reason(), "auth.invalid_credentials");
  EXPECT_EQ(t.app().auth().Login("nobody", kPassword, "a", &retry).status().reason(), "auth.invalid_credentials");
  ASSERT_TRUE(t.app().users().SetDisabledAsSystem("li", true).ok());
  EXPECT_EQ(t.app().auth().Login("li", kPassword, "a", &retry).status().reason(), "auth.invalid_credentials");
}

TEST(AuthTest, ThrottlesRepeatedFailuresPerUser) {
  TestApp t;
  t.AddUser("zhao", {{core::Role::kReviewer, 1, {}, {}}});
  std::int64_t retry = 0;
  for (int i = 0; i < t.app().options().login_failures_per_user; ++i) {
    EXPECT_EQ(t.app().auth().Login("zhao", "bad", "a", &retry).status().code(), base::Code::kUnauthenticated);
  }
  auto locked = t.app().auth().Login("zhao", kPassword, "a", &retry);
  EXPECT_EQ(locked.status().reason(), "auth.throttled");
  EXPECT_GT(retry, 0);
  t.clock().Advance(t.app().options().throttle_window);
  EXPECT_TRUE(t.app().auth().Login("zhao", kPassword, "a", &retry).ok());
}

TEST(AuthTest, SessionsExpireWhenIdleAndAbsolutely) {
  TestApp t;
  t.AddUser("sun", {{core::Role::kReviewer, 1, {}, {}}});
  std::int64_t retry = 0;
  auto login = t.app().auth().Login("sun", kPassword, "a", &retry);
  ASSERT_TRUE(login.ok());
  const auto idle = t.app().options().session_idle;
  t.clock().Advance(idle - base::kMicrosPerSecond);
  ASSERT_TRUE(t.app().auth().Authenticate(login->session_token).ok());  // use refreshes idle time
  t.clock().Advance(idle + base::kMicrosPerSecond);
  EXPECT_EQ(t.app().auth().Authenticate(login->session_token).status().reason(), "auth.session_expired");

  auto again = t.app().auth().Login("sun", kPassword, "a", &retry);
  ASSERT_TRUE(again.ok());
  // Kept busy, the session still ends at the absolute limit.
  const auto absolute = t.app().options().session_absolute;
  for (base::Micros spent = 0; spent < absolute; spent += idle / 2) {
    t.clock().Advance(idle / 2);
    if (spent + idle / 2 < absolute) {
      ASSERT_TRUE(t.app().auth().Authenticate(again->session_token).ok());
    }
  }
  t.clock().Advance(base::kMicrosPerSecond);
  EXPECT_EQ(t.app().auth().Authenticate(again->session_token).status().reason(), "auth.session_expired");
}

TEST(AuthTest, LoginAndLogoutAreAudited) {
  TestApp t;
  Actor admin = t.AddUser("root", {{core::Role::kAdmin, {}, {}, {}}});
  std::int64_t retry = 0;
  auto login = t.app().auth().Login("root", kPassword, "a", &retry);
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(t.app().auth().Logout(login->session_token).ok());
  auto page = t.app().audit().List(admin, {}, base::Lang::kZhCn);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 3u);  // create, login, logout
  EXPECT_EQ(page->items[0].entry.action, "session.logout");
  EXPECT_EQ(page->items[1].entry.action, "session.login");
  EXPECT_EQ(page->items[1].entry.actor, "root");
}

}  // namespace
}  // namespace shuzhi::app
