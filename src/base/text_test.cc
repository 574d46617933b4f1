#include "base/text.h"

#include <gtest/gtest.h>

namespace shuzhi::base {
namespace {

std::int64_t Words(std::string_view s) { return CountText(s).words; }
std::int64_t Chars(std::string_view s) { return CountText(s).chars_no_spaces; }

TEST(TextTest, ChineseCharactersCountOneEach) {
  EXPECT_EQ(Words("述职报告"), 4);
  EXPECT_EQ(Chars("述职报告"), 4);
}

TEST(TextTest, LatinWordsAndNumbersCountOnePerRun) {
  EXPECT_EQ(Words("hello world"), 2);
  EXPECT_EQ(Words("2019年"), 2);       // "2019" is one run, 年 one
  EXPECT_EQ(Words("GDP增长6.5%"), 4);  // GDP, 增, 长, 6.5%
  EXPECT_EQ(Chars("GDP增长6.5%"), 9);
  EXPECT_EQ(Words("e-mail和WeChat"), 3);
}

TEST(TextTest, PunctuationFullAndHalfWidth) {
  EXPECT_EQ(Words("你好，世界。"), 6);  // full-width ， and 。 count one each
  EXPECT_EQ(Words("“为人民服务”"), 7);
  EXPECT_EQ(Words("你好,世界."), 6);  // half-width: a run of its own each here
  EXPECT_EQ(Words("end."), 1);        // half-width punctuation joins the Latin run
  EXPECT_EQ(Words("（一）"), 3);
  EXPECT_EQ(Words("……"), 2);
  EXPECT_EQ(Words("ＡＢＣ"), 3);  // full-width letters count one each
}

TEST(TextTest, WhitespaceCountsNothing) {
  EXPECT_EQ(Words("  \t\n"), 0);
  EXPECT_EQ(Words("一\u3000二"), 2);  // the ideographic space
  EXPECT_EQ(Chars("一\u3000二 三"), 3);
  EXPECT_EQ(CountText("一\u3000二 三").chars_with_spaces, 5);
  EXPECT_EQ(Words("word\u00A0word"), 2);  // no-break space separates
  EXPECT_EQ(Words(""), 0);
}

TEST(TextTest, EmojiFormRuns) {
  EXPECT_EQ(Words("点赞👍👍"), 3);  // 点, 赞, and one run of emoji
  EXPECT_EQ(Chars("点赞👍👍"), 4);
  EXPECT_EQ(Words("👍 👍"), 2);
}

TEST(TextTest, InvalidUtf8CountsAsOtherCharacters) {
  EXPECT_EQ(Words(std::string_view("\xff\xfe", 2)), 1);
  EXPECT_EQ(Chars(std::string_view("\xff\xfe", 2)), 2);
  EXPECT_EQ(Words(std::string_view("中\xe4\xb8", 5)), 2);  // a truncated character after 中
}

TEST(TextTest, ExtensionBIdeographs) { EXPECT_EQ(Words("𠀀𠀁"), 2); }

}  // namespace
}  // namespace shuzhi::base

namespace shuzhi::base {
namespace {

TEST(DisallowedCharTest, RefusesControlsNoncharactersAndBadUtf8) {
  EXPECT_EQ(FindDisallowedChar("张三 Zhang\t第一行\r\n第二行 �"), std::string_view::npos);  // U+FFFD is a character
  EXPECT_EQ(FindDisallowedChar(std::string("ab\0c", 4)), 2u);                               // NUL
  EXPECT_EQ(FindDisallowedChar("a\x7f"), 1u);                                               // DEL
  EXPECT_EQ(FindDisallowedChar("a\xc2\x85"), 1u);                                           // C1 (NEL)
  EXPECT_EQ(FindDisallowedChar("名\xef\xbf\xbf"), 3u);                                      // U+FFFF
  EXPECT_EQ(FindDisallowedChar("\xef\xbf\xbe"), 0u);                                        // U+FFFE
  EXPECT_EQ(FindDisallowedChar("\xf4\x8f\xbf\xbf"), 0u);                                    // U+10FFFF
  EXPECT_EQ(FindDisallowedChar("\xef\xb7\x90"), 0u);                                        // U+FDD0
  EXPECT_EQ(FindDisallowedChar("ok\xff"), 2u);                                              // not UTF-8
  EXPECT_EQ(FindDisallowedChar("\xed\xa0\x80"), 0u);                                        // a surrogate
}

TEST(DisallowedCharTest, ReplacementKeepsEverythingElse) {
  EXPECT_EQ(ReplaceDisallowedChars("张\xef\xbf\xbf三"), "张\xef\xbf\xbd三");
  EXPECT_EQ(ReplaceDisallowedChars(std::string("a\0b", 3)),
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(ReplaceDisallowedChars("第一行\n第二行"), "第一行\n第二行");
}

}  // namespace
}  // namespace shuzhi::base
