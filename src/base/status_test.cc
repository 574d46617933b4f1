#include "base/status.h"

#include <gtest/gtest.h>

namespace shuzhi::base {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("math.odd", "odd input");
  return x / 2;
}

Status Quarter(int x, int* out) {
  SHUZHI_ASSIGN_OR_RETURN(int h, Half(x));
  SHUZHI_ASSIGN_OR_RETURN(*out, Half(h));
  return Ok();
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Ok().ok());
  Status s = Conflict("user.username_taken", "taken");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.reason(), "user.username_taken");
  EXPECT_EQ(s.ToString(), "conflict user.username_taken: taken");
}

TEST(StatusTest, ResultPropagates) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status st = Quarter(6, &out);
  EXPECT_EQ(st.reason(), "math.odd");
  Result<int> r = Half(3);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(*Half(10), 5);
}

}  // namespace
}  // namespace shuzhi::base
