// The storage contract: written once, run against SQLite and PostgreSQL.
// SHUZHI_TEST_BACKEND picks the backend; for postgres, SHUZHI_TEST_PG_URL
// must name a server (make test starts one). Missing it is a failure, never
// a skip.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "storage/store.h"

namespace shuzhi::storage {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool IsPostgres() { return Env("SHUZHI_TEST_BACKEND") == "postgres"; }

// Store::WriteGrouped, waiting for its outcome.
Status GroupedAndWait(Store& store, std::function<Status(Tx&)> fn) {
  std::promise<Status> outcome;
  auto result = outcome.get_future();
  store.WriteGrouped(std::move(fn), [&outcome](Status st) { outcome.set_value(std::move(st)); });
  return result.get();
}

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

TEST_F(StoreTest, ReportsBackendAndVersion) {
  EXPECT_STREQ(store_->backend(), IsPostgres() ? "postgresql" : "sqlite");
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
}

TEST_F(StoreTest, UsersRoundTripWithRoles) {
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(id, tx.users().Insert(SampleUser("wang")));
                    return base::Ok();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto u, tx.users().FindById(id));
                    if (!u) return base::NotFound("test.missing", "user not found");
                    EXPECT_EQ(u->username, "wang");
                    EXPECT_EQ(u->display_name, "显示 wang");
                    EXPECT_EQ(u->roles, SampleUser("wang").roles);
                    EXPECT_FALSE(u->last_login_at.has_value());
                    SHUZHI_ASSIGN_OR_RETURN(auto by_name, tx.users().FindByUsername("wang"));
                    if (!by_name) return base::NotFound("test.missing", "user not found by name");
                    EXPECT_EQ(by_name->id, id);
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.users().FindByUsername("nobody"));
                    EXPECT_FALSE(none.has_value());
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, DuplicateUsernameIsAConflict) {
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.users().Insert(SampleUser("li")).status(); }).ok());
  Status st = store_->Write([&](Tx& tx) { return tx.users().Insert(SampleUser("li")).status(); });
  EXPECT_EQ(st.code(), base::Code::kConflict);
  EXPECT_EQ(st.reason(), "user.username_taken");
}

TEST_F(StoreTest, FailedTransactionChangesNothing) {
  Status st = store_->Write([&](Tx& tx) -> Status {
    SHUZHI_TRY(tx.users().Insert(SampleUser("zhao")).status());
    return base::InvalidArgument("test.abort", "roll back");
  });
  EXPECT_EQ(st.reason(), "test.abort");
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto n, tx.users().Count());
                    EXPECT_EQ(n, 0);
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, UpdateSearchAndRoles) {
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(id, tx.users().Insert(SampleUser("chen_50%")));
                    SHUZHI_TRY(tx.users().Insert(SampleUser("zhou")).status());
                    SHUZHI_ASSIGN_OR_RETURN(auto u, tx.users().FindById(id));
                    if (!u) return base::NotFound("test.missing", "user not found");
                    u->disabled = true;
                    u->must_change_password = true;
                    u->last_login_at = 42;
                    u->previous_login_at = 41;
                    SHUZHI_TRY(tx.users().Update(*u));
                    return tx.users().ReplaceRoles(id, {{core::Role::kDeputy, 3, {}, 9}});
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto u, tx.users().FindById(id));
                    if (!u) return base::NotFound("test.missing", "user not found");
                    EXPECT_TRUE(u->disabled);
                    EXPECT_TRUE(u->must_change_password);
                    EXPECT_EQ(u->last_login_at, 42);
                    EXPECT_EQ(u->previous_login_at, 41);
                    EXPECT_EQ(u->roles, (std::vector<core::RoleGrant>{{core::Role::kDeputy, 3, {}, 9}}));
                    SHUZHI_ASSIGN_OR_RETURN(auto hits, tx.users().Search("50%"));
                    EXPECT_EQ(hits.size(), 1u);  // '%' matches itself, not everything
                    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.users().Search(""));
                    EXPECT_EQ(all.size(), 2u);
                    SHUZHI_ASSIGN_OR_RETURN(auto by_display, tx.users().Search("显示 zh"));
                    EXPECT_EQ(by_display.size(), 1u);
                    return base::Ok();
                  })
                  .ok());
  UserRecord ghost = SampleUser("ghost");
  ghost.id = 9999;
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.users().Update(ghost); }).code(), base::Code::kNotFound);
}

TEST_F(StoreTest, SessionsLifecycle) {
  std::int64_t uid = 0;
  const base::Bytes h1 = base::Hash32("one"), h2 = base::Hash32("two");
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(uid, tx.users().Insert(SampleUser("sun")));
                    SHUZHI_TRY(tx.sessions().Insert({h1, uid, "csrf1", 100, 100}));
                    return tx.sessions().Insert({h2, uid, "csrf2", 200, 200});
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto s, tx.sessions().Find(h1));
                    if (!s) return base::NotFound("test.missing", "session not found");
                    EXPECT_EQ(s->id_hash, h1);  // bytes with zeros and high bits survive
                    EXPECT_EQ(s->csrf_token, "csrf1");
                    SHUZHI_TRY(tx.sessions().Touch(h1, 500));
                    SHUZHI_ASSIGN_OR_RETURN(auto n, tx.sessions().DeleteExpired(300, 0));
                    EXPECT_EQ(n, 1);  // h2 was idle since 200
                    SHUZHI_ASSIGN_OR_RETURN(auto gone, tx.sessions().Find(h2));
                    EXPECT_FALSE(gone.has_value());
                    SHUZHI_TRY(tx.sessions().DeleteForUser(uid));
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.sessions().Find(h1));
                    EXPECT_FALSE(none.has_value());
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, AuditAppendsAndPages) {
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(store_
                    ->Write([&](Tx& tx) -> Status {
                      SHUZHI_ASSIGN_OR_RETURN(auto head, tx.audit().LockHead());
                      EXPECT_EQ(head.count, i - 1);
                      core::AuditEntry e{head.count + 1, 10 * i, "admin", "user.create", "user:" + std::to_string(i),
                                         "{}",           {}};
                      e.hash = core::ChainHash(head.hash, e);
                      return tx.audit().Append(e);
                    })
                    .ok());
  }
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto head, tx.audit().Head());
                    EXPECT_EQ(head.count, 3);
                    SHUZHI_ASSIGN_OR_RETURN(auto page, tx.audit().Page({}, 0, 2));
                    EXPECT_EQ(page.size(), 2u);
                    EXPECT_EQ(page[0].seq, 3);
                    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.audit().All());
                    EXPECT_EQ(all.size(), 3u);
                    EXPECT_TRUE(core::VerifyChain(all, head).ok);
                    EXPECT_EQ(all.back().hash, head.hash);
                    // Filters: by actor, by action or its area, by time (from inclusive, to exclusive).
                    AuditFilter by_time;
                    by_time.from = 10;
                    by_time.to = 30;
                    SHUZHI_ASSIGN_OR_RETURN(auto timed, tx.audit().Page(by_time, 0, 10));
                    EXPECT_EQ(timed.size(), 2u);
                    SHUZHI_ASSIGN_OR_RETURN(auto counted, tx.audit().Count(by_time));
                    EXPECT_EQ(counted, 2);
                    AuditFilter area;
                    area.action = "user.";
                    SHUZHI_ASSIGN_OR_RETURN(auto by_area, tx.audit().Count(area));
                    EXPECT_EQ(by_area, 3);
                    area.action = "use";  // exact, not a prefix
                    SHUZHI_ASSIGN_OR_RETURN(auto partial, tx.audit().Count(area));
                    EXPECT_EQ(partial, 0);
                    AuditFilter who;
                    who.actor = "nobody";
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.audit().Page(who, 0, 10));
                    EXPECT_TRUE(none.empty());
                    SHUZHI_ASSIGN_OR_RETURN(auto actors, tx.audit().Actors());
                    EXPECT_EQ(actors, std::vector<std::string>{"admin"});
                    return base::Ok();
                  })
                  .ok());
}

// Audit appends from many threads stay one unbroken chain.
TEST_F(StoreTest, ConcurrentAuditAppendsKeepTheChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Status st = store_->Write([&](Tx& tx) -> Status {
          SHUZHI_ASSIGN_OR_RETURN(auto head, tx.audit().LockHead());
          core::AuditEntry e{head.count + 1, i, "t" + std::to_string(t), "x", "y", "{}", {}};
          e.hash = core::ChainHash(head.hash, e);
          return tx.audit().Append(e);
        });
        EXPECT_TRUE(st.ok()) << st.ToString();
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.audit().All());
                    EXPECT_EQ(all.size(), 40u);
                    EXPECT_TRUE(core::VerifyChain(all, std::nullopt).ok);
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, ReopeningKeepsDataAndSchema) {
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.users().Insert(SampleUser("kept")).status(); }).ok());
  store_.reset();
  auto again = Open();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE((*again)
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto u, tx.users().FindByUsername("kept"));
                    EXPECT_TRUE(u.has_value());
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, RefusesADatabaseFromANewerVersion) {
  store_.reset();
  RawExec("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)");
  auto again = Open();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().reason(), "storage.schema_too_new");
  EXPECT_NE(again.status().message().find("999"), std::string::npos);
}

// --- registry

struct Seeded {
  std::int64_t county = 0, town = 0, town_term = 0, district_term = 0, group = 0, other_group = 0, constituency = 0;
  std::int64_t zhang = 0, li = 0;
};

Seeded SeedRegistry(Store& store) {
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

TEST_F(StoreTest, RegistryRecordsRoundTrip) {
  Seeded s = SeedRegistry(*store_);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    auto& r = tx.registry();
                    SHUZHI_ASSIGN_OR_RETURN(auto town, r.FindCongress(s.town));
                    if (!town) return base::NotFound("test.missing", "town");
                    EXPECT_EQ(town->parent_id, s.county);
                    EXPECT_EQ(town->level, "township");
                    SHUZHI_ASSIGN_OR_RETURN(auto terms, r.ListTerms(s.town));
                    EXPECT_EQ(terms.size(), 1u);
                    SHUZHI_ASSIGN_OR_RETURN(auto k, r.FindConstituency(s.constituency));
                    if (!k) return base::NotFound("test.missing", "constituency");
                    EXPECT_EQ(k->villages, (std::vector<std::string>{"东村", "西村"}));
                    SHUZHI_ASSIGN_OR_RETURN(auto g, r.FindGroup(s.group));
                    if (!g) return base::NotFound("test.missing", "group");
                    EXPECT_EQ(g->rotation_seed, -7);
                    EXPECT_EQ(g->rotation_years, 3);
                    EXPECT_EQ(g->constituency_id, s.constituency);
                    SHUZHI_ASSIGN_OR_RETURN(auto same, r.FindDeputiesByPerson("张三", "1970-05-01"));
                    EXPECT_EQ(same.size(), 1u);
                    SHUZHI_ASSIGN_OR_RETURN(auto mandates, r.ListMandatesOfDeputy(s.li));
                    EXPECT_EQ(mandates.size(), 1u);
                    if (mandates.empty()) return base::NotFound("test.missing", "mandate");
                    EXPECT_EQ(mandates[0].status_date, "2025-03-01");
                    EXPECT_TRUE(mandates[0].by_election);
                    EXPECT_EQ(mandates[0].constituency_id, std::nullopt);
                    SHUZHI_ASSIGN_OR_RETURN(auto in_group, r.ListMandatesOfGroup(s.group));
                    EXPECT_EQ(in_group.size(), 2u);
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, RegistryUniqueAndReferenceRules) {
  Seeded s = SeedRegistry(*store_);
  auto reason = [&](const std::function<Status(RegistryRepo&)>& fn) {
    return store_->Write([&](Tx& tx) { return fn(tx.registry()); }).reason();
  };
  EXPECT_EQ(reason([&](RegistryRepo& r) {
              return r.InsertCongress({0, "county", "某区人民代表大会", std::nullopt}).status();
            }),
            "registry.name_taken");
  EXPECT_EQ(reason([&](RegistryRepo& r) {
              return r.InsertTerm({0, s.town, 15, "2021-01-01", "2026-01-01"}).status();
            }),
            "registry.term_exists");
  EXPECT_EQ(reason([&](RegistryRepo& r) {
              return r
                  .InsertMandate({0, s.zhang, s.town_term, std::nullopt, std::nullopt, "active", std::nullopt, false,
                                  std::nullopt})
                  .status();
            }),
            "registry.mandate_exists");
  EXPECT_EQ(
      reason([&](RegistryRepo& r) {
        return r
            .InsertMandate({0, s.zhang, 99999, std::nullopt, std::nullopt, "active", std::nullopt, false, std::nullopt})
            .status();
      }),
      "registry.reference_missing");
  EXPECT_EQ(reason([&](RegistryRepo& r) { return r.UpdateGroup(GroupRecord{}); }), "registry.group_not_found");
}

TEST_F(StoreTest, RosterFiltersScopesAndCounts) {
  Seeded s = SeedRegistry(*store_);
  ASSERT_TRUE(
      store_
          ->Read([&](Tx& tx) -> Status {
            auto& r = tx.registry();
            RosterFilter all;
            SHUZHI_ASSIGN_OR_RETURN(auto everything, r.ListRoster(all));
            EXPECT_EQ(everything.second, 3);
            EXPECT_EQ(everything.first.size(), 3u);

            RosterFilter town_only;
            town_only.congress_id = s.town;
            SHUZHI_ASSIGN_OR_RETURN(auto town, r.ListRoster(town_only));
            EXPECT_EQ(town.second, 2);

            // An organizer of the town sees the district mandate too: its group is the town's.
            RosterFilter scoped;
            scoped.congress_scope = std::vector<std::int64_t>{s.town};
            SHUZHI_ASSIGN_OR_RETURN(auto in_scope, r.ListRoster(scoped));
            EXPECT_EQ(in_scope.second, 3);
            scoped.congress_scope = std::vector<std::int64_t>{};
            scoped.group_scope = {s.group};
            SHUZHI_ASSIGN_OR_RETURN(auto leader, r.ListRoster(scoped));
            EXPECT_EQ(leader.second, 2);
            scoped.group_scope = {};
            scoped.deputy_scope = s.li;
            SHUZHI_ASSIGN_OR_RETURN(auto self, r.ListRoster(scoped));
            EXPECT_EQ(self.second, 1);
            scoped.deputy_scope.reset();
            SHUZHI_ASSIGN_OR_RETURN(auto nothing, r.ListRoster(scoped));
            EXPECT_EQ(nothing.second, 0);

            RosterFilter named;
            named.q = "张";
            named.limit = 1;
            SHUZHI_ASSIGN_OR_RETURN(auto page, r.ListRoster(named));
            EXPECT_EQ(page.second, 2);
            EXPECT_EQ(page.first.size(), 1u);
            if (page.first.empty()) return base::NotFound("test.missing", "row");
            EXPECT_EQ(page.first[0].deputy.name, "张三");
            EXPECT_EQ(page.first[0].group_name, "第一代表小组");
            EXPECT_EQ(page.first[0].constituency_name, "第一选区");

            RosterFilter resigned;
            resigned.status = "resigned";
            SHUZHI_ASSIGN_OR_RETURN(auto gone, r.ListRoster(resigned));
            EXPECT_EQ(gone.second, 1);

            SHUZHI_ASSIGN_OR_RETURN(auto by_occupation, r.CountRoster(all, RosterDimension::kOccupation));
            EXPECT_EQ(by_occupation,
                      (std::vector<std::pair<std::string, std::int64_t>>{{"farmer", 2}, {"professional", 1}}));
            SHUZHI_ASSIGN_OR_RETURN(auto by_level, r.CountRoster(all, RosterDimension::kLevel));
            EXPECT_EQ(by_level, (std::vector<std::pair<std::string, std::int64_t>>{{"township", 2}, {"county", 1}}));
            return base::Ok();
          })
          .ok());
}

TEST_F(StoreTest, EvaluatorPoolsAndRotationEntries) {
  Seeded s = SeedRegistry(*store_);
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            auto& r = tx.registry();
            SHUZHI_ASSIGN_OR_RETURN(
                auto m, r.InsertCommitteeMember({0, s.county, "王主任", "male", 1965, "civil_servant", "主任", true}));
            SHUZHI_TRY(
                r.InsertVoterRep({0, s.group, "赵五", "female", std::nullopt, "farmer", "东村", "", true}).status());
            SHUZHI_ASSIGN_OR_RETURN(auto member, r.FindCommitteeMember(m));
            if (!member) return base::NotFound("test.missing", "member");
            member->active = false;
            SHUZHI_TRY(r.UpdateCommitteeMember(*member));
            SHUZHI_TRY(r.UpsertRotationEntry({s.group, s.zhang, 2025, std::nullopt}));
            SHUZHI_TRY(r.UpsertRotationEntry({s.group, s.zhang, std::nullopt, 2024}));
            return base::Ok();
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    auto& r = tx.registry();
                    SHUZHI_ASSIGN_OR_RETURN(auto members, r.ListCommitteeMembers(s.county));
                    EXPECT_EQ(members.size(), 1u);
                    if (members.empty()) return base::NotFound("test.missing", "member");
                    EXPECT_FALSE(members[0].active);
                    EXPECT_EQ(members[0].birth_year, 1965);
                    SHUZHI_ASSIGN_OR_RETURN(auto reps, r.ListVoterReps(s.group));
                    EXPECT_EQ(reps.size(), 1u);
                    if (reps.empty()) return base::NotFound("test.missing", "rep");
                    EXPECT_EQ(reps[0].birth_year, std::nullopt);
                    SHUZHI_ASSIGN_OR_RETURN(auto entries, r.ListRotationEntries(s.group));
                    EXPECT_EQ(entries.size(), 1u);
                    if (entries.empty()) return base::NotFound("test.missing", "entry");
                    EXPECT_EQ(entries[0].pinned_year, std::nullopt);
                    EXPECT_EQ(entries[0].reported_year, 2024);
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, CampaignsAndTheirDeputies) {
  Seeded s = SeedRegistry(*store_);
  std::int64_t id = 0;
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            CampaignRecord c{0,
                             s.town,
                             2026,
                             "关于开展区、镇人大代表述职活动的实施方案",
                             "voter",
                             "draft",
                             R"({"x":1})",
                             10,
                             10,
                             {s.group, s.other_group, s.group}};
            SHUZHI_ASSIGN_OR_RETURN(id, tx.campaigns().Insert(c));
            SHUZHI_TRY(tx.campaigns().AddDeputy({id, s.zhang, s.group, "rotation", std::nullopt, std::nullopt}));
            EXPECT_EQ(tx.campaigns().AddDeputy({id, s.zhang, s.group, "manual", std::nullopt, std::nullopt}).reason(),
                      "campaign.deputy_listed");
            SHUZHI_TRY(tx.campaigns().AddDeputy({id, s.li, s.other_group, "manual", std::nullopt, std::nullopt}));
            SHUZHI_TRY(tx.campaigns().UpdateDeputy({id, s.zhang, s.group, "rotation", std::string("张组长"), 99}));
            return tx.campaigns().RemoveDeputy(id, s.li);
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.campaigns().Find(id));
                    if (!c) return base::NotFound("test.missing", "campaign");
                    EXPECT_EQ(c->group_ids, (std::vector<std::int64_t>{s.group, s.other_group}));
                    EXPECT_EQ(c->spec, R"({"x":1})");
                    c->state = "active";
                    c->group_ids = {s.group};
                    c->updated_at = 20;
                    SHUZHI_TRY(tx.campaigns().Update(*c));
                    EXPECT_EQ(tx.campaigns().Update(CampaignRecord{}).reason(), "campaign.not_found");
                    // A group that does not exist fails the insert (and, in PostgreSQL, the
                    // transaction): this is the last statement here.
                    CampaignRecord bad{0, s.town, 2026, "x", "custom", "draft", "{}", 1, 1, {99999}};
                    EXPECT_EQ(tx.campaigns().Insert(bad).status().reason(), "campaign.group_not_found");
                    return base::InvalidArgument("test.rollback", "undo the update");
                  })
                  .reason() == "test.rollback");
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto list, tx.campaigns().List(s.town));
                    EXPECT_EQ(list.size(), 1u);  // the rolled-back update and insert left nothing
                    if (list.empty()) return base::NotFound("test.missing", "campaign");
                    EXPECT_EQ(list[0].state, "draft");
                    SHUZHI_ASSIGN_OR_RETURN(auto deputies, tx.campaigns().ListDeputies(id));
                    EXPECT_EQ(deputies.size(), 1u);
                    if (deputies.empty()) return base::NotFound("test.missing", "deputy");
                    EXPECT_EQ(deputies[0].confirmed_by, "张组长");
                    EXPECT_EQ(deputies[0].confirmed_at, 99);
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, ReportsVersionsAndReviews) {
  Seeded s = SeedRegistry(*store_);
  std::int64_t campaign = 0, report = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(
                        campaign,
                        tx.campaigns().Insert({0, s.town, 2026, "t", "voter", "active", "{}", 1, 1, {s.group}}));
                    ReportRecord r{0,
                                   campaign,
                                   s.zhang,
                                   core::ReportState::kDraft,
                                   "2021-10-01",
                                   "2026-11-01",
                                   R"({"sections":[]})",
                                   0,
                                   0,
                                   std::nullopt,
                                   false,
                                   5,
                                   5};
                    SHUZHI_ASSIGN_OR_RETURN(report, tx.reports().Insert(r));
                    EXPECT_EQ(tx.reports().Insert(r).status().reason(),
                              "report.exists");  // last statement: aborts PostgreSQL's transaction
                    return base::InvalidArgument("test.rollback", "undo");
                  })
                  .reason() == "test.rollback");
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            SHUZHI_ASSIGN_OR_RETURN(
                campaign, tx.campaigns().Insert({0, s.town, 2026, "t", "voter", "active", "{}", 1, 1, {s.group}}));
            SHUZHI_ASSIGN_OR_RETURN(report, tx.reports().Insert({0, campaign, s.zhang, core::ReportState::kDraft, "",
                                                                 "", "{}", 0, 0, std::nullopt, false, 5, 5}));
            SHUZHI_ASSIGN_OR_RETURN(auto v1,
                                    tx.reports().AddVersion({report, 0, R"({"v":1})", 10, 12, "zhang", 100, false}));
            SHUZHI_ASSIGN_OR_RETURN(auto v2,
                                    tx.reports().AddVersion({report, 0, R"({"v":2})", 11, 13, "zhang", 200, true}));
            EXPECT_EQ(v1, 1);
            EXPECT_EQ(v2, 2);
            SHUZHI_TRY(tx.reports().AddReview({report, 0, "return", "请补充第三部分", "leader", 150}));
            SHUZHI_TRY(tx.reports().AddReview({report, 0, "accept", "", "leader", 250}));
            SHUZHI_ASSIGN_OR_RETURN(auto r, tx.reports().Find(campaign, s.zhang));
            if (!r) return base::NotFound("test.missing", "report");
            r->state = core::ReportState::kAccepted;
            r->submitted_at = 200;
            r->late = true;
            return tx.reports().Update(*r);
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto list, tx.reports().ListForCampaign(campaign));
                    EXPECT_EQ(list.size(), 1u);
                    if (list.empty()) return base::NotFound("test.missing", "report");
                    EXPECT_EQ(list[0].state, core::ReportState::kAccepted);
                    EXPECT_EQ(list[0].submitted_at, 200);
                    EXPECT_TRUE(list[0].late);
                    SHUZHI_ASSIGN_OR_RETURN(auto versions, tx.reports().ListVersions(report));
                    EXPECT_EQ(versions.size(), 2u);
                    if (versions.size() < 2) return base::NotFound("test.missing", "versions");
                    EXPECT_EQ(versions[1].content, R"({"v":2})");
                    EXPECT_TRUE(versions[1].late);
                    SHUZHI_ASSIGN_OR_RETURN(auto reviews, tx.reports().ListReviews(report));
                    EXPECT_EQ(reviews.size(), 2u);
                    if (reviews.empty()) return base::NotFound("test.missing", "reviews");
                    EXPECT_EQ(reviews[0].comment, "请补充第三部分");
                    EXPECT_EQ(reviews[1].seq, 2);
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.reports().Find(campaign, s.li));
                    EXPECT_FALSE(none.has_value());
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, OpinionsAndPublicLinks) {
  Seeded s = SeedRegistry(*store_);
  const base::Bytes token = base::Hash32("token"), other = base::Hash32("other");
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    OpinionRecord o{0,
                                    s.zhang,
                                    std::nullopt,
                                    "visit",
                                    "2026-11-05",
                                    "希望修缮村道",
                                    "王大爷",
                                    "infrastructure",
                                    std::nullopt,
                                    "leader",
                                    "new",
                                    "",
                                    std::nullopt,
                                    10};
                    SHUZHI_ASSIGN_OR_RETURN(id, tx.opinions().Insert(o));
                    o.source = "online";
                    o.status = "pending";
                    o.constituent = "";
                    SHUZHI_TRY(tx.opinions().Insert(o).status());
                    SHUZHI_TRY(tx.opinions().SetLink(s.zhang, token, 1));
                    SHUZHI_TRY(tx.opinions().SetLink(s.zhang, other, 2));  // a new link replaces the old one
                    SHUZHI_ASSIGN_OR_RETURN(auto found, tx.opinions().Find(id));
                    if (!found) return base::NotFound("test.missing", "opinion");
                    found->status = "answered";
                    found->answer = "已联系交通部门";
                    found->answered_at = 20;
                    return tx.opinions().Update(*found);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto mine, tx.opinions().ListForDeputy(s.zhang));
                    EXPECT_EQ(mine.size(), 2u);
                    SHUZHI_ASSIGN_OR_RETURN(auto pending, tx.opinions().ListByStatus("pending"));
                    EXPECT_EQ(pending.size(), 1u);
                    SHUZHI_ASSIGN_OR_RETURN(auto answered, tx.opinions().Find(id));
                    if (!answered) return base::NotFound("test.missing", "opinion");
                    EXPECT_EQ(answered->answer, "已联系交通部门");
                    EXPECT_EQ(answered->answered_at, 20);
                    SHUZHI_ASSIGN_OR_RETURN(auto old_link, tx.opinions().FindLink(token));
                    EXPECT_FALSE(old_link.has_value());
                    SHUZHI_ASSIGN_OR_RETURN(auto link, tx.opinions().FindLink(other));
                    EXPECT_EQ(link, s.zhang);
                    return base::Ok();
                  })
                  .ok());
}

TEST_F(StoreTest, MeetingsAttendeesCredentialsAndPolls) {
  Seeded s = SeedRegistry(*store_);
  std::int64_t meeting = 0, poll = 0, attendee = 0;
  const base::Bytes h1(32, '\x01'), h2(32, '\x02');
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            SHUZHI_ASSIGN_OR_RETURN(
                auto campaign, tx.campaigns().Insert({0, s.town, 2026, "t", "voter", "active", "{}", 1, 1, {s.group}}));
            MeetingRecord m;
            m.campaign_id = campaign;
            m.group_id = s.group;
            m.title = "第一代表小组述职评议会";
            m.starts_at = 1000;
            m.projector_token = "tok";
            m.record = R"({"agenda":[]})";
            SHUZHI_ASSIGN_OR_RETURN(meeting, tx.meetings().Insert(m));
            SHUZHI_ASSIGN_OR_RETURN(attendee, tx.meetings().InsertAttendee({0, meeting, "evaluator", "王五", "村民",
                                                                            std::nullopt, std::nullopt, false}));
            SHUZHI_TRY(tx.meetings()
                           .InsertAttendee({0, meeting, "guest", "赵六", "", std::nullopt, std::nullopt, false})
                           .status());
            SHUZHI_TRY(tx.meetings().SetCheckedIn(attendee, true));
            SHUZHI_TRY(tx.meetings().AddIssued(meeting, 1, "phone", 1));
            SHUZHI_TRY(tx.meetings().AddIssued(meeting, 1, "phone", 2));
            SHUZHI_TRY(tx.meetings().InsertCarrier({h1, meeting, 1, "phone", core::CarrierState::kPrinted}));
            SHUZHI_TRY(tx.meetings().InsertCarrier({h2, meeting, 1, "paper", core::CarrierState::kPrinted}));
            SHUZHI_TRY(tx.meetings().SetCarrierState(h2, core::CarrierState::kVoided));
            PollRecord p;
            p.meeting_id = meeting;
            p.deputy_ids = {s.zhang, s.li};
            SHUZHI_ASSIGN_OR_RETURN(poll, tx.meetings().InsertPoll(p));
            SHUZHI_TRY(tx.meetings().AddVoted(poll, 2));
            return base::Ok();
          })
          .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().FindByProjectorToken("tok"));
                    if (!m) return base::NotFound("test.missing", "meeting");
                    EXPECT_EQ(m->id, meeting);
                    EXPECT_EQ(m->group_id, s.group);
                    EXPECT_EQ(m->version, 0);
                    m->state = core::MeetingState::kRunning;
                    m->live = R"({"item":1})";
                    SHUZHI_TRY(tx.meetings().Update(*m));
                    SHUZHI_TRY(tx.meetings().Touch(meeting));
                    SHUZHI_ASSIGN_OR_RETURN(auto again, tx.meetings().Find(meeting));
                    EXPECT_EQ(again->version, 2);
                    EXPECT_EQ(again->live, R"({"item":1})");
                    SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(meeting));
                    EXPECT_EQ(attendees.size(), 2u);
                    EXPECT_TRUE(attendees.at(0).checked_in);
                    EXPECT_FALSE(attendees.at(1).checked_in);
                    EXPECT_EQ(*tx.meetings().Issued(meeting, 1, "phone"), 3);
                    EXPECT_EQ(*tx.meetings().Issued(meeting, 1, "paper"), 0);
                    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.meetings().FindCarrier(h2));
                    EXPECT_EQ(c->state, core::CarrierState::kVoided);
                    EXPECT_EQ(c->channel, "paper");
                    EXPECT_FALSE(tx.meetings().FindCarrier(base::Bytes(32, '\x03'))->has_value());
                    SHUZHI_ASSIGN_OR_RETURN(auto counts, tx.meetings().CountCarriers(meeting));
                    EXPECT_EQ(counts.size(), 2u);
                    SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(poll));
                    EXPECT_EQ(p->deputy_ids, (std::vector<std::int64_t>{s.zhang, s.li}));
                    EXPECT_EQ(p->voted, 2);
                    EXPECT_EQ(p->state, core::PollState::kPending);
                    p->state = core::PollState::kFinal;
                    p->paper_counted = 4;
                    p->paper_valid = 3;
                    p->released = {s.li};
                    p->result = "{}";
                    p->signature = std::string(64, '\0');
                    SHUZHI_TRY(tx.meetings().UpdatePoll(*p));
                    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(meeting));
                    EXPECT_EQ(polls.size(), 1u);
                    EXPECT_EQ(polls.at(0).released, (std::vector<std::int64_t>{s.li}));
                    EXPECT_EQ(polls.at(0).paper_counted, 4);
                    EXPECT_EQ(polls.at(0).paper_valid, 3);
                    EXPECT_TRUE(tx.meetings().FindPollForUpdate(poll)->has_value());
                    EXPECT_EQ(polls.at(0).signature.size(), 64u);
                    // What a ballot checks, in one statement: the poll, and the carrier.
                    SHUZHI_ASSIGN_OR_RETURN(auto gate, tx.meetings().CheckCast(h2, poll));
                    EXPECT_TRUE(gate.poll_found);
                    EXPECT_EQ(gate.poll_meeting_id, meeting);
                    EXPECT_EQ(gate.poll_state, core::PollState::kFinal);
                    EXPECT_EQ(gate.poll_round, 1);
                    EXPECT_TRUE(gate.carrier_found);
                    EXPECT_EQ(gate.carrier_meeting_id, meeting);
                    EXPECT_EQ(gate.carrier_state, core::CarrierState::kVoided);
                    SHUZHI_ASSIGN_OR_RETURN(auto no_carrier, tx.meetings().CheckCast(base::Bytes(32, '\x03'), poll));
                    EXPECT_TRUE(no_carrier.poll_found);
                    EXPECT_FALSE(no_carrier.carrier_found);
                    SHUZHI_ASSIGN_OR_RETURN(auto no_poll, tx.meetings().CheckCast(h1, poll + 1000));
                    EXPECT_FALSE(no_poll.poll_found);
                    return tx.meetings().DeleteAttendee(attendees.at(1).id);
                  })
                  .ok());
}

TEST_F(StoreTest, SpendsBallotsReceiptsAndPaperEntries) {
  const base::Bytes k1(32, 'a'), k2(32, 'b');
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            SHUZHI_TRY(tx.ballots().InsertSpend(7, k1, base::Bytes(16, 'c'), std::string("R1")));
            SHUZHI_TRY(tx.ballots().InsertSpend(8, k1, std::nullopt));  // the same key in another poll
            SHUZHI_TRY(tx.ballots().AppendBallot(7, "01"));
            SHUZHI_TRY(tx.ballots().AppendBallot(7, "22"));
            SHUZHI_TRY(tx.ballots().InsertPaperEntry({0, 7, k2, "WXYZ", "alice", "01"}));
            EXPECT_EQ(tx.ballots().InsertPaperEntry({0, 7, k2, "WXYZ", "alice", "02"}).reason(), "paper.already_keyed");
            SHUZHI_TRY(tx.ballots().InsertPaperEntry({0, 7, k2, "WXYZ", "bob", "02"}));
            SHUZHI_TRY(tx.ballots().InsertServerKey("hash", "first", 1));
            SHUZHI_TRY(tx.ballots().InsertServerKey("hash", "second", 2));
            return base::Ok();
          })
          .ok());
  // A second spend of one carrier in one poll is refused; in PostgreSQL the
  // failed statement ends the transaction, so it is the last one here.
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.ballots().InsertSpend(7, k1, std::nullopt); }).reason(),
            "ballot.credential_spent");
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    EXPECT_EQ(**tx.ballots().FindSpend(7, k1), base::Bytes(16, 'c'));
                    EXPECT_FALSE(tx.ballots().FindSpend(7, k2)->has_value());
                    SHUZHI_TRY(tx.ballots().EraseSpendChecks(7));
                    EXPECT_EQ(**tx.ballots().FindSpend(7, k1), "");
                    EXPECT_EQ(*tx.ballots().Ballots(7), (std::vector<std::string>{"01", "22"}));
                    EXPECT_TRUE(*tx.ballots().HasReceipt(7, "R1"));
                    EXPECT_FALSE(*tx.ballots().HasReceipt(8, "R1"));
                    // While open, the receipt lives in its spend's row (kept
                    // there through the close's erasure of the checks).
                    EXPECT_EQ(*tx.ballots().Receipts(7), (std::vector<std::string>{"R1"}));
                    SHUZHI_TRY(tx.ballots().ReplaceBallots(7, {"22", "01", "11"}, {"R2", "R1"}));
                    EXPECT_EQ(*tx.ballots().Ballots(7), (std::vector<std::string>{"22", "01", "11"}));
                    // Receipts are a set: listed in their own order, never in arrival order.
                    EXPECT_EQ(*tx.ballots().Receipts(7), (std::vector<std::string>{"R1", "R2"}));
                    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.ballots().PaperEntries(7));
                    EXPECT_EQ(entries.size(), 2u);
                    EXPECT_EQ(entries.at(1).teller, "bob");
                    SHUZHI_TRY(tx.ballots().DeletePaperEntries(7, k2));
                    EXPECT_TRUE(tx.ballots().PaperEntries(7)->empty());
                    EXPECT_EQ(**tx.ballots().FindServerKey("hash"), "first");
                    return base::Ok();
                  })
                  .ok());
}

// Rows reserved for a poll's ballots (PostgreSQL) are filled by ballots and
// never listed empty; more ballots than reserved rows are kept as well, and
// the close's rewrite leaves no empty row behind.
TEST_F(StoreTest, ReservedBallotPlacesHoldEveryBallotAndListNoEmptyOne) {
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_TRY(tx.ballots().ReserveBallotPlaces(9, 3));
                    SHUZHI_TRY(tx.ballots().ReserveBallotPlaces(10, 2));
                    EXPECT_TRUE(tx.ballots().Ballots(9)->empty());
                    for (const char* b : {"0", "1", "2", "10", "11"}) SHUZHI_TRY(tx.ballots().AppendBallot(9, b));
                    return base::Ok();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(9));
                    std::sort(ballots.begin(), ballots.end());
                    EXPECT_EQ(ballots, (std::vector<std::string>{"0", "1", "10", "11", "2"}));
                    EXPECT_TRUE(tx.ballots().Ballots(10)->empty());  // the other poll's rows stay free
                    SHUZHI_TRY(tx.ballots().ReplaceBallots(9, {"2", "0"}, {}));
                    EXPECT_EQ(*tx.ballots().Ballots(9), (std::vector<std::string>{"2", "0"}));
                    return base::Ok();
                  })
                  .ok());
  EXPECT_EQ(RawCount("SELECT COUNT(*) FROM ballots WHERE poll_id = 9"), 2);
}

TEST_F(StoreTest, GroupedWritesCommitTogetherAndFailAlone) {
  constexpr int kThreads = 16, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const base::Bytes key = std::to_string(t * 1000 + i);
        // Every tenth call fails after writing: only its own writes go.
        const bool fail = i % 10 == 9;
        auto st = GroupedAndWait(*store_, [&](Tx& tx) -> Status {
          SHUZHI_TRY(tx.ballots().InsertSpend(1, key, std::nullopt));
          SHUZHI_TRY(tx.ballots().AppendBallot(1, "0"));
          if (fail) return base::InvalidArgument("test.fail", "");
          return base::Ok();
        });
        EXPECT_EQ(st.ok(), !fail) << st.ToString();
        // The same spend again: refused, the batch goes on.
        auto again = GroupedAndWait(*store_, [&](Tx& tx) { return tx.ballots().InsertSpend(1, key, std::nullopt); });
        if (!fail) {
          EXPECT_EQ(again.reason(), "ballot.credential_spent");
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const int kept = kThreads * (kEach - kEach / 10);
  EXPECT_EQ(refused.load(), kept);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(1));
                    EXPECT_EQ(static_cast<int>(ballots.size()), kept);
                    return base::Ok();
                  })
                  .ok());
}

// The caller does not wait: `done` comes later, once per write, with each
// write's own outcome; closing the store runs and commits what is still
// queued, so nothing already submitted is lost.
TEST_F(StoreTest, GroupedWritesReportLaterAndSurviveClosing) {
  constexpr int kWrites = 300;
  std::atomic<int> ok{0}, refused{0};
  for (int i = 0; i < kWrites; ++i) {
    const base::Bytes key = "k" + std::to_string(i % 200);  // the last 100 repeat a key
    store_->WriteGrouped(
        [key](Tx& tx) -> Status {
          SHUZHI_TRY(tx.ballots().InsertSpend(2, key, std::nullopt));
          return tx.ballots().AppendBallot(2, "1");
        },
        [&](Status st) {
          if (st.ok()) ++ok;
          if (st.reason() == "ballot.credential_spent") ++refused;
        });
  }
  store_.reset();  // returns once every queued write has run
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(refused.load(), 100);
  auto reopened = Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(reopened).value();
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(2));
                    EXPECT_EQ(ballots.size(), 200u);
                    return base::Ok();
                  })
                  .ok());
}

// AddVoted in grouped writes is applied once per batch, and only for the
// writes that succeed: one that fails without changing a row, and one that
// fails after changing rows (which makes the batch run again), add nothing.
TEST_F(StoreTest, GroupedVotedCountsOnlyWhatSucceeds) {
  Seeded s = SeedRegistry(*store_);
  std::int64_t poll = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(
                        auto campaign,
                        tx.campaigns().Insert({0, s.town, 2026, "t", "voter", "active", "{}", 1, 1, {s.group}}));
                    MeetingRecord m;
                    m.campaign_id = campaign;
                    m.title = "t";
                    m.projector_token = "tok";
                    SHUZHI_ASSIGN_OR_RETURN(auto id, tx.meetings().Insert(m));
                    PollRecord p;
                    p.meeting_id = id;
                    p.deputy_ids = {s.zhang};
                    SHUZHI_ASSIGN_OR_RETURN(poll, tx.meetings().InsertPoll(p));
                    return tx.meetings().AddVoted(poll, 2);  // not grouped: at once
                  })
                  .ok());
  constexpr int kWrites = 60;
  std::atomic<int> ok{0}, reported{0};
  for (int i = 0; i < kWrites; ++i) {
    store_->WriteGrouped(
        [poll, i](Tx& tx) -> Status {
          if (i % 7 == 3) SHUZHI_TRY(tx.ballots().AppendBallot(poll, "0"));  // a row, then the failure below
          SHUZHI_TRY(tx.meetings().AddVoted(poll, 1));
          if (i % 7 == 3 || i % 5 == 1) return base::InvalidArgument("test.fail", "");
          return base::Ok();
        },
        [&](Status st) {
          if (st.ok()) ++ok;
          ++reported;
        });
  }
  while (reported.load() < kWrites) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  int expected = 0;
  for (int i = 0; i < kWrites; ++i) expected += !(i % 7 == 3 || i % 5 == 1);
  EXPECT_EQ(ok.load(), expected);
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(poll));
                    EXPECT_TRUE(p.has_value());
                    if (p) {
                      EXPECT_EQ(p->voted, 2 + expected);
                    }
                    SHUZHI_ASSIGN_OR_RETURN(auto ballots, tx.ballots().Ballots(poll));
                    EXPECT_TRUE(ballots.empty());  // every write that appended one failed
                    return base::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace shuzhi::storage
