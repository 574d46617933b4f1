#include "core/result_record.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

// The shape FinalizeResult signs (src/app/meeting/polls.cc), trimmed.
constexpr const char* kRecord = R"({"kind":"shuzhi.poll_result","format":1,"poll_id":7,"meeting_id":3,
  "campaign_id":2,"round":2,"closed_at":"2026-11-28T10:05:00+08:00","void":false,"issued":40,"returned":38,"valid_ballots":37,"invalid_ballots":1,
  "scale":[{"code":"satisfied","label":"满意","approval":true},
           {"code":"basic","label":"基本满意","approval":true},
           {"code":"unsatisfied","label":"不满意","approval":false}],
  "deputies":[
    {"deputy_id":11,"name":"张三","withheld":false,"votes":[30,5,2],"abstentions":0,"valid":37,"invalid":1,
     "base":37,"approval":{"num":35,"den":37},"approval_percent":"94.6","grade":"satisfied"},
    {"deputy_id":12,"name":"李四","withheld":true}]})";

TEST(ResultRecordTest, ReadsTheSignedFigures) {
  const auto r = ReadResultRecord(kRecord);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->poll_id, 7);
  EXPECT_EQ(r->meeting_id, 3);
  EXPECT_EQ(r->campaign_id, 2);
  EXPECT_EQ(r->round, 2);
  EXPECT_EQ(r->closed_at, "2026-11-28T10:05:00+08:00");
  EXPECT_FALSE(r->void_poll);
  EXPECT_EQ(r->issued, 40);
  EXPECT_EQ(r->returned, 38);
  EXPECT_EQ(r->valid_ballots, 37);
  EXPECT_EQ(r->invalid_ballots, 1);
  ASSERT_EQ(r->scale.size(), 3u);
  EXPECT_FALSE(r->scale[2].approval);
  ASSERT_NE(r->Option("basic"), nullptr);
  EXPECT_EQ(r->Option("basic")->label, "基本满意");
  EXPECT_EQ(r->Option("excellent"), nullptr);
  ASSERT_EQ(r->deputies.size(), 2u);
  const auto& a = r->deputies[0];
  EXPECT_EQ(a.deputy_id, 11);
  EXPECT_EQ(a.name, "张三");
  EXPECT_EQ(a.votes, (std::vector<std::int64_t>{30, 5, 2}));
  EXPECT_EQ(a.valid, 37);
  EXPECT_EQ(a.invalid, 1);
  EXPECT_EQ(a.approval_tenths, 946);  // 35/37 = 94.59 %
  EXPECT_EQ(a.approval_percent, "94.6");
  EXPECT_EQ(a.grade, "satisfied");
}

TEST(ResultRecordTest, AWithheldRowHasNoFigures) {
  const auto r = ReadResultRecord(kRecord);
  ASSERT_TRUE(r.has_value());
  const auto& b = r->deputies[1];
  EXPECT_TRUE(b.withheld);
  EXPECT_TRUE(b.votes.empty());
  EXPECT_EQ(b.approval_tenths, -1);
  EXPECT_EQ(b.approval_percent, "");
  EXPECT_EQ(b.grade, "");
}

TEST(ResultRecordTest, AnEmptyBaseHasNoRate) {
  const auto r = ReadResultRecord(
      R"({"scale":[],"deputies":[{"deputy_id":1,"withheld":false,"approval":{"num":0,"den":0},"approval_percent":""}]})");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->deputies.at(0).approval_tenths, -1);
}

TEST(ResultRecordTest, RefusesWhatIsNotARecord) {
  EXPECT_FALSE(ReadResultRecord("").has_value());
  EXPECT_FALSE(ReadResultRecord("[]").has_value());
  EXPECT_FALSE(ReadResultRecord(R"({"deputies":[]})").has_value());
  EXPECT_FALSE(ReadResultRecord(R"({"scale":[],"deputies":{}})").has_value());
  EXPECT_FALSE(ReadResultRecord("{\"scale\":[],").has_value());
}

}  // namespace
}  // namespace shuzhi::core
