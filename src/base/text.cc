#include "base/text.h"

namespace shuzhi::base {
namespace {

// Decodes one code point at s[i]; advances i. Invalid bytes decode to
// U+FFFD one byte at a time (hand-written: a UTF-8 library for a dozen lines
// would be a heavier dependency than this).
char32_t Next(std::string_view s, std::size_t& i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  auto bits = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
  if (c < 0x80) {
    ++i;
    return c;
  }
  if ((c & 0xE0) == 0xC0 && c >= 0xC2 && cont(1)) {
    const char32_t cp = (static_cast<char32_t>(c & 0x1F) << 6) | bits(1);
    i += 2;
    return cp;
  }
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    const char32_t cp = (static_cast<char32_t>(c & 0x0F) << 12) | (bits(1) << 6) | bits(2);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      i += 3;
      return cp;
    }
  }
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    const char32_t cp = (static_cast<char32_t>(c & 0x07) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      i += 4;
      return cp;
    }
  }
  ++i;
  return 0xFFFD;
}

bool IsDisallowed(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;
  return (cp & 0xFFFE) == 0xFFFE;
}

// Decodes one code point at s[i] and advances i; `bad` tells whether it is
// one FindDisallowedChar refuses (an invalid byte decodes to U+FFFD too, but
// advances one byte where a real U+FFFD advances three).
char32_t NextChecked(std::string_view s, std::size_t& i, bool& bad) {
  const std::size_t at = i;
  const char32_t cp = Next(s, i);
  bad = (cp == 0xFFFD && i - at != 3) || IsDisallowed(cp);
  return cp;
}

}  // namespace

std::size_t FindDisallowedChar(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t at = i;
    bool bad = false;
    NextChecked(utf8, i, bad);
    if (bad) return at;
  }
  return std::string_view::npos;
}

std::string ReplaceDisallowedChars(std::string_view utf8) {
  if (FindDisallowedChar(utf8) == std::string_view::npos) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t at = i;
    bool bad = false;
    NextChecked(utf8, i, bad);
    if (bad) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(utf8.substr(at, i - at));
    }
  }
  return out;
}

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0x00A0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

bool IsEastAsian(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) ||    // Hangul Jamo
         (cp >= 0x2E80 && cp <= 0x2FDF) ||    // CJK radicals, Kangxi radicals
         (cp >= 0x3001 && cp <= 0x303F) ||    // CJK symbols and punctuation (not U+3000)
         (cp >= 0x3040 && cp <= 0x31FF) ||    // kana, bopomofo, CJK strokes
         (cp >= 0x3200 && cp <= 0x4DBF) ||    // enclosed CJK, compatibility, extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||    // Hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0xFE30 && cp <= 0xFE4F) ||    // CJK compatibility forms
         (cp >= 0xFF01 && cp <= 0xFF60) ||    // full-width ASCII forms and punctuation
         (cp >= 0xFFE0 && cp <= 0xFFE6) ||    // full-width signs
         (cp >= 0x20000 && cp <= 0x3134F) ||  // extensions B–G
         // Quotation marks, dashes and ellipsis as Chinese text uses them
         // (“”‘’—…): Word counts each as one in East Asian text.
         cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == 0x2014 || cp == 0x2026 ||
         cp == 0x00B7;  // middle dot in names (·)
}

TextCounts CountText(std::string_view s) {
  TextCounts c;
  bool in_run = false;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = Next(s, i);
    ++c.chars_with_spaces;
    if (IsSpace(cp)) {
      in_run = false;
      continue;
    }
    ++c.chars_no_spaces;
    if (IsEastAsian(cp)) {
      ++c.words;
      in_run = false;
    } else if (!in_run) {
      ++c.words;
      in_run = true;
    }
  }
  return c;
}

}  // namespace shuzhi::base
