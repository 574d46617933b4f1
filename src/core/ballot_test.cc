#include "core/ballot.h"

#include <gtest/gtest.h>

#include <random>

namespace shuzhi::core {
namespace {

PollBallotSpec ThreeDeputies(bool abstention = false) {
  return {{11, 12, 13}, CommitteeTemplate(2026).scale, abstention};
}

TEST(BallotTest, EncodesInThePollsOrder) {
  const auto poll = ThreeDeputies();
  const auto& s = poll.scale;
  auto e = EncodePhoneChoices(poll, {{13, s[2].code}, {11, s[0].code}, {12, s[1].code}});
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(*e, "012");
  auto d = DecodeChoices(poll, *e);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)[2], s[2].code);
}

TEST(BallotTest, RefusesWhatIsNotOnThePoll) {
  const auto poll = ThreeDeputies();
  const auto& o = poll.scale[0].code;
  EXPECT_EQ(EncodePhoneChoices(poll, {{11, o}, {12, o}}).status().reason(), "ballot.missing_choice");
  EXPECT_EQ(EncodePhoneChoices(poll, {{11, o}, {12, o}, {13, o}, {99, o}}).status().reason(), "ballot.unknown_deputy");
  EXPECT_EQ(EncodePhoneChoices(poll, {{11, o}, {11, o}, {13, o}}).status().reason(), "ballot.duplicate_choice");
  EXPECT_EQ(EncodePhoneChoices(poll, {{11, o}, {12, "excellent"}, {13, o}}).status().reason(), "ballot.unknown_option");
  EXPECT_EQ(EncodePhoneChoices(poll, {{11, o}, {12, "abstain"}, {13, o}}).status().reason(),
            "ballot.abstention_not_allowed");
  // A phone cannot send a blank row; paper can.
  EXPECT_EQ(EncodePhoneChoices(poll, {{11, o}, {12, "blank"}, {13, o}}).status().reason(), "ballot.unknown_option");
  auto paper = EncodePaperChoices(poll, {{11, o}, {12, "blank"}, {13, "multiple"}});
  ASSERT_TRUE(paper.ok());
  EXPECT_EQ(*paper, "0xx");
}

TEST(BallotTest, AbstentionWhenAllowed) {
  const auto poll = ThreeDeputies(true);
  const auto& o = poll.scale[1].code;
  auto e = EncodePhoneChoices(poll, {{11, o}, {12, "abstain"}, {13, o}});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, "1a1");
}

TEST(BallotTest, DecodeRefusesCorruptStrings) {
  const auto poll = ThreeDeputies();
  EXPECT_EQ(DecodeChoices(poll, "01").status().reason(), "ballot.corrupt");
  EXPECT_EQ(DecodeChoices(poll, "013").status().reason(),
            "ballot.corrupt");  // only 3 options
}

TEST(BallotTest, SecretRoundTripsThroughItsPrintedForm) {
  std::mt19937 rng(7);
  for (int i = 0; i < 500; ++i) {
    std::string secret(kSecretBytes, '\0');
    for (auto& c : secret) c = static_cast<char>(rng() & 0xff);
    const auto printed = FormatSecret(secret);
    ASSERT_EQ(printed.size(), 26u + 6u);  // 26 digits in 7 groups
    auto back = ParseSecret(printed);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, secret);
  }
}

TEST(BallotTest, TypedSecretsForgiveCaseSpacingAndLookalikes) {
  const std::string secret(kSecretBytes, '\x01');
  auto printed = FormatSecret(secret);
  std::string typed;
  for (char c : printed) typed += (c == '-') ? ' ' : static_cast<char>(std::tolower(c));
  EXPECT_EQ(*ParseSecret(typed), secret);
  std::string with_o = printed;
  for (auto& c : with_o)
    if (c == '0') c = 'O';
  EXPECT_EQ(*ParseSecret(with_o), secret);
  EXPECT_EQ(ParseSecret(printed.substr(0, 20)).status().reason(), "credential.malformed");
  EXPECT_EQ(ParseSecret(printed + "A").status().reason(), "credential.malformed");
  EXPECT_EQ(ParseSecret("UUUU").status().reason(),
            "credential.malformed");  // U is not a digit
}

}  // namespace
}  // namespace shuzhi::core
