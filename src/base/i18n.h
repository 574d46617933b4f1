// Server-side message catalogue: the zh-CN and en locale files under
// locales/ (embedded at build time), used for error messages, CLI help and
// printed documents. zh-CN is the default language.
//
// Thread-safe after construction (read-only).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace shuzhi::base {

enum class Lang { kZhCn, kEn };

// Picks the language from an Accept-Language header or a LANG-style value:
// English only when the first listed language is English; zh-CN otherwise.
Lang NegotiateLang(std::string_view header);
const char* LangTag(Lang lang);  // "zh-CN" or "en"

class Catalog {
 public:
  // Loads the embedded locale files. Aborts the process if they do not parse:
  // they are part of the binary, so that is a build defect, not bad input.
  static const Catalog& Get();

  // The message for `key` ("errors.auth.throttled"), with each "{name}"
  // replaced from `args`; falls back to English, then to the key itself.
  std::string Translate(Lang lang, std::string_view key, const std::map<std::string, std::string>& args = {}) const;
  bool Has(Lang lang, std::string_view key) const;
  std::vector<std::string> Keys(Lang lang) const;

 private:
  Catalog();
  std::map<std::string, std::string, std::less<>> zh_, en_;
};

}  // namespace shuzhi::base
