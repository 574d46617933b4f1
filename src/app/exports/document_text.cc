#include "app/exports/document_text.h"

#include <algorithm>

namespace shuzhi::app::document_text {

std::string T(base::Lang lang, const std::string& key, const std::map<std::string, std::string>& args) {
  return base::Catalog::Get().Translate(lang, "document." + key, args);
}

std::string Heading(base::Lang lang, int n, const std::string& title) {
  static const char* kNumerals[] = {"一", "二", "三", "四",   "五",   "六",   "七",
                                    "八", "九", "十", "十一", "十二", "十三", "十四"};
  const std::string number = lang == base::Lang::kZhCn ? kNumerals[std::clamp(n, 0, 13)] : std::to_string(n + 1);
  return T(lang, "heading", {{"n", number}, {"title", title}});
}

}  // namespace shuzhi::app::document_text
