// Office files (.xlsx, .docx) from outside, opened before any parser sees
// them. Both are zip archives of XML parts, and both kinds of content can
// stop the server when trusted:
//   - a small archive may declare, or really inflate to, gigabytes ("zip
//     bomb"); parts are therefore read through libzip in bounded pieces,
//     refusing an archive whose entries, declared sizes or actual inflated
//     bytes pass the limits before they are held in memory;
//   - liborcus asserts (aborting the process: Debian keeps its assertions)
//     on a numeric character reference beyond U+10FFFF, so every XML part
//     liborcus will read is checked for character references first.
//
// Thread-safe: each OfficeZip is used by one thread; the functions are pure.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shuzhi::exports {

struct ZipLimits {
  std::uint64_t max_total_bytes = 0;  // all entries inflated together
  std::uint64_t max_entries = 0;
};

class OfficeZip {
 public:
  // Opens `bytes` (which must outlive the object) and checks its directory:
  // invalid_argument "import.too_large" when it has more entries than the
  // limit or declares more inflated bytes in all; "import.damaged_zip" when
  // it is not a readable zip archive (the caller names what it expected).
  static base::Result<std::unique_ptr<OfficeZip>> Open(std::string_view bytes, const ZipLimits& limits);
  // The bytes are borrowed: a temporary string would be gone before Read.
  static base::Result<std::unique_ptr<OfficeZip>> Open(std::string&& bytes, const ZipLimits& limits) = delete;
  ~OfficeZip();
  OfficeZip(const OfficeZip&) = delete;
  OfficeZip& operator=(const OfficeZip&) = delete;

  const std::vector<std::string>& names() const { return names_; }
  // The inflated entry `name`; nullopt when there is none. Read in pieces:
  // "import.too_large" as soon as this entry passes its declared size or all
  // entries read so far pass the total limit; "import.damaged_zip" when it
  // does not inflate or fails its checksum.
  base::Result<std::optional<std::string>> Read(std::string_view name);

 private:
  struct Handle;
  OfficeZip(std::unique_ptr<Handle> handle, std::vector<std::string> names, ZipLimits limits);

  std::unique_ptr<Handle> handle_;
  std::vector<std::string> names_;
  const ZipLimits limits_;
  std::uint64_t read_so_far_ = 0;
};

// True for a part name liborcus parses as XML.
bool IsXmlPart(std::string_view name);

// Checks every numeric character reference (&#N; and &#xH;) in an XML text:
// each must be well formed and name a character XML allows (tab, LF, CR,
// U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF). invalid_argument
// "import.bad_xml_char" naming the first offending reference otherwise.
base::Status CheckXmlCharRefs(std::string_view xml);

// Checks that an XML text is well formed, with expat, before liborcus sees
// it: orcus 0.17's parser reads past the end of a text cut off inside a tag
// (a name or an attribute) — a SEGV, or the library's own assertion, which
// aborts the process — found by fuzzing the .xlsx and .docx readers.
// invalid_argument "import.bad_xml" naming the line otherwise. A text with a
// document type declaration or a processing instruction is refused too: no
// Office part has either, and orcus parsed `<?name …?>` as attributes,
// reading past the end of one that was not.
base::Status CheckXmlWellFormed(std::string_view xml);

}  // namespace shuzhi::exports
