#include "core/tally.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace shuzhi::core {
namespace {

TallyInput Input(const CampaignSpec& c, std::size_t deputies) {
  TallyInput in;
  for (std::size_t i = 0; i < deputies; ++i) in.poll.deputy_ids.push_back(static_cast<std::int64_t>(100 + i));
  in.poll.scale = c.scale;
  in.grade_base = c.grade_base;
  in.min_valid_votes = c.min_valid_votes;
  in.issued = 1000;
  return in;
}

std::vector<std::string> Ballots(std::initializer_list<std::pair<const char*, int>> groups) {
  std::vector<std::string> out;
  for (const auto& [mark, n] : groups) out.insert(out.end(), static_cast<std::size_t>(n), mark);
  return out;
}

TEST(GradeTest, MoreThanHalfCumulatively) {
  // 满意 10, 基本满意 5, 不满意 10 of 25: 10 is not more than 12.5; 15 is.
  EXPECT_EQ(GradeFor({10, 5, 10}, 25), 1);
  EXPECT_EQ(GradeFor({13, 5, 7}, 25), 0);
  // Exactly one half is not more than half.
  EXPECT_EQ(GradeFor({10, 0, 10}, 20), 2);
  EXPECT_EQ(GradeFor({10, 1, 9}, 20), 1);
  EXPECT_EQ(GradeFor({11, 0, 9}, 20), 0);
  // Four levels: 优秀 5, 称职 10, 基本称职 10, 不称职 5 of 30 → 基本称职.
  EXPECT_EQ(GradeFor({5, 10, 10, 5}, 30), 2);
  EXPECT_EQ(GradeFor({16, 0, 0, 14}, 30), 0);
  // Nothing reaches the threshold of a larger base: the lowest option.
  EXPECT_EQ(GradeFor({3, 2, 0, 0}, 30), 3);
  EXPECT_EQ(GradeFor({0, 0, 0}, 0), 2);
}

TEST(GradeTest, PercentRoundedOnceHalfUp) {
  EXPECT_EQ((Fraction{7, 8}).PercentTenths(), 875);
  EXPECT_EQ((Fraction{2, 3}).PercentTenths(), 667);
  EXPECT_EQ((Fraction{1, 3}).PercentTenths(), 333);
  EXPECT_EQ((Fraction{1, 16}).PercentTenths(), 63);  // 6.25 → 6.3
  EXPECT_EQ((Fraction{0, 5}).PercentTenths(), 0);
  EXPECT_EQ((Fraction{0, 0}).PercentTenths(), -1);
}

TEST(TallyTest, CommitteeAnnouncedExample) {
  auto in = Input(CommitteeTemplate(2026), 2);
  in.issued = 25;
  auto t = Tally(in, Ballots({{"00", 20}, {"10", 3}, {"21", 2}}));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->returned, 25);
  EXPECT_FALSE(t->void_poll);
  const auto& a = t->deputies[0];
  EXPECT_EQ(a.votes, (std::vector<std::int64_t>{20, 3, 2}));
  EXPECT_EQ(a.valid, 25);
  EXPECT_EQ(a.grade, 0);
  // 满意 and 基本满意 are the committee scale's approval options.
  EXPECT_EQ(a.approval.num, 23);
  EXPECT_EQ(a.approval.PercentTenths(), 920);
  EXPECT_EQ(t->deputies[1].votes, (std::vector<std::int64_t>{23, 2, 0}));
}

TEST(TallyTest, InvalidRowsAndSheetsAndAbstentions) {
  auto in = Input(VoterTemplate(2026), 2);
  in.poll.abstention_allowed = true;
  in.issued = 30;
  in.invalid_sheets = 2;  // e.g. a sheet whose code was used already
  auto t = Tally(in, Ballots({{"0x", 10}, {"1a", 6}, {"23", 4}}));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->returned, 22);
  EXPECT_EQ(t->invalid_ballots, 2);
  EXPECT_EQ(t->deputies[0].valid, 20);
  EXPECT_EQ(t->deputies[0].invalid, 2);
  EXPECT_EQ(t->deputies[1].valid, 4);
  EXPECT_EQ(t->deputies[1].invalid, 12);
  EXPECT_EQ(t->deputies[1].abstentions, 6);
  EXPECT_TRUE(t->deputies[1].withheld);  // 4 < 5
  EXPECT_FALSE(t->deputies[0].withheld);
}

TEST(TallyTest, ReturnedOverIssuedVoidsThePoll) {
  auto in = Input(CommitteeTemplate(2026), 1);
  in.issued = 3;
  auto t = Tally(in, Ballots({{"0", 3}}));
  EXPECT_FALSE(t->void_poll);
  in.invalid_sheets = 1;
  t = Tally(in, Ballots({{"0", 3}}));
  EXPECT_TRUE(t->void_poll);
}

TEST(TallyTest, EveryBase) {
  auto in = Input(VoterTemplate(2026), 1);
  in.issued = 30;
  in.entitled = 32;
  in.present = 30;
  in.invalid_sheets = 4;
  const auto ballots = Ballots({{"0", 8}, {"1", 6}, {"x", 2}, {"2", 10}});  // 24 valid, 28 returned
  const std::vector<std::pair<GradeBase, std::int64_t>> bases = {{GradeBase::kValidVotes, 24},
                                                                 {GradeBase::kBallotsReturned, 30},
                                                                 {GradeBase::kEvaluatorsEntitled, 32},
                                                                 {GradeBase::kEvaluatorsPresent, 30}};
  for (const auto& [b, expected] : bases) {
    in.grade_base = b;
    auto t = Tally(in, ballots);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->deputies[0].base, expected) << GradeBaseCode(b);
  }
  in.grade_base = GradeBase::kValidVotes;
  EXPECT_EQ(Tally(in, ballots)->deputies[0].grade, 1);  // 14 of 24 > 12
  in.grade_base = GradeBase::kEvaluatorsEntitled;
  EXPECT_EQ(Tally(in, ballots)->deputies[0].grade,
            2);  // 14 of 32 is not > 16; 24 is
}

TEST(TallyTest, CorruptBallotIsAnError) {
  auto in = Input(CommitteeTemplate(2026), 2);
  EXPECT_EQ(Tally(in, {"0"}).status().reason(), "ballot.corrupt");
  EXPECT_EQ(Tally(in, {"07"}).status().reason(), "ballot.corrupt");
}

// Property: the tally agrees with a straightforward recount of decoded
// ballots, and the grade is the first option where a cumulative count
// exceeds half the base, over random polls.
TEST(TallyTest, AgreesWithAStraightforwardRecount) {
  std::mt19937 rng(2026);
  for (int round = 0; round < 300; ++round) {
    const auto campaign = (round % 2) ? VoterTemplate(2026) : CommitteeTemplate(2026);
    const std::size_t deputies = 1 + rng() % 12;
    auto in = Input(campaign, deputies);
    in.poll.abstention_allowed = rng() % 3 == 0;
    in.min_valid_votes = static_cast<int>(rng() % 8);
    in.grade_base = static_cast<GradeBase>(rng() % 4);
    in.entitled = rng() % 60;
    in.present = rng() % 60;
    in.invalid_sheets = rng() % 3;
    const std::size_t count = rng() % 50;
    std::vector<std::string> ballots;
    for (std::size_t b = 0; b < count; ++b) {
      std::vector<ChoiceInput> choices;
      for (auto id : in.poll.deputy_ids) {
        const auto r = rng() % (in.poll.scale.size() + 2);
        std::string option =
            r < in.poll.scale.size() ? in.poll.scale[r].code : (r == in.poll.scale.size() ? "blank" : "abstain");
        if (option == "abstain" && !in.poll.abstention_allowed) option = "multiple";
        choices.push_back({id, option});
      }
      auto e = EncodePaperChoices(in.poll, choices);
      ASSERT_TRUE(e.ok());
      ballots.push_back(*e);
    }
    auto t = Tally(in, ballots);
    ASSERT_TRUE(t.ok());
    for (std::size_t d = 0; d < deputies; ++d) {
      std::map<std::string, std::int64_t> recount;
      for (const auto& b : ballots) recount[(*DecodeChoices(in.poll, b))[d]]++;
      const auto& got = t->deputies[d];
      std::int64_t valid = 0, approving = 0;
      for (std::size_t k = 0; k < in.poll.scale.size(); ++k) {
        const auto n = recount[in.poll.scale[k].code];
        EXPECT_EQ(got.votes[k], n);
        valid += n;
        if (in.poll.scale[k].approval) approving += n;
      }
      EXPECT_EQ(got.valid, valid);
      EXPECT_EQ(got.abstentions, recount["abstain"]);
      EXPECT_EQ(got.invalid, recount["invalid"] + in.invalid_sheets);
      EXPECT_EQ(got.withheld, valid < in.min_valid_votes);
      EXPECT_EQ(got.approval.num, approving);
      // The grade by its definition: the best option k whose cumulative
      // votes exceed half of the base, else the lowest.
      int expected = static_cast<int>(in.poll.scale.size()) - 1;
      double cumulative = 0;
      for (std::size_t k = 0; k < in.poll.scale.size(); ++k) {
        cumulative += static_cast<double>(got.votes[k]);
        if (cumulative > static_cast<double>(got.base) / 2.0) {
          expected = static_cast<int>(k);
          break;
        }
      }
      EXPECT_EQ(got.grade, expected);
    }
    EXPECT_EQ(t->returned, static_cast<std::int64_t>(count) + in.invalid_sheets);
  }
}

}  // namespace
}  // namespace shuzhi::core
