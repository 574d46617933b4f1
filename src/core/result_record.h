// A poll's signed result record (the JSON the server signs when a poll is
// counted, DESIGN.md §5) read into values, for the documents and summaries
// that print its figures. The record is the source of every published
// number; readers of it never recount. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/tally.h"

namespace shuzhi::core {

// One deputy's row. A withheld row (fewer valid votes than the campaign's
// minimum, or a void poll) carries no figures: its vectors are empty and
// its rate and grade unset.
struct RecordDeputy {
  std::int64_t deputy_id = 0;
  std::string name;
  bool withheld = false;
  std::vector<std::int64_t> votes;  // per scale option, best first
  std::int64_t valid = 0, invalid = 0, abstentions = 0;
  Fraction approval{0, 0};            // as signed; den 0 with no base or withheld
  std::int64_t approval_tenths = -1;  // 87.5 % → 875; -1 with no base or withheld
  std::string approval_percent;       // "87.5", as signed; "" when none
  std::string grade;                  // the scale option's code; "" when withheld
};

struct ResultRecord {
  std::int64_t poll_id = 0, meeting_id = 0, campaign_id = 0;
  int round = 1;
  std::string closed_at;  // ISO 8601 in China Standard Time, as signed
  bool void_poll = false;
  std::vector<ScaleOption> scale;
  std::int64_t issued = 0, returned = 0, valid_ballots = 0, invalid_ballots = 0;
  std::vector<RecordDeputy> deputies;

  // The option with `code`, or nullptr.
  const ScaleOption* Option(const std::string& code) const;
};

// nullopt when the text is not a result record (not JSON, or its deputies or
// scale are missing); fields of the wrong type read as their defaults.
std::optional<ResultRecord> ReadResultRecord(std::string_view text);

}  // namespace shuzhi::core
