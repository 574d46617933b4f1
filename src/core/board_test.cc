#include "core/board.h"

#include <gtest/gtest.h>

#include <string>

#include "base/crypto.h"

namespace shuzhi::core {
namespace {

TEST(BoardTest, DigestIsTheLowercaseSha256OfTheBytes) {
  ASSERT_TRUE(base::InitCrypto().ok());
  EXPECT_EQ(BoardDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(BoardDigest("{\"a\":1}"), BoardDigest("{\"a\": 1}"));  // bytes, not the JSON value
}

TEST(BoardTest, TypedDigestsForgiveCaseAndSpacingOnly) {
  const std::string digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  EXPECT_EQ(NormalizeDigest(digest), digest);
  EXPECT_EQ(NormalizeDigest("BA78 16BF 8F01 CFEA 4141 40DE 5DAE 2223 B003 61A3 9617 7A9C B410 FF61 F200 15AD"), digest);
  EXPECT_EQ(NormalizeDigest("ba:78:16:bf-8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), digest);
  EXPECT_FALSE(NormalizeDigest("12ab").has_value());
  EXPECT_FALSE(NormalizeDigest(digest + "0").has_value());
  EXPECT_FALSE(NormalizeDigest("zz" + digest.substr(2)).has_value());
  EXPECT_FALSE(NormalizeDigest("").has_value());
}

TEST(BoardTest, EncodingIsStableAndVerifiesItsOwnFields) {
  BoardDocument b;
  b.signed_record = "{\"poll_id\":7}";
  b.signature_hex = "00ff";
  b.public_key_hex = "abcd";
  b.receipts = {"r1", "r2"};
  b.ballots = {"x", "y"};
  const std::string once = EncodeBoard(b);
  EXPECT_EQ(once, EncodeBoard(b));  // the same bytes every time: the digest depends on it
  for (const char* part : {"\"r1\"", "\"r2\"", "\"x\"", "\"y\"", "00ff", "abcd"}) {
    EXPECT_NE(once.find(part), std::string::npos) << part;
  }
  b.ballots = {"y", "x"};
  EXPECT_NE(BoardDigest(EncodeBoard(b)), BoardDigest(once));
}

}  // namespace
}  // namespace shuzhi::core
