// The storage contract for roster import jobs shared by the servers: a job
// reads back with or without its upload (any bytes), changes only from the
// states and at the version asked (one server at a time), lists per user
// in the order started, and goes with Delete and Prune.
#include <gtest/gtest.h>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

ImportJobRecord Job(const std::string& id, std::int64_t user, base::Micros at, std::string upload) {
  ImportJobRecord j;
  j.id = id;
  j.user_id = user;
  j.kind = "deputies";
  j.target_id = 7;
  j.file_name = "名册.xlsx";
  j.upload = std::move(upload);
  j.state = "validating";
  j.phase = "parsing";
  j.outcome = "{}";
  j.created_at = j.updated_at = at;
  return j;
}

TEST_F(StoreTest, ImportJobsAreSharedChangedOneAtATimeAndPruned) {
  const std::string bytes("PK\x03\x04\x00\xff\x00zip", 10);  // NULs and high bytes survive
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_TRY(tx.import_jobs().Insert(Job("zz", 1, 100, bytes)));
                    SHUZHI_TRY(tx.import_jobs().Insert(Job("aa", 1, 100, "x,y\n1,2\n")));
                    return tx.import_jobs().Insert(Job("mm", 2, 200, "a"));
                  })
                  .ok());
  auto find = [&](const std::string& id, bool upload) {
    std::optional<ImportJobRecord> out;
    EXPECT_TRUE(store_
                    ->Read([&](Tx& tx) -> Status {
                      SHUZHI_ASSIGN_OR_RETURN(out, tx.import_jobs().Find(id, upload));
                      return base::Ok();
                    })
                    .ok());
    return out;
  };
  auto zz = find("zz", true);
  ASSERT_TRUE(zz.has_value());
  EXPECT_EQ(zz->upload, bytes);
  EXPECT_EQ(zz->upload_bytes, 10);
  EXPECT_EQ(zz->file_name, "名册.xlsx");
  EXPECT_EQ(zz->kind, "deputies");
  EXPECT_EQ(zz->target_id, 7);
  EXPECT_EQ(zz->version, 0);
  EXPECT_EQ(zz->outcome, "{}");
  auto light = find("zz", false);
  EXPECT_TRUE(light->upload.empty());
  EXPECT_EQ(light->upload_bytes, 10);
  EXPECT_FALSE(find("nope", false).has_value());

  auto change = [&](const std::vector<std::string>& from, std::optional<std::int64_t> version,
                    const ImportJobChange& c) {
    bool did = false;
    EXPECT_TRUE(store_
                    ->Write([&](Tx& tx) -> Status {
                      SHUZHI_ASSIGN_OR_RETURN(did, tx.import_jobs().Change("zz", from, version, c));
                      return base::Ok();
                    })
                    .ok());
    return did;
  };
  ImportJobChange ready;
  ready.state = "ready";
  ready.phase = "done";
  ready.mapping = R"({"0":"name"})";
  ready.rows = 2;
  ready.columns = 4;
  ready.outcome = R"({"reviewed":[2]})";
  ready.updated_at = 150;
  EXPECT_FALSE(change({"ready"}, std::nullopt, ready)) << "not in that state";
  EXPECT_FALSE(change({"validating"}, 1, ready)) << "not at that version";
  EXPECT_TRUE(change({"validating", "ready"}, 0, ready));
  zz = find("zz", false);
  EXPECT_EQ(zz->state, "ready");
  EXPECT_EQ(zz->phase, "done");
  EXPECT_EQ(zz->mapping, R"({"0":"name"})");
  EXPECT_EQ(zz->rows, 2);
  EXPECT_EQ(zz->columns, 4);
  EXPECT_EQ(zz->outcome, R"({"reviewed":[2]})");
  EXPECT_EQ(zz->updated_at, 150);
  // Re-mapping bumps the version; a second server at the old one loses.
  ImportJobChange remap;
  remap.state = "validating";
  remap.mapping = R"({"1":"name"})";
  remap.bump_version = true;
  remap.updated_at = 160;
  EXPECT_TRUE(change({"ready"}, 0, remap));
  EXPECT_FALSE(change({"ready"}, 0, remap));
  zz = find("zz", false);
  EXPECT_EQ(zz->version, 1);
  EXPECT_EQ(zz->mapping, R"({"1":"name"})");
  EXPECT_EQ(zz->rows, 2) << "unset fields keep their value";
  EXPECT_TRUE(change({}, std::nullopt, ready)) << "any state";

  std::vector<ImportJobRecord> mine;
  std::int64_t stored = 0;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(mine, tx.import_jobs().ForUser(1));
                    SHUZHI_ASSIGN_OR_RETURN(stored, tx.import_jobs().UploadBytes());
                    return base::Ok();
                  })
                  .ok());
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, "zz") << "in the order started, not by id";
  EXPECT_EQ(mine[1].id, "aa");
  EXPECT_TRUE(mine[0].upload.empty());
  EXPECT_EQ(stored, 10 + 8 + 1);

  ASSERT_TRUE(store_->Write([](Tx& tx) { return tx.import_jobs().Delete("aa"); }).ok());
  EXPECT_FALSE(find("aa", false).has_value());
  ASSERT_TRUE(store_->Write([](Tx& tx) { return tx.import_jobs().Prune(100); }).ok());
  EXPECT_FALSE(find("zz", false).has_value()) << "made at 100";
  EXPECT_TRUE(find("mm", false).has_value()) << "made at 200";
}

}  // namespace
}  // namespace shuzhi::storage::contract
