#include "export/docx.h"

#include <orcus/sax_parser.hpp>

#include "export/office_zip.h"

namespace shuzhi::exports {
namespace {

constexpr std::size_t kMaxBytes = std::size_t{20} * 1024 * 1024;
// A report of the longest kind is well under 1 MB of document.xml; a Word
// file with images is larger, but only document.xml is inflated. 64 MiB in
// all and 10,000 entries leave room for any real document.
constexpr ZipLimits kLimits{64ull << 20, 10'000};

// Collects <w:t> text per <w:p>; <w:tab/> and <w:br/> become \t and \n.
class ParagraphHandler : public orcus::sax_handler {
 public:
  void start_element(const orcus::sax::parser_element& e) {
    ++depth_;
    if (e.name == "p") current_.clear();
    if (e.name == "t") in_text_ = true;
    if (e.name == "tab") current_ += '\t';
    if (e.name == "br") current_ += '\n';
  }
  void end_element(const orcus::sax::parser_element& e) {
    --depth_;
    if (e.name == "t") in_text_ = false;
    if (e.name == "p") paragraphs_.push_back(std::move(current_));
  }
  void characters(std::string_view text, bool) {
    if (in_text_) current_.append(text);
  }
  std::vector<std::string> Take() { return std::move(paragraphs_); }
  // The parser accepts a document cut short; an element left open means the
  // file is damaged.
  bool complete() const { return depth_ == 0; }

 private:
  int depth_ = 0;
  bool in_text_ = false;
  std::string current_;
  std::vector<std::string> paragraphs_;
};

}  // namespace

base::Result<std::vector<std::string>> ReadDocxParagraphs(std::string_view bytes) {
  auto not_docx = base::InvalidArgument("import.not_a_docx", "the file is not a Word .docx document");
  if (bytes.size() > kMaxBytes) return base::InvalidArgument("import.too_large", "the file is larger than 20 MB");
  if (bytes.size() < 4 || bytes.substr(0, 4) != std::string_view("PK\x03\x04", 4)) return not_docx;
  auto zip = OfficeZip::Open(bytes, kLimits);
  if (!zip.ok()) return zip.status().reason() == "import.too_large" ? zip.status() : not_docx;
  auto part = (*zip)->Read("word/document.xml");
  if (!part.ok()) return part.status().reason() == "import.too_large" ? part.status() : not_docx;
  if (!*part) return not_docx;
  const std::string& xml = **part;
  SHUZHI_TRY(CheckXmlCharRefs(xml));
  SHUZHI_TRY(CheckXmlWellFormed(xml));
  // orcus reports bad XML with exceptions; they stop here.
  try {
    ParagraphHandler handler;
    orcus::sax_parser<ParagraphHandler> parser(xml.data(), xml.size(), handler);
    parser.parse();
    if (!handler.complete()) return not_docx;
    auto paragraphs = handler.Take();
    while (!paragraphs.empty() && paragraphs.back().empty()) paragraphs.pop_back();
    return paragraphs;
  } catch (const std::exception&) {
    return not_docx;
  }
}

}  // namespace shuzhi::exports
