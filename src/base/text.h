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
#include <string_view>

namespace shuzhi::base {

struct TextCounts {
  std::int64_t words = 0;             // Word's 字数
  std::int64_t chars_no_spaces = 0;   // 字符数（不计空格）
  std::int64_t chars_with_spaces = 0; // 字符数（计空格）
};

TextCounts CountText(std::string_view utf8);

// True for code points Word counts one by one in East Asian text.
bool IsEastAsian(char32_t cp);
bool IsSpace(char32_t cp);

}  // namespace shuzhi::base
