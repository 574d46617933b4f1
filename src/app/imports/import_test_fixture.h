// A township with a term, an administrator and two of its organizers, for
// the import tests (import_test.cc, import_shared_test.cc).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "app/imports/import.h"
#include "app/registry/registry.h"
#include "app/testing/app_test_util.h"
#include "export/csv.h"

namespace shuzhi::app {

class ImportFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    using core::Role;
    admin_ = t_.AddUser("root", {{Role::kAdmin, {}, {}, {}}});
    auto congress = t_.app().registry().CreateCongress(admin_, {0, "township", "洞桥镇人民代表大会", std::nullopt});
    ASSERT_TRUE(congress.ok()) << congress.status().ToString();
    auto term = t_.app().registry().CreateTerm(admin_, {0, congress->id, 15, "2022-01-01", "2026-12-31"});
    ASSERT_TRUE(term.ok()) << term.status().ToString();
    term_ = term->id;
    org_ = t_.AddUser("org", {{Role::kOrganizer, congress->id, {}, {}}});
    other_ = t_.AddUser("org2", {{Role::kOrganizer, congress->id, {}, {}}});
    t_.app().imports().set_synchronous(true);
  }

  Result<ImportJobView> StartOn(ImportService& imports, const Actor& who, const std::string& csv) {
    return imports.Start(who, {ImportKind::kDeputies, term_}, "名册.csv", csv);
  }

  // The file of skipped rows of the tests' upload whose second row (林二,
  // gender 未知) was skipped: that row alone, under the recognised headers
  // (the name column having been mapped by hand).
  static void ExpectLinErSkipped(const Result<ExportFile>& file) {
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    auto table = exports::ReadCsv(file->bytes);
    ASSERT_TRUE(table.ok());
    ASSERT_EQ(table->rows.size(), 2u);
    EXPECT_EQ(table->rows[0], (std::vector<std::string>{"姓名", "性别", "出生日期", "职业类别", "原行号", "问题"}));
    EXPECT_EQ(table->rows[1][0], "林二");
    EXPECT_EQ(table->rows[1][4], "2");
    EXPECT_EQ(file->file_name, "名册（未导入的行）.csv");
  }

  testing::TestApp t_;
  Actor admin_, org_, other_;
  std::int64_t term_ = 0;
};

}  // namespace shuzhi::app
