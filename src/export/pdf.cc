#include "export/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <memory>

#include "export/table.h"

namespace shuzhi::spreadsheet {
namespace {

// GB/T 9704 page: A4 with a 156 mm × 225 mm type area; 1 mm = 72/25.4 pt.
constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 210 * kMm, kPageH = 297 * kMm;
constexpr double kTop = 37 * kMm, kLeft = 28 * kMm;
constexpr double kTextW = 156 * kMm, kTextH = 225 * kMm;
constexpr double kBodyPt = 16;           // 三号
constexpr double kTitlePt = 22;          // 二号
constexpr double kPageNoPt = 14;         // 四号
constexpr double kPitch = kTextH / 22;   // 22 lines a page
constexpr const char* kSong = "Noto Serif CJK SC";
constexpr const char* kHei = "Noto Sans CJK SC";

struct Closer {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

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
    const bool hei = b.kind == PdfBlock::Kind::kHeading;
    // GB/T 9704 indents headings like paragraphs: two characters.
    const double indent = b.kind == PdfBlock::Kind::kRight ? 0 : 2 * kBodyPt;
    const PangoAlignment align = b.kind == PdfBlock::Kind::kRight ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
    auto layout = Layout(b.text, hei ? kHei : kSong, kBodyPt, false, align, indent);
    Place(layout.get(), kPitch);
  }

  // Medium error correction survives a crease or a smudge on a printed card.
  void Qr(const std::string& data) {
    QRcode* code = QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (code == nullptr) return;
    const double size = 60 * kMm;
    const int quiet = 4;  // modules of white border the standard asks for
    const double module = size / (code->width + 2 * quiet);
    if (y_ + size > kTextH) NewPage();
    const double x0 = kLeft + (kTextW - size) / 2 + quiet * module, y0 = kTop + y_ + quiet * module;
    for (int r = 0; r < code->width; ++r) {
      for (int c = 0; c < code->width; ++c) {
        if (code->data[r * code->width + c] & 1) cairo_rectangle(cr_, x0 + c * module, y0 + r * module, module, module);
      }
    }
    cairo_fill(cr_);
    QRcode_free(code);
    y_ += size + kPitch * 0.5;
  }

  void Finish() {
    PageNumber();
    cairo_show_page(cr_);
  }

 private:
  std::unique_ptr<PangoLayout, Closer> Layout(const std::string& text, const char* family, double pt, bool bold,
                                              PangoAlignment align, double indent) {
    std::unique_ptr<PangoLayout, Closer> layout(pango_cairo_create_layout(cr_));
    std::unique_ptr<PangoFontDescription, Closer> font(pango_font_description_new());
    pango_font_description_set_family(font.get(), family);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font.get(), pt * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(kTextW * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_indent(layout.get(), static_cast<int>(indent * PANGO_SCALE));
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
    return layout;
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
  }
  std::string out;
  std::unique_ptr<cairo_surface_t, Closer> surface(cairo_pdf_surface_create_for_stream(Append, &out, kPageW, kPageH));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                 (doc.metadata_title.empty() ? doc.title : doc.metadata_title).c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "shuzhi");
  std::unique_ptr<cairo_t, Closer> cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  Writer w(cr.get());
  if (!doc.title.empty()) w.Title(doc.title);
  for (const auto& b : doc.blocks) w.Block(b);
  w.Finish();
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return base::Internal("export.pdf_failed", cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  surface.reset();
  return out;
}

}  // namespace shuzhi::spreadsheet
