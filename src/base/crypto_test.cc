#include "base/crypto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace shuzhi::base {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }
};

TEST_F(CryptoTest, RandomTokensDiffer) {
  const auto a = RandomToken(16), b = RandomToken(16);
  EXPECT_EQ(a.size(), 22u);  // 128 bits in unpadded base64
  EXPECT_NE(a, b);
}

TEST_F(CryptoTest, HexRoundTrip) {
  const Bytes raw = RandomBytes(32);
  auto back = FromHex(ToHex(raw));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, raw);
  EXPECT_FALSE(FromHex("abc").ok());
  EXPECT_FALSE(FromHex("zz").ok());
}

TEST_F(CryptoTest, HashIsKeyed) {
  EXPECT_EQ(Hash32("x").size(), 32u);
  EXPECT_EQ(Hash32("x"), Hash32("x"));
  EXPECT_NE(Hash32("x"), Hash32("x", "key"));
}

TEST_F(CryptoTest, PasswordsVerify) {
  auto h = HashPassword("正确的密码 horse", PasswordCost::kTestOnly);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*h, "正确的密码 horse"));
  EXPECT_FALSE(VerifyPassword(*h, "正确的密码 hors"));
  EXPECT_FALSE(VerifyPassword("garbage", "x"));
}

TEST_F(CryptoTest, Ed25519SignsAndVerifies) {
  ASSERT_TRUE(InitCrypto().ok());
  const auto key = SignKeyPairFromSeed(std::string(kSignSeedBytes, '\x07'));
  ASSERT_EQ(key.public_key.size(), 32u);
  const auto again = SignKeyPairFromSeed(std::string(kSignSeedBytes, '\x07'));
  EXPECT_EQ(key.public_key, again.public_key);  // the seed is the key
  const auto sig = SignDetached("result", key);
  EXPECT_TRUE(VerifyDetached("result", sig, key.public_key));
  EXPECT_FALSE(VerifyDetached("resulT", sig, key.public_key));
  const auto other = SignKeyPairFromSeed(std::string(kSignSeedBytes, '\x08'));
  EXPECT_FALSE(VerifyDetached("result", sig, other.public_key));
  EXPECT_FALSE(VerifyDetached("result", sig.substr(1), key.public_key));
  const auto fp = KeyFingerprint(key.public_key);
  EXPECT_EQ(fp.size(), 32u + 7u);
  EXPECT_NE(fp, KeyFingerprint(other.public_key));
}

TEST_F(CryptoTest, Sha256MatchesTheStandardVectors) {
  ASSERT_TRUE(InitCrypto().ok());
  // FIPS 180-2, appendix B.1, and the empty message.
  EXPECT_EQ(ToHex(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(CryptoTest, RandomBelowStaysInRange) {
  ASSERT_TRUE(InitCrypto().ok());
  std::vector<int> seen(5, 0);
  for (int i = 0; i < 1000; ++i) ++seen.at(RandomBelow(5));
  for (int n : seen) EXPECT_GT(n, 100);
}

TEST_F(CryptoTest, RandomStreamIsUniformAcrossRefills) {
  ASSERT_TRUE(InitCrypto().ok());
  RandomStream random;
  // 7 does not divide 2^32 (the rejection matters), and 70,000 draws cross
  // many 4,096-number blocks; each value's count within 5 % of 10,000.
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 70'000; ++i) ++seen.at(random.Below(7));
  for (int n : seen) EXPECT_NEAR(n, 10'000, 500);
  EXPECT_EQ(random.Below(1), 0U);
}

TEST_F(CryptoTest, RandomShuffleIsAPermutationInNoFixedOrder) {
  ASSERT_TRUE(InitCrypto().ok());
  std::vector<int> v(10'000);
  for (int i = 0; i < 10'000; ++i) v[i] = i;
  auto shuffled = v;
  RandomShuffle(shuffled);
  int in_place = 0;
  for (int i = 0; i < 10'000; ++i) in_place += shuffled[i] == i;
  EXPECT_LT(in_place, 10);  // about 1 expected
  std::sort(shuffled.begin(), shuffled.end());
  EXPECT_EQ(shuffled, v);
}

}  // namespace
}  // namespace shuzhi::base
