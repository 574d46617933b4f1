// The DOCX reader of report uploads: the ZIP container and word/document.xml.
#include "export/docx.h"
#include "fuzz_main.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)shuzhi::exports::ReadDocxParagraphs(shuzhi::fuzz::Bytes(data, size));
  return 0;
}
