#include "export/pdf_draw.h"

#include <cairo-pdf.h>
#include <qrencode.h>

#include "base/text.h"

namespace shuzhi::exports::draw {

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

base::Result<std::string> RenderA4(const std::string& title, const std::function<void(cairo_t*)>& paint) {
  std::string out;
  std::unique_ptr<cairo_surface_t, Closer> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &out, kPageW, kPageH));
  // cairo refuses a title holding a noncharacter ("not valid UTF-8").
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, base::ReplaceDisallowedChars(title).c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "shuzhi");
  std::unique_ptr<cairo_t, Closer> cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  paint(cr.get());
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return base::Internal("export.pdf_failed", cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  surface.reset();
  return out;
}

std::unique_ptr<PangoLayout, Closer> MakeLayout(cairo_t* cr, const std::string& text, const char* family, double pt,
                                                bool bold, PangoAlignment align, double width, double indent) {
  std::unique_ptr<PangoLayout, Closer> layout(pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, Closer> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), family);
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font.get(), pt * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), align);
  pango_layout_set_indent(layout.get(), static_cast<int>(indent * PANGO_SCALE));
  // Stored text may predate the input check; what pango or cairo might
  // refuse (a noncharacter, a control) is drawn as U+FFFD instead.
  const std::string shown = base::ReplaceDisallowedChars(text);
  pango_layout_set_text(layout.get(), shown.c_str(), static_cast<int>(shown.size()));
  return layout;
}

void QrCode(cairo_t* cr, const std::string& data, double x, double y, double size) {
  QRcode* code = QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr) return;
  const int quiet = 4;  // modules of white border the standard asks for
  const double module = size / (code->width + 2 * quiet);
  for (int r = 0; r < code->width; ++r) {
    for (int c = 0; c < code->width; ++c) {
      if (code->data[r * code->width + c] & 1) {
        cairo_rectangle(cr, x + (quiet + c) * module, y + (quiet + r) * module, module, module);
      }
    }
  }
  cairo_fill(cr);
  QRcode_free(code);
}

}  // namespace shuzhi::exports::draw
