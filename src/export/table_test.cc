#include "export/table.h"

#include <gtest/gtest.h>

#include "export/test_util.h"

namespace shuzhi::exports {
namespace {

TEST(TableTest, TrimTrailingEmptyKeepsInnerGaps) {
  Table t{{{"a", "", "b", "", ""}, {}, {"", "c"}, {"", ""}, {}}};
  TrimTrailingEmpty(t);
  EXPECT_EQ(t, (Table{{{"a", "", "b"}, {}, {"", "c"}}}));
}

TEST(TableTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("姓名 abc 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE5\xA7"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xD0\xD5\xC3\xFB"));  // "姓名" in GBK
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

}  // namespace
}  // namespace shuzhi::exports
