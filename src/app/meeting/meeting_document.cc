#include "app/meeting/meeting_document.h"

#include <map>

#include "app/exports/document_text.h"
#include "export/carriers_pdf.h"

namespace shuzhi::app {
namespace {

using document_text::T;

// The link in the QR code: the secret rides in the #fragment, which
// browsers never send to the server (DESIGN.md §5).
std::string Link(const std::string& base_url, const std::string& code) {
  std::string plain;
  for (char c : code) {
    if (c != '-') plain.push_back(c);
  }
  return base_url + "/v#" + plain;
}

}  // namespace

base::Result<std::string> RenderCarriersPdf(const CarrierPrint& print, base::Lang lang) {
  const std::string fingerprint = T(lang, "carrier_fingerprint", {{"fp", print.fingerprint}});
  std::vector<exports::Carrier> carriers;
  for (const auto& code : print.codes) carriers.push_back({Link(print.base_url, code), code});
  if (print.channel == core::Channel::kPhone) {
    exports::SlipsPdf slips{print.meeting_title,
                            T(lang, "slip_kind", {{"round", std::to_string(print.round)}}),
                            T(lang, "slip_instruction"),
                            T(lang, "carrier_code"),
                            T(lang, "slip_address", {{"url", print.base_url + "/v"}}),
                            fingerprint,
                            std::move(carriers)};
    return exports::RenderSlipsPdf(slips);
  }
  exports::SheetsPdf sheets;
  sheets.heading = T(lang, "sheet_heading", {{"title", print.meeting_title}});
  sheets.instruction = T(lang, print.abstention_allowed ? "sheet_instruction_abstain" : "sheet_instruction");
  sheets.deputy_header = T(lang, "sheet_deputy");
  for (const auto& o : print.scale) sheets.options.push_back(o.label);
  if (print.abstention_allowed) sheets.options.push_back(T(lang, "sheet_abstain"));
  sheets.deputies = print.deputies;
  sheets.code_label = T(lang, "carrier_code");
  sheets.fingerprint = fingerprint;
  sheets.sheets = std::move(carriers);
  return exports::RenderSheetsPdf(sheets);
}

}  // namespace shuzhi::app
