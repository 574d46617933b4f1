// The storage contract for the throttles' shared failures: added, read back
// oldest first from a moment on, cleared per key whoever added them, and
// pruned per kind.
#include <gtest/gtest.h>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

TEST_F(StoreTest, ThrottleFailuresAreSharedClearedAndPruned) {
  auto since = [&](base::Micros t, std::int64_t limit) {
    std::vector<ThrottleFailure> out;
    EXPECT_TRUE(store_
                    ->Read([&](Tx& tx) -> Status {
                      SHUZHI_ASSIGN_OR_RETURN(out, tx.throttle().Since(t, limit));
                      return base::Ok();
                    })
                    .ok());
    return out;
  };
  ASSERT_TRUE(store_
                  ->Write([](Tx& tx) -> Status {
                    return tx.throttle().Add({{"login", "login-user:wang", 30},
                                              {"login", "login-addr:10.0.0.1", 10},
                                              {"carrier", "carrier:10.0.0.1", 20},
                                              {"login", "login-user:wang", 40}});
                  })
                  .ok());
  auto all = since(0, 100);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].key, "login-addr:10.0.0.1");
  EXPECT_EQ(all[0].at, 10);
  EXPECT_EQ(all[1].kind, "carrier");
  EXPECT_EQ(all[3].at, 40);
  EXPECT_EQ(since(20, 100).size(), 2u) << "strictly after";
  EXPECT_EQ(since(0, 2).size(), 2u);

  ASSERT_TRUE(store_->Write([](Tx& tx) { return tx.throttle().Clear("login", "login-user:wang"); }).ok());
  all = since(0, 100);
  ASSERT_EQ(all.size(), 2u);
  // Pruning one kind leaves the others.
  ASSERT_TRUE(store_->Write([](Tx& tx) { return tx.throttle().Prune("login", 10); }).ok());
  all = since(0, 100);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].kind, "carrier");
}

}  // namespace
}  // namespace shuzhi::storage::contract
