// The storage contract (see storage_contract_fixture.h), first part: the
// backend and its schema version, users and their roles, sessions, the audit
// chain, and reopening a store.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

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

}  // namespace
}  // namespace shuzhi::storage::contract
