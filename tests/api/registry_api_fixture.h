// The registry over a real socket, shared by registry_api_test.cc and
// registry_import_api_test.cc: a town with two groups and a constituency, a
// second town, users scoped to them, and helpers to upload a roster file and
// wait for its import job.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.h"
#include "app/registry/registry.h"

namespace shuzhi::testing {

class RegistryApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    admin_ = t_->AddUser("admin", {{core::Role::kAdmin, {}, {}, {}}});
    auto& reg = t_->app().registry();
    town_ = reg.CreateCongress(admin_, {0, "township", "洞桥镇人民代表大会", std::nullopt})->id;
    other_ = reg.CreateCongress(admin_, {0, "township", "石门镇人民代表大会", std::nullopt})->id;
    town_term_ = reg.CreateTerm(admin_, {0, town_, 15, "2022-01-05", "2027-01-04"})->id;
    other_term_ = reg.CreateTerm(admin_, {0, other_, 9, "2022-01-05", "2027-01-04"})->id;
    constituency_ = reg.CreateConstituency(admin_, {0, town_, "第一选区", "constituency", {"洞桥村", "前山村"}})->id;
    storage::GroupRecord g;
    g.congress_id = town_;
    g.name = "第一代表小组";
    g.rotation_start_year = 2026;
    group_ = reg.CreateGroup(admin_, g)->id;
    g.name = "第二代表小组";
    group2_ = reg.CreateGroup(admin_, g)->id;
    g.congress_id = other_;
    g.name = "石门代表小组";
    other_group_ = reg.CreateGroup(admin_, g)->id;
    t_->AddUser("org", {{core::Role::kOrganizer, town_, {}, {}}});
    t_->AddUser("org_other", {{core::Role::kOrganizer, other_, {}, {}}});
    t_->AddUser("rev", {{core::Role::kReviewer, town_, {}, {}}});
    t_->AddUser("lead", {{core::Role::kGroupLeader, town_, group_, {}}});
    StartServer();
  }

  // Uploads a file and waits until the job leaves validating/applying.
  json::value Upload(const Login& l, const std::string& query, const std::string& bytes) {
    HttpResult r = HttpCall(port_, "POST", "/api/v1/imports?" + query, bytes,
                            {{"Cookie", l.cookie},
                             {"X-CSRF-Token", l.csrf},
                             {"Content-Type", "application/octet-stream"},
                             {"X-File-Name", "%E5%90%8D%E5%86%8C.csv"}});
    EXPECT_EQ(r.status, 202) << r.body;
    return Await(l, std::string(Json(r).at("id").as_string()));
  }

  json::value Await(const Login& l, const std::string& id) {
    for (int i = 0; i < 200; ++i) {
      json::value v = Json(Get(l, "/api/v1/imports/" + id));
      const auto state = v.at("state").as_string();
      if (state != "validating" && state != "applying") return v;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "import did not finish";
    return nullptr;
  }

  json::value ApplyImport(const Login& l, const json::value& job, const std::string& decisions = "[]") {
    const std::string id(job.at("id").as_string());
    HttpResult r = Send(l, "POST", "/api/v1/imports/" + id + "/apply", "{\"decisions\":" + decisions + "}");
    EXPECT_EQ(r.status, 202) << r.body;
    return Await(l, id);
  }

  std::int64_t RosterTotal(const Login& l, const std::string& query) {
    return Json(Get(l, "/api/v1/roster?" + query)).at("total").as_int64();
  }

  static std::vector<std::string> ProblemCodes(const json::value& job) {
    std::vector<std::string> out;
    for (const auto& p : job.at("problems").as_array()) {
      out.push_back(std::to_string(p.at("row").as_int64()) + ":" + std::string(p.at("field").as_string()) + ":" +
                    std::string(p.at("code").as_string()));
    }
    return out;
  }

  app::Actor admin_;
  std::int64_t town_ = 0, other_ = 0, town_term_ = 0, other_term_ = 0, constituency_ = 0, group_ = 0, group2_ = 0,
               other_group_ = 0;
};

// The header row of the deputy roster files the tests upload.
inline const std::string kHeader =
    "姓名,性别,出生日期,民族,职业类别,工作单位,职务,联系电话,选区,代表小组,状态,状态日期,补选,当选日期,已述职年份\n";

}  // namespace shuzhi::testing
