// The DOCX reader of report uploads: the ZIP container and word/document.xml.
#include "export/docx.h"
#include "fuzz_main.h"
#include "zip_mutator.h"

// Mutations inside the ZIP's entries, so that the XML behind the container
// sees inputs (zip_mutator.h).
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  return shuzhi::fuzz::MutateZipEntry(data, size, max_size, seed, shuzhi::fuzz::NoAdjust);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)shuzhi::exports::ReadDocxParagraphs(shuzhi::fuzz::Bytes(data, size));
  return 0;
}
