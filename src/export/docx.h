// The text of a Word document (.docx), paragraph by paragraph, so that a
// deputy who wrote the report in Word can place it into the editor's
// sections. Only the main document's text is read (tabs and line breaks
// kept); formatting, images and tables' layout are dropped.
//
// Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shuzhi::exports {

// invalid_argument "import.not_a_docx" for anything that is not a .docx
// (including .doc files from old Word), "import.too_large" above 20 MB.
base::Result<std::vector<std::string>> ReadDocxParagraphs(std::string_view bytes);

}  // namespace shuzhi::exports
