#include "core/registry.h"

#include <gtest/gtest.h>

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

TEST(RegistryTest, AgeBands) {
  EXPECT_STREQ(AgeBand(1995, 2026), "under_35");
  EXPECT_STREQ(AgeBand(1991, 2026), "35_to_54");
  EXPECT_STREQ(AgeBand(1971, 2026), "55_and_over");
}

}  // namespace
}  // namespace shuzhi::core
