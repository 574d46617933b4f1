#include "core/feedback.h"

namespace shuzhi::core {

const char* FeedbackMethodCode(FeedbackMethod m) {
  switch (m) {
    case FeedbackMethod::kInPerson:
      return "in_person";
    case FeedbackMethod::kPhone:
      return "phone";
    case FeedbackMethod::kLetter:
      return "letter";
  }
  return "in_person";
}

std::optional<FeedbackMethod> ParseFeedbackMethod(std::string_view code) {
  for (auto m : {FeedbackMethod::kInPerson, FeedbackMethod::kPhone, FeedbackMethod::kLetter}) {
    if (code == FeedbackMethodCode(m)) return m;
  }
  return std::nullopt;
}

}  // namespace shuzhi::core
