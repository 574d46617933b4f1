// The storage contract for campaign archives: numbers per campaign and
// group (the whole campaign counting apart), progress, the finished ZIP's
// bytes kept byte for byte, and a finished archive never changing again.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

core::Archive Building(std::int64_t campaign, std::optional<std::int64_t> group, int number) {
  core::Archive a;
  a.campaign_id = campaign;
  a.group_id = group;
  a.number = number;
  a.created_by = "organizer";
  a.created_at = 1'000;
  a.updated_at = 1'000;
  return a;
}

TEST_F(StoreTest, ArchivesAreNumberedPerGroupAndKeepTheirBytes) {
  const Seeded s = SeedRegistry(*store_);
  std::int64_t campaign = 0, first = 0, second = 0, whole = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(
                        campaign,
                        tx.campaigns().Insert(
                            {0, s.town, 2026, "t", "voter", core::CampaignState::kClosed, "{}", 1, 1, {s.group}}));
                    SHUZHI_ASSIGN_OR_RETURN(first, tx.archives().Insert(Building(campaign, s.group, 1)));
                    SHUZHI_ASSIGN_OR_RETURN(whole, tx.archives().Insert(Building(campaign, std::nullopt, 1)));
                    SHUZHI_ASSIGN_OR_RETURN(int last, tx.archives().LastNumber(campaign, s.group));
                    EXPECT_EQ(last, 1);
                    SHUZHI_ASSIGN_OR_RETURN(last, tx.archives().LastNumber(campaign, s.other_group));
                    EXPECT_EQ(last, 0);
                    SHUZHI_ASSIGN_OR_RETURN(second, tx.archives().Insert(Building(campaign, s.group, 2)));
                    return base::Ok();
                  })
                  .ok());
  // The same number twice for one group (or for the whole campaign) is refused.
  auto dup = store_->Write([&](Tx& tx) { return tx.archives().Insert(Building(campaign, s.group, 2)).status(); });
  EXPECT_EQ(dup.reason(), "archive.number_taken");
  dup = store_->Write([&](Tx& tx) { return tx.archives().Insert(Building(campaign, std::nullopt, 1)).status(); });
  EXPECT_EQ(dup.reason(), "archive.number_taken");

  // Progress, then done with its bytes (every byte value, NUL included).
  std::string zip;
  for (int i = 0; i < 512; ++i) zip.push_back(static_cast<char>(i & 0xFF));
  core::Archive done = Building(campaign, s.group, 1);
  done.id = first;
  done.state = core::ArchiveState::kDone;
  done.files_done = done.files_total = 7;
  done.updated_at = 3'000;
  done.finished_at = 3'000;
  done.size = static_cast<std::int64_t>(zip.size());
  done.sha256 = "ab12";
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.archives().Progress(first, 3, 7, 2'000); }).ok());
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.archives().Finish(done, zip); }).ok());
  // Finished once: never again, neither progress nor a second finish.
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.archives().Progress(first, 1, 9, 4'000); }).ok());
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.archives().Finish(done, "other"); }).reason(),
            "archive.not_building");
  core::Archive failed = Building(campaign, s.group, 2);
  failed.id = second;
  failed.state = core::ArchiveState::kFailed;
  failed.error = "report.not_found";
  failed.updated_at = 5'000;
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.archives().Finish(failed, ""); }).ok());

  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto list, tx.archives().List(campaign));
                    EXPECT_EQ(list.size(), 3u);
                    SHUZHI_ASSIGN_OR_RETURN(auto a, tx.archives().Find(first));
                    EXPECT_TRUE(a.has_value());
                    if (!a) return base::Ok();
                    EXPECT_EQ(a->state, core::ArchiveState::kDone);
                    EXPECT_EQ(a->files_done, 7);
                    EXPECT_EQ(a->files_total, 7);
                    EXPECT_EQ(a->updated_at, 3'000);
                    EXPECT_EQ(a->finished_at, std::optional<base::Micros>(3'000));
                    EXPECT_EQ(a->size, 512);
                    EXPECT_EQ(a->sha256, "ab12");
                    EXPECT_EQ(a->group_id, std::optional<std::int64_t>(s.group));
                    SHUZHI_ASSIGN_OR_RETURN(auto bytes, tx.archives().Bytes(first));
                    EXPECT_EQ(bytes, std::optional<std::string>(zip));
                    SHUZHI_ASSIGN_OR_RETURN(auto f, tx.archives().Find(second));
                    EXPECT_EQ(f->state, core::ArchiveState::kFailed);
                    EXPECT_EQ(f->error, "report.not_found");
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.archives().Bytes(second));
                    EXPECT_FALSE(none.has_value());
                    SHUZHI_ASSIGN_OR_RETURN(auto w, tx.archives().Find(whole));
                    EXPECT_FALSE(w->group_id.has_value());
                    EXPECT_EQ(w->state, core::ArchiveState::kBuilding);
                    return base::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace shuzhi::storage::contract
