#include "app/users/users.h"

#include <gtest/gtest.h>

#include "app/testing/app_test_util.h"
#include "app/users/auth.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

using core::Role;
using testing::kPassword;
using testing::TestApp;

TEST(UsersTest, OrganizerCreatesWithinTheirCongressOnly) {
  TestApp t;
  const auto ours = t.AddPerson("代表甲", 1);
  const auto theirs = t.AddPerson("代表乙", 2);
  Actor org = t.AddUser("org1", {{Role::kOrganizer, 1, {}, {}}});
  auto ok = t.app().users().Create(org, {"dep", "代表甲", kPassword, {{Role::kDeputy, {}, {}, ours}}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(t.app().users().Create(org, {"dep2", "x", kPassword, {{Role::kDeputy, {}, {}, theirs}}}).status().reason(),
            "auth.forbidden");
  EXPECT_EQ(t.app().users().Create(org, {"org2", "x", kPassword, {{Role::kOrganizer, 1, {}, {}}}}).status().reason(),
            "auth.forbidden");
  EXPECT_EQ(t.app().users().Create(org, {"adm", "x", kPassword, {{Role::kAdmin, {}, {}, {}}}}).status().reason(),
            "auth.forbidden");
}

// Issue 11 item 10: a deputy's role names the person. Plan 1: a city deputy
// sits in a group the county runs, so the county's organizer gives the role;
// plan 2: a person with district and town mandates is one account, which
// either congress's organizer may give and manage.
TEST(UsersTest, DeputyRoleNamesThePersonWhicheverCongressHoldsTheMandate) {
  TestApp t;
  const std::int64_t county = 1, city = 2, town = 3, district = 4;
  const auto city_deputy = t.AddPerson("市代表", city, county);
  const auto both = t.AddPerson("区镇代表", town);
  t.AddPerson("区代表", district);
  ASSERT_TRUE(t.store()
                  .Write([&](storage::Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto terms, tx.registry().ListTerms(district));
                    core::Mandate m;
                    m.deputy_id = both;
                    m.term_id = terms.at(0).id;
                    return tx.registry().InsertMandate(m).status();
                  })
                  .ok());
  Actor county_org = t.AddUser("county", {{Role::kOrganizer, county, {}, {}}});
  Actor city_org = t.AddUser("city", {{Role::kOrganizer, city, {}, {}}});
  Actor town_org = t.AddUser("town", {{Role::kOrganizer, town, {}, {}}});
  Actor district_org = t.AddUser("district", {{Role::kOrganizer, district, {}, {}}});

  auto a = t.app().users().Create(county_org, {"citydep", "市代表", kPassword, {{Role::kDeputy, {}, {}, city_deputy}}});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(t.app().users().Get(city_org, a->id).ok());  // the mandate's own congress sees the account too
  EXPECT_EQ(t.app().users().Get(town_org, a->id).status().reason(), "auth.forbidden");

  auto b = t.app().users().Create(district_org, {"both", "区镇代表", kPassword, {{Role::kDeputy, {}, {}, both}}});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_TRUE(
      t.app().users().Update(town_org, b->id, {std::string("区镇代表（洞桥）"), std::nullopt, std::nullopt}).ok());
  EXPECT_EQ(t.app()
                .users()
                .Create(town_org, {"xx", "x", kPassword, {{Role::kDeputy, {}, {}, city_deputy}}})
                .status()
                .reason(),
            "auth.forbidden");

  // A congress on a deputy grant, or a deputy grant without a person, is refused with the field named.
  auto with_congress =
      t.app().users().Create(county_org, {"yy", "y", kPassword, {{Role::kDeputy, county, {}, city_deputy}}});
  EXPECT_EQ(with_congress.status().reason(), "user.bad_grant");
  ASSERT_EQ(with_congress.status().fields().size(), 1u);
  EXPECT_EQ(with_congress.status().fields()[0].field, "roles[0].congress_id");
  EXPECT_EQ(with_congress.status().fields()[0].code, "not_allowed");
  auto no_person = t.app().users().Create(county_org, {"yy", "y", kPassword, {{Role::kDeputy, {}, {}, {}}}});
  EXPECT_EQ(no_person.status().fields().at(0).field, "roles[0].deputy_id");
  EXPECT_EQ(no_person.status().fields().at(0).code, "required");
  auto missing = t.app().users().Create(county_org, {"yy", "y", kPassword, {{Role::kDeputy, {}, {}, 9999}}});
  EXPECT_EQ(missing.status().reason(), "user.bad_grant");
  EXPECT_EQ(missing.status().fields().at(0).code, "not_found");
  EXPECT_EQ(t.app().users().List(county_org, "yy", 1, 10)->total, 0);  // nothing was created
}

TEST(UsersTest, ValidatesInput) {
  TestApp t;
  Actor admin = t.AddUser("root", {{Role::kAdmin, {}, {}, {}}});
  auto bad = t.app().users().Create(admin, {"Bad Name", "", "short", {}});
  EXPECT_EQ(bad.status().reason(), "request.invalid");
  EXPECT_EQ(bad.status().fields().size(), 2u);
  EXPECT_EQ(t.app().users().Create(admin, {"ok", "x", "short", {}}).status().reason(), "user.password_too_short");
  // At least 12 characters (OWASP ASVS V2.1.1); eleven are refused.
  EXPECT_EQ(t.app().users().Create(admin, {"short11", "x", "eleven-char", {}}).status().reason(),
            "user.password_too_short");
  EXPECT_TRUE(t.app().users().Create(admin, {"long12", "x", "twelve-chars", {}}).ok());
  // Twelve Chinese characters are twelve characters, not 36 bytes' worth.
  EXPECT_TRUE(t.app().users().Create(admin, {"cn", "x", "十二个汉字组成的一句密码", {}}).ok());
  EXPECT_EQ(t.app().users().Create(admin, {"cn2", "x", "十一个汉字组成的密码啊", {}}).status().reason(),
            "user.password_too_short");
  EXPECT_EQ(t.app().users().Create(admin, {"root", "x", kPassword, {}}).status().reason(), "user.username_taken");
  EXPECT_EQ(t.app().users().Create(admin, {"gl", "x", kPassword, {{Role::kGroupLeader, 1, {}, {}}}}).status().reason(),
            "user.bad_grant");
}

TEST(UsersTest, ListIsScopedAndPaged) {
  TestApp t;
  Actor admin = t.AddUser("root", {{Role::kAdmin, {}, {}, {}}});
  Actor org = t.AddUser("org1", {{Role::kOrganizer, 1, {}, {}}});
  for (int i = 0; i < 5; ++i) {
    t.AddUser("c1d" + std::to_string(i), {{Role::kDeputy, {}, {}, t.AddPerson("一" + std::to_string(i), 1)}});
  }
  t.AddUser("c2d", {{Role::kDeputy, {}, {}, t.AddPerson("二", 2)}});
  auto all = t.app().users().List(admin, "", 1, 100);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 8);
  auto mine = t.app().users().List(org, "", 1, 4);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->total, 6);  // org1 itself and five deputies of congress 1
  EXPECT_EQ(mine->items.size(), 4u);
  auto page2 = t.app().users().List(org, "", 2, 4);
  EXPECT_EQ(page2->items.size(), 2u);
  EXPECT_EQ(t.app().users().List(org, "c2", 1, 10)->total, 0);
  Actor reviewer = t.AddUser("rev", {{Role::kReviewer, 1, {}, {}}});
  EXPECT_EQ(t.app().users().List(reviewer, "", 1, 10).status().reason(), "auth.forbidden");
  // Outside the organizer's congress: forbidden, even by id.
  auto other = t.app().users().List(admin, "c2d", 1, 1);
  EXPECT_EQ(t.app().users().Get(org, other->items[0].id).status().reason(), "auth.forbidden");
}

TEST(UsersTest, DisableResetAndSelfProtection) {
  TestApp t;
  Actor admin = t.AddUser("root", {{Role::kAdmin, {}, {}, {}}});
  Actor dep = t.AddUser("dep", {{Role::kDeputy, {}, {}, t.AddPerson("代表", 1)}});
  std::int64_t retry = 0;
  auto login = t.app().auth().Login("dep", kPassword, "a", &retry);
  ASSERT_TRUE(login.ok());

  ASSERT_TRUE(t.app().users().Update(admin, dep.user_id, {std::nullopt, true, std::nullopt}).ok());
  EXPECT_FALSE(t.app().auth().Authenticate(login->session_token).ok());  // disabling ends sessions
  ASSERT_TRUE(t.app().users().Update(admin, dep.user_id, {std::string("新名字"), false, std::nullopt}).ok());

  ASSERT_TRUE(t.app().users().ResetPassword(admin, dep.user_id, "new-password-1").ok());
  auto after = t.app().auth().Login("dep", "new-password-1", "a", &retry);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->user.must_change_password);
  EXPECT_EQ(after->user.display_name, "新名字");
  EXPECT_EQ(t.app().users().ChangeOwnPassword(dep, "wrong", "another-passw0rd").reason(), "auth.wrong_password");
  ASSERT_TRUE(t.app().users().ChangeOwnPassword(dep, "new-password-1", "another-passw0rd").ok());
  EXPECT_FALSE(t.app().auth().Me(dep)->must_change_password);

  EXPECT_EQ(t.app().users().Update(admin, admin.user_id, {std::nullopt, true, std::nullopt}).status().reason(),
            "user.cannot_disable_self");
  EXPECT_EQ(t.app()
                .users()
                .Update(admin, admin.user_id, {std::nullopt, std::nullopt, std::vector<core::RoleGrant>{}})
                .status()
                .reason(),
            "user.cannot_demote_self");
  Actor org = t.AddUser("org", {{Role::kOrganizer, 1, {}, {}}});
  EXPECT_EQ(t.app().users().ResetPassword(org, admin.user_id, "hijack-passw0rd").reason(), "auth.forbidden");
  EXPECT_EQ(t.app().users().Update(org, 9999, {std::string("x"), std::nullopt, std::nullopt}).status().reason(),
            "user.not_found");
}

}  // namespace
}  // namespace shuzhi::app
