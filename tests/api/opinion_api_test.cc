// Opinions over a real socket on the demo data: recording, answering,
// the public form with its rate and size limits and moderation, scopes.
#include "api_fixture.h"
#include "app/demo/demo.h"

namespace shuzhi::testing {
namespace {

class OpinionApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    ASSERT_TRUE(app::SeedDemo(t_->app(), app::testing::kPassword, app::DemoScope::kRegistry).ok());
    StartServer();
    leader_ = LogIn("leader");
    deputy_ = LogIn("deputy");
    deputy_id_ = Json(Get(deputy_, "/api/v1/me")).at("user").at("roles").at(0).at("deputy_id").as_int64();
    base_ = "/api/v1/deputies/" + std::to_string(deputy_id_);
  }
  Login leader_, deputy_;
  std::int64_t deputy_id_ = 0;
  std::string base_;
};

TEST_F(OpinionApiTest, RecordAnswerAndScopes) {
  HttpResult bad =
      Send(leader_, "POST", base_ + "/opinions", R"({"source":"rumour","received_on":"2026-11-05","content":"x"})");
  EXPECT_EQ(Json(bad).at("error").at("details").at(0).at("field").as_string(), "source");
  HttpResult recorded = Send(
      leader_, "POST", base_ + "/opinions",
      R"({"source":"visit","received_on":"2026-11-05","content":"希望修缮村道<b>尽快</b>","constituent":"王大爷","category":"交通"})");
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const auto id = Json(recorded).at("id").as_int64();
  EXPECT_EQ(Json(recorded).at("content").as_string(), "希望修缮村道<b>尽快</b>");  // text, as given
  // Only the deputy answers.
  EXPECT_EQ(Send(leader_, "PUT", "/api/v1/opinions/" + std::to_string(id) + "/answer", R"({"answer":"代答"})").status,
            403);
  HttpResult answered =
      Send(deputy_, "PUT", "/api/v1/opinions/" + std::to_string(id) + "/answer", R"({"answer":"已向交通部门反映"})");
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(Json(answered).at("status").as_string(), "answered");
  // A deputy cannot record opinions, nor read another deputy's.
  EXPECT_EQ(
      Send(deputy_, "POST", base_ + "/opinions", R"({"source":"visit","received_on":"2026-11-05","content":"自己写"})")
          .status,
      403);
  EXPECT_EQ(Get(deputy_, "/api/v1/deputies/1/opinions").status, 403);
  Login reviewer = LogIn("reviewer");
  EXPECT_EQ(Get(reviewer, base_ + "/opinions").status, 403);  // reviewers read results, not opinions
}

TEST_F(OpinionApiTest, PublicFormWithLimitsAndModeration) {
  HttpResult link = Send(leader_, "POST", base_ + "/opinion-link", "");
  ASSERT_EQ(link.status, 201) << link.body;
  const std::string token(Json(link).at("token").as_string());
  const std::string form = "/api/v1/public/opinion-forms/" + token;
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/public/opinion-forms/not-a-token").status, 404);
  HttpResult open = HttpCall(port_, "GET", form);
  ASSERT_EQ(open.status, 200);
  EXPECT_FALSE(Json(open).at("deputy_name").as_string().empty());

  std::string too_long;
  for (int i = 0; i < 2001; ++i) too_long += "议";
  HttpResult big = HttpCall(port_, "POST", form, json::serialize(json::object{{"content", too_long}}),
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(big.status, 400);
  EXPECT_EQ(Code(big), "opinion.too_long");
  for (int i = 0; i < 5; ++i) {
    HttpResult r =
        HttpCall(port_, "POST", form, json::serialize(json::object{{"content", "路灯坏了 " + std::to_string(i)}}),
                 {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  HttpResult flood = HttpCall(port_, "POST", form, R"({"content":"第六条"})", {{"Content-Type", "application/json"}});
  EXPECT_EQ(flood.status, 429);
  EXPECT_EQ(Code(flood), "opinion.rate_limited");
  EXPECT_FALSE(flood.Header("retry-after").empty());

  // Held for moderation: the deputy sees none yet; the leader does.
  EXPECT_EQ(Json(Get(deputy_, base_ + "/opinions")).at("items").as_array().size(), 0u);
  json::value pending = Json(Get(leader_, "/api/v1/opinions/pending"));
  ASSERT_EQ(pending.at("items").as_array().size(), 5u);
  const auto first = pending.at("items").at(0).at("id").as_int64();
  const auto second = pending.at("items").at(1).at("id").as_int64();
  EXPECT_EQ(
      Json(Send(leader_, "POST", "/api/v1/opinions/" + std::to_string(first) + "/moderation", R"({"approve":true})"))
          .at("status")
          .as_string(),
      "new");
  EXPECT_EQ(
      Json(Send(leader_, "POST", "/api/v1/opinions/" + std::to_string(second) + "/moderation", R"({"approve":false})"))
          .at("status")
          .as_string(),
      "rejected");
  EXPECT_EQ(Json(Get(deputy_, base_ + "/opinions")).at("items").as_array().size(), 1u);
  EXPECT_EQ(
      Code(Send(leader_, "POST", "/api/v1/opinions/" + std::to_string(first) + "/moderation", R"({"approve":true})")),
      "opinion.bad_state");
  // The printable card carries a new link as a QR code (the old link stops working).
  HttpResult card = Send(leader_, "POST", base_ + "/opinion-card", "");
  ASSERT_EQ(card.status, 200) << card.body.substr(0, 200);
  EXPECT_EQ(card.body.compare(0, 5, "%PDF-"), 0);
  EXPECT_EQ(HttpCall(port_, "GET", form).status, 404);
  ASSERT_EQ(Send(leader_, "POST", base_ + "/opinion-link", "").status, 201);

  // A new link replaces the old one.
  HttpResult newer = Send(deputy_, "POST", base_ + "/opinion-link", "");
  ASSERT_EQ(newer.status, 201);
  const std::string newer_form = "/api/v1/public/opinion-forms/" + std::string(Json(newer).at("token").as_string());
  EXPECT_EQ(HttpCall(port_, "GET", newer_form).status, 200);
}

}  // namespace
}  // namespace shuzhi::testing
