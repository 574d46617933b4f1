// The fixture of the archive tests (archive_api_test.cc, and the same
// archive signed with SM2 in sm2_api_test.cc): building an archive of the
// demo's voter campaign, waiting for it, and running `shuzhi
// verify-archive` on a downloaded file.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "export/zip_archive.h"
#include "meeting_api_fixture.h"

namespace shuzhi::testing {

inline const exports::ZipLimits kLimits{std::uint64_t{1} << 30, 10'000};

class ArchiveApiTest : public MeetingApiTest {
 protected:
  void SetUp() override {
    MeetingApiTest::SetUp();
    reviewer_ = LogIn("reviewer");
    leader_ = LogIn("leader");
    deputy_ = LogIn("deputy");
    group_ = Json(Get(leader_, "/api/v1/me")).at("user").at("roles").at(0).at("group_id").as_int64();
  }

  std::string Archives() const { return "/api/v1/campaigns/" + std::to_string(voter_) + "/archives"; }

  HttpResult SetState(const char* state) {
    return Send(org_, "POST", "/api/v1/campaigns/" + std::to_string(voter_) + "/state",
                json::serialize(json::object{{"state", state}}));
  }

  HttpResult Build(const Login& who, std::optional<std::int64_t> group) {
    json::object body;
    body["group_id"] = group ? json::value(*group) : json::value(nullptr);
    return Send(who, "POST", Archives(), json::serialize(body));
  }

  // Polls the archive until it is no longer building; the states seen.
  json::object AwaitDone(std::int64_t id) {
    json::object a;
    for (int i = 0; i < 1200; ++i) {
      a = Json(Get(org_, "/api/v1/archives/" + std::to_string(id))).as_object();
      EXPECT_LE(a.at("files_done").as_int64(), a.at("files_total").as_int64());
      if (a.at("state").as_string() != "building") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(a.at("state").as_string(), "done") << json::serialize(a);
    return a;
  }

  std::int64_t BuildDone(std::optional<std::int64_t> group) {
    HttpResult r = Build(org_, group);
    EXPECT_EQ(r.status, 202) << r.body;
    const auto id = Json(r).at("id").as_int64();
    AwaitDone(id);
    return id;
  }

  std::string Fingerprint() {
    const auto meetings = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(voter_) + "/meetings"));
    const auto id = meetings.at("items").at(0).at("id").as_int64();
    return std::string(Meeting(org_, id).at("key_fingerprint").as_string());
  }

  Login reviewer_, leader_, deputy_;
  std::int64_t group_ = 0;
};

struct CliRun {
  int exit = -1;
  std::string out;
};

// Writes `bytes` to dir/name; the path.
inline std::string WriteFile(const std::filesystem::path& dir, const std::string& name, const std::string& bytes) {
  auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

inline CliRun VerifyArchive(const std::string& file, const std::string& key) {
  std::string cmd = std::string(SHUZHI_BIN) + " --lang en verify-archive '" + file + "'";
  if (!key.empty()) cmd += " --key '" + key + "'";
  CliRun r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace shuzhi::testing
