#include "export/xlsx_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "export/test_util.h"
#include "export/xlsx_writer.h"

namespace shuzhi::exports {
namespace {

// Builds a workbook directly with libxlsxwriter, for cell kinds WriteXlsx
// never writes (dates, formulas, booleans). Returns the file's bytes.
std::string BuildWithLibxlsxwriter(const std::function<void(lxw_workbook*, lxw_worksheet*)>& fill) {
  char path[] = "/tmp/shuzhi-xlsx-test-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  lxw_workbook* wb = workbook_new(path);
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  fill(wb, ws);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  unlink(path);
  return std::move(bytes).str();
}

void ExpectNotASpreadsheet(std::string_view bytes) {
  auto t = ReadXlsxFirstSheet(bytes);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), base::Code::kInvalidArgument);
  EXPECT_EQ(t.status().reason(), "import.not_a_spreadsheet") << t.status().ToString();
}

TEST(XlsxReaderTest, RoundTripsWhatWriteXlsxWrote) {
  Table table{{{"姓名", "电话", "得分", "备注", "公式"},
               {"张三", "13800138000", "3", "", "=1+1"},
               {"李四", "0571-8888", "-2.5", "代表履职", "0.1"},
               {},
               {"王五", "110101199003071234", "007", "", "", "最后一列"}}};
  auto bytes = WriteXlsx({Sheet{"代表", table}, Sheet{"其他", Table{{{"not read"}}}}});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto back = ReadXlsxFirstSheet(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, table);
}

TEST(XlsxReaderTest, GarbageAndEmptyAreNotASpreadsheet) {
  ExpectNotASpreadsheet("");
  ExpectNotASpreadsheet("this is not a spreadsheet at all, just some text");
  ExpectNotASpreadsheet(std::string(1000, '\0'));
  // A zip that is not a workbook: the directory check passes, orcus finds
  // no sheet.
  std::string pk_only = "PK\x05\x06" + std::string(18, '\0');
  ExpectNotASpreadsheet(pk_only);
}

TEST(XlsxReaderTest, TruncatedOrCorruptedWorkbookIsNotASpreadsheet) {
  auto bytes = WriteXlsx({Sheet{"s", Table{{{"a", "b"}, {"1", "2"}}}}});
  ASSERT_TRUE(bytes.ok());
  for (std::size_t keep : {bytes->size() / 2, bytes->size() - 10, std::size_t{30}}) {
    ExpectNotASpreadsheet(std::string_view(*bytes).substr(0, keep));
  }
  // Damage the compressed data in the middle but keep the directory intact.
  std::string damaged = *bytes;
  for (std::size_t i = 200; i < 1200 && i < damaged.size(); ++i) damaged[i] = static_cast<char>(i * 7);
  auto t = ReadXlsxFirstSheet(damaged);  // must not crash; either outcome is a Status
  if (!t.ok()) {
    EXPECT_EQ(t.status().code(), base::Code::kInvalidArgument);
  }
}

TEST(XlsxReaderTest, DateFormattedNumbersComeBackAsIsoDates) {
  std::string bytes = BuildWithLibxlsxwriter([](lxw_workbook* wb, lxw_worksheet* ws) {
    lxw_format* iso = workbook_add_format(wb);
    format_set_num_format(iso, "yyyy-mm-dd");
    lxw_format* builtin = workbook_add_format(wb);
    format_set_num_format_index(builtin, 14);  // m/d/yyyy, Excel's default date
    lxw_format* chinese = workbook_add_format(wb);
    format_set_num_format(chinese, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format* stamp = workbook_add_format(wb);
    format_set_num_format(stamp, "yyyy/m/d h:mm");
    lxw_format* clock = workbook_add_format(wb);
    format_set_num_format(clock, "h:mm:ss");
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00\"元\"");
    worksheet_write_number(ws, 0, 0, 45000, iso);
    worksheet_write_number(ws, 0, 1, 45000, builtin);
    worksheet_write_number(ws, 0, 2, 45000, chinese);
    worksheet_write_number(ws, 0, 3, 45000.6041666667, stamp);  // 14:30
    worksheet_write_number(ws, 0, 4, 0.5, clock);
    worksheet_write_number(ws, 0, 5, 45000, money);
    worksheet_write_number(ws, 0, 6, 45000, nullptr);
  });
  auto t = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(*t, (Table{{{"2023-03-15", "2023-03-15", "2023-03-15", "2023-03-15 14:30", "12:00", "45000", "45000"}}}));
}

TEST(XlsxReaderTest, FormulasBooleansAndFractions) {
  std::string bytes = BuildWithLibxlsxwriter([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_write_formula_num(ws, 0, 0, "=1+1", nullptr, 2);
    worksheet_write_formula_str(ws, 0, 1, "=\"a\"&\"b\"", nullptr, "ab");
    worksheet_write_boolean(ws, 0, 2, 1, nullptr);
    worksheet_write_number(ws, 0, 3, 0.1 + 0.2, nullptr);
    worksheet_write_number(ws, 0, 4, 1e15, nullptr);
    worksheet_write_number(ws, 2, 1, -0.0, nullptr);
  });
  auto t = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(*t, (Table{{{"2", "ab", "TRUE", "0.3", "1e+15"}, {}, {"", "0"}}}));
}

// What Excel escapes in shared strings (a two-line cell's CR, control
// characters) comes back as the characters, not as "_x000D_".
TEST(XlsxReaderTest, EscapedCharactersAreDecoded) {
  const std::string two_lines = "第一行\r\n第二行";
  const std::string control = std::string("a\x01") + "b";
  std::string bytes = BuildWithLibxlsxwriter([&](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_write_string(ws, 0, 0, two_lines.c_str(), nullptr);
    worksheet_write_string(ws, 0, 1, control.c_str(), nullptr);
    worksheet_write_string(ws, 0, 2, "plain_x_text", nullptr);
  });
  ASSERT_NE(bytes.find("sharedStrings"), std::string::npos);
  auto t = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0], (std::vector<std::string>{two_lines, control, "plain_x_text"}));
}

TEST(DecodeXstringTest, EscapesAndWhatIsNotOne) {
  EXPECT_EQ(DecodeXstring("a_x000D_b"), "a\rb");
  EXPECT_EQ(DecodeXstring("_x005F_x000D_"), "_x000D_");  // an escaped "_x…" stays text
  EXPECT_EQ(DecodeXstring("_x4E2D__x6587_"), "中文");
  EXPECT_EQ(DecodeXstring("_xD83D__xDE00_"), "\xF0\x9F\x98\x80");              // a surrogate pair: U+1F600
  EXPECT_EQ(DecodeXstring("_xD83D_x"), "\xEF\xBF\xBDx");                       // a lone high surrogate
  EXPECT_EQ(DecodeXstring("_xDE00_"), "\xEF\xBF\xBD");                         // a lone low one
  EXPECT_EQ(DecodeXstring("_x00G1_ _x00d_ _x000d"), "_x00G1_ _x00d_ _x000d");  // not escapes
  EXPECT_EQ(DecodeXstring("_x000a_"), "\n");                                   // lower-case hex
  EXPECT_EQ(DecodeXstring(""), "");
}

// orcus 0.17 cannot read inline strings; refusing beats losing the cells.
TEST(XlsxReaderTest, InlineStringsAreRefusedNotDropped) {
  char path[] = "/tmp/shuzhi-xlsx-test-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = nullptr, .use_zip64 = LXW_FALSE};
  lxw_workbook* wb = workbook_new_opt(path, &options);
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  worksheet_write_string(ws, 0, 0, "代表", nullptr);
  worksheet_write_string(ws, 0, 2, "x", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  unlink(path);
  auto t = ReadXlsxFirstSheet(bytes.str());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), base::Code::kInvalidArgument);
  EXPECT_EQ(t.status().reason(), "import.unsupported_xlsx");
}

TEST(XlsxReaderTest, ValueBeyondColumnLimitIsTooLarge) {
  std::string bytes = BuildWithLibxlsxwriter([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_write_string(ws, 0, 0, "a", nullptr);
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(kMaxImportColumns), "too far", nullptr);
  });
  auto t = ReadXlsxFirstSheet(bytes);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().reason(), "import.too_large");
}

TEST(XlsxReaderTest, ValueBeyondRowLimitIsTooLarge) {
  std::string bytes = BuildWithLibxlsxwriter([](lxw_workbook*, lxw_worksheet* ws) {
    worksheet_write_number(ws, static_cast<lxw_row_t>(kMaxImportRows), 0, 1, nullptr);
  });
  auto t = ReadXlsxFirstSheet(bytes);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().reason(), "import.too_large");
}

TEST(ExcelSerialToIsoDateTest, Conversions) {
  EXPECT_EQ(ExcelSerialToIsoDate("45000"), "2023-03-15");
  EXPECT_EQ(ExcelSerialToIsoDate("45000.75"), "2023-03-15");
  EXPECT_EQ(ExcelSerialToIsoDate("1"), "1900-01-01");
  EXPECT_EQ(ExcelSerialToIsoDate("59"), "1900-02-28");
  EXPECT_EQ(ExcelSerialToIsoDate("61"), "1900-03-01");
  EXPECT_EQ(ExcelSerialToIsoDate("2958465"), "9999-12-31");
  EXPECT_EQ(ExcelSerialToIsoDate("60"), std::nullopt);  // Excel's 1900-02-29
  EXPECT_EQ(ExcelSerialToIsoDate("0"), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate("-5"), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate("2958466"), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate("2023-03-15"), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate(""), std::nullopt);
}

}  // namespace
}  // namespace shuzhi::exports
