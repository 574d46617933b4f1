// PDFs checked with poppler's tools, as a person's viewer would see them:
// A4 pages, CJK fonts embedded, the text extractable and in order.
#include "export/pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace shuzhi::exports {
namespace {

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

class PdfTest : public ::testing::Test {
 protected:
  std::string Save(const std::string& pdf) {
    path_ = std::filesystem::temp_directory_path() / ("shuzhi-pdf-test-" + std::to_string(::getpid()) + ".pdf");
    std::ofstream(path_, std::ios::binary) << pdf;
    return path_.string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(PdfTest, OfficialDocumentLayout) {
  PdfDocument doc;
  doc.title = "2026年述职评议工作实施方案";
  doc.blocks.push_back({PdfBlock::Kind::kParagraph, "根据有关法律法规的规定，现制定本方案。"});
  doc.blocks.push_back({PdfBlock::Kind::kHeading, "一、述职内容"});
  for (int i = 0; i < 60; ++i) {  // enough for several pages
    doc.blocks.push_back(
        {PdfBlock::Kind::kItem, std::to_string(i + 1) + "．学习贯彻党的方针政策，不断提升履职能力情况；"});
  }
  doc.blocks.push_back({PdfBlock::Kind::kRight, "县人大常委会"});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string file = Save(*pdf);

  const std::string info = Shell("pdfinfo " + file);
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
  const auto title_at = info.find("Title:");
  ASSERT_NE(title_at, std::string::npos) << info;
  EXPECT_NE(info.substr(title_at, info.find('\n', title_at) - title_at).find("2026年述职评议工作实施方案"),
            std::string::npos);
  const int pages = std::stoi(info.substr(info.find("Pages:") + 6));
  EXPECT_GE(pages, 3);

  const std::string fonts = Shell("pdffonts " + file);
  EXPECT_NE(fonts.find("NotoSerifCJK"), std::string::npos) << fonts;  // Song-style faces
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;   // the Hei-style heading
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << "every font embedded:\n" << fonts;

  const std::string text = Shell("pdftotext -layout " + file + " -");
  EXPECT_NE(text.find("2026年述职评议工作实施方案"), std::string::npos);
  EXPECT_NE(text.find("一、述职内容"), std::string::npos);
  EXPECT_NE(text.find("60．学习贯彻"), std::string::npos);
  std::string compact;  // pdftotext drops the spaces inside "— 2 —"
  for (char c : text) {
    if (c != ' ') compact.push_back(c);
  }
  EXPECT_NE(compact.find("—2—"), std::string::npos);  // page numbers
  EXPECT_NE(compact.find("—3—"), std::string::npos);
  EXPECT_LT(text.find("1．学习"), text.find("60．学习"));
}

TEST_F(PdfTest, NoLineStartsWithClosingPunctuation) {
  // A long paragraph of full-width text and punctuation: wherever lines
  // break, none may begin with ，。；、）” (GB/T 9704 and Chinese typesetting).
  std::string para;
  for (int i = 0; i < 40; ++i) para += "代表联系选民，反映社情民意。认真履职（依法）“为民”；";
  PdfDocument doc;
  doc.blocks.push_back({PdfBlock::Kind::kParagraph, para});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok());
  const std::string text = Shell("pdftotext " + Save(*pdf) + " -");
  std::size_t pos = 0;
  int lines = 0;
  while ((pos = text.find('\n', pos)) != std::string::npos) {
    ++pos;
    ++lines;
    for (const char* p : {"，", "。", "；", "、", "）", "”"}) {
      EXPECT_NE(text.compare(pos, std::string(p).size(), p), 0) << "a line starts with " << p;
    }
  }
  EXPECT_GT(lines, 10);
}

TEST_F(PdfTest, PageBreaksStartNewDocuments) {
  PdfDocument doc;
  doc.title = "第一份";
  doc.blocks.push_back({PdfBlock::Kind::kParagraph, "短文。"});
  doc.blocks.push_back({PdfBlock::Kind::kPageBreak, ""});
  doc.blocks.push_back({PdfBlock::Kind::kTitle, "第二份"});
  doc.blocks.push_back({PdfBlock::Kind::kParagraph, "又一短文。"});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok());
  const std::string file = Save(*pdf);
  const std::string info = Shell("pdfinfo " + file);
  EXPECT_EQ(std::stoi(info.substr(info.find("Pages:") + 6)), 2);
  const std::string page2 = Shell("pdftotext -f 2 -l 2 " + file + " -");
  EXPECT_NE(page2.find("第二份"), std::string::npos);
  EXPECT_EQ(page2.find("第一份"), std::string::npos);
}

TEST_F(PdfTest, QrCodesScan) {
  const std::string url = "http://192.168.1.10:8080/o/Zx9-3kQv1mWQbT0aPp7uRg";
  PdfDocument doc;
  doc.title = "代表码";
  doc.blocks.push_back({PdfBlock::Kind::kQrCode, url});
  doc.blocks.push_back({PdfBlock::Kind::kParagraph, "扫码向代表提出意见建议"});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok());
  const std::string file = Save(*pdf);
  const std::string png = file + "-page";
  Shell("pdftoppm -r 150 -png -singlefile " + file + " " + png);
  const std::string decoded = Shell("zbarimg -q --raw " + png + ".png");
  std::filesystem::remove(png + ".png");
  EXPECT_EQ(decoded, url + "\n");
}

// Text stored before the input check (issue 14: a name holding U+FFFF made
// every PDF of that deputy fail) is drawn, its disallowed characters as
// U+FFFD.
TEST_F(PdfTest, DrawsStoredTextWithNoncharactersAndControls) {
  PdfDocument doc;
  doc.title = "张\xef\xbf\xbf三的述职报告";
  const std::string body = std::string("正文") + '\0' + "含有\x07控制字符\xef\xbf\xbe与非字符";
  doc.blocks.push_back({PdfBlock::Kind::kParagraph, body});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string text = Shell("pdftotext " + Save(*pdf) + " -");
  EXPECT_NE(text.find("三的述职报告"), std::string::npos) << text;
  EXPECT_NE(text.find("控制字符"), std::string::npos) << text;
}

// A bar chart prints its labels and values as text, draws its bars in the
// chart's colour, and turns the page rather than split a row.
TEST_F(PdfTest, BarChartsDrawLabelsValuesAndBars) {
  PdfDocument doc;
  doc.title = "满意率";
  PdfBlock chart{PdfBlock::Kind::kBarChart, "各代表满意率："};
  chart.chart_max = 100;
  for (int i = 0; i < 60; ++i) {
    chart.bars.push_back({"代表" + std::to_string(i), 50.0 + i % 50, std::to_string(50 + i % 50) + ".0%"});
  }
  doc.blocks.push_back(chart);
  doc.blocks.push_back({PdfBlock::Kind::kParagraph, "图后正文"});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string file = Save(*pdf);
  const std::string text = Shell("pdftotext " + file + " -");
  EXPECT_LT(text.find("各代表满意率："), text.find("代表0")) << text;
  EXPECT_NE(text.find("代表59"), std::string::npos) << text;
  EXPECT_NE(text.find("99.0%"), std::string::npos) << text;
  EXPECT_NE(text.find("图后正文"), std::string::npos) << text;
  const std::string info = Shell("pdfinfo " + file);
  EXPECT_GE(std::stoi(info.substr(info.find("Pages:") + 6)), 2);  // 60 rows of 7 mm
  // The first page, as pixels: some are the bars' grey-blue.
  const std::string ppm = file + "-bars";
  Shell("pdftoppm -r 30 -f 1 -l 1 -singlefile " + file + " " + ppm);
  std::ifstream in(ppm + ".ppm", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(ppm + ".ppm");
  const std::size_t header = bytes.find("255\n");  // P6, width height, 255: then RGB triples
  ASSERT_NE(header, std::string::npos);
  int bar_pixels = 0;
  for (std::size_t i = header + 4; i + 2 < bytes.size(); i += 3) {
    const int r = static_cast<unsigned char>(bytes[i]), g = static_cast<unsigned char>(bytes[i + 1]),
              b = static_cast<unsigned char>(bytes[i + 2]);
    if (b > r + 50 && b > g + 20) ++bar_pixels;
  }
  EXPECT_GT(bar_pixels, 100);
}

TEST_F(PdfTest, RefusesInvalidChartLabels) {
  PdfDocument doc;
  PdfBlock chart{PdfBlock::Kind::kBarChart, ""};
  chart.bars.push_back({std::string("\xff", 1), 1, "1"});
  doc.blocks.push_back(chart);
  EXPECT_EQ(RenderPdf(doc).status().reason(), "export.bad_utf8");
}

TEST_F(PdfTest, RefusesInvalidText) {
  PdfDocument doc;
  doc.title = std::string("\xff\xfe", 2);
  EXPECT_EQ(RenderPdf(doc).status().reason(), "export.bad_utf8");
}

}  // namespace
}  // namespace shuzhi::exports
