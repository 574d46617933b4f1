#include "core/panel.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

std::vector<PanelMember> Panel(int men, int women, const std::string& village = "东村") {
  std::vector<PanelMember> out;
  for (int i = 0; i < men; ++i) out.push_back({"male", "35_to_54", "farmer", village});
  for (int i = 0; i < women; ++i) out.push_back({"female", "under_35", "worker", village});
  return out;
}

TEST(PanelTest, SizeAgainstRange) {
  PanelTargets t;
  EXPECT_TRUE(CheckPanel(Panel(15, 15), {}, t).size_ok);
  auto small = CheckPanel(Panel(10, 10), {}, t);
  EXPECT_FALSE(small.size_ok);
  EXPECT_EQ(small.flags, std::vector<std::string>{"size_below_range"});
  EXPECT_EQ(CheckPanel(Panel(20, 20), {}, t).flags, std::vector<std::string>{"size_above_range"});
}

TEST(PanelTest, EveryVillageRepresented) {
  auto members = Panel(15, 14);
  members.push_back({"female", "", "other", "西村"});
  auto r = CheckPanel(members, {"东村", "西村", "南村"}, PanelTargets{});
  EXPECT_EQ(r.villages_missing, std::vector<std::string>{"南村"});
  EXPECT_EQ(r.villages_covered.size(), 2u);
  EXPECT_NE(std::find(r.flags.begin(), r.flags.end(), "village_missing:南村"), r.flags.end());
}

TEST(PanelTest, SharesWithinToleranceOfTargets) {
  PanelTargets t;
  t.shares["gender"] = {{"male", 50}, {"female", 50}};
  // 21 of 30 men = 70 %: 20 points off, over the 15-point tolerance.
  auto r = CheckPanel(Panel(21, 9), {}, t);
  EXPECT_NE(std::find(r.flags.begin(), r.flags.end(), "share_off:gender:male"), r.flags.end());
  EXPECT_NE(std::find(r.flags.begin(), r.flags.end(), "share_off:gender:female"), r.flags.end());
  // 19 of 30 = 63.3 %: 13.3 points off, within tolerance.
  auto ok = CheckPanel(Panel(19, 11), {}, t);
  EXPECT_TRUE(ok.flags.empty());
  ASSERT_EQ(ok.dimensions[0].dimension, "gender");
  EXPECT_NEAR(ok.dimensions[0].items[1].percent, 63.333, 0.01);
  // A targeted category with nobody in it shows as 0 and is flagged.
  t.shares["occupation"] = {{"professional", 20}};
  auto none = CheckPanel(Panel(15, 15), {}, t);
  EXPECT_NE(std::find(none.flags.begin(), none.flags.end(), "share_off:occupation:professional"), none.flags.end());
}

}  // namespace
}  // namespace shuzhi::core
