#include "core/tally.h"

namespace shuzhi::core {

std::int64_t Fraction::PercentTenths() const {
  if (den == 0) return -1;
  // round(1000 * num / den), half up, in integers.
  return (2000 * num + den) / (2 * den);
}

int GradeFor(const std::vector<std::int64_t>& votes, std::int64_t base) {
  std::int64_t running = 0;
  for (std::size_t k = 0; k < votes.size(); ++k) {
    running += votes[k];
    if (2 * running > base) return static_cast<int>(k);
  }
  return static_cast<int>(votes.size()) - 1;
}

base::Result<PollTally> Tally(const TallyInput& in, const std::vector<std::string>& ballots) {
  const auto& poll = in.poll;
  const std::size_t n = poll.deputy_ids.size();
  const std::size_t options = poll.scale.size();
  PollTally out;
  out.issued = in.issued;
  out.valid_ballots = static_cast<std::int64_t>(ballots.size());
  out.invalid_ballots = in.invalid_sheets;
  out.returned = out.valid_ballots + out.invalid_ballots;
  out.void_poll = out.returned > out.issued;
  out.deputies.resize(n);
  for (std::size_t d = 0; d < n; ++d) {
    out.deputies[d].deputy_id = poll.deputy_ids[d];
    out.deputies[d].votes.assign(options, 0);
  }
  for (const auto& b : ballots) {
    if (b.size() != n) return base::InvalidArgument("ballot.corrupt", "length");
    for (std::size_t d = 0; d < n; ++d) {
      auto& t = out.deputies[d];
      const char c = b[d];
      if (c == kAbstain) {
        ++t.abstentions;
      } else if (c == kInvalidMark) {
        ++t.invalid;
      } else if (c >= '0' && static_cast<std::size_t>(c - '0') < options) {
        ++t.votes[static_cast<std::size_t>(c - '0')];
      } else {
        return base::InvalidArgument("ballot.corrupt", "mark");
      }
    }
  }
  for (auto& t : out.deputies) {
    t.invalid += in.invalid_sheets;
    std::int64_t option_votes = 0;
    std::int64_t approving = 0;
    for (std::size_t k = 0; k < options; ++k) {
      option_votes += t.votes[k];
      if (poll.scale[k].approval) approving += t.votes[k];
    }
    t.valid = option_votes;
    switch (in.grade_base) {
      case GradeBase::kValidVotes:
        t.base = t.valid;
        break;
      case GradeBase::kBallotsReturned:
        t.base = out.returned;
        break;
      case GradeBase::kEvaluatorsEntitled:
        t.base = in.entitled;
        break;
      case GradeBase::kEvaluatorsPresent:
        t.base = in.present;
        break;
    }
    t.approval = Fraction{approving, t.base};
    t.grade = GradeFor(t.votes, t.base);
    t.withheld = t.valid < in.min_valid_votes;
  }
  return out;
}

}  // namespace shuzhi::core
