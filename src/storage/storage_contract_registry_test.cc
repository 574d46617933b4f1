// The storage contract (see storage_contract_fixture.h): the registry, its
// unique and reference rules, the roster's filters, evaluator pools and
// rotation entries.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

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

}  // namespace
}  // namespace shuzhi::storage::contract
