#include "base/signing.h"

#include <gtest/gtest.h>

namespace shuzhi::base {
namespace {

const std::string kSeed(kSignSeedBytes, '\x5a');

TEST(SigningKey, EachAlgorithmSignsWhatItsVerifierAccepts) {
  for (SignAlg alg : {SignAlg::kEd25519, SignAlg::kSm2}) {
    SCOPED_TRACE(SignAlgName(alg));
    auto key = SigningKey::FromSeed(alg, kSeed);
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(key->algorithm(), alg);
    auto sig = key->Sign("result record");
    ASSERT_TRUE(sig.ok()) << sig.status().ToString();
    EXPECT_TRUE(VerifySignature(alg, "result record", *sig, key->public_key()));
    EXPECT_FALSE(VerifySignature(alg, "result recorD", *sig, key->public_key()));
    // A signature of one algorithm never passes for the other.
    const SignAlg other = alg == SignAlg::kSm2 ? SignAlg::kEd25519 : SignAlg::kSm2;
    EXPECT_FALSE(VerifySignature(other, "result record", *sig, key->public_key()));
    EXPECT_EQ(key->fingerprint(), Fingerprint(alg, key->public_key()));
  }
}

TEST(SigningKey, TheSeedGivesTheKeysOfBaseAndGm) {
  auto ed = SigningKey::FromSeed(SignAlg::kEd25519, kSeed);
  auto sm = SigningKey::FromSeed(SignAlg::kSm2, kSeed);
  ASSERT_TRUE(ed.ok() && sm.ok());
  EXPECT_EQ(ed->public_key(), SignKeyPairFromSeed(kSeed).public_key);
  EXPECT_EQ(sm->public_key(), Sm2KeyPairFromSeed(kSeed)->public_key);
  EXPECT_EQ(ed->public_key().size(), 32u);
  EXPECT_EQ(sm->public_key().size(), 65u);
  EXPECT_NE(ed->fingerprint(), sm->fingerprint());
}

TEST(SigningKey, RefusesASeedOfTheWrongSize) {
  for (SignAlg alg : {SignAlg::kEd25519, SignAlg::kSm2}) {
    auto key = SigningKey::FromSeed(alg, "short");
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.status().reason(), "crypto.bad_seed");
  }
}

TEST(FileDigest, IsSha256OrSm3) {
  EXPECT_EQ(ToHex(FileDigest(SignAlg::kEd25519, "abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(FileDigest(SignAlg::kSm2, "abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_STREQ(FileDigestName(SignAlg::kEd25519), "sha256");
  EXPECT_STREQ(FileDigestName(SignAlg::kSm2), "sm3");
  EXPECT_STREQ(FileDigestLabel(SignAlg::kEd25519), "SHA-256");
  EXPECT_STREQ(FileDigestLabel(SignAlg::kSm2), "SM3");
}

TEST(SignAlgNames, RoundTripAndRefuseOthers) {
  EXPECT_EQ(ParseSignAlg("sm2"), SignAlg::kSm2);
  EXPECT_EQ(ParseSignAlg("ed25519"), SignAlg::kEd25519);
  EXPECT_EQ(ParseSignAlg("SM2"), std::nullopt);
  EXPECT_EQ(ParseSignAlg("rsa"), std::nullopt);
  EXPECT_STREQ(SignAlgLabel(SignAlg::kSm2), "SM2");
  EXPECT_STREQ(SignAlgLabel(SignAlg::kEd25519), "Ed25519");
}

}  // namespace
}  // namespace shuzhi::base
