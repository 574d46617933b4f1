// Credential carriers as printed A4 PDFs (cairo + pango + libqrencode):
// phone slips, eight to a page with cut lines, and paper ballot sheets, one
// to a page. The caller supplies every word (translated) and the codes; the
// secrets exist only in the document this returns (DESIGN.md §5).
//
// Thread-safe: each call renders on its own surface.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace shuzhi::exports {

struct Carrier {
  std::string url;   // what the QR code holds (the secret in its #fragment)
  std::string code;  // the secret as printed for typing
};

struct SlipsPdf {
  std::string heading;      // the meeting's title
  std::string kind;         // "民主测评凭条"
  std::string instruction;  // how to vote with it
  std::string code_label;   // "凭条码"
  std::string address;      // "投票页：http://192.168.1.10:8080/v", to type the code by hand
  std::string fingerprint;  // "密钥指纹 1A2B …"
  std::vector<Carrier> slips;
};

struct SheetsPdf {
  std::string heading;  // "… 民主测评表"
  std::string instruction;
  std::string deputy_header;          // "代表姓名"
  std::vector<std::string> options;   // the scale, best first
  std::vector<std::string> deputies;  // rows, in the poll's order
  std::string code_label;
  std::string fingerprint;
  std::vector<Carrier> sheets;
};

// invalid_argument "export.bad_utf8"; internal "export.pdf_failed".
base::Result<std::string> RenderSlipsPdf(const SlipsPdf& in);
base::Result<std::string> RenderSheetsPdf(const SheetsPdf& in);

}  // namespace shuzhi::exports
