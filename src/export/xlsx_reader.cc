// Implementation note: orcus offers two ways to receive a workbook. Its own
// document model (orcus::spreadsheet::document) drags in libixion, a formula
// engine, and keeps every cell in typed column stores we would then convert
// again. We need only cell text, so this file implements the orcus import
// interfaces itself (import_factory, import_sheet, import_shared_strings,
// import_styles, import_formula, import_global_settings,
// import_reference_resolver) as thin collectors writing straight into a
// Table. Only liborcus is linked; ixion is not.
//
// Number formats: orcus reports each cell's xf (cell format) index and, via
// import_styles, each xf's numFmtId and the custom number format codes, which
// is enough to tell a date-formatted number from a plain one. Numbers are
// collected with their position and turned into text after the whole file is
// read, because orcus does not promise whether a cell's format or its value
// arrives first, and formula results arrive only at the very end. What each
// number format shows is decided in xlsx_numbers.cc.
#include "export/xlsx_reader.h"

#include <boost/locale/utf.hpp>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <orcus/exception.hpp>
#include <orcus/orcus_xlsx.hpp>
#include <orcus/spreadsheet/import_interface.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "export/office_zip.h"
#include "export/xlsx_numbers.h"

namespace shuzhi::exports {
namespace {

namespace ss = orcus::spreadsheet;
using xlsx::BuiltinKind;
using xlsx::CodeKind;
using xlsx::FormatDateNumber;
using xlsx::FormatNumber;
using xlsx::NumberKind;

// The sheet XML of 1,000,000 rows x 12 columns is roughly 400 MB; beyond this
// the file cannot be a legitimate import, and orcus inflates every part into
// memory before parsing it, so a small "zip bomb" must be refused up front.
constexpr std::uint64_t kMaxInflatedBytes = 512ull << 20;

base::Status NotASpreadsheet(std::string message) {
  return base::InvalidArgument("import.not_a_spreadsheet", std::move(message));
}
base::Status TooLarge(std::string message) { return base::InvalidArgument("import.too_large", std::move(message)); }

// Everything liborcus will read, read first through OfficeZip (bounded, see
// office_zip.h): the archive's limits, every XML part's character
// references and well-formedness, and inline strings.
//
// orcus 0.17 silently drops cells stored as inline strings
// (<c t="inlineStr"><is><t>..</t></is></c>), which streaming writers such as
// Apache POI's SXSSF and libxlsxwriter's constant-memory mode produce. Losing
// names without a word would be worse than refusing the file, so we look for
// such cells and refuse; Excel or WPS rewrite them as shared strings on save.
base::Status CheckParts(std::string_view bytes) {
  auto zip = OfficeZip::Open(bytes, ZipLimits{kMaxInflatedBytes, 100'000});
  if (!zip.ok()) {
    if (zip.status().reason() == "import.too_large") return zip.status();
    return NotASpreadsheet("not a zip archive");
  }
  for (const auto& name : (*zip)->names()) {
    if (!IsXmlPart(name)) continue;
    auto part = (*zip)->Read(name);
    if (!part.ok()) {
      if (part.status().reason() == "import.too_large") return part.status();
      return NotASpreadsheet("damaged zip archive");
    }
    if (!*part) continue;
    const std::string_view xml = **part;
    SHUZHI_TRY(CheckXmlCharRefs(xml));
    SHUZHI_TRY(CheckXmlWellFormed(xml));
    if (name.rfind("xl/worksheets/", 0) == 0 &&
        (xml.find("\"inlineStr\"") != std::string_view::npos || xml.find("'inlineStr'") != std::string_view::npos)) {
      return base::InvalidArgument("import.unsupported_xlsx",
                                   "the workbook stores text as inline strings; open and save it "
                                   "in Excel or WPS first");
    }
  }
  return base::Ok();
}

// ---- text ------------------------------------------------------------------

// One "_xHHHH_" escape at `i`: the UTF-16 code unit it names.
std::optional<std::uint32_t> EscapeAt(std::string_view s, std::size_t i) {
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return std::nullopt;
  std::uint32_t unit = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    const char c = s[k];
    const int digit = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                             : -1;
    if (digit < 0) return std::nullopt;
    unit = unit * 16 + static_cast<std::uint32_t>(digit);
  }
  return unit;
}

// ---- the collectors --------------------------------------------------------

class SharedStrings final : public ss::iface::import_shared_strings {
 public:
  size_t append(std::string_view s) override {
    strings_.push_back(DecodeXstring(s));
    return strings_.size() - 1;
  }
  size_t add(std::string_view s) override {
    auto [it, inserted] = index_.try_emplace(std::string(s), strings_.size());
    if (inserted) strings_.push_back(DecodeXstring(s));
    return it->second;
  }
  // Rich text: keep the characters, drop the formatting of each run.
  void set_segment_font(size_t) override {}
  void set_segment_bold(bool) override {}
  void set_segment_italic(bool) override {}
  void set_segment_font_name(std::string_view) override {}
  void set_segment_font_size(double) override {}
  void set_segment_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  void append_segment(std::string_view s) override { segments_.append(s); }
  size_t commit_segments() override {
    strings_.push_back(DecodeXstring(segments_));
    segments_.clear();
    return strings_.size() - 1;
  }

  const std::string* Get(std::size_t id) const { return id < strings_.size() ? &strings_[id] : nullptr; }

 private:
  std::vector<std::string> strings_;
  // Only strings that came through add(); append() promises no duplicates.
  std::unordered_map<std::string, std::size_t> index_;
  std::string segments_;
};

// Remembers, per cell format (xf), which kind of number it displays. All the
// font, fill and border calls are accepted and ignored.
class Styles final : public ss::iface::import_styles {
 public:
  NumberKind KindOfXf(std::size_t xf) const {
    return xf < cell_xf_kinds_.size() ? cell_xf_kinds_[xf] : NumberKind::kPlain;
  }

  void set_number_format_count(size_t) override {}
  void set_number_format_identifier(size_t id) override { numfmt_id_ = id; }
  void set_number_format_code(std::string_view s) override { numfmt_code_ = s; }
  size_t commit_number_format() override {
    if (numfmt_id_) custom_kinds_[*numfmt_id_] = CodeKind(numfmt_code_);
    numfmt_id_.reset();
    numfmt_code_.clear();
    return custom_kinds_.size() - 1;
  }
  void set_xf_number_format(size_t index) override { xf_numfmt_ = index; }
  size_t commit_cell_xf() override {
    auto custom = custom_kinds_.find(xf_numfmt_);
    cell_xf_kinds_.push_back(custom != custom_kinds_.end() ? custom->second : BuiltinKind(xf_numfmt_));
    xf_numfmt_ = 0;
    return cell_xf_kinds_.size() - 1;
  }
  size_t commit_cell_style_xf() override {
    xf_numfmt_ = 0;
    return 0;
  }
  size_t commit_dxf() override {
    xf_numfmt_ = 0;
    return 0;
  }

  void set_font_count(size_t) override {}
  void set_font_bold(bool) override {}
  void set_font_italic(bool) override {}
  void set_font_name(std::string_view) override {}
  void set_font_size(double) override {}
  void set_font_underline(ss::underline_t) override {}
  void set_font_underline_width(ss::underline_width_t) override {}
  void set_font_underline_mode(ss::underline_mode_t) override {}
  void set_font_underline_type(ss::underline_type_t) override {}
  void set_font_underline_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  void set_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  void set_strikethrough_style(ss::strikethrough_style_t) override {}
  void set_strikethrough_type(ss::strikethrough_type_t) override {}
  void set_strikethrough_width(ss::strikethrough_width_t) override {}
  void set_strikethrough_text(ss::strikethrough_text_t) override {}
  size_t commit_font() override { return 0; }
  void set_fill_count(size_t) override {}
  void set_fill_pattern_type(ss::fill_pattern_t) override {}
  void set_fill_fg_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  void set_fill_bg_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
  size_t commit_fill() override { return 0; }
  void set_border_count(size_t) override {}
  void set_border_style(ss::border_direction_t, ss::border_style_t) override {}
  void set_border_color(ss::border_direction_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t,
                        ss::color_elem_t) override {}
  void set_border_width(ss::border_direction_t, double, orcus::length_unit_t) override {}
  size_t commit_border() override { return 0; }
  void set_cell_hidden(bool) override {}
  void set_cell_locked(bool) override {}
  void set_cell_print_content(bool) override {}
  void set_cell_formula_hidden(bool) override {}
  size_t commit_cell_protection() override { return 0; }
  void set_cell_xf_count(size_t) override {}
  void set_cell_style_xf_count(size_t) override {}
  void set_dxf_count(size_t) override {}
  void set_xf_font(size_t) override {}
  void set_xf_fill(size_t) override {}
  void set_xf_border(size_t) override {}
  void set_xf_protection(size_t) override {}
  void set_xf_style_xf(size_t) override {}
  void set_xf_apply_alignment(bool) override {}
  void set_xf_horizontal_alignment(ss::hor_alignment_t) override {}
  void set_xf_vertical_alignment(ss::ver_alignment_t) override {}
  void set_cell_style_count(size_t) override {}
  void set_cell_style_name(std::string_view) override {}
  void set_cell_style_xf(size_t) override {}
  void set_cell_style_builtin(size_t) override {}
  void set_cell_style_parent_name(std::string_view) override {}
  size_t commit_cell_style() override { return 0; }

 private:
  std::optional<std::size_t> numfmt_id_;
  std::string numfmt_code_;
  std::unordered_map<std::size_t, NumberKind> custom_kinds_;
  std::size_t xf_numfmt_ = 0;
  std::vector<NumberKind> cell_xf_kinds_;
};

class GlobalSettings final : public ss::iface::import_global_settings {
 public:
  bool date1904() const { return date1904_; }
  void set_origin_date(int year, int month, int day) override { date1904_ = year == 1904 && month == 1 && day == 1; }
  void set_default_formula_grammar(ss::formula_grammar_t grammar) override { grammar_ = grammar; }
  ss::formula_grammar_t get_default_formula_grammar() const override { return grammar_; }
  void set_character_set(orcus::character_set_t) override {}

 private:
  bool date1904_ = false;
  ss::formula_grammar_t grammar_ = ss::formula_grammar_t::xlsx;
};

// Turns "A1"-style references (cell positions, the sheet dimension) into
// 0-based row and column numbers; orcus_xlsx needs this to read any sheet.
// The interface contract is to throw orcus::invalid_arg_error on a bad
// reference, which orcus turns into a failed import that we catch.
class ReferenceResolver final : public ss::iface::import_reference_resolver {
 public:
  ss::src_address_t resolve_address(std::string_view address) override {
    std::size_t bang = address.rfind('!');
    if (bang != std::string_view::npos) address.remove_prefix(bang + 1);
    ss::src_address_t result{0, -1, -1};
    std::size_t i = 0;
    if (i < address.size() && address[i] == '$') ++i;
    std::size_t letters = 0;
    std::int64_t col = 0;
    for (; i < address.size() && letters < 4; ++i, ++letters) {
      char c = address[i];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c < 'A' || c > 'Z') break;
      col = col * 26 + (c - 'A' + 1);
    }
    if (i < address.size() && address[i] == '$') ++i;
    std::size_t digits = 0;
    std::int64_t row = 0;
    for (; i < address.size() && digits < 8; ++i, ++digits) {
      char c = address[i];
      if (c < '0' || c > '9') break;
      row = row * 10 + (c - '0');
    }
    if (i != address.size() || (letters == 0 && digits == 0) || letters > 3 || digits > 7 || (digits > 0 && row == 0)) {
      throw orcus::invalid_arg_error("bad cell address");
    }
    // A whole column ("A") or a whole row ("3") leaves the other part open;
    // resolve_range widens it to the sheet's edge.
    result.column = letters > 0 ? static_cast<ss::col_t>(col - 1) : -1;
    result.row = digits > 0 ? static_cast<ss::row_t>(row - 1) : -1;
    return result;
  }

  ss::src_range_t resolve_range(std::string_view range) override {
    std::size_t colon = range.find(':');
    ss::src_address_t first = resolve_address(range.substr(0, colon));
    ss::src_address_t last = colon == std::string_view::npos ? first : resolve_address(range.substr(colon + 1));
    if (first.row < 0) first.row = 0;
    if (first.column < 0) first.column = 0;
    if (last.row < 0) last.row = 1'048'575;
    if (last.column < 0) last.column = 16'383;
    return ss::src_range_t{first, last};
  }
};

class CollectingSheet;

// Receives each formula cell once the whole file is read; we keep the
// cached result that Excel stored and never evaluate the formula.
class FormulaResults final : public ss::iface::import_formula {
 public:
  explicit FormulaResults(CollectingSheet& sheet) : sheet_(sheet) {}
  void set_position(ss::row_t row, ss::col_t col) override {
    row_ = row, col_ = col;
    text_.clear();
    number_.reset();
  }
  void set_formula(ss::formula_grammar_t, std::string_view) override {}
  void set_shared_formula_index(size_t) override {}
  void set_result_string(std::string_view value) override { text_ = value; }
  void set_result_value(double value) override { number_ = value; }
  void set_result_bool(bool value) override { text_ = value ? "TRUE" : "FALSE"; }
  void set_result_empty() override {}
  void commit() override;

 private:
  CollectingSheet& sheet_;
  ss::row_t row_ = -1;
  ss::col_t col_ = -1;
  std::string text_;
  std::optional<double> number_;
};

// Collects one sheet's cells into a Table. Values beyond the import limits
// set a flag instead of throwing: an exception thrown from a callback would
// have to cross orcus' own frames, which are not written for it.
class CollectingSheet final : public ss::iface::import_sheet {
 public:
  CollectingSheet(const SharedStrings& strings, bool keep) : strings_(strings), keep_(keep), formulas_(*this) {}

  ss::iface::import_formula* get_formula() override { return &formulas_; }

  void set_auto(ss::row_t row, ss::col_t col, std::string_view s) override { SetText(row, col, DecodeXstring(s)); }
  void set_string(ss::row_t row, ss::col_t col, ss::string_id_t sindex) override {
    const std::string* s = strings_.Get(sindex);
    if (s != nullptr) SetText(row, col, *s);
  }
  void set_value(ss::row_t row, ss::col_t col, double value) override { SetNumber(row, col, value); }
  void set_bool(ss::row_t row, ss::col_t col, bool value) override { SetText(row, col, value ? "TRUE" : "FALSE"); }
  void set_date_time(ss::row_t row, ss::col_t col, int year, int month, int day, int hour, int minute,
                     double second) override {
    char buf[40];
    int n = hour == 0 && minute == 0 && second == 0
                ? std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day)
                : std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute,
                                static_cast<int>(second));
    SetText(row, col, std::string_view(buf, n));
  }
  void set_format(ss::row_t row, ss::col_t col, size_t xf_index) override {
    if (!keep_ || !InRange(row, col) || xf_index == 0) return;
    auto r = static_cast<std::size_t>(row);
    auto c = static_cast<std::size_t>(col);
    if (xfs_.size() <= r) xfs_.resize(r + 1);
    if (xfs_[r].size() <= c) xfs_[r].resize(c + 1, 0);
    xfs_[r][c] = static_cast<std::uint32_t>(xf_index);
  }
  // Range formats come from row and column styles; cells in a real sheet
  // carry their own xf, so these are not needed to recognise dates.
  void set_format(ss::row_t, ss::col_t, ss::row_t, ss::col_t, size_t) override {}
  void fill_down_cells(ss::row_t src_row, ss::col_t src_col, ss::row_t range_size) override {
    if (!keep_ || !InRange(src_row, src_col) || range_size <= 0) return;
    auto r = static_cast<std::size_t>(src_row);
    auto c = static_cast<std::size_t>(src_col);
    if (r >= table_.rows.size() || c >= table_.rows[r].size()) return;
    std::string value = table_.rows[r][c];
    for (ss::row_t i = 1; i <= range_size; ++i) SetText(src_row + i, src_col, value);
  }
  ss::range_size_t get_sheet_size() const override {
    // Excel's own limits, so orcus accepts every address a real file uses;
    // our tighter import limits are enforced in Slot().
    return ss::range_size_t{1'048'576, 16'384};
  }

  void SetText(ss::row_t row, ss::col_t col, std::string_view s) {
    std::string* slot = Slot(row, col, !s.empty());
    if (slot != nullptr) slot->assign(s);
  }
  void SetNumber(ss::row_t row, ss::col_t col, double value) {
    if (Slot(row, col, true) != nullptr) {
      numbers_.push_back({static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(col), value});
    }
  }

  bool too_large() const { return too_large_; }

  // Turns the collected numbers into text now that every format is known.
  Table Finish(const Styles& styles, bool date1904) && {
    for (const auto& n : numbers_) {
      std::uint32_t xf = n.row < xfs_.size() && n.col < xfs_[n.row].size() ? xfs_[n.row][n.col] : 0;
      NumberKind kind = styles.KindOfXf(xf);
      table_.rows[n.row][n.col] =
          kind == NumberKind::kPlain ? FormatNumber(n.value) : FormatDateNumber(n.value, kind, date1904);
    }
    TrimTrailingEmpty(table_);
    return std::move(table_);
  }

 private:
  struct Number {
    std::uint32_t row;
    std::uint32_t col;
    double value;
  };

  static bool InRange(ss::row_t row, ss::col_t col) {
    return row >= 0 && col >= 0 && static_cast<std::size_t>(row) < kMaxImportRows &&
           static_cast<std::size_t>(col) < kMaxImportColumns;
  }

  // The cell string to write, or nullptr if this sheet is not collected or
  // the cell is out of bounds. An empty value out of bounds is no reason to
  // refuse the file (Excel leaves empty styled cells far to the right).
  std::string* Slot(ss::row_t row, ss::col_t col, bool has_value) {
    if (!keep_) return nullptr;
    if (!InRange(row, col)) {
      if (has_value) too_large_ = true;
      return nullptr;
    }
    auto r = static_cast<std::size_t>(row);
    auto c = static_cast<std::size_t>(col);
    if (table_.rows.size() <= r) table_.rows.resize(r + 1);
    auto& cells = table_.rows[r];
    if (cells.size() <= c) cells.resize(c + 1);
    return &cells[c];
  }

  const SharedStrings& strings_;
  const bool keep_;  // false for every sheet but the first: parsed, not stored
  FormulaResults formulas_;
  Table table_;
  std::vector<std::vector<std::uint32_t>> xfs_;  // xf per cell, 0 = default
  std::vector<Number> numbers_;
  bool too_large_ = false;
};

void FormulaResults::commit() {
  if (number_) {
    sheet_.SetNumber(row_, col_, *number_);
  } else {
    sheet_.SetText(row_, col_, text_);
  }
}

class CollectingFactory final : public ss::iface::import_factory {
 public:
  ss::iface::import_global_settings* get_global_settings() override { return &settings_; }
  ss::iface::import_shared_strings* get_shared_strings() override { return &strings_; }
  ss::iface::import_styles* get_styles() override { return &styles_; }
  ss::iface::import_reference_resolver* get_reference_resolver(ss::formula_ref_context_t) override {
    return &resolver_;
  }

  ss::iface::import_sheet* append_sheet(ss::sheet_t sheet_index, std::string_view name) override {
    sheets_.push_back(std::make_unique<CollectingSheet>(strings_, sheets_.empty()));
    names_.emplace_back(name);
    (void)sheet_index;  // orcus appends in workbook order, so index == position
    return sheets_.back().get();
  }
  ss::iface::import_sheet* get_sheet(std::string_view name) override {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == name) return sheets_[i].get();
    }
    return nullptr;
  }
  ss::iface::import_sheet* get_sheet(ss::sheet_t sheet_index) override {
    if (sheet_index < 0 || static_cast<std::size_t>(sheet_index) >= sheets_.size()) return nullptr;
    return sheets_[sheet_index].get();
  }
  void finalize() override {}

  CollectingSheet* first_sheet() { return sheets_.empty() ? nullptr : sheets_.front().get(); }
  const Styles& styles() const { return styles_; }
  bool date1904() const { return settings_.date1904(); }

 private:
  GlobalSettings settings_;
  SharedStrings strings_;
  Styles styles_;
  ReferenceResolver resolver_;
  std::vector<std::unique_ptr<CollectingSheet>> sheets_;
  std::vector<std::string> names_;
};

}  // namespace

// Excel writes a character that XML 1.0 cannot hold (a control character,
// CR among them: Alt+Enter in a cell gives CR LF) as "_xHHHH_", its UTF-16
// code unit in hex, and a literal "_x" that would read as an escape as
// "_x005F_x…" (ECMA-376 Part 1, §22.9.2.19, ST_Xstring). orcus 0.17 passes
// the escapes through as they are, so they are decoded here: without this
// a two-line cell arrives as "第一行_x000D_\n第二行". A surrogate pair comes
// as two escapes; a lone surrogate becomes U+FFFD.
std::string DecodeXstring(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto unit = EscapeAt(s, i);
    if (!unit) {
      out.push_back(s[i++]);
      continue;
    }
    i += 7;
    std::uint32_t cp = *unit;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const auto low = EscapeAt(s, i);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        i += 7;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    boost::locale::utf::utf_traits<char>::encode(cp, std::back_inserter(out));
  }
  return out;
}

base::Result<Table> ReadXlsxFirstSheet(std::string_view bytes) {
  if (bytes.empty()) return NotASpreadsheet("the file is empty");
  SHUZHI_TRY(CheckParts(bytes));
  CollectingFactory factory;
  try {
    orcus::orcus_xlsx filter(&factory);
    filter.read_stream(bytes);
  } catch (const std::bad_alloc&) {
    return TooLarge("the workbook does not fit in memory");
  } catch (const std::exception& e) {
    // orcus reports every malformed part (zip, XML, relations) by throwing.
    return NotASpreadsheet(std::string("cannot read the workbook: ") + e.what());
  } catch (...) {
    return NotASpreadsheet("cannot read the workbook");
  }
  CollectingSheet* sheet = factory.first_sheet();
  if (sheet == nullptr) return NotASpreadsheet("the file has no worksheet");
  if (sheet->too_large()) {
    return TooLarge("the first sheet has more than 1,000,000 rows or 200 columns");
  }
  return std::move(*sheet).Finish(factory.styles(), factory.date1904());
}

}  // namespace shuzhi::exports
