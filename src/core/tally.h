// The tally of a poll and each deputy's grade (DESIGN.md §4), in exact
// integer arithmetic: rates are kept as fractions and rounded once, to one
// decimal of a percent, only for display.
//
// Grade rule: the grade is the best option whose votes, added to the votes
// of all better options, exceed half of the base; if no option reaches that
// (possible only when the base is larger than the valid votes) the grade is
// the lowest option. The approval rate is the share of approval options over
// the same base. An explicit abstention (when the campaign allows it) is
// neither valid nor invalid for that deputy: it is counted apart, so with the
// default base some option always reaches the threshold. A deputy with fewer
// valid votes than the campaign's minimum is withheld: no counts, rate or grade
// are shown for them to anyone. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/ballot.h"
#include "core/campaign.h"

namespace shuzhi::core {

struct Fraction {
  std::int64_t num = 0;
  std::int64_t den = 1;  // 0 when the base is empty: no rate
  // The percentage rounded half up to one decimal, in tenths (87.5% → 875);
  // -1 when den is 0.
  std::int64_t PercentTenths() const;
  bool operator==(const Fraction&) const = default;
};

struct DeputyTally {
  std::int64_t deputy_id = 0;
  std::vector<std::int64_t> votes;  // per scale option, best first
  std::int64_t abstentions = 0;
  std::int64_t valid = 0;    // votes for an option
  std::int64_t invalid = 0;  // returned ballots not valid for this deputy
  std::int64_t base = 0;     // what "more than half" is measured against
  Fraction approval;         // approval votes / base
  int grade = -1;            // index into the scale
  bool withheld = false;     // valid < min_valid_votes: show nothing
};

// What the tally needs besides the ballots.
struct TallyInput {
  PollBallotSpec poll;
  GradeBase grade_base = GradeBase::kValidVotes;
  int min_valid_votes = 5;
  std::int64_t issued = 0;          // carriers handed out for this poll
  std::int64_t entitled = 0;        // evaluators on the attendee list
  std::int64_t present = 0;         // evaluators checked in
  std::int64_t invalid_sheets = 0;  // paper sheets counted but invalid as a whole
};

struct PollTally {
  std::int64_t issued = 0;
  std::int64_t returned = 0;          // ballots cast (phone and paper) + invalid sheets
  std::int64_t valid_ballots = 0;     // ballots stored (each valid as a ballot)
  std::int64_t invalid_ballots = 0;   // invalid sheets
  bool void_poll = false;             // returned > issued: repeat with new carriers
  std::vector<DeputyTally> deputies;  // in the poll's order
};

// Counts `ballots` (each encoded as in ballot.h) for `in`. invalid_argument
// "ballot.corrupt" if a stored ballot does not fit the poll.
base::Result<PollTally> Tally(const TallyInput& in, const std::vector<std::string>& ballots);

// The grade index for `votes` (best first) against `base` by the rule above.
int GradeFor(const std::vector<std::int64_t>& votes, std::int64_t base);

}  // namespace shuzhi::core
