#include "base/i18n.h"

#include <toml++/toml.h>

#include <cstdio>
#include <cstdlib>

#include "base/embedded.h"

const shuzhi::base::EmbeddedFile* FindLocaleFile(std::string_view path);

namespace shuzhi::base {
namespace {

void Flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, std::string, std::less<>>& out) {
  for (const auto& [k, v] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table()) {
      Flatten(*sub, key, out);
    } else if (const auto* s = v.as_string()) {
      out[key] = s->get();
    }
  }
}

std::map<std::string, std::string, std::less<>> Load(const char* name) {
  const EmbeddedFile* f = FindLocaleFile(name);
  if (f == nullptr) {
    std::fprintf(stderr, "locale file %s is not embedded\n", name);
    std::abort();
  }
  try {
    std::map<std::string, std::string, std::less<>> out;
    Flatten(toml::parse(f->data), "", out);
    return out;
  } catch (const toml::parse_error& e) {
    std::fprintf(stderr, "locale file %s does not parse: %s\n", name, e.what());
    std::abort();
  }
}

}  // namespace

Lang NegotiateLang(std::string_view header) {
  size_t i = header.find_first_not_of(" \t");
  if (i == std::string_view::npos) return Lang::kZhCn;
  std::string_view first = header.substr(i, 2);
  if (first == "en" || first == "EN" || first == "En") return Lang::kEn;
  return Lang::kZhCn;
}

const char* LangTag(Lang lang) { return lang == Lang::kEn ? "en" : "zh-CN"; }

const Catalog& Catalog::Get() {
  static const Catalog catalog;
  return catalog;
}

Catalog::Catalog() : zh_(Load("zh-CN.toml")), en_(Load("en.toml")) {}

bool Catalog::Has(Lang lang, std::string_view key) const {
  const auto& m = lang == Lang::kEn ? en_ : zh_;
  return m.find(key) != m.end();
}

std::vector<std::string> Catalog::Keys(Lang lang) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : lang == Lang::kEn ? en_ : zh_) out.push_back(k);
  return out;
}

std::string Catalog::Translate(Lang lang, std::string_view key, const std::map<std::string, std::string>& args) const {
  const auto& m = lang == Lang::kEn ? en_ : zh_;
  std::string text(key);
  if (auto it = m.find(key); it != m.end()) {
    text = it->second;
  } else if (auto en = en_.find(key); en != en_.end()) {
    text = en->second;
  }
  for (const auto& [name, value] : args) {
    const std::string placeholder = "{" + name + "}";
    for (size_t pos = text.find(placeholder); pos != std::string::npos;
         pos = text.find(placeholder, pos + value.size())) {
      text.replace(pos, placeholder.size(), value);
    }
  }
  return text;
}

}  // namespace shuzhi::base
