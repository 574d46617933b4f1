// Printed documents as PDF (cairo + pango), laid out like Chinese official
// documents (GB/T 9704, DESIGN.md §7): A4, the title in a Song-style bold
// face at 22 pt (二号), body text in a Song/FangSong-style face at 16 pt
// (三号) with 2-character first-line indents and a fixed line pitch, headings
// in a Hei-style face, and page numbers "— N —" at the foot (odd pages right,
// even pages left). Noto Serif/Sans CJK stand in for the Song, FangSong and
// Hei faces. Line breaking is Pango's (Unicode line-breaking rules), so a
// line never starts with closing punctuation.
//
// Thread-safe: each call renders on its own surface.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace shuzhi::exports {  // the export module's namespace

struct PdfBlock {
  enum class Kind {
    kHeading,    // 一、述职内容 — Hei face, indented like a paragraph
    kParagraph,  // body text, first line indented two characters
    kItem,       // a numbered item, indented like a paragraph
    kRight,      // right-aligned (signature, date)
    kPageBreak,  // continue on a new page (text ignored)
    kTitle,      // a further document's title (after a page break)
    kQrCode,     // a QR code of `text`, 60 mm wide, centred (libqrencode)
    kBarChart,   // horizontal bars, one row per entry of `bars`, `text` its caption
  };
  Kind kind = Kind::kParagraph;
  std::string text;
  // kBarChart: each bar's label, length (0..chart_max) and the text printed
  // after it ("87.5%", "12"); chart_max 0 scales to the longest bar.
  struct Bar {
    std::string label;
    double value = 0;
    std::string value_text;
  };
  std::vector<Bar> bars = {};
  double chart_max = 0;
};

struct PdfDocument {
  std::string title;  // centred, may contain '\n'
  std::vector<PdfBlock> blocks;
  std::string metadata_title;  // the PDF's Title field
};

// invalid_argument "export.bad_utf8" for text that is not UTF-8; internal
// "export.pdf_failed" when cairo fails.
base::Result<std::string> RenderPdf(const PdfDocument& doc);

}  // namespace shuzhi::exports
