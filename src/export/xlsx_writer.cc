#include "export/xlsx_writer.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string_view>

namespace shuzhi::exports {
namespace {

constexpr std::size_t kExcelMaxRows = 1'048'576;
constexpr std::size_t kExcelMaxColumns = 16'384;
constexpr std::size_t kExcelMaxCellChars = 32'767;
constexpr std::size_t kExcelMaxSheetNameChars = 31;
// Excel General format shows at most 11 digits before switching to
// scientific notation; longer numbers stay text so they display as typed.
constexpr int kMaxNumericDigits = 11;
// Column widths in Excel character units; the cap keeps one long remark from
// making a column wider than the screen.
constexpr double kMinColumnWidth = 6;
constexpr double kMaxColumnWidth = 60;

// Decodes one UTF-8 code point at `i` (input already validated) and advances.
std::uint32_t NextCodePoint(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  std::uint32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += extra + 1;
  return cp;
}

// East Asian wide and fullwidth ranges (Unicode UAX #11, abridged): these
// take two columns in Excel's default fonts.
bool IsWide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::size_t CodePointCount(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

double DisplayWidth(std::string_view s) {
  double width = 0;
  std::size_t line_width = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = NextCodePoint(s, i);
    if (cp == '\n') {
      line_width = 0;  // a multi-line cell is as wide as its longest line
      continue;
    }
    line_width += IsWide(cp) ? 2 : 1;
    width = std::max(width, static_cast<double>(line_width));
  }
  return width;
}

// -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])? with at most kMaxNumericDigits digits:
// exactly the strings that a double holds without loss and that the XLSX
// reader prints back unchanged.
bool IsCanonicalNumber(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  std::size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  std::size_t int_digits = i - int_start;
  if (int_digits == 0 || (int_digits > 1 && s[int_start] == '0')) return false;
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t frac_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    frac_digits = i - frac_start;
    if (frac_digits == 0 || s[i - 1] == '0') return false;
  }
  if (i != s.size()) return false;
  if (s == "-0") return false;
  return int_digits + frac_digits <= kMaxNumericDigits;
}

// Makes `raw` a valid, unique Excel sheet name. `taken` holds the ASCII
// lower-cased names already used, since Excel compares names
// case-insensitively.
std::string SheetName(std::string_view raw, std::size_t index, std::set<std::string>& taken) {
  std::string name;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < raw.size() && chars < kExcelMaxSheetNameChars;) {
    std::size_t start = i;
    std::uint32_t cp = NextCodePoint(raw, i);
    bool forbidden =
        cp < 0x20 || (cp < 0x80 && std::string_view("[]:*?/\\").find(static_cast<char>(cp)) != std::string_view::npos);
    if (forbidden) {
      name.push_back('_');
    } else {
      name.append(raw.substr(start, i - start));
    }
    ++chars;
  }
  // Excel forbids a leading or trailing apostrophe and reserves "History".
  if (!name.empty() && name.front() == '\'') name.front() = '_';
  if (!name.empty() && name.back() == '\'') name.back() = '_';
  auto lower = [](std::string s) {
    for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return s;
  };
  if (name.empty() || lower(name) == "history") name = "Sheet" + std::to_string(index + 1);
  std::string candidate = name;
  for (int n = 2; taken.count(lower(candidate)) != 0; ++n) {
    std::string suffix = "(" + std::to_string(n) + ")";
    // Cut by code points so the suffix still fits in 31 characters.
    std::string base;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < name.size() && kept + suffix.size() < kExcelMaxSheetNameChars;) {
      std::size_t start = i;
      NextCodePoint(name, i);
      base.append(name, start, i - start);
      ++kept;
    }
    candidate = base + suffix;
  }
  taken.insert(lower(candidate));
  return candidate;
}

base::Status Validate(const std::vector<Sheet>& sheets) {
  for (const Sheet& sheet : sheets) {
    if (!IsValidUtf8(sheet.name)) return base::InvalidArgument("export.bad_utf8", "sheet name is not UTF-8");
    if (sheet.table.rows.size() > kExcelMaxRows) {
      return base::InvalidArgument("export.too_large", "more rows than an Excel sheet holds");
    }
    for (const auto& row : sheet.table.rows) {
      if (row.size() > kExcelMaxColumns) {
        return base::InvalidArgument("export.too_large", "more columns than an Excel sheet holds");
      }
      for (const auto& cell : row) {
        if (!IsValidUtf8(cell)) return base::InvalidArgument("export.bad_utf8", "cell text is not UTF-8");
        if (cell.size() > kExcelMaxCellChars && CodePointCount(cell) > kExcelMaxCellChars) {
          return base::InvalidArgument("export.too_large", "a cell is longer than Excel allows");
        }
      }
    }
  }
  return base::Ok();
}

base::Status Failed(std::string_view what, lxw_error error) {
  return base::Internal("export.xlsx_failed", std::string(what) + ": " + lxw_strerror(error));
}

// Fills one worksheet. The caller owns `workbook`; `header` is its bold format.
base::Status WriteSheet(lxw_worksheet* ws, const Table& table, lxw_format* header) {
  std::vector<double> widths;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string& cell = row[c];
      widths[c] = std::max(widths[c], DisplayWidth(cell));
      if (cell.empty()) continue;
      auto lr = static_cast<lxw_row_t>(r);
      auto lc = static_cast<lxw_col_t>(c);
      lxw_error err;
      if (r > 0 && IsCanonicalNumber(cell)) {
        err = worksheet_write_number(ws, lr, lc, std::strtod(cell.c_str(), nullptr), nullptr);
      } else {
        // worksheet_write_string never interprets '=': text stays text.
        err = worksheet_write_string(ws, lr, lc, cell.c_str(), r == 0 ? header : nullptr);
      }
      if (err != LXW_NO_ERROR) return Failed("write cell", err);
    }
  }
  for (std::size_t c = 0; c < widths.size(); ++c) {
    // +2 leaves room for the cell padding and the autofilter arrow.
    double width = std::clamp(widths[c] + 2, kMinColumnWidth, kMaxColumnWidth);
    auto lc = static_cast<lxw_col_t>(c);
    lxw_error err = worksheet_set_column(ws, lc, lc, width, nullptr);
    if (err != LXW_NO_ERROR) return Failed("set column", err);
  }
  if (!table.rows.empty()) worksheet_freeze_panes(ws, 1, 0);
  return base::Ok();
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in.good() && !in.eof()) return std::nullopt;
  return std::move(buffer).str();
}

// Deletes the temporary file on every path out of WriteXlsx.
class TempPath {
 public:
  TempPath() {
    const char* dir = getenv("TMPDIR");
    path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/shuzhi-xlsx-XXXXXX";
    int fd = mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    close(fd);  // libxlsxwriter reopens the file by name
  }
  ~TempPath() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

base::Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets) {
  SHUZHI_TRY(Validate(sheets));
  TempPath temp;
  if (!temp.ok()) return base::Internal("export.xlsx_failed", "cannot create a temporary file");

  lxw_workbook* workbook = workbook_new(temp.path().c_str());
  if (workbook == nullptr) return base::Internal("export.xlsx_failed", "workbook_new failed");
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);

  base::Status status;
  std::set<std::string> taken;
  for (std::size_t i = 0; i < sheets.size() && status.ok(); ++i) {
    std::string name = SheetName(sheets[i].name, i, taken);
    lxw_worksheet* ws = workbook_add_worksheet(workbook, name.c_str());
    if (ws == nullptr) {
      status = base::Internal("export.xlsx_failed", "cannot add worksheet");
      break;
    }
    status = WriteSheet(ws, sheets[i].table, header);
  }
  if (status.ok() && sheets.empty()) {
    // A workbook must have at least one sheet for Excel to open it.
    if (workbook_add_worksheet(workbook, nullptr) == nullptr) {
      status = base::Internal("export.xlsx_failed", "cannot add worksheet");
    }
  }
  // workbook_close also frees the workbook, so it runs on the error path too.
  lxw_error close_error = workbook_close(workbook);
  if (!status.ok()) return status;
  if (close_error != LXW_NO_ERROR) return Failed("close workbook", close_error);

  std::optional<std::string> bytes = ReadWholeFile(temp.path());
  if (!bytes) return base::Internal("export.xlsx_failed", "cannot read back the temporary file");
  return std::move(*bytes);
}

}  // namespace shuzhi::exports
