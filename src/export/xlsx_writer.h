// XLSX export: turns Tables into an Excel workbook for organizers (score
// sheets, deputy lists, import templates).
//
// WriteXlsx is a pure function: it writes through a private temporary file
// (libxlsxwriter 1.1.4 has no in-memory output) that it deletes before it
// returns, and keeps no other state, so it is safe to call from any thread.
// It does blocking file I/O; run it off the I/O threads (STYLE.md §5).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "export/table.h"

namespace shuzhi::exports {

// Builds an .xlsx file with one worksheet per Sheet and returns its bytes.
//
// Every sheet gets its first row in bold with the pane frozen below it, and
// column widths fitted to the longest cell (a CJK character counts as two).
// Sheet names are made valid for Excel: []:*?/\ become '_', names are cut to
// 31 characters, and empty or duplicate names get a number.
//
// Cells are written as text, except that below the header a cell that is a
// plain decimal number of at most 11 digits and no superfluous zeros (e.g.
// "3", "-2.5", "13800138000") is written as a number, so totals can be summed
// in Excel. Longer digit strings (ID card numbers) and codes with leading zeros
// stay text, because Excel would round them or drop the zeros. Text starting
// with '=' is always text, never a formula.
//
// Errors:
//   invalid_argument "export.bad_utf8"   a cell or sheet name is not UTF-8;
//   invalid_argument "export.too_large" more rows or columns than Excel holds,
//                                        or a cell longer than 32,767 chars;
//   internal         "export.xlsx_failed" libxlsxwriter or the temporary
//                                        file failed.
base::Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets);

}  // namespace shuzhi::exports
