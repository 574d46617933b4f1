// Internal to src/export: how the XLSX reader (xlsx_reader.cc) turns a stored
// number into the text a person sees in Excel. A cell stores only a double and
// an index of its cell format; whether that double is a phone number, a date
// or a time of day is decided by the format's number format, which is either
// one of the built-in ids or a custom format code. These are pure functions of
// their arguments, safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace shuzhi::exports::xlsx {

// What a number format shows: the number itself, or a calendar day, a day
// with its time, or a time of day.
enum class NumberKind { kPlain, kDate, kDateTime, kTime };

// The kind of a built-in numFmtId (ECMA-376 §18.8.30, plus the ids Excel
// uses for zh-CN dates); kPlain for any id it does not know.
NumberKind BuiltinKind(std::size_t id);

// The kind of a custom format code such as "yyyy/m/d" or "h:mm:ss".
NumberKind CodeKind(std::string_view code);

// A plain number as Excel shows it: integers without ".0", others with up to
// 15 significant digits; "#NUM!" for a value that is not finite.
std::string FormatNumber(double v);

// A number under a date or time format: "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]"
// or "HH:MM[:SS]" after `kind`, counted in the 1904 date system when
// `date1904`. Falls back to FormatNumber when the value is no valid date.
std::string FormatDateNumber(double v, NumberKind kind, bool date1904);

}  // namespace shuzhi::exports::xlsx
