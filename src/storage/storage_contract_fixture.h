// The storage contract: written once, run against SQLite and PostgreSQL.
// SHUZHI_TEST_BACKEND picks the backend; for postgres, SHUZHI_TEST_PG_URL
// must name a server (make test starts one). Missing it is a failure, never
// a skip.
//
// This header holds what every part of the suite shares: the fixture, which
// opens a fresh store per test, and a seeded registry. The parts are
// storage_contract_*test.cc, by area, linked into the one executable that
// ctest runs once per backend. The fixture is not in an anonymous namespace:
// gtest requires the tests of one suite (StoreTest) in several files to share
// one fixture type.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "storage/store.h"

namespace shuzhi::storage::contract {

inline std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

inline bool IsPostgres() { return Env("SHUZHI_TEST_BACKEND") == "postgres"; }

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(base::InitCrypto().ok());
    if (IsPostgres()) {
      url_ = Env("SHUZHI_TEST_PG_URL");
      ASSERT_FALSE(url_.empty()) << "SHUZHI_TEST_PG_URL is not set; run through make test";
      ResetPostgres();
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("shuzhi-contract-" + std::to_string(::getpid()) + "-" +
                                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::remove_all(dir_);
    }
    auto s = Open();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Result<std::unique_ptr<Store>> Open() { return OpenStore({dir_.string(), url_, 3}); }

  // Each test starts from an empty database.
  void ResetPostgres() {
    PGconn* c = PQconnectdb(url_.c_str());
    ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    PGresult* r = PQexec(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
  }

  // Raw SQL outside the interface, to set up states the interface refuses.
  void RawExec(const std::string& sql) {
    if (IsPostgres()) {
      PGconn* c = PQconnectdb(url_.c_str());
      PGresult* r = PQexec(c, sql.c_str());
      EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
      PQclear(r);
      PQfinish(c);
    } else {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open((dir_ / "shuzhi.db").c_str(), &db), SQLITE_OK);
      EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      sqlite3_close(db);
    }
  }

  // The first column of the first row of a raw query, as a number.
  std::int64_t RawCount(const std::string& sql) {
    std::int64_t n = -1;
    if (IsPostgres()) {
      PGconn* c = PQconnectdb(url_.c_str());
      PGresult* r = PQexec(c, sql.c_str());
      EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(c);
      if (PQntuples(r) > 0) n = std::stoll(PQgetvalue(r, 0, 0));
      PQclear(r);
      PQfinish(c);
    } else {
      sqlite3* db = nullptr;
      EXPECT_EQ(sqlite3_open((dir_ / "shuzhi.db").c_str(), &db), SQLITE_OK);
      sqlite3_stmt* st = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      if (st != nullptr && sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
      sqlite3_close(db);
    }
    return n;
  }

  UserRecord SampleUser(const std::string& name) {
    UserRecord u;
    u.username = name;
    u.display_name = "显示 " + name;
    u.password_hash = "$argon2id$fake";
    u.created_at = 1'000'000;
    u.roles = {{core::Role::kOrganizer, 1, {}, {}}, {core::Role::kGroupLeader, 1, 2, {}}};
    return u;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

// A registry to build on: two congresses with a term each, a constituency,
// two groups, and two deputies with their mandates.
struct Seeded {
  std::int64_t county = 0, town = 0, town_term = 0, district_term = 0, group = 0, other_group = 0, constituency = 0;
  std::int64_t zhang = 0, li = 0;
};

inline Seeded SeedRegistry(Store& store) {
  Seeded s;
  Status st = store.Write([&](Tx& tx) -> Status {
    auto& r = tx.registry();
    SHUZHI_ASSIGN_OR_RETURN(s.county, r.InsertCongress({0, "county", "某区人民代表大会", std::nullopt}));
    SHUZHI_ASSIGN_OR_RETURN(s.town, r.InsertCongress({0, "township", "洞桥镇人民代表大会", s.county}));
    SHUZHI_ASSIGN_OR_RETURN(s.district_term, r.InsertTerm({0, s.county, 11, "2021-10-01", "2026-09-30"}));
    SHUZHI_ASSIGN_OR_RETURN(s.town_term, r.InsertTerm({0, s.town, 15, "2021-10-01", "2026-09-30"}));
    SHUZHI_ASSIGN_OR_RETURN(s.constituency,
                            r.InsertConstituency({0, s.town, "第一选区", "constituency", {"东村", "西村"}}));
    GroupRecord g;
    g.congress_id = s.town;
    g.name = "第一代表小组";
    g.leader_name = "张组长";
    g.constituency_id = s.constituency;
    g.rotation_start_year = 2024;
    g.rotation_seed = -7;
    SHUZHI_ASSIGN_OR_RETURN(s.group, r.InsertGroup(g));
    g.name = "第二代表小组";
    SHUZHI_ASSIGN_OR_RETURN(s.other_group, r.InsertGroup(g));
    SHUZHI_ASSIGN_OR_RETURN(
        s.zhang, r.InsertDeputy({0, "张三", "male", "1970-05-01", "汉族", "farmer", "东村", "村民", "13800138000"}));
    SHUZHI_ASSIGN_OR_RETURN(
        s.li, r.InsertDeputy({0, "李四", "female", "1980-01-02", "回族", "professional", "镇卫生院", "医生", ""}));
    // Zhang holds a district and a town mandate in the same group.
    SHUZHI_TRY(r.InsertMandate(
                    {0, s.zhang, s.district_term, s.constituency, s.group, "active", std::nullopt, false, std::nullopt})
                   .status());
    SHUZHI_TRY(
        r.InsertMandate({0, s.zhang, s.town_term, s.constituency, s.group, "active", std::nullopt, false, std::nullopt})
            .status());
    SHUZHI_TRY(r.InsertMandate({0, s.li, s.town_term, std::nullopt, s.other_group, "resigned",
                                std::string("2025-03-01"), true, std::string("2023-06-01")})
                   .status());
    return base::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return s;
}

// An active campaign of the seeded town's group.
inline base::Result<std::int64_t> TownCampaign(Tx& tx, const Seeded& s) {
  return tx.campaigns().Insert({0, s.town, 2026, "t", "voter", core::CampaignState::kActive, "{}", 1, 1, {s.group}});
}

}  // namespace shuzhi::storage::contract
