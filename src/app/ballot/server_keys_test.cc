#include "app/ballot/server_keys.h"

#include <gtest/gtest.h>

#include "app/testing/app_test_util.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

using base::SignAlg;

TEST(ServerKeys, ANewInstallationSignsWithTheAlgorithmAskedForAndKeepsIt) {
  testing::TestApp t;
  ServerKeys first(t.store(), t.clock(), SignAlg::kSm2);
  ASSERT_TRUE(first.Load().ok());
  EXPECT_EQ(first.algorithm(), SignAlg::kSm2);
  EXPECT_EQ(first.signing().public_key().size(), 65u);
  EXPECT_EQ(first.fingerprint(), base::Fingerprint(SignAlg::kSm2, first.signing().public_key()));
  auto sig = first.signing().Sign("record");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(base::VerifySignature(SignAlg::kSm2, "record", *sig, first.signing().public_key()));

  // Started again without a choice: the installation's own algorithm and key.
  ServerKeys again(t.store(), t.clock());
  ASSERT_TRUE(again.Load().ok());
  EXPECT_EQ(again.algorithm(), SignAlg::kSm2);
  EXPECT_EQ(again.fingerprint(), first.fingerprint());

  // Asked for the other one: refused, and nothing changed.
  ServerKeys other(t.store(), t.clock(), SignAlg::kEd25519);
  const auto refused = other.Load();
  EXPECT_EQ(refused.reason(), "keys.sign_alg_fixed");
  EXPECT_NE(refused.message().find("signs with sm2"), std::string::npos) << refused.message();
  ServerKeys after(t.store(), t.clock());
  ASSERT_TRUE(after.Load().ok());
  EXPECT_EQ(after.fingerprint(), first.fingerprint());
}

TEST(ServerKeys, ANewInstallationSignsWithEd25519ByDefault) {
  testing::TestApp t;
  ServerKeys keys(t.store(), t.clock());
  ASSERT_TRUE(keys.Load().ok());
  EXPECT_EQ(keys.algorithm(), SignAlg::kEd25519);
  EXPECT_EQ(keys.signing().public_key().size(), 32u);
  ServerKeys sm2(t.store(), t.clock(), SignAlg::kSm2);
  EXPECT_EQ(sm2.Load().reason(), "keys.sign_alg_fixed");
}

// A database from before the choice existed holds a seed and no algorithm:
// it signed with Ed25519, and goes on doing so with the same key.
TEST(ServerKeys, AnInstallationFromBeforeTheChoiceKeepsEd25519) {
  testing::TestApp t;
  const std::string seed(base::kSignSeedBytes, '\x11');
  ASSERT_TRUE(
      t.store().Write([&](storage::Tx& tx) { return tx.ballots().InsertServerKey("signing_seed", seed, 1); }).ok());
  ServerKeys sm2(t.store(), t.clock(), SignAlg::kSm2);
  EXPECT_EQ(sm2.Load().reason(), "keys.sign_alg_fixed");
  ServerKeys keys(t.store(), t.clock());
  ASSERT_TRUE(keys.Load().ok());
  EXPECT_EQ(keys.algorithm(), SignAlg::kEd25519);
  EXPECT_EQ(keys.signing().public_key(), base::SignKeyPairFromSeed(seed).public_key);
}

TEST(ServerKeys, ADamagedAlgorithmIsAnErrorNotAGuess) {
  testing::TestApp t;
  ASSERT_TRUE(
      t.store().Write([&](storage::Tx& tx) { return tx.ballots().InsertServerKey("signing_alg", "rsa", 1); }).ok());
  ServerKeys keys(t.store(), t.clock());
  EXPECT_EQ(keys.Load().reason(), "keys.corrupt");
}

}  // namespace
}  // namespace shuzhi::app
