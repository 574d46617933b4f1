// The XLSX reader of roster imports (liborcus over OfficeZip): the ZIP
// container and the XML inside it.
#include "export/xlsx_reader.h"
#include "fuzz_main.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)shuzhi::exports::ReadXlsxFirstSheet(shuzhi::fuzz::Bytes(data, size));
  return 0;
}
