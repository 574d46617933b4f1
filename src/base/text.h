// Counting text the way deputies see it in Word (DESIGN.md §4), since a
// report's length limit (e.g. 2,500 字) is checked against Word's 字数:
//   - each CJK character or full-width punctuation mark counts one;
//   - each run of other non-space characters (a Latin word, a number, an
//     emoji sequence) counts one;
//   - whitespace (including the ideographic space U+3000) counts nothing.
// 字符数 (characters, no spaces) counts every non-space code point.
// Invalid UTF-8 bytes count as one other character each. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shuzhi::base {

struct TextCounts {
  std::int64_t words = 0;              // Word's 字数
  std::int64_t chars_no_spaces = 0;    // 字符数（不计空格）
  std::int64_t chars_with_spaces = 0;  // 字符数（计空格）
};

TextCounts CountText(std::string_view utf8);

// True for code points Word counts one by one in East Asian text.
bool IsEastAsian(char32_t cp);
bool IsSpace(char32_t cp);

// What text typed or imported by users may not hold: invalid UTF-8, control
// characters other than tab, line feed and carriage return (C0, DEL, C1), and
// Unicode noncharacters (U+FDD0–U+FDEF and every U+xFFFE / U+xFFFF, which a
// PDF renderer or another program may refuse). Returns the byte offset of
// the first one, or npos.
std::size_t FindDisallowedChar(std::string_view utf8);
// `utf8` with each such character replaced by U+FFFD, for drawing text that
// was stored before the input check.
std::string ReplaceDisallowedChars(std::string_view utf8);

}  // namespace shuzhi::base
