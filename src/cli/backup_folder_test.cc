#include "cli/backup_folder.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace shuzhi::cli {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the temporary directory, removed at the end.
struct TempFolder {
  fs::path path;
  TempFolder() {
    std::string tmpl = (fs::temp_directory_path() / "shuzhi-backup-folder-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempFolder() { fs::remove_all(path); }
  void Touch(const std::string& name) const { std::ofstream(path / name) << "x"; }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST(BackupFolderTest, NamesSortByTimeAndAreRecognised) {
  const std::time_t t0 = 1'800'000'000;  // one local time, and one 10 s, one a day later
  const std::string a = DatedBackupName(t0), b = DatedBackupName(t0 + 10), c = DatedBackupName(t0 + 86'400);
  EXPECT_TRUE(IsDatedBackupName(a)) << a;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_TRUE(IsDatedBackupName("shuzhi-20261128-023000.db"));
  for (const char* other : {"shuzhi.db", "shuzhi-20261128-023000.db.partial", "shuzhi-20261128-02300.db",
                            "shuzhi-20261128_023000.db", "shuzhi-2026112a-023000.db", "before-20261128-023000.db",
                            "shuzhi-20261128-023000.sql", "xshuzhi-20261128-023000.db"}) {
    EXPECT_FALSE(IsDatedBackupName(other)) << other;
  }
}

TEST(BackupFolderTest, KeepsTheNewestAndLeavesOtherFilesAlone) {
  TempFolder f;
  for (int day = 1; day <= 16; ++day)
    f.Touch("shuzhi-202611" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "-023000.db");
  f.Touch("shuzhi.db");                          // not a dated backup
  f.Touch("shuzhi-20261101-023000.db.partial");  // an unfinished one: not counted
  f.Touch("notes.txt");
  fs::create_directory(f.path / "shuzhi-20260101-000000.db");  // a folder with the name: not a file

  auto removed = PruneBackups(f.path.string(), 14);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  ASSERT_EQ(removed->size(), 2u);
  EXPECT_EQ(fs::path((*removed)[0]).filename(), "shuzhi-20261101-023000.db");
  EXPECT_EQ(fs::path((*removed)[1]).filename(), "shuzhi-20261102-023000.db");
  const auto names = f.Names();
  EXPECT_EQ(std::count_if(names.begin(), names.end(), [](const std::string& n) { return IsDatedBackupName(n); }),
            14 + 1);  // the 14 newest, and the folder
  for (const char* kept : {"shuzhi.db", "shuzhi-20261101-023000.db.partial", "notes.txt", "shuzhi-20261116-023000.db",
                           "shuzhi-20261103-023000.db"}) {
    EXPECT_TRUE(fs::exists(f.path / kept)) << kept;
  }

  auto again = PruneBackups(f.path.string(), 14);  // nothing more to remove
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto one = PruneBackups(f.path.string(), 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 13u);
  EXPECT_TRUE(fs::exists(f.path / "shuzhi-20261116-023000.db"));
}

TEST(BackupFolderTest, AMissingFolderIsAnError) {
  auto removed = PruneBackups("/nonexistent/shuzhi-backups", 14);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.status().reason(), "backup.prune_failed");
}

}  // namespace
}  // namespace shuzhi::cli
