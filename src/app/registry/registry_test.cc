#include "app/registry/registry.h"

#include <gtest/gtest.h>

namespace shuzhi::app {
namespace {

core::Mandate M(std::int64_t deputy, const char* status, std::optional<std::string> status_date = {},
                bool by_election = false, std::optional<std::string> elected = {}) {
  core::Mandate m;
  m.deputy_id = deputy;
  m.status = status;
  m.status_date = status_date;
  m.by_election = by_election;
  m.elected_date = elected;
  return m;
}

TEST(RotationPersonsTest, OnePersonPerDeputyWhateverTheMandates) {
  // Deputy 1 holds a district and a town mandate; 2 resigned from their only
  // one; 3 resigned one of two and stays; 4 was by-elected in 2025.
  auto persons = RotationPersons({M(1, "active"), M(1, "active"), M(2, "resigned", std::string("2025-03-01")),
                                  M(3, "resigned", std::string("2025-03-01")), M(3, "active"),
                                  M(4, "active", std::nullopt, true, std::string("2025-09-15"))},
                                 {{9, 1, 2027, std::nullopt}, {9, 99, std::nullopt, 2024}});
  ASSERT_EQ(persons.size(), 4u);
  EXPECT_EQ(persons[0].deputy_id, 1);
  EXPECT_EQ(persons[0].pinned_year, 2027);
  EXPECT_EQ(persons[1].left_year, 2025);
  EXPECT_FALSE(persons[2].left_year.has_value());
  EXPECT_EQ(persons[3].join_year, 2025);
  EXPECT_EQ(persons[0].join_year, 0);
}

TEST(PanelTargetsTest, ParsesAndValidates) {
  core::DeputyGroup g;
  g.panel_min = 20;
  g.panel_max = 40;
  g.panel_targets = R"({"gender":{"male":60,"female":40},"tolerance":10})";
  auto t = PanelTargetsOf(g);
  EXPECT_EQ(t.min_size, 20);
  EXPECT_EQ(t.tolerance, 10);
  EXPECT_EQ(t.shares["gender"]["female"], 40);
  EXPECT_TRUE(ValidatePanelTargets(g.panel_targets).ok());
  EXPECT_FALSE(ValidatePanelTargets(R"({"height":{"tall":50}})").ok());
  EXPECT_FALSE(ValidatePanelTargets(R"({"gender":{"male":150}})").ok());
  EXPECT_FALSE(ValidatePanelTargets("[1]").ok());
}

TEST(ValidationTest, RecordsNeedTheirFields) {
  EXPECT_TRUE(ValidateDeputy({0, "张三", "male", "1970-01-01", "", "farmer", "", "", ""}).ok());
  EXPECT_EQ(ValidateDeputy({0, "", "male", "1970-01-01", "", "farmer", "", "", ""}).fields()[0].field, "name");
  EXPECT_EQ(ValidateDeputy({0, "张三", "x", "1970-01-01", "", "farmer", "", "", ""}).fields()[0].field, "gender");
  EXPECT_EQ(ValidateDeputy({0, "张三", "male", "1970-02-30", "", "farmer", "", "", ""}).fields()[0].field,
            "birth_date");
  core::Mandate m;
  m.status = "resigned";
  EXPECT_EQ(ValidateMandate(m).fields()[0].field, "status_date");
  EXPECT_EQ(ValidateTerm({0, 1, 15, "2027-01-01", "2022-01-01"}).fields()[0].code, "before_start");
}

}  // namespace
}  // namespace shuzhi::app
