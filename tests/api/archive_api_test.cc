// The campaign archive (issue 13), over a real socket on the demo data: an
// open campaign is refused; closed, the organizer builds the first group's
// archive, polls its progress to done, downloads it and checks every file
// against the signed manifest, reads every PDF back with pdftotext and opens
// every XLSX with the project's orcus reader; a second build is No. 2 and
// No. 1 stays as it was; who may build and read; the campaign is archived
// only once every group is covered. Then `shuzhi verify-archive` passes on
// the download and names what fails on one changed byte, one removed file,
// one added file and a forged manifest signature.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "archive_api_fixture.h"
#include "base/gm_crypto.h"
#include "base/signing.h"
#include "core/archive.h"
#include "export/xlsx_reader.h"
#include "export/zip_archive.h"

namespace shuzhi::testing {
namespace {

TEST_F(ArchiveApiTest, AnOpenCampaignIsNotArchivedAndNothingChanges) {
  HttpResult r = Build(org_, group_);
  EXPECT_EQ(r.status, 412) << r.body;
  EXPECT_EQ(Code(r), "archive.campaign_active");
  EXPECT_TRUE(Json(Get(org_, Archives())).at("items").as_array().empty());
  EXPECT_EQ(Code(SetState("archived")), "campaign.bad_transition");
}

TEST_F(ArchiveApiTest, TheArchiveHoldsEveryDocumentAndMatchesItsSignedManifest) {
  ASSERT_EQ(SetState("closed").status, 200);
  const auto id = BuildDone(group_);
  const auto listed = Json(Get(org_, Archives())).at("items").at(0).as_object();
  EXPECT_EQ(listed.at("number").as_int64(), 1);
  EXPECT_EQ(listed.at("files_done").as_int64(), listed.at("files_total").as_int64());
  HttpResult zip = Get(org_, "/api/v1/archives/" + std::to_string(id) + "/download");
  ASSERT_EQ(zip.status, 200);
  EXPECT_EQ(zip.Header("content-type"), "application/zip");
  EXPECT_NE(zip.Header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(static_cast<std::int64_t>(zip.body.size()), listed.at("size").as_int64());
  EXPECT_EQ(base::ToHex(base::Sha256(zip.body)), listed.at("sha256").as_string());

  auto entries = exports::ReadZipEntries(zip.body, kLimits);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  const auto check = core::VerifyArchive(*entries, Fingerprint());
  ASSERT_TRUE(check.ok) << check.problem << " " << check.file;
  const auto& m = *check.manifest;
  EXPECT_EQ(m.group_id, group_);
  EXPECT_EQ(m.number, 1);
  EXPECT_EQ(m.files.size() + 1, static_cast<std::size_t>(listed.at("files_total").as_int64()));
  std::map<std::string, int> kinds;
  for (const auto& f : m.files) {
    const std::string& bytes = entries->at(f.path);
    EXPECT_EQ(base::ToHex(base::Sha256(bytes)), f.digest) << f.path;  // every hash, by hand too
    const auto ext = f.path.substr(f.path.rfind('.'));
    ++kinds[f.path.substr(0, f.path.find('/') == std::string::npos ? 0 : f.path.find('/') + 1) + ext];
    if (ext == ".pdf" && f.path.rfind("evidence/", 0) != 0) {
      EXPECT_FALSE(PdfText(bytes).empty()) << f.path;
    } else if (ext == ".xlsx") {
      auto table = exports::ReadXlsxFirstSheet(bytes);
      ASSERT_TRUE(table.ok()) << f.path << table.status().ToString();
      EXPECT_GE(table->rows.size(), 2u) << f.path;  // a header and at least one row
    } else if (ext == ".json") {
      const auto poll = f.path.substr(f.path.find('-') + 1);
      HttpResult board = Get(org_, "/api/v1/polls/" + poll.substr(0, poll.find('-')) + "/board");
      EXPECT_EQ(board.body, bytes) << f.path;  // byte for byte as served
    } else if (f.path.rfind("evidence/", 0) == 0) {
      EXPECT_EQ(f.path.substr(9, 64), f.digest);
    }
  }
  EXPECT_EQ(kinds[".pdf"], 1);  // plan.pdf; the summary is the whole campaign's archive's only
  EXPECT_EQ(entries->count("summary.pdf"), 0u);
  EXPECT_GE(kinds["minutes/.pdf"], 1);
  EXPECT_GE(kinds["reports/.pdf"], 1);
  EXPECT_GE(kinds["polls/.pdf"], 1);
  EXPECT_EQ(kinds["polls/.pdf"], kinds["polls/.json"]);
  EXPECT_EQ(kinds[".xlsx"], 3);  // opinions, feedback, measures
  EXPECT_GE(kinds["evidence/.png"], 1);
  EXPECT_NE(PdfText(entries->at("plan.pdf")).find("实施方案"), std::string::npos);
  for (const auto& f : m.files) {
    if (f.path.rfind("minutes/", 0) == 0) {
      EXPECT_NE(PdfText(entries->at(f.path)).find("会议记录"), std::string::npos) << f.path;
    }
  }
}

// The whole campaign's archive also holds the report on the evaluation (as
// PDF and XLSX), which shows every group's results.
TEST_F(ArchiveApiTest, TheWholeCampaignsArchiveHoldsTheSummary) {
  ASSERT_EQ(SetState("closed").status, 200);
  const auto id = BuildDone(std::nullopt);
  HttpResult zip = Get(org_, "/api/v1/archives/" + std::to_string(id) + "/download");
  ASSERT_EQ(zip.status, 200);
  auto entries = exports::ReadZipEntries(zip.body, kLimits);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_TRUE(core::VerifyArchive(*entries, Fingerprint()).ok);
  ASSERT_EQ(entries->count("summary.pdf"), 1u);
  EXPECT_NE(NoSpace(PdfText(entries->at("summary.pdf"))).find("评议情况报告"), std::string::npos);
  ASSERT_EQ(entries->count("summary.xlsx"), 1u);
  auto table = exports::ReadXlsxFirstSheet(entries->at("summary.xlsx"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->rows.size(), Reporting(voter_).size() + 1);
}

TEST_F(ArchiveApiTest, ASecondBuildIsNumberTwoAndNumberOneStays) {
  ASSERT_EQ(SetState("closed").status, 200);
  const auto first = BuildDone(group_);
  const HttpResult one = Get(org_, "/api/v1/archives/" + std::to_string(first) + "/download");
  const auto second = BuildDone(group_);
  const auto items = Json(Get(org_, Archives())).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items.at(0).at("id").as_int64(), first);
  EXPECT_EQ(items.at(0).at("number").as_int64(), 1);
  EXPECT_EQ(items.at(1).at("id").as_int64(), second);
  EXPECT_EQ(items.at(1).at("number").as_int64(), 2);
  EXPECT_EQ(Get(org_, "/api/v1/archives/" + std::to_string(first) + "/download").body, one.body);
  EXPECT_EQ(items.at(0).at("sha256").as_string(), base::ToHex(base::Sha256(one.body)));
}

TEST_F(ArchiveApiTest, OrganizersBuildReviewersReadLeadersTheirGroupDeputiesNothing) {
  ASSERT_EQ(SetState("closed").status, 200);
  EXPECT_EQ(Build(leader_, group_).status, 403);
  EXPECT_EQ(Build(reviewer_, group_).status, 403);
  EXPECT_EQ(Build(deputy_, group_).status, 403);
  EXPECT_EQ(Code(Build(org_, 999'999)), "archive.unknown_group");
  const auto own = BuildDone(group_);
  const auto whole = BuildDone(std::nullopt);
  const auto download = [&](const Login& who, std::int64_t id) {
    return Get(who, "/api/v1/archives/" + std::to_string(id) + "/download").status;
  };
  EXPECT_EQ(Json(Get(reviewer_, Archives())).at("items").as_array().size(), 2u);
  EXPECT_EQ(download(reviewer_, whole), 200);
  const auto led = Json(Get(leader_, Archives())).at("items").as_array();
  ASSERT_EQ(led.size(), 1u);  // the whole campaign's is not the leader's
  EXPECT_EQ(led.at(0).at("id").as_int64(), own);
  EXPECT_EQ(download(leader_, own), 200);
  EXPECT_EQ(download(leader_, whole), 404);
  EXPECT_EQ(Get(deputy_, Archives()).status, 403);
  EXPECT_EQ(download(deputy_, own), 404);
  // The build is audited with the ZIP's digest.
  const auto audit = Json(Get(org_, "/api/v1/audit?action=archive.build"));
  bool found = false;
  for (const auto& e : audit.at("items").as_array()) {
    found = found || json::serialize(e).find(std::string(
                         Json(Get(org_, "/api/v1/archives/" + std::to_string(own))).at("sha256").as_string())) !=
                         std::string::npos;
  }
  EXPECT_TRUE(found) << json::serialize(audit).substr(0, 600);
}

TEST_F(ArchiveApiTest, TheCampaignIsArchivedOnlyWhenEveryGroupIsCovered) {
  ASSERT_EQ(SetState("closed").status, 200);
  BuildDone(group_);
  // The demo's town campaign covers three groups: one archive is not enough.
  HttpResult r = SetState("archived");
  EXPECT_EQ(Code(r), "campaign.archive_missing") << r.body;
  EXPECT_EQ(Json(Get(org_, "/api/v1/campaigns/" + std::to_string(voter_))).at("state").as_string(), "closed");
  BuildDone(std::nullopt);
  r = SetState("archived");
  EXPECT_EQ(r.status, 200) << r.body;
  // An archived campaign may still get another archive (it stays as it was).
  EXPECT_EQ(Build(org_, group_).status, 202);
}

// ---- shuzhi verify-archive ----

TEST_F(ArchiveApiTest, VerifyArchivePassesThenNamesWhatWasTamperedWith) {
  ASSERT_EQ(SetState("closed").status, 200);
  const auto id = BuildDone(group_);
  const std::string zip = Get(org_, "/api/v1/archives/" + std::to_string(id) + "/download").body;
  const auto dir = std::filesystem::temp_directory_path() / ("shuzhi-archive-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& bytes) { return WriteFile(dir, name, bytes); };
  const std::string key = Fingerprint();
  CliRun ok = VerifyArchive(write("ok.zip", zip), key);
  EXPECT_EQ(ok.exit, 0) << ok.out;
  EXPECT_NE(ok.out.find("Verified"), std::string::npos) << ok.out;

  auto entries = *exports::ReadZipEntries(zip, kLimits);
  const auto rezip = [&](const std::map<std::string, std::string>& e) {
    std::vector<exports::ZipEntry> list;
    for (const auto& [n, b] : e) list.push_back({n, b});
    return *exports::WriteZip(list, 0);
  };
  EXPECT_EQ(VerifyArchive(write("same.zip", rezip(entries)), key).exit, 0);  // re-zipping alone changes nothing

  auto changed = entries;
  changed["plan.pdf"][100] ^= 0x01;
  CliRun r = VerifyArchive(write("changed.zip", rezip(changed)), key);
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.out.find("SHA-256 of plan.pdf"), std::string::npos) << r.out;

  auto removed = entries;
  removed.erase("opinions.xlsx");
  r = VerifyArchive(write("removed.zip", rezip(removed)), key);
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.out.find("opinions.xlsx, listed in the manifest, is not in the ZIP"), std::string::npos) << r.out;

  auto added = entries;
  added["reports/extra.pdf"] = "%PDF-1.4";
  r = VerifyArchive(write("added.zip", rezip(added)), key);
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.out.find("reports/extra.pdf is in the ZIP but not in the manifest"), std::string::npos) << r.out;

  // A forger rewrites the manifest to match a changed file and signs it with
  // a key of their own, keeping the server's public key in the manifest.
  auto forged = changed;
  auto manifest = *core::ParseManifest(forged[core::kManifestPath]);
  for (auto& f : manifest.files) {
    if (f.path == "plan.pdf") f.digest = base::ToHex(base::Sha256(forged["plan.pdf"]));
  }
  forged[core::kManifestPath] = core::EncodeManifest(manifest);
  const auto mine = *base::SigningKey::FromSeed(base::SignAlg::kEd25519, base::RandomBytes(32));
  forged[core::kManifestSigPath] = *core::SignManifest(forged[core::kManifestPath], mine);
  r = VerifyArchive(write("forged.zip", rezip(forged)), key);
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.out.find("signature does not verify (manifest.sig)"), std::string::npos) << r.out;
  // Re-made wholly with the forger's key: consistent, but not the server's.
  manifest.public_key_hex = base::ToHex(mine.public_key());
  forged[core::kManifestPath] = core::EncodeManifest(manifest);
  forged[core::kManifestSigPath] = *core::SignManifest(forged[core::kManifestPath], mine);
  r = VerifyArchive(write("rekeyed.zip", rezip(forged)), key);
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.out.find("not signed by the key given"), std::string::npos) << r.out;

  r = VerifyArchive(write("not.zip", "not a zip"), key);
  EXPECT_EQ(r.exit, 2) << r.out;
  std::filesystem::remove_all(dir);
}

// An installation that signs with SM2 (issue 16 §4): the manifest names the
// algorithm, lists SM3 digests, is signed with SM2, and `shuzhi
// verify-archive` checks it with the SM3 fingerprint the meeting shows.
class Sm2ArchiveApiTest : public ArchiveApiTest {
 protected:
  void SetUp() override {
    app_options_.sign_alg = base::SignAlg::kSm2;
    ArchiveApiTest::SetUp();
  }
};

TEST_F(Sm2ArchiveApiTest, TheManifestIsSignedWithSm2AndVerifiesOffline) {
  ASSERT_EQ(SetState("closed").status, 200);
  const auto id = BuildDone(group_);
  const std::string zip = Get(org_, "/api/v1/archives/" + std::to_string(id) + "/download").body;
  auto entries = *exports::ReadZipEntries(zip, kLimits);
  const auto manifest = core::ParseManifest(entries.at(core::kManifestPath));
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  EXPECT_EQ(manifest->algorithm, base::SignAlg::kSm2);
  EXPECT_NE(entries.at(core::kManifestPath).find("\"algorithm\": \"sm2\""), std::string::npos);
  EXPECT_EQ(entries.at(core::kManifestPath).find("\"sha256\""), std::string::npos);
  ASSERT_FALSE(manifest->files.empty());
  for (const auto& f : manifest->files) {
    EXPECT_EQ(base::ToHex(base::Sm3(entries.at(f.path))), f.digest) << f.path;  // by hand, with SM3
  }
  const auto pk = base::FromHex(manifest->public_key_hex);
  ASSERT_TRUE(pk.ok());
  EXPECT_EQ(pk->size(), 65u);
  const std::string key = Fingerprint();
  EXPECT_EQ(key, base::Fingerprint(base::SignAlg::kSm2, *pk));
  EXPECT_NE(entries.at(core::kManifestSigPath).find("\"algorithm\":\"sm2\""), std::string::npos);

  const auto dir = std::filesystem::temp_directory_path() / ("shuzhi-sm2-archive-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& bytes) { return WriteFile(dir, name, bytes); };
  CliRun ok = VerifyArchive(write("ok.zip", zip), key);
  EXPECT_EQ(ok.exit, 0) << ok.out;
  EXPECT_NE(ok.out.find("(SM2)"), std::string::npos) << ok.out;
  // The Ed25519 fingerprint of the same key bytes is not this key's.
  EXPECT_EQ(VerifyArchive(write("ok2.zip", zip), base::KeyFingerprint(*pk)).exit, 1);

  auto changed = entries;
  changed["plan.pdf"][100] ^= 0x01;
  std::vector<exports::ZipEntry> list;
  for (const auto& [n, b] : changed) list.push_back({n, b});
  CliRun r = VerifyArchive(write("changed.zip", *exports::WriteZip(list, 0)), key);
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.out.find("SM3 of plan.pdf"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace shuzhi::testing
