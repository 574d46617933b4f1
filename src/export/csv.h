// CSV import and export for deputy lists and score reports.
//
// ReadCsv accepts what Excel, WPS and hand-written files produce: RFC 4180
// fields (quoted fields, doubled quotes, CRLF or LF, line breaks inside
// quotes), comma-separated, in UTF-8 (with or without a BOM) or in
// GB18030/GBK, which is what Chinese Excel writes when asked for "CSV".
// WriteCsv produces UTF-8 that Chinese Excel opens without garbling.
//
// Both are pure functions with no shared state; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "export/table.h"

namespace shuzhi::exports {

// Parses `bytes` into a Table (trailing empty cells and rows trimmed, see
// table.h). Errors, all invalid_argument:
//   "import.bad_encoding"  neither valid UTF-8 nor valid GB18030;
//   "import.too_large"     more than kMaxImportRows rows or
//                          kMaxImportColumns columns.
// An unterminated quoted field is accepted up to the end of the input, as
// Excel does, rather than refusing the whole file.
base::Result<Table> ReadCsv(std::string_view bytes);

// Writes `table` as CSV: UTF-8, preceded by a BOM when `with_bom` (needed for
// Excel to detect UTF-8), CRLF line ends, fields quoted when they contain a
// comma, quote, CR or LF. A cell that Excel would run as a formula gets a
// leading apostrophe; see csv.cc. ReadCsv does not remove that apostrophe.
std::string WriteCsv(const Table& table, bool with_bom);

}  // namespace shuzhi::exports
