// Backup, restore and the data folder's lock (sqlite_files.cc,
// data_lock.h): a restore never runs under an open store, checks the backup
// before it changes anything, and keeps what it replaced.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/crypto.h"
#include "storage/sqlite/data_lock.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace shuzhi::storage {
namespace {

namespace fs = std::filesystem;

class SqliteFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(base::InitCrypto().ok());
    dir_ = fs::temp_directory_path() / ("shuzhi-files-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    live_ = (dir_ / "live").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A store on `folder` with `users` users in it.
  std::unique_ptr<Store> StoreWithUsers(const std::string& folder, int users) {
    auto opened = OpenSqliteStore(folder, 1, true);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    auto store = std::move(opened).value();
    for (int i = 0; i < users; ++i) {
      EXPECT_TRUE(store
                      ->Write([&](Tx& tx) -> Status {
                        UserRecord u;
                        u.username = "user" + std::to_string(i) + "-" + base::ToHex(base::RandomBytes(4));
                        u.display_name = u.username;
                        u.password_hash = "x";
                        return tx.users().Insert(u).status();
                      })
                      .ok());
    }
    return store;
  }

  static std::int64_t Users(const std::string& folder) {
    auto store = OpenSqliteStore(folder, 1, false);
    if (!store.ok()) return -1;
    std::int64_t n = -1;
    EXPECT_TRUE((*store)
                    ->Read([&](Tx& tx) -> Status {
                      SHUZHI_ASSIGN_OR_RETURN(n, tx.users().Count());
                      return base::Ok();
                    })
                    .ok());
    return n;
  }

  // The names in `folder`, sorted.
  static std::vector<std::string> Names(const std::string& folder) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(folder)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
  std::string live_;
};

TEST_F(SqliteFilesTest, RestoreIsRefusedWhileAStoreHasTheFolderOpen) {
  const std::string backup = (dir_ / "b.db").string();
  {
    auto store = StoreWithUsers(live_, 3);
    ASSERT_TRUE(BackupSqlite(live_, backup).ok());
    const auto before = Names(live_);
    auto refused = RestoreSqlite(backup, live_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().reason(), "restore.in_use");
    EXPECT_EQ(Names(live_), before);  // no staged copy, nothing set aside
  }
  auto restored = RestoreSqlite(backup, live_);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->schema_version, LatestSchemaVersion());
  ASSERT_FALSE(restored->replaced.empty());
  EXPECT_TRUE(fs::exists(restored->replaced));
  EXPECT_EQ(Users(live_), 3);
}

// The flock is the process's open file's, not the process's: a second open
// of the folder in the same process is held back as another process would be.
TEST_F(SqliteFilesTest, ARestoreHoldsOffStoresAndTheyHoldOffARestore) {
  fs::create_directories(live_);
  {
    auto exclusive = DataLock::Exclusive(live_);
    ASSERT_TRUE(exclusive.ok()) << exclusive.status().ToString();
    auto shared = DataLock::Shared(live_, 200);
    ASSERT_FALSE(shared.ok());
    EXPECT_EQ(shared.status().reason(), "storage.locked");
  }
  auto shared = DataLock::Shared(live_, 200);
  ASSERT_TRUE(shared.ok());
  auto second = DataLock::Shared(live_, 200);
  EXPECT_TRUE(second.ok()) << "several processes may have the folder open at once";
  auto exclusive = DataLock::Exclusive(live_);
  ASSERT_FALSE(exclusive.ok());
  EXPECT_EQ(exclusive.status().reason(), "restore.in_use");
}

TEST_F(SqliteFilesTest, ABackupIsSelfContainedAndTakesThePreviousOnesPlace) {
  const std::string backup = (dir_ / "b.db").string();
  auto store = StoreWithUsers(live_, 1);
  ASSERT_TRUE(BackupSqlite(live_, backup).ok());
  ASSERT_TRUE(store
                  ->Write([](Tx& tx) -> Status {
                    UserRecord u{0, "second", "second", "x", false, false, 0, {}, {}, {}};
                    return tx.users().Insert(u).status();
                  })
                  .ok());
  ASSERT_TRUE(BackupSqlite(live_, backup).ok());
  store.reset();
  // Rollback-journal mode in the header (bytes 18 and 19 are 1): a reader
  // of the file needs no WAL beside it.
  std::ifstream in(backup, std::ios::binary);
  std::string head(20, '\0');
  in.read(head.data(), 20);
  EXPECT_EQ(head[18], 1);
  EXPECT_EQ(head[19], 1);
  EXPECT_FALSE(fs::exists(backup + ".partial"));
  EXPECT_FALSE(fs::exists(backup + "-wal"));
  const std::string fresh = (dir_ / "fresh").string();
  ASSERT_TRUE(RestoreSqlite(backup, fresh).ok());
  EXPECT_EQ(Users(fresh), 2);
}

TEST_F(SqliteFilesTest, ABadBackupChangesNothing) {
  const std::string good = (dir_ / "good.db").string();
  (void)StoreWithUsers(live_, 2);
  ASSERT_TRUE(BackupSqlite(live_, good).ok());
  const auto before = Names(live_);

  const std::string truncated = (dir_ / "truncated.db").string();
  {
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  const std::string text = (dir_ / "text.db").string();
  std::ofstream(text) << "not a database\n";
  const std::string foreign = (dir_ / "foreign.db").string();
  const std::string newer = (dir_ / "newer.db").string();
  fs::copy_file(good, newer);
  for (const auto& [file, sql] :
       {std::pair{foreign, "CREATE TABLE t (x)"},
        std::pair{newer, "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)"}}) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  const std::string live_copy = (dir_ / "live-copy.db").string();
  fs::copy_file(good, live_copy);
  std::ofstream(live_copy + "-wal") << "frames";

  for (const auto& [file, reason] :
       {std::pair{truncated, "restore.damaged"}, std::pair{text, "restore.not_a_backup"},
        std::pair{foreign, "restore.not_a_backup"}, std::pair{newer, "storage.schema_too_new"},
        std::pair{live_copy, "restore.live_copy"}, std::pair{(dir_ / "missing.db").string(), "restore.no_backup"}}) {
    auto refused = RestoreSqlite(file, live_);
    ASSERT_FALSE(refused.ok()) << file;
    EXPECT_EQ(refused.status().reason(), reason) << refused.status().ToString();
    EXPECT_EQ(Names(live_), before) << file;
  }
  EXPECT_EQ(Users(live_), 2);
}

// The database a restore replaces is kept with everything it held, its WAL
// folded in: here a WAL left by a store that was never closed cleanly is
// simulated by copying a live folder while its store is open.
TEST_F(SqliteFilesTest, TheReplacedDatabaseIsKeptWhole) {
  const std::string backup = (dir_ / "b.db").string();
  const std::string crashed = (dir_ / "crashed").string();
  {
    auto store = StoreWithUsers(live_, 1);
    ASSERT_TRUE(BackupSqlite(live_, backup).ok());
    ASSERT_TRUE(store
                    ->Write([](Tx& tx) -> Status {
                      UserRecord u{0, "in-the-wal", "in-the-wal", "x", false, false, 0, {}, {}, {}};
                      return tx.users().Insert(u).status();
                    })
                    .ok());
    fs::create_directories(crashed);
    for (const char* name : {"shuzhi.db", "shuzhi.db-wal"})
      fs::copy_file(fs::path(live_) / name, fs::path(crashed) / name);
  }
  ASSERT_GT(fs::file_size(fs::path(crashed) / "shuzhi.db-wal"), 0u);
  auto restored = RestoreSqlite(backup, crashed);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_FALSE(fs::exists(fs::path(crashed) / "shuzhi.db-wal"));
  EXPECT_EQ(Users(crashed), 1);
  const std::string kept = (dir_ / "kept").string();
  fs::create_directories(kept);
  fs::copy_file(restored->replaced, fs::path(kept) / "shuzhi.db");
  EXPECT_EQ(Users(kept), 2) << "the replaced database lost what its WAL held";
}

}  // namespace
}  // namespace shuzhi::storage
