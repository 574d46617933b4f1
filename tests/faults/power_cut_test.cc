// The power-cut shim and cut, tested on files a child process writes under
// the shim (it is this test's own binary, started again with --child and
// LD_PRELOAD): what a sync made durable stays, what none did is taken back
// whole, in part at a page boundary, or not at all, and nothing else.
#include "power_cut.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace shuzhi::faults {
namespace {

namespace fs = std::filesystem;

void WriteAll(int fd, char c, std::size_t len, off_t at) {
  const std::string bytes(len, c);
  if (::pwrite(fd, bytes.data(), len, at) != static_cast<ssize_t>(len)) std::_Exit(3);
}

// The child's scenarios; each leaves its last writes unsynced and ends
// without closing anything, as a killed server would.
int Child(const std::string& scenario, const std::string& dir) {
  const std::string path = dir + "/f";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0600);
  if (dfd < 0 || fd < 0) return 2;
  if (scenario != "unnamed" && ::fsync(dfd) != 0) return 2;
  WriteAll(fd, 'a', 10'000, 0);
  if (::fdatasync(fd) != 0) return 2;
  if (scenario == "truncate") {
    if (::ftruncate(fd, 5'000) != 0) return 2;
  } else {
    WriteAll(fd, 'b', 9'000, 100);     // over pages 0 to 2: boundaries at 4096 and 8192
    WriteAll(fd, 'c', 3'000, 10'000);  // grows the file; a boundary at 12288
  }
  std::_Exit(0);
}

class PowerCutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / ("shuzhi-power-cut-test-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_ / "data");
  }
  void TearDown() override { fs::remove_all(work_); }

  // Runs the scenario under the shim, then cuts with `seed`; returns the
  // file's contents afterwards (empty when it is gone).
  std::string RunAndCut(const std::string& scenario, unsigned seed, bool no_sync, CutReport* report) {
    fs::remove_all(work_ / "data");
    fs::create_directories(work_ / "data");
    const std::string log = (work_ / "log").string();
    const pid_t pid = ::fork();
    if (pid == 0) {
      const auto shim = fs::read_symlink("/proc/self/exe").parent_path() / "libshuzhi_powercut.so";
      ::setenv("LD_PRELOAD", shim.c_str(), 1);
      ::setenv("SHUZHI_POWERCUT_DIR", (work_ / "data").c_str(), 1);
      ::setenv("SHUZHI_POWERCUT_LOG", log.c_str(), 1);
      if (no_sync) ::setenv("SHUZHI_POWERCUT_NO_SYNC", "1", 1);
      ::execl("/proc/self/exe", "power_cut_test", "--child", scenario.c_str(), (work_ / "data").c_str(), nullptr);
      std::_Exit(4);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << scenario;
    std::mt19937 rng(seed);
    auto cut = CutPower(log, rng);
    EXPECT_TRUE(cut.ok()) << cut.status().ToString();
    if (cut.ok()) *report = *cut;
    EXPECT_FALSE(fs::exists(log));
    std::ifstream in(work_ / "data" / "f", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path work_;
};

// The file as the first write left it, then as each later write, whole or
// torn at a page boundary, changed it.
std::set<std::string> PossibleAfterWrites() {
  const std::string a(10'000, 'a');
  auto with_b = [&](std::size_t upto) { return a.substr(0, 100) + std::string(upto - 100, 'b') + a.substr(upto); };
  const std::string b = with_b(9'100);
  return {a, with_b(4'096), with_b(8'192), b, b + std::string(2'288, 'c'), b + std::string(3'000, 'c')};
}

TEST_F(PowerCutTest, UnsyncedWritesAreTakenBackWholeOrTornAtAPageBoundary) {
  const auto possible = PossibleAfterWrites();
  std::set<std::string> seen;
  std::size_t torn = 0;
  for (unsigned seed = 1; seed <= 60; ++seed) {
    CutReport report;
    const std::string after = RunAndCut("writes", seed, false, &report);
    ASSERT_EQ(possible.count(after), 1u) << "seed " << seed << ": " << after.size() << " bytes, not a possible state";
    EXPECT_EQ(report.unsynced, 2u);
    EXPECT_EQ(report.files_removed, 0u);
    seen.insert(after);
    torn += report.torn;
  }
  // Every state a disk could hold shows up: none, some, all of the
  // unsynced writes, and torn ones.
  EXPECT_EQ(seen, possible);
  EXPECT_GT(torn, 0u);
}

TEST_F(PowerCutTest, UnsyncedTruncationIsTakenBackOrKept) {
  std::set<std::size_t> sizes;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    CutReport report;
    const std::string after = RunAndCut("truncate", seed, false, &report);
    ASSERT_TRUE(after.size() == 10'000 || after.size() == 5'000) << after.size();
    EXPECT_EQ(after, std::string(after.size(), 'a'));
    sizes.insert(after.size());
  }
  EXPECT_EQ(sizes.size(), 2u);
}

TEST_F(PowerCutTest, AFileWhoseDirectoryWasNotSyncedLosesItsName) {
  CutReport report;
  EXPECT_EQ(RunAndCut("unnamed", 1, false, &report), "");
  EXPECT_FALSE(fs::exists(work_ / "data" / "f"));
  EXPECT_EQ(report.files_removed, 1u);
}

TEST_F(PowerCutTest, WithSyncsOffNothingIsDurable) {
  CutReport report;
  EXPECT_EQ(RunAndCut("writes", 1, true, &report), "");
  EXPECT_EQ(report.files_removed, 1u);
}

}  // namespace
}  // namespace shuzhi::faults

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--child") == 0) return shuzhi::faults::Child(argv[2], argv[3]);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
