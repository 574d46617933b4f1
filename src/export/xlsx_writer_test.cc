#include "export/xlsx_writer.h"

#include <gtest/gtest.h>

#include <orcus/zip_archive.hpp>
#include <orcus/zip_archive_stream.hpp>

#include "export/test_util.h"
#include "export/xlsx_reader.h"

namespace shuzhi::exports {
namespace {

// The uncompressed text of one part of an .xlsx file, e.g. "xl/workbook.xml".
std::string Part(const std::string& xlsx, std::string_view name) {
  orcus::zip_archive_stream_blob stream(reinterpret_cast<const uint8_t*>(xlsx.data()), xlsx.size());
  orcus::zip_archive archive(&stream);
  archive.load();
  std::vector<unsigned char> buf;
  if (!archive.read_file_entry(name, buf)) return {};
  return std::string(buf.begin(), buf.end());
}

TEST(XlsxWriterTest, FormulaLookingTextIsAStringNotAFormula) {
  auto bytes = WriteXlsx({Sheet{"s", Table{{{"h"}, {"=1+1"}, {"=HYPERLINK(\"http://x\")"}}}}});
  ASSERT_TRUE(bytes.ok());
  std::string sheet = Part(*bytes, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet.empty());
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  EXPECT_NE(Part(*bytes, "xl/sharedStrings.xml").find("<t>=1+1</t>"), std::string::npos);
}

TEST(XlsxWriterTest, BoldFrozenHeaderAndFittedWidths) {
  Table t{{{"姓名", "备注"}, {"张三", "a"}, {"欧阳娜娜娜娜娜娜娜娜", "b"}}};
  auto bytes = WriteXlsx({Sheet{"s", t}});
  ASSERT_TRUE(bytes.ok());
  std::string sheet = Part(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("ySplit=\"1\""), std::string::npos);
  // Ten CJK characters are 20 columns wide, +2 padding; "备注" gets the minimum.
  EXPECT_NE(sheet.find("<col min=\"1\" max=\"1\" width=\"22.7109375\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<col min=\"2\" max=\"2\" width=\"6.7109375\""), std::string::npos) << sheet;
  EXPECT_NE(Part(*bytes, "xl/styles.xml").find("<b/>"), std::string::npos);
  // The header cells use the bold format (s="1"), the body cells do not.
  EXPECT_NE(sheet.find("<c r=\"A1\" s=\"1\" t=\"s\">"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<c r=\"A2\" t=\"s\">"), std::string::npos) << sheet;
}

TEST(XlsxWriterTest, ProducesAZipWorkbook) {
  auto bytes = WriteXlsx({Sheet{"代表名单", Table{{{"姓名"}, {"张三"}}}}});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(bytes->substr(0, 2), "PK");
}

TEST(XlsxWriterTest, AwkwardSheetNamesAreAccepted) {
  // Invalid characters, over-long, empty, case-insensitive duplicates and
  // Excel's reserved name: each would make libxlsxwriter refuse the sheet.
  std::vector<Sheet> sheets = {
      Sheet{"a[b]:c*d?e/f\\g", Table{{{"1"}}}},
      Sheet{std::string(40, 'x'), Table{}},
      Sheet{std::string(40, 'x'), Table{}},
      Sheet{"第十四届全国人民代表大会代表履职情况评议结果汇总表（第一次会议）", Table{}},
      Sheet{"", Table{}},
      Sheet{"Scores", Table{}},
      Sheet{"SCORES", Table{}},
      Sheet{"'quoted'", Table{}},
      Sheet{"History", Table{}},
  };
  auto bytes = WriteXlsx(sheets);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  std::string workbook = Part(*bytes, "xl/workbook.xml");
  for (const std::string& name :
       std::vector<std::string>{"a_b__c_d_e_f_g", std::string(31, 'x'), std::string(28, 'x') + "(2)",
                                "第十四届全国人民代表大会代表履职情况评议结果汇总表（第一次会议", "Sheet5", "Scores",
                                "SCORES(2)", "_quoted_", "Sheet9"}) {
    EXPECT_NE(workbook.find("name=\"" + name + "\""), std::string::npos) << name << "\n" << workbook;
  }
  auto back = ReadXlsxFirstSheet(*bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, (Table{{{"1"}}}));
}

TEST(XlsxWriterTest, NoSheetsStillMakesAWorkbook) {
  auto bytes = WriteXlsx({});
  ASSERT_TRUE(bytes.ok());
  auto back = ReadXlsxFirstSheet(*bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->rows.empty());
}

TEST(XlsxWriterTest, RefusesInvalidUtf8AndOverlongCells) {
  auto bad = WriteXlsx({Sheet{"s", Table{{{"\xD0\xD5"}}}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "export.bad_utf8");
  auto long_cell = WriteXlsx({Sheet{"s", Table{{{std::string(32'768, 'a')}}}}});
  ASSERT_FALSE(long_cell.ok());
  EXPECT_EQ(long_cell.status().reason(), "export.too_large");
}

TEST(XlsxWriterTest, HeaderRowStaysTextEvenIfNumeric) {
  auto bytes = WriteXlsx({Sheet{"s", Table{{{"2023", "1.50"}, {"2023", "1.50"}}}}});
  ASSERT_TRUE(bytes.ok());
  auto back = ReadXlsxFirstSheet(*bytes);
  ASSERT_TRUE(back.ok());
  // "1.50" has a superfluous zero, so it is written as text and kept.
  EXPECT_EQ(*back, (Table{{{"2023", "1.50"}, {"2023", "1.50"}}}));
}

}  // namespace
}  // namespace shuzhi::exports
