#include "export/carriers_pdf.h"

#include <algorithm>
#include <memory>

#include "export/pdf_draw.h"
#include "export/table.h"

namespace shuzhi::exports {
namespace {

using draw::Closer;
using draw::kHei;
using draw::kMm;
using draw::kMono;
using draw::kPageH;
using draw::kPageW;
using draw::kSong;

// Draws `text` in a box `width` wide with its top at (x, y); returns its
// height.
double Text(cairo_t* cr, const std::string& text, const char* family, double pt, bool bold, double x, double y,
            double width, PangoAlignment align = PANGO_ALIGN_LEFT) {
  auto layout = draw::MakeLayout(cr, text, family, pt, bold, align, width);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  int w = 0, h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

void Qr(cairo_t* cr, const std::string& data, double x, double y, double size) { draw::QrCode(cr, data, x, y, size); }

// Renders `pages` pages with `draw(cr, page)`.
template <typename Draw>
base::Result<std::string> Render(const std::string& title, int pages, Draw draw) {
  return draw::RenderA4(title, [&](cairo_t* cr) {
    for (int page = 0; page < pages; ++page) {
      cairo_set_source_rgb(cr, 0, 0, 0);
      draw(cr, page);
      cairo_show_page(cr);
    }
  });
}

bool AllUtf8(const std::vector<std::string>& v) {
  for (const auto& s : v) {
    if (!IsValidUtf8(s)) return false;
  }
  return true;
}

}  // namespace

base::Result<std::string> RenderSlipsPdf(const SlipsPdf& in) {
  if (!AllUtf8({in.heading, in.kind, in.instruction, in.code_label, in.address, in.fingerprint})) {
    return base::InvalidArgument("export.bad_utf8", "slip text is not UTF-8");
  }
  constexpr int kCols = 2, kRows = 4, kPerPage = kCols * kRows;
  constexpr double kW = kPageW / kCols, kH = kPageH / kRows, kPad = 6 * kMm, kQr = 40 * kMm;
  const int pages = static_cast<int>((in.slips.size() + kPerPage - 1) / kPerPage);
  return Render(in.heading + " " + in.kind, pages, [&](cairo_t* cr, int page) {
    // Cut lines, dashed and grey.
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    const double dash[] = {3.0, 3.0};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 0.5);
    for (int c = 1; c < kCols; ++c) {
      cairo_move_to(cr, c * kW, 0);
      cairo_line_to(cr, c * kW, kPageH);
    }
    for (int r = 1; r < kRows; ++r) {
      cairo_move_to(cr, 0, r * kH);
      cairo_line_to(cr, kPageW, r * kH);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    for (int i = 0; i < kPerPage; ++i) {
      const std::size_t n = (static_cast<std::size_t>(page) * kPerPage) + i;
      if (n >= in.slips.size()) break;
      const auto& slip = in.slips[n];
      const int row = i / kCols, col = i % kCols;  // the slip's place on the sheet
      const double x = col * kW + kPad, y = row * kH + kPad * 0.7, w = kW - 2 * kPad;
      double top = y;
      top += Text(cr, in.heading + "  " + in.kind, kHei, 8.5, true, x, top, w) + 0.5 * kMm;
      // The QR code on the left, how to vote beside it, and the code across
      // the whole slip below, on one line for typing.
      Qr(cr, slip.url, x - 2 * kMm, top, kQr);
      Text(cr, in.instruction, kSong, 7.5, false, x + kQr, top + 2 * kMm, w - kQr + 2 * kMm);
      double below = top + kQr;
      below += Text(cr, in.code_label, kHei, 7.5, true, x, below, w);
      below += Text(cr, slip.code, kMono, 11, true, x, below, w);
      // Where to type the code without a camera, across the slip so that the
      // address stays on one line, large enough to read at arm's length.
      below += Text(cr, in.address, kMono, 9.5, true, x, below + 0.5 * kMm, w) + 0.5 * kMm;
      Text(cr, in.fingerprint, kMono, 6, false, x, below + 0.5 * kMm, w);
    }
  });
}

base::Result<std::string> RenderSheetsPdf(const SheetsPdf& in) {
  if (!AllUtf8({in.heading, in.instruction, in.deputy_header, in.code_label, in.fingerprint}) || !AllUtf8(in.options) ||
      !AllUtf8(in.deputies)) {
    return base::InvalidArgument("export.bad_utf8", "sheet text is not UTF-8");
  }
  constexpr double kLeft = 20 * kMm, kWidth = 170 * kMm, kQr = 32 * kMm;
  return Render(in.heading, static_cast<int>(in.sheets.size()), [&](cairo_t* cr, int page) {
    const auto& sheet = in.sheets[static_cast<std::size_t>(page)];
    double y = 20 * kMm;
    y += Text(cr, in.heading, kSong, 20, true, kLeft, y, kWidth, PANGO_ALIGN_CENTER) + 4 * kMm;
    y += Text(cr, in.instruction, kSong, 11, false, kLeft, y, kWidth) + 5 * kMm;
    // The table: a name column, then one box column per option. Rows shrink
    // to fit many deputies on one page.
    const double name_w = 50 * kMm;
    const double opt_w = (kWidth - name_w) / static_cast<double>(std::max<std::size_t>(1, in.options.size()));
    const double avail = 297 * kMm - y - kQr - 30 * kMm;
    const double row_h = std::min(12 * kMm, avail / static_cast<double>(in.deputies.size() + 1));
    const double font = std::min(12.0, row_h / kMm * 2.2);
    cairo_set_line_width(cr, 0.8);
    auto cell_text = [&](const std::string& t, double x, double w, double top, bool bold) {
      Text(cr, t, bold ? kHei : kSong, font, bold, x + 1 * kMm, top + (row_h - font * 1.45) / 2, w - 2 * kMm,
           PANGO_ALIGN_CENTER);
    };
    cell_text(in.deputy_header, kLeft, name_w, y, true);
    for (std::size_t o = 0; o < in.options.size(); ++o)
      cell_text(in.options[o], kLeft + name_w + o * opt_w, opt_w, y, true);
    for (std::size_t r = 0; r <= in.deputies.size(); ++r) {
      const double top = y + static_cast<double>(r) * row_h;
      cairo_rectangle(cr, kLeft, top, name_w, row_h);
      for (std::size_t o = 0; o < in.options.size(); ++o)
        cairo_rectangle(cr, kLeft + name_w + o * opt_w, top, opt_w, row_h);
      if (r == 0) continue;
      cell_text(in.deputies[r - 1], kLeft, name_w, top, false);
      // A square to mark in each option cell.
      const double box = std::min(row_h * 0.55, 6 * kMm);
      for (std::size_t o = 0; o < in.options.size(); ++o) {
        cairo_rectangle(cr, kLeft + name_w + o * opt_w + (opt_w - box) / 2, top + (row_h - box) / 2, box, box);
      }
    }
    cairo_stroke(cr);
    const double foot = 297 * kMm - 20 * kMm - kQr;
    Qr(cr, sheet.url, kLeft + kWidth - kQr, foot, kQr);
    double fy = foot + 4 * kMm;
    fy += Text(cr, in.code_label, kHei, 10, true, kLeft, fy, kWidth - kQr);
    fy += Text(cr, sheet.code, kMono, 13, true, kLeft, fy, kWidth - kQr) + 2 * kMm;
    Text(cr, in.fingerprint, kMono, 8, false, kLeft, fy, kWidth - kQr);
  });
}

}  // namespace shuzhi::exports
