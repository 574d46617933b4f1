// The feedback talk (谈话反馈): after a private result, the deputy's group
// leader tells the deputy their result and the evaluators' opinions, and the
// deputy confirms having received it. A plain value shared by storage and
// app; one record per poll and deputy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace shuzhi::core {

// How the talk was held.
enum class FeedbackMethod { kInPerson, kPhone, kLetter };

// "in_person", "phone", "letter": the API's and the stored code.
const char* FeedbackMethodCode(FeedbackMethod m);
std::optional<FeedbackMethod> ParseFeedbackMethod(std::string_view code);

struct Feedback {
  std::int64_t poll_id = 0;
  std::int64_t deputy_id = 0;
  base::Micros given_at = 0;  // when the talk was held
  FeedbackMethod method = FeedbackMethod::kInPerson;
  std::string given_by;     // who held it, as typed (the leader's name by default)
  std::string notes;        // what was said, the deputy's response
  std::string recorded_by;  // username
  base::Micros recorded_at = 0;
  std::optional<base::Micros> confirmed_at;  // when the deputy confirmed receiving it
};

}  // namespace shuzhi::core
