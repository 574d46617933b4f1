#include "export/pdf.h"

#include <algorithm>
#include <memory>

#include "export/pdf_draw.h"
#include "export/table.h"

namespace shuzhi::exports {
namespace {

using draw::Closer;
using draw::kHei;
using draw::kMm;
using draw::kPageH;
using draw::kPageW;
using draw::kSong;

// GB/T 9704 page: A4 with a 156 mm × 225 mm type area.
constexpr double kTop = 37 * kMm, kLeft = 28 * kMm;
constexpr double kTextW = 156 * kMm, kTextH = 225 * kMm;
constexpr double kBodyPt = 16;          // 三号
constexpr double kTitlePt = 22;         // 二号
constexpr double kPageNoPt = 14;        // 四号
constexpr double kPitch = kTextH / 22;  // 22 lines a page
class Writer {
 public:
  explicit Writer(cairo_t* cr) : cr_(cr) {}

  void Title(const std::string& text) {
    // The title sits on the first lines, followed by one blank line.
    auto layout = Layout(text, kSong, kTitlePt, true, PANGO_ALIGN_CENTER, 0);
    Place(layout.get(), kPitch * 1.25);
    y_ += kPitch;
  }

  void Block(const PdfBlock& b) {
    if (b.kind == PdfBlock::Kind::kPageBreak) {
      if (y_ > 0) NewPage();
      return;
    }
    if (b.kind == PdfBlock::Kind::kTitle) return Title(b.text);
    if (b.kind == PdfBlock::Kind::kQrCode) return Qr(b.text);
    if (b.kind == PdfBlock::Kind::kBarChart) return Chart(b);
    const bool hei = b.kind == PdfBlock::Kind::kHeading;
    // GB/T 9704 indents headings like paragraphs: two characters.
    const double indent = b.kind == PdfBlock::Kind::kRight ? 0 : 2 * kBodyPt;
    const PangoAlignment align = b.kind == PdfBlock::Kind::kRight ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
    auto layout = Layout(b.text, hei ? kHei : kSong, kBodyPt, false, align, indent);
    Place(layout.get(), kPitch);
  }

  void Qr(const std::string& data) {
    const double size = 60 * kMm;
    if (y_ + size > kTextH) NewPage();
    draw::QrCode(cr_, data, kLeft + (kTextW - size) / 2, kTop + y_, size);
    y_ += size + kPitch * 0.5;
  }

  // Bars in shades of grey-blue that print legibly in black and white: the
  // label on the left (五号 Hei), the bar, and its value after it; `text`, if
  // any, is the caption above. A chart that fits on a page starts on a new
  // one rather than split from its caption; a longer one splits between rows.
  void Chart(const PdfBlock& b) {
    constexpr double kRow = 7 * kMm, kLabelW = 42 * kMm, kBarW = 92 * kMm, kLabelPt = 10.5;
    const double caption = b.text.empty() ? 0 : kPitch;
    const double height = caption + kRow * static_cast<double>(b.bars.size());
    if (height <= kTextH && y_ + height > kTextH) NewPage();
    if (!b.text.empty()) Place(Layout(b.text, kSong, kBodyPt, false, PANGO_ALIGN_LEFT, 2 * kBodyPt).get(), kPitch);
    double max = b.chart_max;
    for (const auto& bar : b.bars) max = std::max(max, bar.value);
    if (max <= 0) max = 1;
    for (const auto& bar : b.bars) {
      if (y_ + kRow > kTextH) NewPage();
      const double top = kTop + y_;
      auto label = Layout(bar.label, kHei, kLabelPt, false, PANGO_ALIGN_RIGHT, 0);
      pango_layout_set_width(label.get(), static_cast<int>((kLabelW - 2 * kMm) * PANGO_SCALE));
      pango_layout_set_ellipsize(label.get(), PANGO_ELLIPSIZE_END);
      cairo_move_to(cr_, kLeft, top + 1 * kMm);
      pango_cairo_show_layout(cr_, label.get());
      const double w = kBarW * std::clamp(bar.value / max, 0.0, 1.0);
      cairo_set_source_rgb(cr_, 0.29, 0.43, 0.65);
      cairo_rectangle(cr_, kLeft + kLabelW, top + 1.2 * kMm, w, kRow - 2.4 * kMm);
      cairo_fill(cr_);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      auto value = Layout(bar.value_text, kSong, kLabelPt, false, PANGO_ALIGN_LEFT, 0);
      cairo_move_to(cr_, kLeft + kLabelW + w + 1.5 * kMm, top + 1 * kMm);
      pango_cairo_show_layout(cr_, value.get());
      y_ += kRow;
    }
    y_ += kPitch * 0.5;  // a little air before the next block
  }

  void Finish() {
    PageNumber();
    cairo_show_page(cr_);
  }

 private:
  std::unique_ptr<PangoLayout, Closer> Layout(const std::string& text, const char* family, double pt, bool bold,
                                              PangoAlignment align, double indent) {
    return draw::MakeLayout(cr_, text, family, pt, bold, align, kTextW, indent);
  }

  // Draws the layout line by line at a fixed pitch, turning pages as needed.
  void Place(PangoLayout* layout, double pitch) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      if (y_ + pitch > kTextH + 0.01) NewPage();
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double x = kLeft + static_cast<double>(logical.x) / PANGO_SCALE;
      // Baseline at 80 % of the pitch: glyphs sit low in their line, as in
      // typeset documents.
      cairo_move_to(cr_, x, kTop + y_ + pitch * 0.8);
      pango_cairo_show_layout_line(cr_, line);
      y_ += pitch;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }

  void NewPage() {
    PageNumber();
    cairo_show_page(cr_);
    ++page_;
    y_ = 0;
  }

  void PageNumber() {
    const std::string text = "— " + std::to_string(page_) + " —";
    auto layout = Layout(text, kSong, kPageNoPt, false, PANGO_ALIGN_LEFT, 0);
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    const double width = static_cast<double>(w) / PANGO_SCALE;
    // Odd pages right, even pages left, one character in from the type area.
    const double x = page_ % 2 == 1 ? kLeft + kTextW - kPageNoPt - width : kLeft + kPageNoPt;
    cairo_move_to(cr_, x, kTop + kTextH + 7 * kMm);
    pango_cairo_show_layout(cr_, layout.get());
  }

  cairo_t* cr_;
  double y_ = 0;  // from the top of the type area
  int page_ = 1;
};

}  // namespace

base::Result<std::string> RenderPdf(const PdfDocument& doc) {
  if (!IsValidUtf8(doc.title)) return base::InvalidArgument("export.bad_utf8", "the title is not UTF-8");
  for (const auto& b : doc.blocks) {
    if (!IsValidUtf8(b.text)) return base::InvalidArgument("export.bad_utf8", "a paragraph is not UTF-8");
    for (const auto& bar : b.bars) {
      if (!IsValidUtf8(bar.label) || !IsValidUtf8(bar.value_text)) {
        return base::InvalidArgument("export.bad_utf8", "a chart label is not UTF-8");
      }
    }
  }
  return draw::RenderA4(doc.metadata_title.empty() ? doc.title : doc.metadata_title, [&](cairo_t* cr) {
    Writer w(cr);
    if (!doc.title.empty()) w.Title(doc.title);
    for (const auto& b : doc.blocks) w.Block(b);
    w.Finish();
  });
}

}  // namespace shuzhi::exports
