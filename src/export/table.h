// Table and Sheet: the plain grid of text that every import and export in
// src/export reads or writes. A Table is rows of UTF-8 cells; the first row is
// usually the header. Readers keep row and column positions (a cell missing in
// the middle of a row is ""), and drop empty cells at the end of a row and
// empty rows at the end of the table, so callers see the same shape whether
// the data came from a spreadsheet or a CSV file.
//
// The namespace is shuzhi::exports because `export` is a C++ keyword.
//
// Plain value types with no shared state: safe to use from any thread as long
// as one object is not written from two threads at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace shuzhi::exports {

struct Table {
  std::vector<std::vector<std::string>> rows;
  bool operator==(const Table&) const = default;
};

// One worksheet of an exported workbook.
struct Sheet {
  std::string name;
  Table table;
};

// Import limits shared by the readers. A duty-report import is a few thousand
// deputies; these bounds only stop a crafted file from exhausting memory, and
// a file beyond them is refused with invalid_argument "import.too_large".
inline constexpr std::size_t kMaxImportRows = 1'000'000;
inline constexpr std::size_t kMaxImportColumns = 200;

// Removes empty cells at the end of every row, then empty rows at the end of
// the table. Empty rows in the middle stay, so row numbers in error messages
// match what the user sees in the file.
void TrimTrailingEmpty(Table& table);

// True if `text` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace shuzhi::exports
