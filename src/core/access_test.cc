#include "core/access.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

const std::vector<RoleGrant> kAdmin{{Role::kAdmin, {}, {}, {}}};
const std::vector<RoleGrant> kOrganizer1{{Role::kOrganizer, 1, {}, {}}};
const std::vector<RoleGrant> kReviewer1{{Role::kReviewer, 1, {}, {}}};
const std::vector<RoleGrant> kLeader1g2{{Role::kGroupLeader, 1, 2, {}}};
const std::vector<RoleGrant> kDeputy7{{Role::kDeputy, {}, {}, 7}};
// Person 7 holds mandates in congresses 1 and 3; person 8 in congress 2.
const PersonCongresses kPersons{{7, {1, 3}}, {8, {2}}};

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
  EXPECT_TRUE(Allows(kDeputy7, Action::kReadCongress, {2, {}, 7}));  // the person, whichever congress asks
  EXPECT_FALSE(Allows(kDeputy7, Action::kReadCongress, {1, {}, 8}));
  EXPECT_FALSE(Allows(kDeputy7, Action::kReadCongress, {1, {}, {}}));
  EXPECT_FALSE(Allows(kDeputy7, Action::kManageUsers));
}

TEST(AccessTest, OnlyTheLeaderOfAGroupLeadsIt) {
  EXPECT_TRUE(LeadsGroup(kLeader1g2, 2));
  EXPECT_FALSE(LeadsGroup(kLeader1g2, 3));
  EXPECT_FALSE(LeadsGroup(kLeader1g2, std::nullopt));
  EXPECT_FALSE(LeadsGroup(kOrganizer1, 2));
  EXPECT_FALSE(LeadsGroup(kAdmin, 2));
}

TEST(AccessTest, OwnDeputiesAreTheDeputyGrantsPersons) {
  EXPECT_EQ(OwnDeputies(kDeputy7), (std::set<std::int64_t>{7}));
  EXPECT_TRUE(OwnDeputies(kLeader1g2).empty());
  EXPECT_TRUE(OwnDeputies({{Role::kDeputy, 1, {}, {}}}).empty());  // names no person
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
  EXPECT_TRUE(MayGrant(kAdmin, {Role::kOrganizer, 5, {}, {}}, kPersons));
  EXPECT_TRUE(MayGrant(kOrganizer1, {Role::kReviewer, 1, {}, {}}, kPersons));
  EXPECT_TRUE(MayGrant(kOrganizer1, {Role::kGroupLeader, 1, 4, {}}, kPersons));
  EXPECT_FALSE(MayGrant(kOrganizer1, {Role::kReviewer, 2, {}, {}}, kPersons));
  EXPECT_FALSE(MayGrant(kOrganizer1, {Role::kOrganizer, 1, {}, {}}, kPersons));
  EXPECT_FALSE(MayGrant(kOrganizer1, {Role::kAdmin, {}, {}, {}}, kPersons));
  EXPECT_FALSE(MayGrant(kReviewer1, {Role::kDeputy, {}, {}, 7}, kPersons));
  // A deputy grant belongs to the congresses of the person's mandates.
  EXPECT_TRUE(MayGrant(kOrganizer1, {Role::kDeputy, {}, {}, 7}, kPersons));
  EXPECT_FALSE(MayGrant(kOrganizer1, {Role::kDeputy, {}, {}, 8}, kPersons));
  EXPECT_FALSE(MayGrant(kOrganizer1, {Role::kDeputy, {}, {}, 9}, kPersons));  // unknown person: no congress
}

TEST(AccessTest, WhoMayManageWhom) {
  EXPECT_TRUE(MayManageUser(kOrganizer1, kDeputy7, kPersons));
  EXPECT_FALSE(MayManageUser(kOrganizer1, kAdmin, kPersons));
  EXPECT_FALSE(MayManageUser(kOrganizer1, kOrganizer1, kPersons));
  EXPECT_FALSE(MayManageUser(kOrganizer1, {}, kPersons));
  EXPECT_TRUE(MayManageUser(kAdmin, {}, kPersons));
  // One grant outside the organizer's congress is enough to refuse.
  EXPECT_FALSE(MayManageUser(kOrganizer1, {{Role::kDeputy, {}, {}, 7}, {Role::kDeputy, {}, {}, 8}}, kPersons));
  // A grant stored before deputy grants named only the person keeps its congress.
  EXPECT_TRUE(MayManageUser(kOrganizer1, {{Role::kDeputy, 1, {}, {}}}, kPersons));
}

}  // namespace
}  // namespace shuzhi::core
