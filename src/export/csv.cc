#include "export/csv.h"

#include <errno.h>
#include <iconv.h>

#include <cstddef>
#include <optional>

namespace shuzhi::exports {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// GB18030 is a superset of GBK and GB2312, so one conversion covers every
// legacy encoding a Chinese Excel or WPS "save as CSV" produces. Strict: any
// byte sequence GB18030 does not define fails, with no //IGNORE, so a file in
// some third encoding is refused instead of silently garbled.
std::optional<std::string> Gb18030ToUtf8(std::string_view in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  // (iconv_t)-1 is how iconv_open says it failed (POSIX); nothing else compares.
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;  // NOLINT(performance-no-int-to-ptr)
  std::string out;
  // Every GB18030 sequence of n bytes becomes at most 2n UTF-8 bytes
  // (2-byte GBK -> 3-byte UTF-8, 4-byte GB18030 -> at most 4 bytes).
  out.resize(in.size() * 2 + 4);
  char* src = const_cast<char*>(in.data());  // iconv's signature is not const-correct
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1) || src_left != 0) return std::nullopt;
  out.resize(out.size() - dst_left);
  return out;
}

// A plain decimal number such as "-3" or "-0.5". Excel reads it as a number,
// never as a formula, so it needs no injection guard; prefixing it would turn
// negative scores into text for every reader of the export.
bool IsPlainNumber(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      ++digits;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits > 0;
}

// CSV injection (OWASP "CSV Injection"): Excel and WPS treat a cell starting
// with = + - @ as a formula, and a cell starting with TAB or CR is trimmed
// and then may be one. Exports carry text typed by deputies and the public, so
// such text could run =HYPERLINK(...) or DDE commands on an organizer's PC.
// A leading apostrophe makes the spreadsheet show the text as typed.
bool NeedsFormulaGuard(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
    case '-':
      return !IsPlainNumber(cell);
    default:
      return false;
  }
}

void AppendField(std::string& out, std::string_view cell) {
  std::string guarded;
  if (NeedsFormulaGuard(cell)) {
    guarded.reserve(cell.size() + 1);
    guarded.push_back('\'');
    guarded.append(cell);
    cell = guarded;
  }
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(cell);
    return;
  }
  out.push_back('"');
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

base::Result<Table> ReadCsv(std::string_view bytes) {
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());
  std::string converted;
  if (!IsValidUtf8(bytes)) {
    std::optional<std::string> utf8 = Gb18030ToUtf8(bytes);
    if (!utf8) {
      return base::InvalidArgument("import.bad_encoding", "CSV is neither valid UTF-8 nor valid GB18030/GBK");
    }
    converted = std::move(*utf8);
    bytes = converted;
  }

  // A small state machine over the (now UTF-8) bytes. Multi-byte UTF-8
  // sequences never contain ',', '"', CR or LF bytes, so byte-wise scanning
  // is safe.
  Table table;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false;
  bool row_has_content = false;  // distinguishes "" at EOF from no row at all
  auto end_field = [&]() -> bool {
    row.push_back(std::move(field));
    field.clear();
    return row.size() <= kMaxImportColumns;
  };
  auto end_row = [&]() -> bool {
    while (!row.empty() && row.back().empty()) row.pop_back();
    table.rows.push_back(std::move(row));
    row.clear();
    row_has_content = false;
    return table.rows.size() <= kMaxImportRows;
  };
  const base::Status too_large =
      base::InvalidArgument("import.too_large", "CSV exceeds the row or column limit for an import");

  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (in_quotes) {
      if (c != '"') {
        field.push_back(c);
      } else if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else {
        in_quotes = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        // A quote opens a quoted section anywhere in the field; text after
        // the closing quote (`"a"b`) is kept, as Excel does.
        in_quotes = true;
        row_has_content = true;
        break;
      case ',':
        if (!end_field()) return too_large;
        row_has_content = true;
        break;
      case '\r':
        if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
        [[fallthrough]];
      case '\n':
        if (!end_field() || !end_row()) return too_large;
        break;
      default:
        field.push_back(c);
        row_has_content = true;
    }
  }
  // The last line may lack its line break.
  if (row_has_content || !field.empty() || in_quotes) {
    if (!end_field() || !end_row()) return too_large;
  }
  TrimTrailingEmpty(table);
  return table;
}

std::string WriteCsv(const Table& table, bool with_bom) {
  std::string out;
  if (with_bom) out.append(kUtf8Bom);
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendField(out, row[i]);
    }
    out.append("\r\n");
  }
  return out;
}

}  // namespace shuzhi::exports
