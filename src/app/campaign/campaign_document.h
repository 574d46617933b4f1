// A campaign's implementation plan (实施方案) as a printed document, in the
// order of the seed plans: purpose and basis, content items, method and
// procedure, who reports (with the occupation breakdown), timetable,
// organisation, requirements. The document's own words come from the
// locale files in `lang` (officials print zh-CN; the plan's text is as
// written).
#pragma once

#include <cstdint>
#include <string>

#include "app/actor.h"
#include "base/i18n.h"

namespace shuzhi::app {

class App;

// The plan as a PDF (for whoever may read the campaign).
Result<std::string> CampaignPlanPdf(App& app, const Actor& actor, std::int64_t campaign_id, base::Lang lang);

}  // namespace shuzhi::app

namespace shuzhi::app {

// A deputy's report as a PDF (its current text), or every report of a group
// in one PDF, each on its own pages (for whoever may read them).
Result<std::string> ReportPdf(App& app, const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id,
                              base::Lang lang);
Result<std::string> GroupReportsPdf(App& app, const Actor& actor, std::int64_t campaign_id, std::int64_t group_id,
                                    base::Lang lang);

}  // namespace shuzhi::app

namespace shuzhi::app {

// A printable 代表码 card: a new public opinion link for the deputy (the old
// one stops working) as a QR code with the deputy's name and the address
// spelled out, for `base_url` such as "http://192.168.1.10:8080".
Result<std::string> OpinionCardPdf(App& app, const Actor& actor, std::int64_t deputy_id, const std::string& base_url,
                                   base::Lang lang);

}  // namespace shuzhi::app
