#include "core/archive.h"

#include <gtest/gtest.h>

namespace shuzhi::core {
namespace {

class ArchiveManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(base::InitCrypto().ok());
    key_ = base::SignKeyPairFromSeed(std::string(32, '\x07'));
    entries_["plan.pdf"] = "%PDF-1.7 plan";
    entries_["evidence/ab.png"] = std::string("\x89PNG\r\n", 6);
    Manifest m;
    m.campaign_id = 3;
    m.campaign_title = "2026年述职评议";
    m.group_id = 5;
    m.group_name = "第一代表小组";
    m.number = 2;
    m.public_key_hex = base::ToHex(key_.public_key);
    m.key_fingerprint = base::KeyFingerprint(key_.public_key);
    for (const auto& [path, bytes] : entries_) {
      m.files.push_back({path, base::ToHex(base::Sha256(bytes)), static_cast<std::int64_t>(bytes.size())});
    }
    Seal(m);
  }

  void Seal(const Manifest& m) {
    entries_[kManifestPath] = EncodeManifest(m);
    entries_[kManifestSigPath] = SignManifest(entries_[kManifestPath], key_);
  }

  base::SignKeyPair key_;
  std::map<std::string, std::string> entries_;
};

TEST_F(ArchiveManifestTest, AnIntactArchiveVerifiesAndTheManifestReadsBack) {
  const auto r = VerifyArchive(entries_, base::KeyFingerprint(key_.public_key));
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

TEST_F(ArchiveManifestTest, EachTamperingIsNamed) {
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

TEST_F(ArchiveManifestTest, AForgedOrForeignSignatureFails) {
  // The manifest rewritten to match a changed file, re-signed by another key
  // but still naming the server's key.
  auto forged = entries_;
  forged["plan.pdf"] = "forged";
  auto m = *ParseManifest(forged[kManifestPath]);
  m.files[1] = {"plan.pdf", base::ToHex(base::Sha256("forged")), 6};
  forged[kManifestPath] = EncodeManifest(m);
  const auto other = base::SignKeyPairFromSeed(std::string(32, '\x09'));
  forged[kManifestSigPath] = SignManifest(forged[kManifestPath], other);
  auto r = VerifyArchive(forged, "");
  EXPECT_EQ(r.problem, "archive.bad_signature");
  EXPECT_EQ(r.file, kManifestSigPath);

  // Wholly re-made with another key: consistent, but not the server's.
  m.public_key_hex = base::ToHex(other.public_key);
  forged[kManifestPath] = EncodeManifest(m);
  forged[kManifestSigPath] = SignManifest(forged[kManifestPath], other);
  EXPECT_TRUE(VerifyArchive(forged, "").ok);
  EXPECT_EQ(VerifyArchive(forged, base::KeyFingerprint(key_.public_key)).problem, "archive.wrong_key");

  auto unsigned_archive = entries_;
  unsigned_archive.erase(kManifestSigPath);
  EXPECT_EQ(VerifyArchive(unsigned_archive, "").problem, "archive.bad_signature");
}

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
