#include "export/docx.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace shuzhi::exports {
namespace {

void Put16(std::string& s, unsigned v) {
  s += static_cast<char>(v & 0xff);
  s += static_cast<char>((v >> 8) & 0xff);
}
void Put32(std::string& s, unsigned long v) {
  Put16(s, v & 0xffff);
  Put16(s, (v >> 16) & 0xffff);
}

// A minimal zip (stored entries) — enough to stand in for what Word writes.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  for (const auto& [name, data] : files) {
    const unsigned long crc = crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    const unsigned long offset = out.size();
    Put32(out, 0x04034b50);
    Put16(out, 20);
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, 0);
    Put32(out, crc);
    Put32(out, data.size());
    Put32(out, data.size());
    Put16(out, name.size());
    Put16(out, 0);
    out += name + data;
    Put32(central, 0x02014b50);
    Put16(central, 20);
    Put16(central, 20);
    Put16(central, 0);
    Put16(central, 0);
    Put16(central, 0);
    Put16(central, 0);
    Put32(central, crc);
    Put32(central, data.size());
    Put32(central, data.size());
    Put16(central, name.size());
    Put16(central, 0);
    Put16(central, 0);
    Put16(central, 0);
    Put16(central, 0);
    Put32(central, 0);
    Put32(central, offset);
    central += name;
  }
  const unsigned long central_at = out.size();
  out += central;
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, files.size());
  Put16(out, files.size());
  Put32(out, central.size());
  Put32(out, central_at);
  Put16(out, 0);
  return out;
}

const char* kDocument =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)"
    R"(<w:p><w:r><w:t>一、学习贯彻</w:t></w:r><w:r><w:t xml:space="preserve">党的方针政策 </w:t></w:r></w:p>)"
    R"(<w:p><w:r><w:t>我经常走访选民</w:t><w:tab/><w:t>A&amp;B</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>)"
    R"(<w:p/><w:p><w:r><w:t>二、今后努力方向</w:t></w:r></w:p><w:p/></w:body></w:document>)";

TEST(DocxTest, ParagraphsInOrder) {
  auto p = ReadDocxParagraphs(Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", kDocument}}));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->size(), 4u);
  EXPECT_EQ((*p)[0], "一、学习贯彻党的方针政策 ");
  EXPECT_EQ((*p)[1], "我经常走访选民\tA&B\n第二行");
  EXPECT_EQ((*p)[2], "");
  EXPECT_EQ((*p)[3], "二、今后努力方向");
}

TEST(DocxTest, NotADocx) {
  EXPECT_EQ(ReadDocxParagraphs("plain text").status().reason(), "import.not_a_docx");
  EXPECT_EQ(ReadDocxParagraphs(std::string("\xd0\xcf\x11\xe0", 4)).status().reason(), "import.not_a_docx");  // old .doc
  EXPECT_EQ(ReadDocxParagraphs(Zip({{"xl/workbook.xml", "<x/>"}})).status().reason(), "import.not_a_docx");
  // A document that stops half way is damaged XML, said as such (liborcus
  // must never see it: cut inside a tag, it read past the end).
  EXPECT_EQ(ReadDocxParagraphs(Zip({{"word/document.xml", "<w:document><w:p>"}})).status().reason(), "import.bad_xml");
  EXPECT_EQ(ReadDocxParagraphs(std::string("PK\x03\x04truncated", 13)).status().reason(), "import.not_a_docx");
}

}  // namespace
}  // namespace shuzhi::exports
