// Campaigns over a real socket, on the demo data: templates, editing and
// validation, states, the reporting list from the rotation plans, the
// leader's confirmation, and scopes.
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "api_fixture.h"
#include "app/demo/demo.h"

namespace shuzhi::testing {
namespace {

class CampaignApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    t_->clock().Set(*base::ParseIso8601("2026-11-01T09:00:00+08:00"));
    auto seeded = app::SeedDemo(t_->app(), app::testing::kPassword, app::DemoScope::kRegistry);
    ASSERT_TRUE(seeded.ok()) << seeded.status().ToString();
    StartServer();
    org_ = LogIn("organizer");
    json::value congresses = Json(Get(org_, "/api/v1/congresses"));
    for (const auto& c : congresses.at("items").as_array()) {
      if (c.at("name").as_string() == "洞桥镇人民代表大会") town_ = c.at("id").as_int64();
      if (c.at("name").as_string() == "临川县人民代表大会") county_ = c.at("id").as_int64();
    }
    json::value groups = Json(Get(org_, "/api/v1/groups?congress_id=" + std::to_string(town_)));
    for (const auto& g : groups.at("items").as_array()) town_groups_.push_back(g.at("id").as_int64());
    ASSERT_EQ(town_groups_.size(), 3u);
  }

  std::string GroupList() const {
    std::string s = "[";
    for (std::size_t i = 0; i < town_groups_.size(); ++i) s += (i ? "," : "") + std::to_string(town_groups_[i]);
    return s + "]";
  }

  Login org_;
  std::int64_t town_ = 0, county_ = 0;
  std::vector<std::int64_t> town_groups_;
};

TEST_F(CampaignApiTest, VoterTemplateEditStatesAndReportingList) {
  HttpResult created = Send(org_, "POST", "/api/v1/campaigns",
                            R"({"congress_id":)" + std::to_string(town_) +
                                R"(,"template":"voter","year":2026,"group_ids":)" + GroupList() + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  json::value c = Json(created);
  const std::string base = "/api/v1/campaigns/" + std::to_string(c.at("id").as_int64());
  EXPECT_EQ(c.at("state").as_string(), "draft");
  EXPECT_EQ(c.at("spec").at("content_items").as_array().size(), 8u);
  EXPECT_EQ(c.at("spec").at("disclosure").as_string(), "private");
  EXPECT_EQ(c.at("spec").at("scale").at(0).at("label").as_string(), "优秀");
  // On 1 November the template's 20 November deadline lies ahead.
  EXPECT_FALSE(c.at("deadline_passed").as_bool());
  EXPECT_EQ(c.at("report_deadline_at").as_string(), "2026-11-20T23:59:59+08:00");

  // Edit the plan; a bad field is named and nothing changes.
  json::object spec = c.at("spec").as_object();
  spec["word_limit"] = 3000;
  HttpResult updated =
      Send(org_, "PUT", base, json::serialize(json::object{{"spec", spec}, {"group_ids", json::parse(GroupList())}}));
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(Json(updated).at("spec").at("word_limit").as_int64(), 3000);
  // A body without group_ids keeps the campaign's groups (issue 11: it
  // cleared them).
  const auto groups_before = Json(updated).at("group_ids");
  ASSERT_FALSE(groups_before.as_array().empty());
  spec["word_limit"] = 2800;
  HttpResult spec_only = Send(org_, "PUT", base, json::serialize(json::object{{"spec", spec}}));
  ASSERT_EQ(spec_only.status, 200) << spec_only.body;
  EXPECT_EQ(Json(spec_only).at("group_ids"), groups_before);
  EXPECT_EQ(Json(spec_only).at("spec").at("word_limit").as_int64(), 2800);
  spec["report_deadline"] = "11月20日";
  HttpResult bad = Send(org_, "PUT", base, json::serialize(json::object{{"spec", spec}}));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Json(bad).at("error").at("details").at(0).at("field").as_string(), "report_deadline");
  EXPECT_EQ(Json(Get(org_, base)).at("spec").at("report_deadline").as_string(), "2026-11-20");

  // Who reports: each group's rotation plan for 2026.
  HttpResult from_rotation = Send(org_, "POST", base + "/deputies/from-rotation", "");
  ASSERT_EQ(from_rotation.status, 200) << from_rotation.body;
  json::value list = Json(from_rotation);
  const auto added = list.at("added").as_int64();
  EXPECT_GT(added, 0);
  int planned_2026 = 0;
  for (auto g : town_groups_) {
    json::value plan = Json(Get(org_, "/api/v1/groups/" + std::to_string(g) + "/rotation"));
    for (const auto& p : plan.at("persons").as_array()) {
      planned_2026 += p.at("state").as_string() == "planned" && p.at("year").as_int64() == 2026;
    }
  }
  EXPECT_EQ(added, planned_2026);
  EXPECT_FALSE(list.at("occupation_breakdown").as_array().empty());
  // Running it again adds nobody twice.
  EXPECT_EQ(Json(Send(org_, "POST", base + "/deputies/from-rotation", "")).at("added").as_int64(), 0);
  const auto first = list.at("items").at(0).at("deputy_id").as_int64();
  EXPECT_EQ(Code(Send(org_, "POST", base + "/deputies", R"({"deputy_id":)" + std::to_string(first) + "}")),
            "campaign.deputy_listed");
  EXPECT_EQ(Send(org_, "DELETE", base + "/deputies/" + std::to_string(first), "").status, 204);
  EXPECT_EQ(Json(Get(org_, base + "/deputies")).at("items").as_array().size(), static_cast<std::size_t>(added - 1));

  // The leader confirms their own group only.
  Login leader = LogIn("leader");
  EXPECT_EQ(Get(leader, base).status, 200);  // the campaign covers their group
  const std::string own = std::to_string(town_groups_[0]), other = std::to_string(town_groups_[1]);
  HttpResult confirmed = Send(leader, "POST", base + "/deputies/confirm", R"({"group_id":)" + own + "}");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const json::value confirmed_list = Json(confirmed);  // named: a range-for over a temporary's member dangles
  for (const auto& d : confirmed_list.at("items").as_array()) {
    if (d.at("group_id").as_int64() == town_groups_[0]) {
      EXPECT_EQ(d.at("confirmed_by").as_string(), "leader");
    } else {
      EXPECT_TRUE(d.at("confirmed_by").is_null());
    }
  }
  EXPECT_EQ(Send(leader, "POST", base + "/deputies/confirm", R"({"group_id":)" + other + "}").status, 403);
  EXPECT_EQ(Send(leader, "PUT", base, json::serialize(json::object{{"spec", c.at("spec")}})).status, 403);

  // The plan prints as its 实施方案 (A4 PDF; read back with pdftotext).
  HttpResult pdf = Get(org_, base + "/plan.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  const std::string text = PdfText(pdf.body);
  EXPECT_NE(text.find("关于开展区、镇人大代表述职活动的实施方案"), std::string::npos) << text.substr(0, 500);
  EXPECT_NE(text.find("一、述职内容"), std::string::npos);
  EXPECT_NE(text.find("8．履行职务过程中存在的不足及改进措施。"), std::string::npos);
  EXPECT_NE(text.find("年安排述职的代表共"), std::string::npos);
  EXPECT_NE(text.find("11月20日前"), std::string::npos);

  // States: draft → active → closed; a closed campaign is not edited; draft cannot jump to archived.
  EXPECT_EQ(Code(Send(org_, "POST", base + "/state", R"({"state":"archived"})")), "campaign.bad_transition");
  EXPECT_EQ(Json(Send(org_, "POST", base + "/state", R"({"state":"active"})")).at("state").as_string(), "active");
  EXPECT_EQ(Json(Send(org_, "POST", base + "/state", R"({"state":"closed"})")).at("state").as_string(), "closed");
  EXPECT_EQ(Code(Send(org_, "PUT", base, json::serialize(json::object{{"spec", c.at("spec")}}))),
            "campaign.not_editable");
}

// Issue 11: plan 1 made from its template in December keeps 31 October;
// the reply flags the passed deadline before the campaign is activated.
TEST_F(CampaignApiTest, APassedDeadlineIsFlagged) {
  t_->clock().Set(*base::ParseIso8601("2026-12-05T09:00:00+08:00"));
  Login org = LogIn("organizer");
  HttpResult created = Send(org, "POST", "/api/v1/campaigns",
                            R"({"congress_id":)" + std::to_string(town_) +
                                R"(,"template":"voter","year":2026,"group_ids":)" + GroupList() + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(Json(created).at("deadline_passed").as_bool());
  HttpResult next_year = Send(org, "POST", "/api/v1/campaigns",
                              R"({"congress_id":)" + std::to_string(town_) +
                                  R"(,"template":"voter","year":2027,"group_ids":)" + GroupList() + "}");
  ASSERT_EQ(next_year.status, 201) << next_year.body;
  EXPECT_FALSE(Json(next_year).at("deadline_passed").as_bool());
  bool listed = false;
  const json::value list = Json(Get(org, "/api/v1/campaigns"));
  const json::value created_id = Json(created).at("id");
  for (const auto& c : list.at("items").as_array()) {
    if (c.at("id") == created_id) listed = c.at("deadline_passed").as_bool();
  }
  EXPECT_TRUE(listed);
}

TEST_F(CampaignApiTest, CommitteeTemplateAndScopes) {
  HttpResult created = Send(org_, "POST", "/api/v1/campaigns",
                            R"({"congress_id":)" + std::to_string(county_) + R"(,"template":"committee","year":2026})");
  ASSERT_EQ(created.status, 201) << created.body;
  json::value c = Json(created);
  EXPECT_EQ(c.at("spec").at("content_items").as_array().size(), 7u);
  EXPECT_EQ(c.at("spec").at("disclosure").as_string(), "announce");
  EXPECT_EQ(c.at("spec").at("speech_minutes").as_int64(), 10);
  const std::string base = "/api/v1/campaigns/" + std::to_string(c.at("id").as_int64());

  Login reviewer = LogIn("reviewer");
  EXPECT_EQ(Get(reviewer, base).status, 200);
  EXPECT_EQ(Send(reviewer, "POST", "/api/v1/campaigns",
                 R"({"congress_id":)" + std::to_string(county_) + R"(,"template":"voter","year":2026})")
                .status,
            403);
  Login deputy = LogIn("deputy");
  EXPECT_EQ(Get(deputy, base).status, 403);  // not on this campaign's list
  Login leader = LogIn("leader");
  EXPECT_EQ(Get(leader, base).status, 403);  // not their group's campaign
  EXPECT_EQ(Json(Get(leader, "/api/v1/campaigns")).at("items").as_array().size(), 0u);
  t_->AddUser("stranger", {{core::Role::kOrganizer, 999, {}, {}}});
  Login stranger = LogIn("stranger");
  EXPECT_EQ(Get(stranger, base).status, 403);
  EXPECT_EQ(Code(Send(org_, "POST", "/api/v1/campaigns",
                      R"({"congress_id":)" + std::to_string(county_) + R"(,"template":"x","year":2026})")),
            "request.invalid");
  EXPECT_EQ(Get(org_, "/api/v1/campaigns/999999").status, 404);
}

}  // namespace
}  // namespace shuzhi::testing
