#include "export/csv.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include "export/test_util.h"

namespace shuzhi::exports {
namespace {

std::string Utf8ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 4, '\0');
  char* src = const_cast<char*>(utf8.data());
  size_t src_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  EXPECT_NE(iconv(cd, &src, &src_left, &dst, &dst_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

TEST(CsvTest, QuotedFieldsWithCommasNewlinesAndQuotes) {
  auto t = ReadCsv("name,remark\r\n\"Zhang, San\",\"said \"\"hi\"\"\nthen left\"\r\nplain,\"\"\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(*t, (Table{{{"name", "remark"}, {"Zhang, San", "said \"hi\"\nthen left"}, {"plain"}}}));
}

TEST(CsvTest, LineEndingsBomAndMissingFinalNewline) {
  auto t = ReadCsv(
      "\xEF\xBB\xBF"
      "a,b\rc,d\ne,,f");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, (Table{{{"a", "b"}, {"c", "d"}, {"e", "", "f"}}}));
}

TEST(CsvTest, KeepsRowPositionsAndTrimsTrailingEmpties) {
  auto t = ReadCsv("a,,\n\n,b\n,,\n\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, (Table{{{"a"}, {}, {"", "b"}}}));
}

TEST(CsvTest, EmptyInputIsEmptyTable) {
  auto t = ReadCsv("");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->rows.empty());
}

TEST(CsvTest, GbkInputDecodesToSameTable) {
  const std::string utf8 = "姓名,性别\n张三,男\n";
  const std::string gbk = Utf8ToGbk(utf8);
  ASSERT_NE(gbk, utf8);
  auto from_gbk = ReadCsv(gbk);
  auto from_utf8 = ReadCsv(utf8);
  ASSERT_TRUE(from_gbk.ok()) << from_gbk.status().ToString();
  ASSERT_TRUE(from_utf8.ok());
  EXPECT_EQ(*from_gbk, *from_utf8);
  EXPECT_EQ(*from_gbk, (Table{{{"姓名", "性别"}, {"张三", "男"}}}));
}

TEST(CsvTest, InvalidBytesAreBadEncoding) {
  for (std::string bad : {std::string("a,\xFF\xFF\n"), std::string("name\n\x81")}) {
    auto t = ReadCsv(bad);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.status().code(), base::Code::kInvalidArgument);
    EXPECT_EQ(t.status().reason(), "import.bad_encoding");
  }
}

TEST(CsvTest, TooManyColumnsIsTooLarge) {
  std::string wide(kMaxImportColumns, ',');  // kMaxImportColumns + 1 fields
  wide += "x\n";
  auto t = ReadCsv(wide);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().reason(), "import.too_large");
}

TEST(CsvTest, WriteUsesBomCrlfAndQuotes) {
  Table t{{{"姓名", "备注"}, {"张三", "a,b"}, {"x\"y", "line1\nline2"}}};
  EXPECT_EQ(WriteCsv(t, true), "\xEF\xBB\xBF姓名,备注\r\n张三,\"a,b\"\r\n\"x\"\"y\",\"line1\nline2\"\r\n");
  EXPECT_EQ(WriteCsv(t, false).substr(0, 6), "姓名");
}

TEST(CsvTest, WriteThenReadRoundTrips) {
  Table t{{{"姓名", "电话", "备注"},
           {"张三", "13800138000", "说:\"好\", 然后\r\n离开"},
           {"", "", "middle empty before"},
           {"李四", "-3", "2.5"}}};
  for (bool bom : {true, false}) {
    auto back = ReadCsv(WriteCsv(t, bom));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, t);
  }
}

TEST(CsvTest, FormulaInjectionPrefix) {
  Table t{{{"=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "-3", "+4.5", "a=b", "'"}}};
  EXPECT_EQ(WriteCsv(t, false), "'=1+1,'+SUM(A1),'-2+3,'@cmd,'\tx,-3,+4.5,a=b,'\r\n");
  // Prefixing happens before quoting, so the apostrophe sits inside quotes.
  EXPECT_EQ(WriteCsv(Table{{{"=A1,B1"}}}, false), "\"'=A1,B1\"\r\n");
}

}  // namespace
}  // namespace shuzhi::exports
