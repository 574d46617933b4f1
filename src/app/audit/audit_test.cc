#include "app/audit/audit.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/demo/demo.h"
#include "app/testing/app_test_util.h"

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
  auto page = t.app().audit().List(admin, {}, base::Lang::kZhCn);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);
  EXPECT_EQ(page->items[0].entry.action, "user.reset_password");
  EXPECT_EQ(page->items[1].entry.details.find("\"username\":\"dep\"") != std::string::npos, true);
  // In words: the action, the object by name, the actor by display name.
  EXPECT_EQ(page->items[0].action_label, "重置密码");
  EXPECT_EQ(page->items[0].object_label, "用户 代表");
  EXPECT_EQ(page->items[0].actor_name, "root");
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
  EXPECT_EQ(t.app().audit().List(dep, {}, base::Lang::kZhCn).status().reason(), "auth.forbidden");
  EXPECT_EQ(t.app().audit().List(rev, {}, base::Lang::kZhCn).status().reason(), "auth.forbidden");
  EXPECT_TRUE(t.app().audit().Head(rev).ok());
  EXPECT_EQ(t.app().audit().Head(dep).status().reason(), "auth.forbidden");
}

// Every action the demo's whole cycle records has words in both languages,
// and every object it names reads as a name, not a code.
TEST(AuditTest, TheDemoCycleReadsInWords) {
  TestApp t;
  t.clock().Set(*base::ParseIso8601("2026-11-10T09:00:00+08:00"));
  ASSERT_TRUE(SeedDemo(t.app(), kPassword, DemoScope::kThisYear).ok());
  Actor admin = t.AddUser("root", {{Role::kAdmin, {}, {}, {}}});
  for (auto lang : {base::Lang::kZhCn, base::Lang::kEn}) {
    AuditQuery all;
    all.page_size = 100'000;
    auto page = t.app().audit().List(admin, all, lang);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ASSERT_GT(page->items.size(), 20u);
    for (const auto& row : page->items) {
      EXPECT_NE(row.action_label, row.entry.action) << "no words for " << row.entry.action;
      if (row.entry.object.find(':') != std::string::npos) {
        EXPECT_NE(row.object_label, row.entry.object) << "no name for " << row.entry.object;
      }
    }
  }
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
