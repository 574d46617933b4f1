#include "export/docx.h"

#include <orcus/sax_parser.hpp>
#include <orcus/zip_archive.hpp>
#include <orcus/zip_archive_stream.hpp>

namespace shuzhi::spreadsheet {
namespace {

constexpr std::size_t kMaxBytes = 20 * 1024 * 1024;

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
  // orcus reports bad archives and bad XML with exceptions; they stop here.
  try {
    orcus::zip_archive_stream_blob stream(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    orcus::zip_archive archive(&stream);
    archive.load();
    std::vector<unsigned char> xml;
    if (!archive.read_file_entry("word/document.xml", xml)) return not_docx;
    ParagraphHandler handler;
    orcus::sax_parser<ParagraphHandler> parser(reinterpret_cast<const char*>(xml.data()), xml.size(), handler);
    parser.parse();
    if (!handler.complete()) return not_docx;
    auto paragraphs = handler.Take();
    while (!paragraphs.empty() && paragraphs.back().empty()) paragraphs.pop_back();
    return paragraphs;
  } catch (const std::exception&) {
    return not_docx;
  }
}

}  // namespace shuzhi::spreadsheet
