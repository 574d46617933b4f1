#include "base/i18n.h"

#include <gtest/gtest.h>

namespace shuzhi::base {
namespace {

TEST(I18nTest, NegotiatesLanguage) {
  EXPECT_EQ(NegotiateLang(""), Lang::kZhCn);
  EXPECT_EQ(NegotiateLang("zh-CN,zh;q=0.9"), Lang::kZhCn);
  EXPECT_EQ(NegotiateLang("en-US,en;q=0.9"), Lang::kEn);
  EXPECT_EQ(NegotiateLang("fr-FR"), Lang::kZhCn);
}

TEST(I18nTest, TranslatesWithFallbacksAndArgs) {
  const auto& c = Catalog::Get();
  EXPECT_EQ(c.Translate(Lang::kZhCn, "errors.auth.invalid_credentials"), "用户名或密码错误。");
  EXPECT_EQ(c.Translate(Lang::kEn, "errors.auth.invalid_credentials"), "Wrong username or password.");
  EXPECT_EQ(c.Translate(Lang::kEn, "no.such.key"), "no.such.key");
  EXPECT_EQ(c.Translate(Lang::kEn, "cli.backup_done", {{"file", "/tmp/x.db"}}), "Backed up to /tmp/x.db");
}

// Every key exists in both languages, so nothing shows in the wrong one.
TEST(I18nTest, BothLocalesHaveTheSameKeys) {
  const auto& c = Catalog::Get();
  EXPECT_EQ(c.Keys(Lang::kZhCn), c.Keys(Lang::kEn));
  EXPECT_GT(c.Keys(Lang::kEn).size(), 50u);
}

}  // namespace
}  // namespace shuzhi::base
