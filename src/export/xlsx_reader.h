// XLSX import: reads the first worksheet of an uploaded .xlsx file (a deputy
// list, an import template filled in by an organizer) into a Table of text.
//
// Cells come back as a person sees them in Excel, not as stored: integers
// without ".0" (a phone number 13800138000 stays "13800138000"), other numbers
// with up to 15 significant digits as Excel shows them, numbers in a cell
// formatted as a date as "YYYY-MM-DD" (with " HH:MM" or " HH:MM:SS" when the
// format shows a time; a pure time format gives "HH:MM[:SS]"), booleans as
// "TRUE"/"FALSE", formula cells as their cached result. Row and column
// positions are kept; trailing empty cells and rows are trimmed (table.h).
//
// ReadXlsxFirstSheet keeps all its state on its own stack, so it is safe to
// call from several threads at once. It is CPU-bound (about 0.5 s for 100,000
// rows of 12 columns); run it off the I/O threads (STYLE.md §5).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "export/table.h"

namespace shuzhi::exports {

// Parses `bytes`, the whole content of an .xlsx file. Errors, all
// invalid_argument:
//   "import.not_a_spreadsheet"  empty, not a zip, a zip that is not a
//                               workbook, truncated or malformed;
//   "import.unsupported_xlsx"   text stored as inline strings, which orcus
//                               0.17 cannot read (see xlsx_reader.cc);
//   "import.too_large"          the first sheet has a value beyond row
//                               kMaxImportRows or column kMaxImportColumns,
//                               or the parts inflate to more than 512 MiB.
// No exception escapes.
base::Result<Table> ReadXlsxFirstSheet(std::string_view bytes);

// A cell's text with Excel's "_xHHHH_" escapes decoded (ECMA-376 Part 1,
// §22.9.2.19): "_x000D_" is CR, "_x005F_" an underscore, a surrogate pair
// comes as two escapes, a lone surrogate becomes U+FFFD. Anything else,
// including a malformed escape, is kept as it is.
std::string DecodeXstring(std::string_view s);

// Converts an Excel serial day number in the 1900 date system (as text, e.g.
// "45000" or "45000.5") to "YYYY-MM-DD", dropping any time of day. For callers
// that get dates as numbers from somewhere without a number format (a CSV
// saved from Excel, a sheet whose date column was formatted as General).
// Returns nullopt for text that is not a number or not a day in
// 1900-01-01..9999-12-31, and for serial 60, Excel's nonexistent 1900-02-29.
std::optional<std::string> ExcelSerialToIsoDate(std::string_view serial);

}  // namespace shuzhi::exports
