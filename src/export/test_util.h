// Test-only helpers for export_test: lets GoogleTest print a Table as rows of
// quoted cells instead of raw bytes when an expectation fails.
#pragma once

#include <ostream>

#include "export/table.h"

namespace shuzhi::exports {

inline void PrintTo(const Table& table, std::ostream* os) {
  *os << "{";
  for (const auto& row : table.rows) {
    *os << "\n  {";
    for (std::size_t i = 0; i < row.size(); ++i) *os << (i ? ", " : "") << '"' << row[i] << '"';
    *os << "}";
  }
  *os << "}";
}

}  // namespace shuzhi::exports
