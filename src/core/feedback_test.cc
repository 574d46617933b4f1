#include "core/feedback.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

TEST(FeedbackTest, MethodCodesRoundTrip) {
  for (auto m : {FeedbackMethod::kInPerson, FeedbackMethod::kPhone, FeedbackMethod::kLetter}) {
    EXPECT_EQ(ParseFeedbackMethod(FeedbackMethodCode(m)), m);
  }
  EXPECT_STREQ(FeedbackMethodCode(FeedbackMethod::kInPerson), "in_person");
  EXPECT_FALSE(ParseFeedbackMethod("email").has_value());
  EXPECT_FALSE(ParseFeedbackMethod("").has_value());
  EXPECT_FALSE(ParseFeedbackMethod("Phone").has_value());
}

}  // namespace
}  // namespace shuzhi::core
