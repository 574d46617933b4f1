#include "core/registry.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace shuzhi::core {
namespace {

TEST(RegistryTest, ParsesChineseAndCodes) {
  EXPECT_EQ(ParseGender("男"), Gender::kMale);
  EXPECT_EQ(ParseGender(" female "), Gender::kFemale);
  EXPECT_FALSE(ParseGender("x").has_value());
  EXPECT_EQ(ParseOccupation("企业负责人"), Occupation::kEnterpriseHead);
  EXPECT_EQ(ParseOccupation("\u3000专业技术人员\u3000"), Occupation::kProfessional);
  EXPECT_EQ(ParseOccupation("public_institution_head"), Occupation::kPublicInstitutionHead);
  EXPECT_FALSE(ParseOccupation("医生").has_value());
  EXPECT_EQ(ParseOccupation("Enterprise head"), Occupation::kEnterpriseHead);
  EXPECT_EQ(ParseGender("Male"), Gender::kMale);
  EXPECT_EQ(ParseMandateStatus("Resigned"), MandateStatus::kResigned);
  EXPECT_EQ(ParseLevel("乡镇"), Level::kTownship);
  EXPECT_EQ(ParseMandateStatus(""), MandateStatus::kActive);
  EXPECT_EQ(ParseMandateStatus("辞职"), MandateStatus::kResigned);
  for (Occupation o : kAllOccupations) EXPECT_EQ(ParseOccupation(OccupationCode(o)), o);
}

TEST(RegistryTest, NormalizesDates) {
  EXPECT_EQ(NormalizeDate("1975-03-08"), "1975-03-08");
  EXPECT_EQ(NormalizeDate("1975/3/8"), "1975-03-08");
  EXPECT_EQ(NormalizeDate("1975.03.08"), "1975-03-08");
  EXPECT_EQ(NormalizeDate("1975年3月8日"), "1975-03-08");
  EXPECT_EQ(NormalizeDate("2000-02-29"), "2000-02-29");
  EXPECT_FALSE(NormalizeDate("1900-02-29").has_value());
  EXPECT_FALSE(NormalizeDate("1975-13-01").has_value());
  EXPECT_FALSE(NormalizeDate("1975-03-08-").has_value());
  EXPECT_FALSE(NormalizeDate("1975年3月").has_value());
  EXPECT_FALSE(NormalizeDate("三月八日").has_value());
  EXPECT_FALSE(NormalizeDate("").has_value());
  EXPECT_TRUE(IsIsoDate("2026-11-20"));
  EXPECT_FALSE(IsIsoDate("2026-11-31"));
  EXPECT_EQ(YearOf("2026-11-20"), 2026);
}

// What an import problem or a template offers is exactly what the parsers
// take: every listed spelling parses, and every value has one.
TEST(RegistryTest, ListedSpellingsAreTheAcceptedOnes) {
  for (auto s : GenderSpellings()) EXPECT_TRUE(ParseGender(s).has_value()) << s;
  for (auto s : OccupationSpellings()) EXPECT_TRUE(ParseOccupation(s).has_value()) << s;
  for (auto s : MandateStatusSpellings()) EXPECT_TRUE(ParseMandateStatus(s).has_value()) << s;
  EXPECT_EQ(GenderSpellings().front(), "男");
  EXPECT_EQ(OccupationSpellings().size(), 19u);
  for (Occupation o : kAllOccupations) {
    EXPECT_NE(std::find(OccupationSpellings().begin(), OccupationSpellings().end(), OccupationCode(o)),
              OccupationSpellings().end());
  }
  const auto statuses = MandateStatusSpellings();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), ""), 0);  // the empty cell is not a spelling to offer
}

TEST(RegistryTest, DateSpellingsAreAcceptedAndMeanTheSameDay) {
  const std::vector<std::string> forms = DateSpellings("1980-05-01");
  EXPECT_EQ(forms, (std::vector<std::string>{"1980-05-01", "1980/5/1", "1980.5.1", "1980年5月1日"}));
  for (const auto& f : forms) EXPECT_EQ(NormalizeDate(f), "1980-05-01") << f;
  for (const auto& f : DateSpellings("2000-12-31")) EXPECT_EQ(NormalizeDate(f), "2000-12-31") << f;
  EXPECT_TRUE(DateSpellings("1980-02-30").empty());
}

TEST(RegistryTest, AgeBands) {
  EXPECT_STREQ(AgeBand(1995, 2026), "under_35");
  EXPECT_STREQ(AgeBand(1991, 2026), "35_to_54");
  EXPECT_STREQ(AgeBand(1971, 2026), "55_and_over");
}

}  // namespace
}  // namespace shuzhi::core
