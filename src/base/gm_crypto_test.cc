#include "base/gm_crypto.h"

#include <gtest/gtest.h>

namespace shuzhi::base {
namespace {

// GB/T 32905-2016, appendix A: examples 1 and 2.
TEST(Sm3, StandardExamples) {
  EXPECT_EQ(ToHex(Sm3("abc")), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string sixty_four;
  for (int i = 0; i < 16; ++i) sixty_four += "abcd";
  EXPECT_EQ(ToHex(Sm3(sixty_four)), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

Sm2KeyPair Key(char fill) {
  auto key = Sm2KeyPairFromSeed(std::string(kSignSeedBytes, fill));
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return *key;
}

TEST(Sm2, TheSeedGivesTheKey) {
  const auto a = Key('\x01'), again = Key('\x01'), b = Key('\x02');
  EXPECT_EQ(a.public_key.size(), 65u);
  EXPECT_EQ(a.public_key[0], '\x04');  // uncompressed point
  EXPECT_EQ(a.public_key, again.public_key);
  EXPECT_NE(a.public_key, b.public_key);
  // A seed of all ones is far above the group order: reduced, not refused.
  EXPECT_TRUE(Sm2KeyPairFromSeed(std::string(kSignSeedBytes, '\xff')).ok());
  EXPECT_EQ(Sm2KeyPairFromSeed("short").status().reason(), "crypto.bad_seed");
}

TEST(Sm2, SignsAndVerifiesAndRefusesWhatWasChanged) {
  const auto key = Key('\x07'), other = Key('\x08');
  const std::string board = R"({"poll":1,"counts":[3,1,0]})";
  auto sig = Sm2Sign(board, key);
  ASSERT_TRUE(sig.ok()) << sig.status().ToString();
  EXPECT_EQ((*sig)[0], '\x30');  // DER SEQUENCE
  EXPECT_TRUE(Sm2Verify(board, *sig, key.public_key));

  std::string tampered = board;
  tampered[tampered.find('3')] = '4';
  EXPECT_FALSE(Sm2Verify(tampered, *sig, key.public_key));
  EXPECT_FALSE(Sm2Verify(board, *sig, other.public_key));
  std::string bad_sig = *sig;
  bad_sig[bad_sig.size() - 1] ^= 1;
  EXPECT_FALSE(Sm2Verify(board, bad_sig, key.public_key));
  EXPECT_FALSE(Sm2Verify(board, "", key.public_key));
  std::string off_curve = key.public_key;
  off_curve[64] ^= 1;
  EXPECT_FALSE(Sm2Verify(board, *sig, off_curve));

  // Randomised: another signature of the same board differs and verifies.
  auto again = Sm2Sign(board, key);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *sig);
  EXPECT_TRUE(Sm2Verify(board, *again, key.public_key));
}

// Made by another implementation, the OpenSSL 3.0 command line:
//   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out k.pem
//   openssl pkeyutl -sign -rawin -digest sm3 -inkey k.pem -in msg
//     -pkeyopt distid:1234567812345678      (and distid:otherid)
// over "hello board": the default signer ID's signature verifies, another
// ID's does not, so the ID is the standard's and it is used.
TEST(Sm2, VerifiesWhatTheOpensslCommandLineSigned) {
  const auto key = FromHex(
      "04bf6a2a7eec3d1a44c5e63e2f8f65f01ee150937b25fe3025cb0fa4b3e0317da5025537a601d649463614e64e7c3267b03010b2a7af9b"
      "46ea5fb9b67904d82dea");
  const auto with_default_id = FromHex(
      "3046022100ff7ac8fd0da729b93250f2553c95dbc2a70485f3d5b3960b9ff88700332b6346022100e9b8ee614fd6ea975f78bc9d69a653e"
      "bb306edef52f53c75a9366e181a28d135");
  const auto with_other_id = FromHex(
      "304402205cf615a650215f8b0187699a2e095d4077fb774a19f98bb745424942739fe89f022052f2c05436b122dfb402d5c3fc4b3a8fb2c"
      "16acd4dfed4b4352c187dc79a51c4");
  ASSERT_TRUE(key.ok() && with_default_id.ok() && with_other_id.ok());
  EXPECT_TRUE(Sm2Verify("hello board", *with_default_id, *key));
  EXPECT_FALSE(Sm2Verify("hello board", *with_other_id, *key));
  EXPECT_FALSE(Sm2Verify("hello board!", *with_default_id, *key));
}

}  // namespace
}  // namespace shuzhi::base
