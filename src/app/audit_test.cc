#include "app/audit.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/app_test_util.h"

namespace shuzhi::app {
namespace {

using core::Role;
using testing::kPassword;
using testing::TestApp;

TEST(AuditTest, EveryChangeIsChainedAndVerifies) {
  TestApp t;
  Actor admin = t.AddUser("root", {{Role::kAdmin, {}, {}, {}}});
  auto u = t.app().users().Create(admin, {"dep", "代表", kPassword, {{Role::kReviewer, 1, {}, {}}}});
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(t.app().users().ResetPassword(admin, u->id, "new-password-12").ok());
  auto page = t.app().audit().List(admin, 1, 50);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);
  EXPECT_EQ(page->items[0].action, "user.reset_password");
  EXPECT_EQ(page->items[1].details.find("\"username\":\"dep\"") != std::string::npos, true);
  auto check = t.app().audit().Verify(std::nullopt);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok);
  EXPECT_EQ(check->checked, 3);
  EXPECT_TRUE(t.app().audit().Verify(page->head)->ok);
}

TEST(AuditTest, ReadersNeedTheirRole) {
  TestApp t;
  Actor dep = t.AddUser("dep", {{Role::kDeputy, {}, {}, t.AddPerson("代表", 1)}});
  Actor rev = t.AddUser("rev", {{Role::kReviewer, 1, {}, {}}});
  EXPECT_EQ(t.app().audit().List(dep, 1, 10).status().reason(), "auth.forbidden");
  EXPECT_EQ(t.app().audit().List(rev, 1, 10).status().reason(), "auth.forbidden");
  EXPECT_TRUE(t.app().audit().Head(rev).ok());
  EXPECT_EQ(t.app().audit().Head(dep).status().reason(), "auth.forbidden");
}

TEST(AuditTest, HeadTextRoundTrips) {
  core::AuditHead h{7, base::Bytes(32, '\x5a')};
  auto back = ParseAuditHead(FormatAuditHead(h));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->count, 7);
  EXPECT_EQ(back->hash, h.hash);
  EXPECT_FALSE(ParseAuditHead("7").ok());
  EXPECT_FALSE(ParseAuditHead("x:00").ok());
  EXPECT_FALSE(ParseAuditHead("7:abcd").ok());
}

}  // namespace
}  // namespace shuzhi::app
