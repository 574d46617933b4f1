#include "core/archive.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

// Every manifest test runs once with Ed25519 and SHA-256, once with SM2
// and SM3.
class ArchiveManifestTest : public ::testing::TestWithParam<base::SignAlg> {
 protected:
  static base::SigningKey KeyOf(char fill) {
    auto key = base::SigningKey::FromSeed(GetParam(), std::string(32, fill));
    EXPECT_TRUE(key.ok());
    return *key;
  }
  std::string Digest(std::string_view bytes) { return base::ToHex(base::FileDigest(GetParam(), bytes)); }

  void SetUp() override {
    ASSERT_TRUE(base::InitCrypto().ok());
    key_ = KeyOf('\x07');
    entries_["plan.pdf"] = "%PDF-1.7 plan";
    entries_["evidence/ab.png"] = std::string("\x89PNG\r\n", 6);
    Manifest m;
    m.campaign_id = 3;
    m.campaign_title = "2026年述职评议";
    m.group_id = 5;
    m.group_name = "第一代表小组";
    m.number = 2;
    m.algorithm = GetParam();
    m.public_key_hex = base::ToHex(key_.public_key());
    m.key_fingerprint = key_.fingerprint();
    for (const auto& [path, bytes] : entries_) {
      m.files.push_back({path, Digest(bytes), static_cast<std::int64_t>(bytes.size())});
    }
    Seal(m);
  }

  void Seal(const Manifest& m) {
    entries_[kManifestPath] = EncodeManifest(m);
    entries_[kManifestSigPath] = *SignManifest(entries_[kManifestPath], key_);
  }

  base::SigningKey key_;
  std::map<std::string, std::string> entries_;
};

TEST_P(ArchiveManifestTest, AnIntactArchiveVerifiesAndTheManifestReadsBack) {
  const auto r = VerifyArchive(entries_, key_.fingerprint());
  EXPECT_TRUE(r.ok) << r.problem << " " << r.file;
  EXPECT_EQ(r.files, 2u);
  ASSERT_TRUE(r.manifest);
  EXPECT_EQ(r.manifest->campaign_title, "2026年述职评议");
  EXPECT_EQ(r.manifest->group_id, 5);
  EXPECT_EQ(r.manifest->number, 2);
  // The fingerprint as typed: lower case, without spaces.
  std::string typed;
  for (char c : r.fingerprint) {
    if (c != ' ') typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  EXPECT_TRUE(VerifyArchive(entries_, typed).ok);
  EXPECT_TRUE(VerifyArchive(entries_, "").ok);
}

TEST_P(ArchiveManifestTest, EachTamperingIsNamed) {
  auto changed = entries_;
  changed["plan.pdf"][2] ^= 1;
  auto r = VerifyArchive(changed, "");
  EXPECT_EQ(r.problem, "archive.hash_mismatch");
  EXPECT_EQ(r.file, "plan.pdf");

  auto longer = entries_;
  longer["plan.pdf"] += "x";
  EXPECT_EQ(VerifyArchive(longer, "").problem, "archive.size_mismatch");

  auto removed = entries_;
  removed.erase("evidence/ab.png");
  r = VerifyArchive(removed, "");
  EXPECT_EQ(r.problem, "archive.missing_file");
  EXPECT_EQ(r.file, "evidence/ab.png");

  auto added = entries_;
  added["notes.txt"] = "x";
  r = VerifyArchive(added, "");
  EXPECT_EQ(r.problem, "archive.extra_file");
  EXPECT_EQ(r.file, "notes.txt");

  auto no_manifest = entries_;
  no_manifest.erase(kManifestPath);
  EXPECT_EQ(VerifyArchive(no_manifest, "").problem, "archive.no_manifest");
}

TEST_P(ArchiveManifestTest, AForgedOrForeignSignatureFails) {
  // The manifest rewritten to match a changed file, re-signed by another key
  // but still naming the server's key.
  auto forged = entries_;
  forged["plan.pdf"] = "forged";
  auto m = *ParseManifest(forged[kManifestPath]);
  m.files[1] = {"plan.pdf", Digest("forged"), 6};
  forged[kManifestPath] = EncodeManifest(m);
  const auto other = KeyOf('\x09');
  forged[kManifestSigPath] = *SignManifest(forged[kManifestPath], other);
  auto r = VerifyArchive(forged, "");
  EXPECT_EQ(r.problem, "archive.bad_signature");
  EXPECT_EQ(r.file, kManifestSigPath);

  // Wholly re-made with another key: consistent, but not the server's.
  m.public_key_hex = base::ToHex(other.public_key());
  forged[kManifestPath] = EncodeManifest(m);
  forged[kManifestSigPath] = *SignManifest(forged[kManifestPath], other);
  EXPECT_TRUE(VerifyArchive(forged, "").ok);
  EXPECT_EQ(VerifyArchive(forged, key_.fingerprint()).problem, "archive.wrong_key");

  auto unsigned_archive = entries_;
  unsigned_archive.erase(kManifestSigPath);
  EXPECT_EQ(VerifyArchive(unsigned_archive, "").problem, "archive.bad_signature");
}

TEST_P(ArchiveManifestTest, TheManifestNamesItsAlgorithmAndTheSignatureMustAgree) {
  const auto m = *ParseManifest(entries_[kManifestPath]);
  EXPECT_EQ(m.algorithm, GetParam());
  // Ed25519 manifests are what they were before SM2: no algorithm named.
  const bool named = entries_[kManifestPath].find("\"algorithm\"") != std::string::npos;
  EXPECT_EQ(named, GetParam() == base::SignAlg::kSm2);
  EXPECT_NE(entries_[kManifestPath].find(std::string("\"") + base::FileDigestName(GetParam()) + "\""),
            std::string::npos);

  // The signature file claiming the other algorithm.
  auto relabelled = entries_;
  const std::string mine = std::string("\"") + base::SignAlgName(GetParam()) + "\"";
  const std::string theirs = GetParam() == base::SignAlg::kSm2 ? "\"ed25519\"" : "\"sm2\"";
  auto& sig = relabelled[kManifestSigPath];
  sig.replace(sig.find(mine), mine.size(), theirs);
  EXPECT_EQ(VerifyArchive(relabelled, "").problem, "archive.bad_signature");

  // An algorithm nobody knows.
  auto unknown = entries_;
  auto& text = unknown[kManifestPath];
  if (const auto at = text.find("\"algorithm\": \"sm2\""); at != std::string::npos) {
    text.replace(at, 18, "\"algorithm\": \"rsa\"");
  } else {
    text.insert(2, "\"algorithm\": \"rsa\",\n  ");
  }
  EXPECT_EQ(VerifyArchive(unknown, "").problem, "archive.bad_manifest");
}

INSTANTIATE_TEST_SUITE_P(BothAlgorithms, ArchiveManifestTest,
                         ::testing::Values(base::SignAlg::kEd25519, base::SignAlg::kSm2),
                         [](const auto& info) { return std::string(base::SignAlgName(info.param)); });

TEST(ArchiveRules, OnlyAClosedCampaignIsArchived) {
  EXPECT_EQ(MayBuildArchive(CampaignState::kActive).reason(), "archive.campaign_active");
  EXPECT_EQ(MayBuildArchive(CampaignState::kDraft).reason(), "archive.campaign_active");
  EXPECT_TRUE(MayBuildArchive(CampaignState::kClosed).ok());
  EXPECT_TRUE(MayBuildArchive(CampaignState::kArchived).ok());
}

TEST(ArchiveRules, ArchivingNeedsEveryGroupOrTheWholeCampaign) {
  EXPECT_TRUE(CheckArchivedCovered({1, 2}, false, {1, 2}).ok());
  EXPECT_EQ(CheckArchivedCovered({1, 2}, false, {1}).reason(), "campaign.archive_missing");
  EXPECT_TRUE(CheckArchivedCovered({1, 2}, true, {std::nullopt}).ok());
  EXPECT_EQ(CheckArchivedCovered({1}, true, {1}).reason(), "campaign.archive_missing");
  EXPECT_EQ(CheckArchivedCovered({}, false, {}).reason(), "");
}

TEST(ArchiveRules, AStaleBuildReadsAsFailed) {
  Archive a;
  a.updated_at = 1000;
  EXPECT_EQ(EffectiveArchiveState(a, 1000 + kArchiveStaleAfter), ArchiveState::kBuilding);
  EXPECT_EQ(EffectiveArchiveState(a, 1001 + kArchiveStaleAfter), ArchiveState::kFailed);
  a.state = ArchiveState::kDone;
  EXPECT_EQ(EffectiveArchiveState(a, 1001 + kArchiveStaleAfter), ArchiveState::kDone);
  EXPECT_EQ(ParseArchiveState("nonsense"), ArchiveState::kFailed);
}

TEST(ArchiveRules, FileNamesKeepLettersAndNothingElse) {
  EXPECT_EQ(SafeFileName("张三"), "张三");
  EXPECT_EQ(SafeFileName("../../etc/passwd"), "_etc_passwd");
  EXPECT_EQ(SafeFileName("a b\tc"), "a_b_c");
  EXPECT_EQ(SafeFileName(""), "_");
  EXPECT_EQ(SafeFileName("\xff\xfe"), "_");
  EXPECT_EQ(SafeFileName("José-Ü_1"), "José-Ü_1");
  EXPECT_EQ(SafeFileName(std::string(100, 'a')).size(), 40u);
}

}  // namespace
}  // namespace shuzhi::core
