// The words of printed documents: looked up under `document.` in the locale
// files, and the section headings numbered 一、二、… (1. 2. … in English).
// Shared by every PDF the rooms make, so that one document reads like the
// next.
#pragma once

#include <map>
#include <string>

#include "base/i18n.h"

namespace shuzhi::app::document_text {

// The translation of "document.<key>" with `args` filled in.
std::string T(base::Lang lang, const std::string& key, const std::map<std::string, std::string>& args = {});

// The `n`th section heading (from 0): "一、述职内容" or "1. Content".
std::string Heading(base::Lang lang, int n, const std::string& title);

}  // namespace shuzhi::app::document_text
