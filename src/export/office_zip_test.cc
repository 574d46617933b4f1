// Office files from outside: the crashing and memory-hungry inputs found
// from outside (kept in tests/regressions/) are refused with specific
// errors, without inflating more than a piece beyond what they declare.
#include "export/office_zip.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "export/docx.h"
#include "export/xlsx_reader.h"

namespace shuzhi::exports {
namespace {

std::string Regression(const std::string& name) {
  std::ifstream in(std::string(SHUZHI_REGRESSIONS_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The process's peak resident size in KiB since the last reset.
long PeakKib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}
void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

TEST(XmlCharRefsTest, AcceptsCharactersXmlAllows) {
  EXPECT_TRUE(CheckXmlCharRefs("plain &amp; text").ok());
  EXPECT_TRUE(CheckXmlCharRefs("&#20013;&#x4E2D;&#X4e2d;&#9;&#xA;&#x10FFFF;&#xFFFD;").ok());
}

TEST(XmlCharRefsTest, RefusesWhatNamesNoCharacter) {
  for (const char* bad : {"&#x110000;", "&#1114112;", "&#0;", "&#x1;", "&#xD800;", "&#xFFFE;", "&#xFFFF;", "&#;",
                          "&#x;", "&#12", "&#99999999999;", "&#-1;", "&#x+1;", "&#xZZ;"}) {
    auto st = CheckXmlCharRefs(std::string("<t>a") + bad + "</t>");
    EXPECT_EQ(st.reason(), "import.bad_xml_char") << bad;
  }
}

TEST(XmlWellFormedTest, AcceptsWellFormedXmlAndRefusesTheRest) {
  EXPECT_TRUE(
      CheckXmlWellFormed(
          R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="urn:w"><w:p a="1">文字</w:p></w:document>)")
          .ok());
  for (const char* bad : {"<w:document><w:p a", "<w:document><w:p", "<a><b></a>", "<a>&undefined;</a>", "", "<a>",
                          "<a/><b/>", "<a x='1' x='2'/>"}) {
    const auto st = CheckXmlWellFormed(bad);
    EXPECT_EQ(st.reason(), "import.bad_xml") << bad;
  }
  // No Office part declares a document type; entities stay out.
  const auto dtd = CheckXmlWellFormed(R"(<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>)");
  EXPECT_EQ(dtd.reason(), "import.bad_xml");
  EXPECT_NE(dtd.message().find("document type"), std::string::npos) << dtd.message();
  // Nor any processing instruction; the XML declaration is none, and passes.
  EXPECT_TRUE(CheckXmlWellFormed(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>)").ok());
  EXPECT_EQ(CheckXmlWellFormed(R"(<?x ve="1&0"ncoding=T"UF-8"?><a/>)").reason(), "import.bad_xml");
  EXPECT_EQ(CheckXmlWellFormed(R"(<a><?mso-application progid="Word.Document"?></a>)").reason(), "import.bad_xml");
}

// Found by the fuzz targets once they mutated inside the ZIP (zip_mutator.h):
// liborcus 0.17 read past the end of a part cut off inside a tag (a SEGV),
// or asserted (aborting the server).
TEST(OfficeZipTest, PartsCutOffInsideATagAreRefusedBeforeOrcusReadsThem) {
  auto p = ReadDocxParagraphs(Regression("docx-orcus-reads-past-a-cut-tag.docx"));
  EXPECT_EQ(p.status().reason(), "import.bad_xml") << p.status().ToString();
  // Well formed, but `<?x ve="1&0"ncoding=T"UF-8"?>` made orcus read past
  // the end of what it took for an attribute.
  auto pi = ReadDocxParagraphs(Regression("docx-orcus-reads-past-a-processing-instruction.docx"));
  EXPECT_EQ(pi.status().reason(), "import.bad_xml") << pi.status().ToString();
  auto t = ReadXlsxFirstSheet(Regression("xlsx-orcus-asserts-on-a-cut-name.xlsx"));
  EXPECT_EQ(t.status().reason(), "import.bad_xml") << t.status().ToString();
}

TEST(OfficeZipTest, DocxWithACharacterBeyondUnicodeIsRefused) {
  // liborcus asserted on it and aborted the server.
  auto p = ReadDocxParagraphs(Regression("docx-charref-beyond-unicode.docx"));
  EXPECT_EQ(p.status().reason(), "import.bad_xml_char") << p.status().ToString();
}

TEST(OfficeZipTest, XlsxWithACharacterBeyondUnicodeIsRefused) {
  auto t = ReadXlsxFirstSheet(Regression("xlsx-charref-beyond-unicode.xlsx"));
  EXPECT_EQ(t.status().reason(), "import.bad_xml_char") << t.status().ToString();
  // The same workbook with a good reference reads (the fixture is sound).
  auto good = ReadXlsxFirstSheet(Regression("xlsx-minimal-control.xlsx"));
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  ASSERT_FALSE(good->rows.empty());
  EXPECT_EQ(good->rows[0].at(0), "姓名中");
}

TEST(OfficeZipTest, DocxBombsAreRefusedWithoutInflatingThem) {
  ResetPeak();
  const long before = PeakKib();
  // Declares 300 MiB: refused from the directory.
  EXPECT_EQ(ReadDocxParagraphs(Regression("docx-bomb-300mib.docx")).status().reason(), "import.too_large");
  // A 271-byte file declaring 1 GiB made the server touch 1 GiB.
  EXPECT_EQ(ReadDocxParagraphs(Regression("docx-declares-1gib.docx")).status().reason(), "import.too_large");
  // Declares 4 KiB and inflates to 300 MiB: stopped a piece past 4 KiB.
  EXPECT_EQ(ReadDocxParagraphs(Regression("docx-bomb-declared-4kib.docx")).status().reason(), "import.not_a_docx");
  const long grown = PeakKib() - before;
  EXPECT_LT(grown, 32 * 1024) << "peak RSS grew by " << grown << " KiB";
}

TEST(OfficeZipTest, EntryCountIsLimited) {
  const std::string bytes = Regression("xlsx-minimal-control.xlsx");  // borrowed by the archive
  auto zip = OfficeZip::Open(bytes, ZipLimits{1 << 20, 3});
  EXPECT_EQ(zip.status().reason(), "import.too_large");
  auto ok = OfficeZip::Open(bytes, ZipLimits{1 << 20, 6});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)->names().size(), 6u);
  auto part = (*ok)->Read("xl/workbook.xml");
  ASSERT_TRUE(part.ok());
  ASSERT_TRUE(part->has_value());
  EXPECT_NE((*part)->find("Sheet1"), std::string::npos);
  auto missing = (*ok)->Read("word/document.xml");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

}  // namespace
}  // namespace shuzhi::exports
