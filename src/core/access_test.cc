#include "core/access.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

const std::vector<RoleGrant> kAdmin{{Role::kAdmin, {}, {}, {}}};
const std::vector<RoleGrant> kOrganizer1{{Role::kOrganizer, 1, {}, {}}};
const std::vector<RoleGrant> kReviewer1{{Role::kReviewer, 1, {}, {}}};
const std::vector<RoleGrant> kLeader1g2{{Role::kGroupLeader, 1, 2, {}}};
const std::vector<RoleGrant> kDeputy7{{Role::kDeputy, 1, {}, 7}};

TEST(AccessTest, OrganizersAreLimitedToTheirCongress) {
  EXPECT_TRUE(Allows(kOrganizer1, Action::kManageCongress, {1, {}, {}}));
  EXPECT_FALSE(Allows(kOrganizer1, Action::kManageCongress, {2, {}, {}}));
  EXPECT_TRUE(Allows(kAdmin, Action::kManageCongress, {2, {}, {}}));
}

TEST(AccessTest, ReviewersOnlyRead) {
  EXPECT_TRUE(Allows(kReviewer1, Action::kReadCongress, {1, {}, {}}));
  EXPECT_FALSE(Allows(kReviewer1, Action::kReadCongress, {2, {}, {}}));
  EXPECT_FALSE(Allows(kReviewer1, Action::kManageCongress, {1, {}, {}}));
  EXPECT_FALSE(Allows(kReviewer1, Action::kManageUsers));
  EXPECT_FALSE(Allows(kReviewer1, Action::kReadAudit));
  EXPECT_TRUE(Allows(kReviewer1, Action::kReadAuditHead));
}

TEST(AccessTest, LeadersSeeTheirGroupAndDeputiesThemselves) {
  EXPECT_TRUE(Allows(kLeader1g2, Action::kReadCongress, {1, 2, {}}));
  EXPECT_FALSE(Allows(kLeader1g2, Action::kReadCongress, {1, 3, {}}));
  EXPECT_FALSE(Allows(kLeader1g2, Action::kReadCongress, {1, {}, {}}));  // not the whole congress
  EXPECT_TRUE(Allows(kDeputy7, Action::kReadCongress, {1, {}, 7}));
  EXPECT_FALSE(Allows(kDeputy7, Action::kReadCongress, {1, {}, 8}));
  EXPECT_FALSE(Allows(kDeputy7, Action::kReadCongress, {1, {}, {}}));
  EXPECT_FALSE(Allows(kDeputy7, Action::kManageUsers));
}

TEST(AccessTest, GroupsAreManagedByTheirLeaderAndOrganizers) {
  EXPECT_TRUE(Allows(kLeader1g2, Action::kManageGroup, {1, 2, {}}));
  EXPECT_FALSE(Allows(kLeader1g2, Action::kManageGroup, {1, 3, {}}));
  EXPECT_FALSE(Allows(kLeader1g2, Action::kManageGroup, {2, 2, {}}));
  EXPECT_FALSE(Allows(kLeader1g2, Action::kManageCongress, {1, {}, {}}));
  EXPECT_TRUE(Allows(kOrganizer1, Action::kManageGroup, {1, 2, {}}));
  EXPECT_FALSE(Allows(kReviewer1, Action::kManageGroup, {1, 2, {}}));
  EXPECT_FALSE(Allows(kDeputy7, Action::kManageGroup, {1, 2, {}}));
}

TEST(AccessTest, WhoMayGrantWhat) {
  EXPECT_TRUE(MayGrant(kAdmin, {Role::kOrganizer, 5, {}, {}}));
  EXPECT_TRUE(MayGrant(kOrganizer1, {Role::kReviewer, 1, {}, {}}));
  EXPECT_TRUE(MayGrant(kOrganizer1, {Role::kGroupLeader, 1, 4, {}}));
  EXPECT_FALSE(MayGrant(kOrganizer1, {Role::kReviewer, 2, {}, {}}));
  EXPECT_FALSE(MayGrant(kOrganizer1, {Role::kOrganizer, 1, {}, {}}));
  EXPECT_FALSE(MayGrant(kOrganizer1, {Role::kAdmin, {}, {}, {}}));
  EXPECT_FALSE(MayGrant(kReviewer1, {Role::kDeputy, 1, {}, {}}));
}

TEST(AccessTest, WhoMayManageWhom) {
  EXPECT_TRUE(MayManageUser(kOrganizer1, kDeputy7));
  EXPECT_FALSE(MayManageUser(kOrganizer1, kAdmin));
  EXPECT_FALSE(MayManageUser(kOrganizer1, kOrganizer1));
  EXPECT_FALSE(MayManageUser(kOrganizer1, {}));
  EXPECT_TRUE(MayManageUser(kAdmin, {}));
  // One grant outside the organizer's congress is enough to refuse.
  EXPECT_FALSE(MayManageUser(kOrganizer1, {{Role::kDeputy, 1, {}, {}}, {Role::kDeputy, 2, {}, {}}}));
}

}  // namespace
}  // namespace shuzhi::core
