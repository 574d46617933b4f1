// The meeting's printed carriers: phone slips or paper ballot sheets, with
// their words from the locale files ([document] keys).
#pragma once

#include <string>
#include <vector>

#include "base/i18n.h"
#include "base/status.h"
#include "core/ballot.h"
#include "core/campaign.h"

namespace shuzhi::app {

struct CarrierPrint {
  core::Channel channel = core::Channel::kPhone;
  std::string meeting_title;
  std::string base_url;     // the QR code's link is base_url + "/v#" + code
  std::string fingerprint;  // the signing key's
  int round = 1;
  std::vector<core::ScaleOption> scale;
  bool abstention_allowed = false;
  std::vector<std::string> deputies;  // the sheet's rows
  std::vector<std::string> codes;     // printed form (core::FormatSecret)
};

base::Result<std::string> RenderCarriersPdf(const CarrierPrint& print, base::Lang lang);

}  // namespace shuzhi::app
