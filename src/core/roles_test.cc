#include "core/roles.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

TEST(RolesTest, NamesRoundTrip) {
  for (Role r : {Role::kAdmin, Role::kOrganizer, Role::kReviewer, Role::kGroupLeader, Role::kDeputy}) {
    EXPECT_EQ(ParseRole(RoleName(r)), r);
  }
  EXPECT_FALSE(ParseRole("chair").has_value());
}

TEST(RolesTest, GrantsNeedTheirScope) {
  EXPECT_TRUE(ValidateGrant({Role::kAdmin, {}, {}, {}}, 0).ok());
  EXPECT_TRUE(ValidateGrant({Role::kOrganizer, 1, {}, {}}, 0).ok());
  EXPECT_TRUE(ValidateGrant({Role::kGroupLeader, 1, 2, {}}, 0).ok());
  EXPECT_TRUE(ValidateGrant({Role::kDeputy, {}, {}, 9}, 0).ok());
  // A deputy's grant names the person only.
  EXPECT_EQ(ValidateGrant({Role::kDeputy, 1, {}, 9}, 0).fields().at(0).field, "roles[0].congress_id");
  EXPECT_EQ(ValidateGrant({Role::kDeputy, {}, {}, {}}, 0).fields().at(0).field, "roles[0].deputy_id");

  auto st = ValidateGrant({Role::kOrganizer, {}, {}, {}}, 3);
  EXPECT_EQ(st.reason(), "user.bad_grant");
  ASSERT_EQ(st.fields().size(), 1u);
  EXPECT_EQ(st.fields()[0].field, "roles[3].congress_id");
  EXPECT_FALSE(ValidateGrant({Role::kAdmin, 1, {}, {}}, 0).ok());
  EXPECT_FALSE(ValidateGrant({Role::kGroupLeader, 1, {}, {}}, 0).ok());
  EXPECT_FALSE(ValidateGrant({Role::kReviewer, 1, 2, {}}, 0).ok());
  auto neg = ValidateGrant({Role::kGroupLeader, 1, -2, {}}, 0);
  ASSERT_FALSE(neg.ok());
  EXPECT_EQ(neg.fields()[0].field, "roles[0].group_id");
}

}  // namespace
}  // namespace shuzhi::core
