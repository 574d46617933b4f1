// The CSV reader of roster imports: UTF-8 (with or without BOM) and GB18030.
#include "export/csv.h"
#include "fuzz_main.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto table = shuzhi::exports::ReadCsv(shuzhi::fuzz::Bytes(data, size));
  if (table.ok()) {
    // What the import does next: every cell read as text.
    std::size_t cells = 0;
    for (const auto& row : table->rows) cells += row.size();
    (void)cells;
  }
  return 0;
}
