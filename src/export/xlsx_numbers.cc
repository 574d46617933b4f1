// Number formats of the XLSX reader (see xlsx_numbers.h), and the serial-day
// conversion that xlsx_reader.h offers to callers with dates from a CSV.
#include "export/xlsx_numbers.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "export/xlsx_reader.h"

namespace shuzhi::exports {
namespace xlsx {
namespace {

// Days since the epoch of the workbook's date system to a calendar date.
// In the 1900 system Excel counts a nonexistent 1900-02-29 as day 60, so
// serials from 61 on are one day ahead of a plain count from 1899-12-31.
std::optional<std::chrono::year_month_day> SerialDay(std::int64_t day, bool date1904) {
  using namespace std::chrono;
  constexpr std::int64_t kMaxSerial = 2958465;  // 9999-12-31
  sys_days base;
  if (date1904) {
    if (day < 0 || day > kMaxSerial - 1462) return std::nullopt;
    base = sys_days(year(1904) / January / 1);
  } else {
    if (day < 1 || day == 60 || day > kMaxSerial) return std::nullopt;
    base = day < 60 ? sys_days(year(1899) / December / 31) : sys_days(year(1899) / December / 30);
  }
  return year_month_day(base + days(day));
}

std::string IsoDate(const std::chrono::year_month_day& ymd) {
  char buf[16];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return std::string(buf, n);
}

std::string ClockTime(std::int64_t seconds) {
  char buf[16];
  int h = static_cast<int>(seconds / 3600), m = static_cast<int>(seconds / 60 % 60), s = static_cast<int>(seconds % 60);
  int n = s == 0 ? std::snprintf(buf, sizeof buf, "%02d:%02d", h, m)
                 : std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, m, s);
  return std::string(buf, n);
}

}  // namespace

// Built-in numFmtIds (ECMA-376 §18.8.30, plus the ids Excel uses for the
// zh-CN date formats such as yyyy"年"m"月"d"日").
NumberKind BuiltinKind(std::size_t id) {
  switch (id) {
    case 14:
    case 15:
    case 16:
    case 17:
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
      return NumberKind::kDate;
    case 22:
      return NumberKind::kDateTime;
    case 18:
    case 19:
    case 20:
    case 21:
    case 32:
    case 33:
    case 34:
    case 35:
    case 45:
    case 46:
    case 47:
    case 55:
    case 56:
      return NumberKind::kTime;
    default:
      return NumberKind::kPlain;
  }
}

// Classifies a format code such as "yyyy/m/d", "yyyy\"年\"m\"月\"d\"日\"" or
// "h:mm:ss". Only the first section counts (the one for positive numbers).
// Literal text ("..." and \x), fill and padding characters (*x, _x) and
// bracketed parts ([Red], [$-804]) are skipped; elapsed-time brackets such as
// [h] mark a time. 'm' alone is ambiguous (month or minute), so a format is a
// date only with y or d and a time only with h or s.
NumberKind CodeKind(std::string_view code) {
  bool date = false;
  bool time = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      std::size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      std::size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      std::string_view inside = code.substr(i + 1, close - i - 1);
      if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos) {
        time = true;
      }
      i = close;
    } else {
      switch (c) {
        case 'y':
        case 'Y':
        case 'd':
        case 'D':
          date = true;
          break;
        case 'h':
        case 'H':
        case 's':
        case 'S':
          time = true;
          break;
        default:
          break;
      }
    }
  }
  if (date && time) return NumberKind::kDateTime;
  if (date) return NumberKind::kDate;
  if (time) return NumberKind::kTime;
  return NumberKind::kPlain;
}

// "13800138000", "3", "-2.5", "0.3" (not 0.30000000000000004: Excel itself
// keeps 15 significant digits).
std::string FormatNumber(double v) {
  if (!std::isfinite(v)) return "#NUM!";
  if (v == 0) return "0";  // also turns -0 into "0"
  char buf[64];
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    int n = std::snprintf(buf, sizeof buf, "%.0f", v);
    return std::string(buf, n);
  }
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
  return std::string(buf, r.ptr);
}

// Text for a number shown with a date or time format; falls back to the plain
// number when the value is no valid date (e.g. negative).
std::string FormatDateNumber(double v, NumberKind kind, bool date1904) {
  if (!std::isfinite(v) || v < 0 || v > 1e7) return FormatNumber(v);
  // Round to whole seconds first, so 0.99999999 of a day becomes the next day.
  auto total_seconds = static_cast<std::int64_t>(std::llround(v * 86400.0));
  std::int64_t day = total_seconds / 86400;
  std::int64_t seconds = total_seconds % 86400;
  if (kind == NumberKind::kTime) {
    return v < 1 ? ClockTime(seconds) : FormatNumber(v);
  }
  if (kind == NumberKind::kDate) {
    // A date format shows only the day, even if the value has a time part.
    auto ymd = SerialDay(static_cast<std::int64_t>(std::floor(v)), date1904);
    return ymd ? IsoDate(*ymd) : FormatNumber(v);
  }
  auto ymd = SerialDay(day, date1904);
  if (!ymd) return FormatNumber(v);
  return IsoDate(*ymd) + " " + ClockTime(seconds);
}

}  // namespace xlsx

std::optional<std::string> ExcelSerialToIsoDate(std::string_view serial) {
  while (!serial.empty() && serial.front() == ' ') serial.remove_prefix(1);
  while (!serial.empty() && serial.back() == ' ') serial.remove_suffix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(serial.data(), serial.data() + serial.size(), value);
  if (ec != std::errc() || end != serial.data() + serial.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  if (value < 1 || value >= 2958466) return std::nullopt;
  auto ymd = xlsx::SerialDay(static_cast<std::int64_t>(std::floor(value)), /*date1904=*/false);
  if (!ymd) return std::nullopt;
  return xlsx::IsoDate(*ymd);
}

}  // namespace shuzhi::exports
