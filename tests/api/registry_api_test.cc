// The registry over a real socket: every text field checked at input, whole
// PUTs, scopes (403 outside them), the export round trip, deputies of the
// congress above in a town's group, and rotation moves. The roster import is
// in registry_import_api_test.cc.
#include <string>
#include <vector>

#include "export/csv.h"
#include "export/xlsx_reader.h"
#include "registry_api_fixture.h"

namespace shuzhi::testing {
namespace {

using core::Role;

// Found from outside (issue 14): a name holding U+FFFF was stored, and the
// deputy's PDFs then failed; NUL was accepted too. Every text field of a
// body is checked at input, at any depth, and the field is named.
TEST_F(RegistryApiTest, ControlAndNoncharactersAreRefusedNamingTheField) {
  Login org = LogIn("org");
  for (const std::string bad : {"\\uffff", "\\ufffe", "\\udbff\\udfff", "\\u0000", "\\u0007", "\\u0085", "\\ufdd0"}) {
    const std::string body = R"({"deputy":{"name":"张)" + bad + R"(三","gender":"male"},"mandate":{"term_id":)" +
                             std::to_string(town_term_) + "}}";
    HttpResult r = Send(org, "POST", "/api/v1/deputies", body);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(Code(r), "request.bad_character") << bad;
    EXPECT_NE(r.body.find("deputy.name"), std::string::npos) << r.body;
  }
  // From a file too: a row whose cell holds a control character is a problem
  // of that row, and nothing is imported.
  const std::string csv = kHeader + std::string("孙\x01一,男,1970-05-01,汉族,农民,,,,,,,,,,\n");
  json::value job = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_), csv);
  ASSERT_EQ(job.at("state").as_string(), "ready") << json::serialize(job);
  ASSERT_EQ(job.at("problems").as_array().size(), 1u) << json::serialize(job);
  EXPECT_EQ(job.at("problems").at(0).at("code").as_string(), "bad_character");
  EXPECT_EQ(job.at("problems").at(0).at("field").as_string(), "name");
  // Tab and line breaks stay allowed (multi-line text).
  HttpResult ok = Send(org, "POST", "/api/v1/deputies",
                       R"({"deputy":{"name":"王五","gender":"male","notes":"第一行\n第二行\t"},"mandate":{"term_id":)" +
                           std::to_string(town_term_) + "}}");
  EXPECT_NE(Code(ok), "request.bad_character") << ok.body;
}

// Issue 11: a partial PUT of a mandate answered 200 and nulled its group and
// constituency, so a resigned person vanished from the rotation plan. Every
// PUT of the registry replaces the whole record and refuses a body that
// misses a field, naming each one; nothing changes.
TEST_F(RegistryApiTest, PartialPutsAreRefusedNamingTheMissingFields) {
  Login admin = LogIn("admin");
  HttpResult dep = Send(admin, "POST", "/api/v1/deputies",
                        R"({"deputy":{"name":"周一","gender":"male","birth_date":"1970-05-01","occupation":"farmer"},)"
                        R"("mandate":{"term_id":)" +
                            std::to_string(town_term_) + R"(,"group_id":)" + std::to_string(group_) +
                            R"(,"constituency_id":)" + std::to_string(constituency_) + "}}");
  ASSERT_EQ(dep.status, 201) << dep.body;
  const auto deputy_id = Json(dep).at("deputy").at("id").as_int64();
  const auto mandate_id = Json(dep).at("mandates").at(0).at("id").as_int64();
  HttpResult member = Send(admin, "POST", "/api/v1/congresses/" + std::to_string(town_) + "/committee-members",
                           R"({"name":"委员甲","gender":"female","occupation":"farmer","position":"委员"})");
  ASSERT_EQ(member.status, 201) << member.body;
  HttpResult rep = Send(admin, "POST", "/api/v1/groups/" + std::to_string(group_) + "/voter-reps",
                        R"({"name":"选民乙","gender":"male","occupation":"farmer","village":"洞桥村"})");
  ASSERT_EQ(rep.status, 201) << rep.body;

  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/api/v1/congresses/" + std::to_string(town_), R"({"name":"改名"})"},
      {"/api/v1/constituencies/" + std::to_string(constituency_), R"({"name":"改名"})"},
      {"/api/v1/groups/" + std::to_string(group_), R"({"name":"改名"})"},
      {"/api/v1/deputies/" + std::to_string(deputy_id), R"({"name":"改名"})"},
      {"/api/v1/mandates/" + std::to_string(mandate_id), R"({"status":"resigned","status_date":"2026-08-01"})"},
      {"/api/v1/committee-members/" + std::to_string(Json(member).at("id").as_int64()), R"({"name":"改名"})"},
      {"/api/v1/voter-reps/" + std::to_string(Json(rep).at("id").as_int64()), R"({"name":"改名"})"},
  };
  for (const auto& [route, body] : routes) {
    HttpResult r = Send(admin, "PUT", route, body);
    EXPECT_EQ(r.status, 400) << route << ": " << r.body;
    EXPECT_EQ(Code(r), "request.invalid") << route;
    const auto details = Json(r).at("error").at("details").as_array();
    EXPECT_GE(details.size(), 2u) << route << ": " << r.body;  // every missing field, not just the first
  }
  // The mandate of the issue: still in its group and constituency, active.
  auto detail = Json(Get(admin, "/api/v1/deputies/" + std::to_string(deputy_id)));
  const auto& m = detail.at("mandates").at(0);
  EXPECT_EQ(m.at("group_id").as_int64(), group_);
  EXPECT_EQ(m.at("constituency_id").as_int64(), constituency_);
  EXPECT_EQ(m.at("status").as_string(), "active");
  // The whole record is accepted and changes what it says.
  HttpResult whole =
      Send(admin, "PUT", "/api/v1/mandates/" + std::to_string(mandate_id),
           R"({"constituency_id":)" + std::to_string(constituency_) + R"(,"group_id":)" + std::to_string(group_) +
               R"(,"status":"resigned","status_date":"2026-08-01","by_election":false,"elected_date":null})");
  ASSERT_EQ(whole.status, 200) << whole.body;
  EXPECT_EQ(Json(whole).at("group_id").as_int64(), group_);
  EXPECT_EQ(Json(whole).at("status").as_string(), "resigned");
}

TEST_F(RegistryApiTest, ExportRoundTrip) {
  Login org = LogIn("org");
  json::value job = Upload(
      org, "kind=deputies&term_id=" + std::to_string(town_term_),
      kHeader +
          "张三,男,1970-05-01,汉族,农民,洞桥村,村民,13800138000,第一选区,第一代表小组,在任,,否,,\n"
          "李四,女,1980-01-02,回族,专业技术人员,镇卫生院,医生,,第一选区,第二代表小组,辞职,2025-01-01,是,2023-03-03,\n");
  ASSERT_EQ(ApplyImport(org, job).at("state").as_string(), "applied");
  for (const char* format : {"xlsx", "csv"}) {
    HttpResult file =
        Get(org, std::string("/api/v1/roster/export?format=") + format + "&term_id=" + std::to_string(town_term_));
    ASSERT_EQ(file.status, 200) << file.body.substr(0, 200);
    EXPECT_NE(file.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
    auto table = std::string(format) == "xlsx" ? exports::ReadXlsxFirstSheet(file.body) : exports::ReadCsv(file.body);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    ASSERT_EQ(table->rows.size(), 3u);
    EXPECT_EQ(table->rows[0][0], "姓名");
    if (std::string(format) == "xlsx") {
      // The second sheet names the audit head at export time.
      EXPECT_NE(file.body.find("sheet2.xml"), std::string::npos);
    }
    // Re-importing the export into the same term: every row is already there.
    json::value back = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_),
                              std::string(format) == "xlsx" ? file.body : file.body);
    ASSERT_EQ(back.at("state").as_string(), "ready") << json::serialize(back);
    EXPECT_EQ(back.at("summary").at("problem_rows").as_int64(), 2) << json::serialize(back.at("problems"));
    for (const auto& p : back.at("problems").as_array()) EXPECT_EQ(p.at("code").as_string(), "duplicate_in_congress");
  }
  // …and into a new term it round-trips: same people, same groups and statuses.
  auto& reg = t_->app().registry();
  const auto next_term = reg.CreateTerm(admin_, {0, town_, 16, "2027-01-05", "2032-01-04"})->id;
  HttpResult file = Get(org, "/api/v1/roster/export?format=xlsx&term_id=" + std::to_string(town_term_));
  json::value next = Upload(org, "kind=deputies&term_id=" + std::to_string(next_term), file.body);
  ASSERT_TRUE(next.at("problems").as_array().empty()) << json::serialize(next.at("problems"));
  EXPECT_EQ(next.at("summary").at("linked_persons").as_int64(), 2);
  ASSERT_EQ(ApplyImport(org, next).at("state").as_string(), "applied");
  json::value a = Json(Get(org, "/api/v1/roster?term_id=" + std::to_string(town_term_)));
  json::value b = Json(Get(org, "/api/v1/roster?term_id=" + std::to_string(next_term)));
  ASSERT_EQ(a.at("total").as_int64(), b.at("total").as_int64());
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& x = a.at("items").at(i);
    const auto& y = b.at("items").at(i);
    EXPECT_EQ(x.at("deputy"), y.at("deputy"));
    EXPECT_EQ(x.at("group_name"), y.at("group_name"));
    EXPECT_EQ(x.at("constituency_name"), y.at("constituency_name"));
    EXPECT_EQ(x.at("mandate").at("status"), y.at("mandate").at("status"));
    EXPECT_EQ(x.at("mandate").at("by_election"), y.at("mandate").at("by_election"));
  }
  // The other exports answer with spreadsheets too.
  EXPECT_EQ(Get(org, "/api/v1/groups/" + std::to_string(group_) + "/rotation/export?format=csv").status, 200);
  EXPECT_EQ(Get(org, "/api/v1/groups/" + std::to_string(group_) + "/voter-reps/export").status, 200);
  EXPECT_EQ(Get(org, "/api/v1/congresses/" + std::to_string(town_) + "/committee-members/export").status, 200);
  EXPECT_EQ(Code(Get(org, "/api/v1/roster/export?format=pdf")), "request.invalid");
  // `lang` picks the file's language whatever the browser sends.
  HttpResult en = Get(org, "/api/v1/roster/export?format=csv&lang=en&term_id=" + std::to_string(town_term_));
  auto en_table = exports::ReadCsv(en.body);
  ASSERT_TRUE(en_table.ok());
  EXPECT_EQ(en_table->rows[0][0], "Name");
  EXPECT_EQ(en_table->rows[1][1], "Male");
}

TEST_F(RegistryApiTest, ScopesAreEnforced) {
  Login org = LogIn("org");
  Login other = LogIn("org_other");
  Login rev = LogIn("rev");
  Login lead = LogIn("lead");
  json::value job = Upload(
      org, "kind=deputies&term_id=" + std::to_string(town_term_),
      kHeader +
          "张三,男,1970-05-01,汉族,农民,,,,,第一代表小组,,,,,\n李四,女,1980-01-02,汉族,工人,,,,,第二代表小组,,,,,\n");
  ASSERT_EQ(ApplyImport(org, job).at("state").as_string(), "applied");
  const std::string t = std::to_string(town_term_);

  // Another congress's organizer sees none of it and changes nothing.
  EXPECT_EQ(RosterTotal(other, ""), 0);
  EXPECT_EQ(Send(other, "POST", "/api/v1/congresses/" + std::to_string(town_) + "/terms",
                 R"({"number":16,"start_date":"2027-01-01","end_date":"2031-12-31"})")
                .status,
            403);
  EXPECT_EQ(Get(other, "/api/v1/groups/" + std::to_string(group_) + "/rotation").status, 403);
  EXPECT_EQ(HttpCall(port_, "POST", "/api/v1/imports?kind=deputies&term_id=" + t, "姓名\n",
                     {{"Cookie", other.cookie}, {"X-CSRF-Token", other.csrf}})
                .status,
            403);
  EXPECT_EQ(Get(other, "/api/v1/imports/" + std::string(job.at("id").as_string())).status, 404);  // not theirs
  // A reviewer reads but does not write.
  EXPECT_EQ(RosterTotal(rev, ""), 2);
  EXPECT_EQ(Send(rev, "POST", "/api/v1/groups/" + std::to_string(group_) + "/voter-reps",
                 R"({"name":"甲","gender":"male","occupation":"farmer"})")
                .status,
            403);
  // Only an admin creates a congress.
  EXPECT_EQ(Send(org, "POST", "/api/v1/congresses", R"({"level":"township","name":"新镇"})").status, 403);
  // A group leader sees their group only, and manages its panel and plan.
  EXPECT_EQ(RosterTotal(lead, ""), 1);
  EXPECT_EQ(Get(lead, "/api/v1/groups/" + std::to_string(group2_) + "/rotation").status, 403);
  EXPECT_EQ(Send(lead, "POST", "/api/v1/groups/" + std::to_string(group_) + "/voter-reps",
                 R"({"name":"选民甲","gender":"female","occupation":"farmer","village":"洞桥村","birth_year":1980})")
                .status,
            201);
  EXPECT_EQ(Send(lead, "PUT", "/api/v1/groups/" + std::to_string(group_),
                 R"({"name":"改名","leader_name":"","constituency_id":null,"rotation_start_year":2026,)"
                 R"("rotation_years":3,"panel_min":null,"panel_max":null,"panel_targets":{}})")
                .status,
            403);
  // A deputy sees their own record only.
  json::value zhang = Json(Get(org, "/api/v1/roster?q=%E5%BC%A0%E4%B8%89"));
  const auto zhang_id = zhang.at("items").at(0).at("deputy").at("id").as_int64();
  json::value li = Json(Get(org, "/api/v1/roster?q=%E6%9D%8E%E5%9B%9B"));
  const auto li_id = li.at("items").at(0).at("deputy").at("id").as_int64();
  t_->AddUser("dep", {{Role::kDeputy, {}, {}, zhang_id}});
  Login dep = LogIn("dep");
  EXPECT_EQ(Get(dep, "/api/v1/deputies/" + std::to_string(zhang_id)).status, 200);
  EXPECT_EQ(Get(dep, "/api/v1/deputies/" + std::to_string(li_id)).status, 403);
  EXPECT_EQ(RosterTotal(dep, ""), 1);
  EXPECT_EQ(Get(dep, "/api/v1/congresses").status, 403);
}

// Issue 11 item 11: a town's groups hold district deputies. The town's
// organizer finds them by a search over the district's roster (read only),
// puts them into a town group and takes them out again, audited; the
// mandate itself stays the district's to change.
TEST_F(RegistryApiTest, OrganizerPutsADeputyOfTheCongressAboveIntoTheirGroup) {
  auto& reg = t_->app().registry();
  const auto district = reg.CreateCongress(admin_, {0, "county", "江北区人民代表大会", std::nullopt})->id;
  ASSERT_TRUE(reg.UpdateCongress(admin_, {town_, "township", "洞桥镇人民代表大会", district}).ok());
  const auto district_term = reg.CreateTerm(admin_, {0, district, 11, "2022-01-05", "2027-01-04"})->id;
  storage::DeputyRecord d;
  d.name = "王五";
  d.gender = "male";
  d.birth_date = "1968-03-04";
  d.occupation = "farmer";
  storage::MandateRecord m;
  m.term_id = district_term;
  auto wang = reg.CreateDeputy(admin_, d, m);
  ASSERT_TRUE(wang.ok()) << wang.status().ToString();
  const std::string mandate = std::to_string(wang->mandates.at(0).id);
  d.name = "王六";  // a deputy of the other town: never a candidate for this town's groups
  m.term_id = other_term_;
  const auto other_mandate = std::to_string(reg.CreateDeputy(admin_, d, m)->mandates.at(0).id);

  Login org = LogIn("org");
  Login other = LogIn("org_other");
  Login lead = LogIn("lead");
  const std::string members = "/api/v1/groups/" + std::to_string(group_) + "/members";
  const std::string wang_q = "q=%E7%8E%8B";  // 王
  EXPECT_EQ(RosterTotal(org, wang_q), 0);    // not the town's yet
  // Read-only otherwise: outside the town's groups, the district's mandate is not the town's to change.
  const std::string resign =
      R"({"constituency_id":null,"group_id":null,"status":"resigned","status_date":"2026-08-01","by_election":false,"elected_date":null})";
  EXPECT_EQ(Send(org, "PUT", "/api/v1/mandates/" + mandate, resign).status, 403);
  EXPECT_EQ(
      Send(
          org, "PUT", "/api/v1/deputies/" + std::to_string(wang->deputy.id),
          R"({"name":"王五改","gender":"male","birth_date":"1968-03-04","ethnicity":"","occupation":"farmer","employer":"","title":"","phone":""})")
          .status,
      403);

  json::value found = Json(Get(org, "/api/v1/groups/" + std::to_string(group_) + "/candidates?" + wang_q));
  ASSERT_EQ(found.at("items").as_array().size(), 1u) << json::serialize(found);
  EXPECT_EQ(found.at("items").at(0).at("deputy").at("name").as_string(), "王五");
  EXPECT_EQ(found.at("items").at(0).at("congress").at("name").as_string(), "江北区人民代表大会");
  // Only the organizer of the congress that runs the group searches or adds.
  EXPECT_EQ(Get(other, "/api/v1/groups/" + std::to_string(group_) + "/candidates").status, 403);
  EXPECT_EQ(Get(lead, "/api/v1/groups/" + std::to_string(group_) + "/candidates").status, 403);
  EXPECT_EQ(Send(lead, "POST", members, R"({"mandate_id":)" + mandate + "}").status, 403);
  // Another congress's deputy, a bad body, a missing mandate: refused, named.
  HttpResult outside = Send(org, "POST", members, R"({"mandate_id":)" + other_mandate + "}");
  EXPECT_EQ(outside.status, 400);
  EXPECT_EQ(Code(outside), "registry.mandate_outside_group_congresses");
  EXPECT_EQ(Code(Send(org, "POST", members, R"({"mandate":1})")), "request.invalid");
  EXPECT_EQ(Send(org, "POST", members, R"({"mandate_id":999999})").status, 404);

  HttpResult added = Send(org, "POST", members, R"({"mandate_id":)" + mandate + "}");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(Json(added).at("group_id").as_int64(), group_);
  EXPECT_EQ(RosterTotal(org, wang_q), 1);  // now in the town's scope, through its group
  // Another town under the district cannot take a deputy out of this town's group.
  ASSERT_TRUE(reg.UpdateCongress(admin_, {other_, "township", "石门镇人民代表大会", district}).ok());
  HttpResult taken = Send(other, "POST", "/api/v1/groups/" + std::to_string(other_group_) + "/members",
                          R"({"mandate_id":)" + mandate + "}");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(Code(taken), "registry.mandate_in_other_group");
  // The town moves them between its own groups, and takes them out.
  EXPECT_EQ(Json(Send(org, "POST", "/api/v1/groups/" + std::to_string(group2_) + "/members",
                      R"({"mandate_id":)" + mandate + "}"))
                .at("group_id")
                .as_int64(),
            group2_);
  EXPECT_EQ(Send(org, "DELETE", members + "/" + mandate, "").status, 404);  // no longer in the first group
  HttpResult removed = Send(org, "DELETE", "/api/v1/groups/" + std::to_string(group2_) + "/members/" + mandate, "");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(Json(removed).at("group_id").is_null());
  EXPECT_EQ(RosterTotal(org, wang_q), 0);

  // Each change is in the audit log with the person's name.
  Login admin = LogIn("admin");
  json::value audit = Json(Get(admin, "/api/v1/audit?page_size=20"));
  std::vector<std::string> actions;
  for (const auto& e : audit.at("items").as_array()) {
    const std::string action(e.at("action").as_string());
    if (action.rfind("group.member_", 0) == 0) actions.push_back(action);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"group.member_remove", "group.member_add", "group.member_add"}));
}

TEST_F(RegistryApiTest, RotationMovesOverHttp) {
  Login org = LogIn("org");
  std::string csv = "姓名,性别,出生日期,职业类别,代表小组\n";
  for (int i = 0; i < 6; ++i)
    csv += "代表" + std::to_string(i) + ",男,1970-01-0" + std::to_string(i + 1) + ",农民,第一代表小组\n";
  json::value job = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_), csv);
  ASSERT_EQ(ApplyImport(org, job).at("state").as_string(), "applied");
  const std::string base = "/api/v1/groups/" + std::to_string(group_) + "/rotation";
  json::value plan = Json(Get(org, base));
  ASSERT_EQ(plan.at("years_summary").as_array().size(), 3u);
  // Move someone from the first year into the last.
  std::int64_t mover = 0;
  for (const auto& p : plan.at("persons").as_array()) {
    if (p.at("year").is_int64() && p.at("year").as_int64() == 2026) mover = p.at("deputy_id").as_int64();
  }
  ASSERT_NE(mover, 0);
  const std::string body = R"({"deputy_id":)" + std::to_string(mover) + R"(,"to_year":2028,"dry_run":true})";
  json::value dry = Json(Send(org, "POST", base + "/moves", body));
  EXPECT_TRUE(dry.at("allowed").as_bool());
  json::value unchanged = Json(Get(org, base));
  for (const auto& p : unchanged.at("persons").as_array()) {
    if (p.at("deputy_id").as_int64() == mover) {
      EXPECT_FALSE(p.at("pinned").as_bool());  // a dry run stores nothing
    }
  }
  json::value moved =
      Json(Send(org, "POST", base + "/moves", R"({"deputy_id":)" + std::to_string(mover) + R"(,"to_year":2028})"));
  for (const auto& p : moved.at("rotation").at("persons").as_array()) {
    if (p.at("deputy_id").as_int64() == mover) {
      EXPECT_EQ(p.at("year").as_int64(), 2028);
      EXPECT_TRUE(p.at("pinned").as_bool());
    }
  }
  HttpResult refused =
      Send(org, "POST", base + "/moves", R"({"deputy_id":)" + std::to_string(mover) + R"(,"to_year":2030})");
  EXPECT_EQ(refused.status, 412);
  EXPECT_EQ(Code(refused), "rotation.move_refused");
  EXPECT_EQ(Json(refused).at("error").at("details").at(0).at("code").as_string(), "outside_window");
}

}  // namespace
}  // namespace shuzhi::testing
