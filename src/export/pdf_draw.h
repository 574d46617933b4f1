// Internal to src/export: the cairo/pango/libqrencode pieces shared by the
// document renderer (pdf.cc) and the carrier renderer (carriers_pdf.cc).
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <string>

#include "base/status.h"

namespace shuzhi::exports::draw {

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 210 * kMm, kPageH = 297 * kMm;  // A4
constexpr const char* kSong = "Noto Serif CJK SC";
constexpr const char* kHei = "Noto Sans CJK SC";
constexpr const char* kMono = "Noto Sans Mono CJK SC";

struct Closer {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};

// cairo's stream writer appending to a std::string.
cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length);

// An A4 PDF whose pages `paint` draws (calling cairo_show_page after each),
// with `title` in its metadata. internal "export.pdf_failed" when cairo fails.
base::Result<std::string> RenderA4(const std::string& title, const std::function<void(cairo_t*)>& paint);

// A wrapped layout of `text` `width` points wide.
std::unique_ptr<PangoLayout, Closer> MakeLayout(cairo_t* cr, const std::string& text, const char* family, double pt,
                                                bool bold, PangoAlignment align, double width, double indent = 0);

// A QR code `size` points wide, quiet zone included, top left at (x, y).
// Medium error correction survives a crease or a smudge on paper.
void QrCode(cairo_t* cr, const std::string& data, double x, double y, double size);

}  // namespace shuzhi::exports::draw
