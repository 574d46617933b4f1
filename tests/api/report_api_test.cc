// Duty reports over a real socket on the demo data: writing, the word limit,
// the deadline at the boundary second (fake clock), review, versions and
// their diff, text kept as text, and who may see and do what.
#include <map>

#include "api_fixture.h"
#include "app/demo/demo.h"

namespace shuzhi::testing {
namespace {

class ReportApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    t_->clock().Set(*base::ParseIso8601("2026-11-10T09:00:00+08:00"));
    ASSERT_TRUE(app::SeedDemo(t_->app(), app::testing::kPassword, app::DemoScope::kRegistry).ok());
    StartServer();
    org_ = LogIn("organizer");
    deputy_ = LogIn("deputy");
    json::value me = Json(Get(deputy_, "/api/v1/me"));
    deputy_id_ = me.at("user").at("roles").at(0).at("deputy_id").as_int64();
    json::value congresses = Json(Get(org_, "/api/v1/congresses"));
    std::int64_t town = 0;
    for (const auto& c : congresses.at("items").as_array()) {
      if (c.at("name").as_string() == "洞桥镇人民代表大会") town = c.at("id").as_int64();
    }
    json::value groups = Json(Get(org_, "/api/v1/groups?congress_id=" + std::to_string(town)));
    group1_ = groups.at("items").at(0).at("id").as_int64();
    group2_ = groups.at("items").at(1).at("id").as_int64();
    HttpResult c =
        Send(org_, "POST", "/api/v1/campaigns",
             R"({"congress_id":)" + std::to_string(town) + R"(,"template":"voter","year":2026,"group_ids":[)" +
                 std::to_string(group1_) + "," + std::to_string(group2_) + "]}");
    ASSERT_EQ(c.status, 201) << c.body;
    campaign_ = "/api/v1/campaigns/" + std::to_string(Json(c).at("id").as_int64());
    ASSERT_EQ(Send(org_, "POST", campaign_ + "/deputies",
                   R"({"deputy_id":)" + std::to_string(deputy_id_) + R"(,"group_id":)" + std::to_string(group1_) + "}")
                  .status,
              201);
    ASSERT_EQ(Send(org_, "POST", campaign_ + "/state", R"({"state":"active"})").status, 200);
    report_ = campaign_ + "/reports/" + std::to_string(deputy_id_);
  }

  // Moves the clock and logs everyone in again (a jump of days ends sessions).
  void At(const char* when) {
    t_->clock().Set(*base::ParseIso8601(when));
    org_ = LogIn("organizer");
    deputy_ = LogIn("deputy");
  }

  std::string Draft(const std::string& item1, const std::string& direction = "继续努力") {
    return json::serialize(json::object{
        {"content", json::object{{"sections", json::array{json::object{{"key", "item_1"}, {"text", item1}},
                                                          json::object{{"key", "direction"}, {"text", direction}}}}}}});
  }

  Login org_, deputy_;
  std::int64_t deputy_id_ = 0, group1_ = 0, group2_ = 0;
  std::string campaign_, report_;
};

TEST_F(ReportApiTest, WriteSubmitReturnResubmitLateAccept) {
  // The deputy sees the campaign they report in, and no other.
  EXPECT_EQ(Get(deputy_, campaign_).status, 200);
  EXPECT_EQ(Json(Get(deputy_, "/api/v1/campaigns")).at("items").as_array().size(), 1u);
  json::value fresh = Json(Get(deputy_, report_));
  EXPECT_EQ(fresh.at("state").as_string(), "not_started");
  EXPECT_EQ(fresh.at("content").at("sections").as_array().size(), 11u);  // 8 items + 3
  EXPECT_FALSE(fresh.at("period_start").as_string().empty());            // since the election
  EXPECT_EQ(fresh.at("word_limit").as_int64(), 2500);

  // Over the limit: saved as a draft, refused on submit, nothing submitted.
  std::string han;
  for (int i = 0; i < 2600; ++i) han += "履";
  HttpResult saved = Send(deputy_, "PUT", report_ + "/draft", Draft(han));
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(Json(saved).at("counts").at("words").as_int64(), 2600 + 4);
  HttpResult over = Send(deputy_, "POST", report_ + "/submit", "");
  EXPECT_EQ(over.status, 412);
  EXPECT_EQ(Code(over), "report.over_limit");
  EXPECT_EQ(Json(Get(deputy_, report_)).at("state").as_string(), "draft");

  // Script in a field is kept as text, exactly.
  const std::string script = "<script>alert('x')</script> 学习贯彻党的方针政策";
  ASSERT_EQ(Send(deputy_, "PUT", report_ + "/draft", Draft(script)).status, 200);
  EXPECT_EQ(Json(Get(org_, report_)).at("content").at("sections").at(0).at("text").as_string(), script);

  // What waits: the deputy's deadline.
  json::value due = Json(Get(deputy_, "/api/v1/notifications"));
  ASSERT_EQ(due.at("items").as_array().size(), 1u);
  EXPECT_EQ(due.at("items").at(0).at("kind").as_string(), "report_due");
  EXPECT_EQ(due.at("items").at(0).at("detail").as_string(), "2026-11-20");

  // On time at the last second of 20 November (Beijing).
  At("2026-11-20T23:59:59+08:00");
  HttpResult submitted = Send(deputy_, "POST", report_ + "/submit", "");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(Json(submitted).at("state").as_string(), "submitted");
  {
    Login leader = LogIn("leader");
    json::value waiting = Json(Get(leader, "/api/v1/notifications"));
    ASSERT_EQ(waiting.at("items").as_array().size(), 1u);
    EXPECT_EQ(waiting.at("items").at(0).at("kind").as_string(), "review_waiting");
  }
  EXPECT_FALSE(Json(submitted).at("late").as_bool());
  EXPECT_EQ(Code(Send(deputy_, "PUT", report_ + "/draft", Draft("改"))), "report.bad_state");

  // The leader returns it with comments; a comment is required.
  Login leader = LogIn("leader");
  EXPECT_EQ(Code(Send(leader, "POST", report_ + "/review", R"({"action":"return"})")), "request.invalid");
  HttpResult returned =
      Send(leader, "POST", report_ + "/review", R"({"action":"return","comment":"请补充联系选民的情况"})");
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(Json(returned).at("state").as_string(), "returned");
  EXPECT_EQ(Json(returned).at("reviews").at(0).at("comment").as_string(), "请补充联系选民的情况");
  json::value back = Json(Get(deputy_, "/api/v1/notifications"));
  ASSERT_EQ(back.at("items").as_array().size(), 1u);
  EXPECT_EQ(back.at("items").at(0).at("kind").as_string(), "report_returned");
  EXPECT_EQ(back.at("items").at(0).at("detail").as_string(), "请补充联系选民的情况");
  EXPECT_TRUE(Json(Get(leader, "/api/v1/notifications")).at("items").as_array().empty());  // nothing to review now

  // Resubmitted one second after the deadline: accepted, and flagged late.
  ASSERT_EQ(Send(deputy_, "PUT", report_ + "/draft", Draft("学习贯彻党的方针政策，经常走访选民。")).status, 200);
  At("2026-11-21T00:00:00+08:00");
  HttpResult late = Send(deputy_, "POST", report_ + "/submit", "");
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_TRUE(Json(late).at("late").as_bool());
  EXPECT_EQ(Json(late).at("versions").as_array().size(), 2u);

  // The two versions side by side.
  json::value diff = Json(Get(leader, report_ + "/diff?from=1&to=2"));
  std::string inserted, deleted;
  for (const auto& seg : diff.at("sections").at(0).at("segments").as_array()) {
    if (seg.at("op").as_string() == "insert") inserted += seg.at("text").as_string();
    if (seg.at("op").as_string() == "delete") deleted += seg.at("text").as_string();
  }
  EXPECT_NE(inserted.find("经常走访选民"), std::string::npos);
  EXPECT_NE(deleted.find("<script>"), std::string::npos);
  EXPECT_EQ(Code(Get(leader, report_ + "/diff?from=1&to=9")), "report.version_not_found");

  // An organizer accepts; progress counts it.
  ASSERT_EQ(Json(Send(org_, "POST", report_ + "/review", R"({"action":"accept"})")).at("state").as_string(),
            "accepted");
  json::value progress = Json(Get(org_, campaign_ + "/reports"));
  EXPECT_EQ(progress.at("counts").at("accepted").as_int64(), 1);
  EXPECT_EQ(progress.at("counts").at("late").as_int64(), 1);
  EXPECT_EQ(Code(Send(org_, "POST", report_ + "/review", R"({"action":"return","comment":"x"})")), "report.bad_state");

  // The report, and the group's reports, print as PDFs.
  for (const std::string& url :
       {report_ + "/report.pdf", campaign_ + "/groups/" + std::to_string(group1_) + "/reports.pdf"}) {
    HttpResult pdf = Get(org_, url);
    ASSERT_EQ(pdf.status, 200) << url << " " << pdf.body.substr(0, 200);
    EXPECT_EQ(pdf.body.compare(0, 5, "%PDF-"), 0);
  }
  EXPECT_EQ(Code(Get(org_, campaign_ + "/groups/" + std::to_string(group2_) + "/reports.pdf")), "report.none_in_group");

  // The dashboard: the timeline, today, and per-group progress.
  json::value dash = Json(Get(org_, campaign_ + "/dashboard"));
  EXPECT_EQ(dash.at("today").as_string(), "2026-11-21");
  EXPECT_EQ(dash.at("phases").as_array().size(), 3u);
  ASSERT_EQ(dash.at("groups").as_array().size(), 1u);
  EXPECT_EQ(dash.at("groups").at(0).at("reports").at("accepted").as_int64(), 1);
  EXPECT_EQ(dash.at("groups").at(0).at("reports").at("late").as_int64(), 1);
}

TEST_F(ReportApiTest, WordDocumentsBecomeParagraphs) {
  // Reading real .docx files is tested in export/docx_test.cc; here: the
  // route refuses what is not a .docx, and only the deputy may use it.
  HttpResult not_zip = HttpCall(port_, "POST", report_ + "/docx", "just text",
                                {{"Cookie", deputy_.cookie}, {"X-CSRF-Token", deputy_.csrf}});
  EXPECT_EQ(not_zip.status, 400);
  EXPECT_EQ(Code(not_zip), "import.not_a_docx");
  HttpResult staff =
      HttpCall(port_, "POST", report_ + "/docx", "just text", {{"Cookie", org_.cookie}, {"X-CSRF-Token", org_.csrf}});
  EXPECT_EQ(staff.status, 403);

  // Found from outside: a character reference beyond U+10FFFF made liborcus
  // abort the server, and a small file declaring 1 GiB made it touch 1 GiB;
  // found by fuzzing inside the ZIP: a document cut off inside a tag made
  // liborcus read past its end.
  for (const auto& [file, code] : std::vector<std::pair<std::string, std::string>>{
           {"docx-charref-beyond-unicode.docx", "import.bad_xml_char"},
           {"docx-declares-1gib.docx", "import.too_large"},
           {"docx-bomb-declared-4kib.docx", "import.not_a_docx"},
           {"docx-orcus-reads-past-a-cut-tag.docx", "import.bad_xml"},
           {"docx-orcus-reads-past-a-processing-instruction.docx", "import.bad_xml"}}) {
    HttpResult r = HttpCall(port_, "POST", report_ + "/docx", shuzhi::testing::ReadRegression(file),
                            {{"Cookie", deputy_.cookie}, {"X-CSRF-Token", deputy_.csrf}});
    EXPECT_EQ(r.status, 400) << file;
    EXPECT_EQ(Code(r), code) << file;
    EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/health").status, 200) << file;
  }
}

TEST_F(ReportApiTest, WhoMaySeeAndDoWhat) {
  ASSERT_EQ(Send(deputy_, "PUT", report_ + "/draft", Draft("内容")).status, 200);
  // Staff do not write a deputy's report.
  EXPECT_EQ(Send(org_, "PUT", report_ + "/draft", Draft("代写")).status, 403);
  // Another deputy sees nothing of it.
  t_->AddUser("other_deputy", {{core::Role::kDeputy, {}, {}, t_->AddPerson("另一代表", 4)}});
  Login other = LogIn("other_deputy");
  EXPECT_EQ(Get(other, report_).status, 403);
  // A reviewer reads but does not review.
  Login reviewer = LogIn("reviewer");
  EXPECT_EQ(Get(reviewer, report_).status, 200);
  ASSERT_EQ(Send(deputy_, "POST", report_ + "/submit", "").status, 200);
  EXPECT_EQ(Send(reviewer, "POST", report_ + "/review", R"({"action":"accept"})").status, 403);
  // The leader of another group neither reads nor reviews it.
  t_->AddUser("leader2", {{core::Role::kGroupLeader, 4, group2_, {}}});
  Login leader2 = LogIn("leader2");
  EXPECT_EQ(Get(leader2, report_).status, 403);
  EXPECT_EQ(Send(leader2, "POST", report_ + "/review", R"({"action":"accept"})").status, 403);
  json::value theirs = Json(Get(leader2, campaign_ + "/reports"));
  for (const auto& item : theirs.at("items").as_array()) EXPECT_EQ(item.at("group_id").as_int64(), group2_);
  // A deputy not on the list has no report here.
  EXPECT_EQ(Code(Get(org_, campaign_ + "/reports/99999")), "report.not_listed");
  // A closed campaign takes no more drafts.
  ASSERT_EQ(Send(org_, "POST", campaign_ + "/state", R"({"state":"closed"})").status, 200);
  EXPECT_EQ(Code(Send(deputy_, "PUT", report_ + "/draft", Draft("晚了"))), "report.campaign_not_active");
}

// Issue 11 item 10: a deputy's account names the person and follows them to
// every campaign they report in, whichever congress runs it. Plan 1: a city
// deputy reports to the county's standing committee; plan 2: a person with
// district and town mandates reports in the town's campaign.
TEST_F(ReportApiTest, DeputyAccountFollowsThePersonToEveryCongress) {
  json::value congresses = Json(Get(org_, "/api/v1/congresses"));
  std::int64_t county = 0, city = 0;
  for (const auto& c : congresses.at("items").as_array()) {
    if (c.at("name").as_string() == "临川县人民代表大会") county = c.at("id").as_int64();
    if (c.at("name").as_string() == "江州市人民代表大会") city = c.at("id").as_int64();
  }
  const std::int64_t city_group =
      Json(Get(org_, "/api/v1/groups?congress_id=" + std::to_string(county))).at("items").at(0).at("id").as_int64();
  // A city deputy in the county's group: their mandate's congress is the city's.
  json::value city_row = Json(Get(org_, "/api/v1/roster?group_id=" + std::to_string(city_group))).at("items").at(0);
  ASSERT_EQ(city_row.at("congress").at("id").as_int64(), city);
  const std::int64_t city_deputy = city_row.at("deputy").at("id").as_int64();
  // A person of the town's first group holding a district and a town mandate.
  std::map<std::int64_t, int> mandates;
  const json::value rows = Json(Get(org_, "/api/v1/roster?page_size=100&group_id=" + std::to_string(group1_)));
  for (const auto& row : rows.at("items").as_array()) {
    ++mandates[row.at("deputy").at("id").as_int64()];
  }
  std::int64_t two_levels = 0;
  for (auto [id, n] : mandates) {
    if (n == 2 && id != deputy_id_) two_levels = id;
  }
  ASSERT_NE(two_levels, 0);

  // The organizer gives each person one account, naming the person alone.
  for (auto [user, id] : {std::pair{"citydep", city_deputy}, std::pair{"twolevels", two_levels}}) {
    HttpResult u =
        Send(org_, "POST", "/api/v1/users",
             R"({"username":")" + std::string(user) + R"(","display_name":"代表","password":"password-1234",)" +
                 R"("roles":[{"role":"deputy","deputy_id":)" + std::to_string(id) + "}]}");
    ASSERT_EQ(u.status, 201) << u.body;
    Login first = LogIn(user, "password-1234");
    ASSERT_EQ(Send(first, "PUT", "/api/v1/me/password",
                   R"({"current_password":"password-1234","new_password":"password-5678"})")
                      .status /
                  100,
              2);
  }
  // A congress on a deputy's role is refused, naming the field.
  HttpResult with_congress = Send(
      org_, "POST", "/api/v1/users",
      R"({"username":"old","display_name":"x","password":"password-1234","roles":[{"role":"deputy","congress_id":)" +
          std::to_string(county) + R"(,"deputy_id":)" + std::to_string(city_deputy) + "}]}");
  EXPECT_EQ(with_congress.status, 400);
  EXPECT_NE(with_congress.body.find("roles[0].congress_id"), std::string::npos) << with_congress.body;

  // Plan 1: the county's campaign lists the city deputy.
  HttpResult c = Send(org_, "POST", "/api/v1/campaigns",
                      R"({"congress_id":)" + std::to_string(county) +
                          R"(,"template":"committee","year":2026,"group_ids":[)" + std::to_string(city_group) + "]}");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string plan1 = "/api/v1/campaigns/" + std::to_string(Json(c).at("id").as_int64());
  ASSERT_EQ(
      Send(org_, "POST", plan1 + "/deputies",
           R"({"deputy_id":)" + std::to_string(city_deputy) + R"(,"group_id":)" + std::to_string(city_group) + "}")
          .status,
      201);
  ASSERT_EQ(Send(org_, "POST", plan1 + "/state", R"({"state":"active"})").status, 200);
  // Plan 2: the town's campaign lists the district-and-town person.
  ASSERT_EQ(Send(org_, "POST", campaign_ + "/deputies",
                 R"({"deputy_id":)" + std::to_string(two_levels) + R"(,"group_id":)" + std::to_string(group1_) + "}")
                .status,
            201);

  auto campaigns_of = [&](const Login& l) {
    std::vector<std::string> out;
    const json::value list = Json(Get(l, "/api/v1/campaigns"));
    for (const auto& item : list.at("items").as_array()) {
      out.push_back("/api/v1/campaigns/" + std::to_string(item.at("id").as_int64()));
    }
    return out;
  };
  Login citydep = LogIn("citydep", "password-5678");
  EXPECT_EQ(campaigns_of(citydep), std::vector<std::string>{plan1});
  EXPECT_EQ(Get(citydep, plan1 + "/reports/" + std::to_string(city_deputy)).status, 200);
  EXPECT_EQ(
      Send(citydep, "PUT", plan1 + "/reports/" + std::to_string(city_deputy) + "/draft", Draft("市代表的履职")).status,
      200);
  EXPECT_EQ(Get(citydep, "/api/v1/deputies/" + std::to_string(city_deputy)).status, 200);
  EXPECT_EQ(Get(citydep, report_).status, 403);

  Login both = LogIn("twolevels", "password-5678");
  EXPECT_EQ(campaigns_of(both), std::vector<std::string>{campaign_});
  const std::string own = campaign_ + "/reports/" + std::to_string(two_levels);
  EXPECT_EQ(Send(both, "PUT", own + "/draft", Draft("区、镇两级代表的履职")).status, 200);
  json::value person = Json(Get(both, "/api/v1/deputies/" + std::to_string(two_levels)));
  EXPECT_EQ(person.at("mandates").as_array().size(), 2u);
}

}  // namespace
}  // namespace shuzhi::testing
