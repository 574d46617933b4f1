#include "base/crypto.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace shuzhi::base
