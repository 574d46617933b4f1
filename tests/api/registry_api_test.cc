// The registry over a real socket: scopes (403 outside them), roster import
// (good file, every kind of bad row with its value and accepted forms, GBK
// CSV, XLSX made with libxlsxwriter, person matches, all-or-nothing or
// skipping the rows with problems, the skipped rows' file, the templates),
// the size limit, export round trip, and rotation moves.
#include <iconv.h>

#include <chrono>
#include <map>
#include <thread>

#include "api_fixture.h"
#include "app/audit/audit.h"
#include "app/registry/registry.h"
#include "export/csv.h"
#include "export/xlsx_reader.h"
#include "export/xlsx_writer.h"

namespace shuzhi::testing {
namespace {

using core::Role;

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

class RegistryApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    admin_ = t_->AddUser("admin", {{Role::kAdmin, {}, {}, {}}});
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
    t_->AddUser("org", {{Role::kOrganizer, town_, {}, {}}});
    t_->AddUser("org_other", {{Role::kOrganizer, other_, {}, {}}});
    t_->AddUser("rev", {{Role::kReviewer, town_, {}, {}}});
    t_->AddUser("lead", {{Role::kGroupLeader, town_, group_, {}}});
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

const std::string kHeader =
    "姓名,性别,出生日期,民族,职业类别,工作单位,职务,联系电话,选区,代表小组,状态,状态日期,补选,当选日期,已述职年份\n";

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

TEST_F(RegistryApiTest, ImportsAGoodCsvAllOrNothing) {
  Login org = LogIn("org");
  const std::string csv =
      kHeader +
      "张三,男,1970-05-01,汉族,农民,洞桥村,村民,13800138000,第一选区,第一代表小组,在任,,否,,\n"
      "李四,女,1980/1/2,回族,专业技术人员,镇卫生院,医生,,第一选区,第一代表小组,,,,,2026\n"
      "王五,男,1975年3月8日,汉族,企业负责人,洞桥合作社,理事长,,,第二代表小组,辞职,2025-06-30,是,2023-04-01,\n";
  json::value job = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_), csv);
  ASSERT_EQ(job.at("state").as_string(), "ready") << json::serialize(job);
  EXPECT_TRUE(job.at("problems").as_array().empty()) << json::serialize(job.at("problems"));
  EXPECT_EQ(job.at("rows").as_int64(), 3);
  EXPECT_EQ(job.at("file_name").as_string(), "名册.csv");
  EXPECT_EQ(job.at("columns").at(2).at("field").as_string(), "birth_date");
  EXPECT_EQ(RosterTotal(org, "term_id=" + std::to_string(town_term_)), 0);  // validation writes nothing

  json::value done = ApplyImport(org, job);
  ASSERT_EQ(done.at("state").as_string(), "applied") << json::serialize(done);
  EXPECT_EQ(done.at("applied").at("created").as_int64(), 3);
  EXPECT_EQ(RosterTotal(org, "term_id=" + std::to_string(town_term_)), 3);
  json::value wang = Json(Get(org, "/api/v1/roster?q=%E7%8E%8B%E4%BA%94"));  // 王五
  const auto& m = wang.at("items").at(0).at("mandate");
  EXPECT_EQ(m.at("status").as_string(), "resigned");
  EXPECT_TRUE(m.at("by_election").as_bool());
  EXPECT_EQ(wang.at("items").at(0).at("deputy").at("birth_date").as_string(), "1975-03-08");
  // The reported year went into the rotation plan.
  json::value plan = Json(Get(org, "/api/v1/groups/" + std::to_string(group_) + "/rotation"));
  int reported = 0;
  for (const auto& p : plan.at("persons").as_array()) reported += p.at("state").as_string() == "reported";
  EXPECT_EQ(reported, 1);
  // Applying twice is refused.
  HttpResult again = Send(org, "POST", "/api/v1/imports/" + std::string(job.at("id").as_string()) + "/apply", "{}");
  EXPECT_EQ(again.status, 412);
}

TEST_F(RegistryApiTest, EveryKindOfBadRowIsReportedAndNothingIsImported) {
  Login org = LogIn("org");
  const std::string csv = kHeader +
                          ",男,1970-05-01,汉族,农民,,,,,,,,,,\n"                      // row 2: no name
                          "赵一,未知,1970-05-01,汉族,农民,,,,,,,,,,\n"                // row 3: gender
                          "赵二,男,1970-02-30,汉族,农民,,,,,,,,,,\n"                  // row 4: date
                          "赵三,男,1970-05-01,汉族,医生,,,,,,,,,,\n"                  // row 5: occupation
                          "赵四,男,1970-05-01,汉族,农民,,,,第九选区,,,,,,\n"          // row 6: constituency
                          "赵五,男,1970-05-01,汉族,农民,,,,,第九代表小组,,,,,\n"      // row 7: group
                          "赵六,男,1970-05-01,汉族,农民,,,,,,休假,,,,\n"              // row 8: status
                          "赵七,男,1970-05-01,汉族,农民,,,,,,辞职,,,,\n"              // row 9: status date missing
                          "赵八,男,1970-05-01,汉族,农民,,,,,,,,也许,,\n"              // row 10: boolean
                          "赵九,男,1970-05-01,汉族,农民,,,,,第一代表小组,,,,,20x6\n"  // row 11: year
                          "钱一,女,1980-01-01,汉族,工人,,,,,,,,,,\n"                  // row 12: fine
                          "钱一,女,1980-01-01,汉族,工人,,,,,,,,,,\n"                  // row 13: duplicate in file
                          "石门,男,1970-05-01,汉族,农民,,,,,石门代表小组,,,,,\n";  // row 14: another congress's group
  json::value job = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_), csv);
  ASSERT_EQ(job.at("state").as_string(), "ready");
  const std::vector<std::string> expected = {"2:name:required",
                                             "3:gender:invalid_gender",
                                             "4:birth_date:invalid_date",
                                             "5:occupation:invalid_occupation",
                                             "6:constituency:unknown_constituency",
                                             "7:group:unknown_group",
                                             "8:status:invalid_status",
                                             "9:status_date:required",
                                             "10:by_election:invalid_boolean",
                                             "11:reported_year:invalid_year",
                                             "13:name:duplicate_in_file",
                                             "14:group:unknown_group"};
  EXPECT_EQ(ProblemCodes(job), expected);
  EXPECT_EQ(job.at("problems").at(1).at("column").as_string(), "性别");
  EXPECT_EQ(job.at("summary").at("valid_rows").as_int64(), 1);
  HttpResult refused = Send(org, "POST", "/api/v1/imports/" + std::string(job.at("id").as_string()) + "/apply", "{}");
  EXPECT_EQ(refused.status, 412);
  EXPECT_EQ(Code(refused), "import.has_problems");
  EXPECT_EQ(RosterTotal(org, ""), 0);
}

// Issue 18 item 9: a problem shows the cell as read and, for a spelling or a
// format, what would have been accepted, taken from the parsers' own tables.
TEST_F(RegistryApiTest, ProblemsCarryTheValueAndTheAcceptedForms) {
  Login org = LogIn("org");
  const std::string long_employer(300, 'x');
  const std::string csv = kHeader +
                          "赵一,未知,1970-05-01,汉族,农民,,,,,,,,,,\n"                           // row 2: gender
                          "赵二,男,1980年5月,汉族,农民,,,,,,,,,,\n"                              // row 3: date
                          "赵三,男,1970-05-01,汉族,医生,,,,,,,,,,\n"                             // row 4: occupation
                          "赵四,男,1970-05-01,汉族,农民,,,,第九选区,第9代表小组,休假,,也许,,\n"  // row 5
                          "赵五,男,1970-05-01,汉族,农民," +
                          long_employer +
                          ",,,,,,,,,\n"                                // row 6: too long
                          "赵五,男,1970-05-01,汉族,农民,,,,,,,,,,\n";  // row 7: duplicate of 6
  json::value job = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_), csv);
  ASSERT_EQ(job.at("state").as_string(), "ready") << json::serialize(job);
  std::map<std::string, json::object> by;  // "row:field" → problem
  for (const auto& p : job.at("problems").as_array()) {
    by[std::to_string(p.at("row").as_int64()) + ":" + std::string(p.at("field").as_string())] = p.as_object();
  }
  auto accepted = [&](const std::string& key) {
    std::vector<std::string> out;
    for (const auto& a : by.at(key).at("accepted").as_array()) out.emplace_back(a.as_string());
    return out;
  };
  ASSERT_TRUE(by.count("3:birth_date")) << json::serialize(job.at("problems"));
  EXPECT_EQ(by["3:birth_date"].at("value").as_string(), "1980年5月");
  EXPECT_EQ(accepted("3:birth_date"), (std::vector<std::string>{"1980-05-01", "1980/5/1", "1980.5.1", "1980年5月1日"}));
  EXPECT_EQ(by["2:gender"].at("value").as_string(), "未知");
  EXPECT_EQ(accepted("2:gender"), (std::vector<std::string>{"男", "女", "male", "female", "M", "F"}));
  EXPECT_EQ(by["4:occupation"].at("value").as_string(), "医生");
  EXPECT_EQ(accepted("4:occupation").front(), "公务员");
  EXPECT_EQ(accepted("4:occupation").size(), 19u);
  EXPECT_EQ(by["5:status"].at("value").as_string(), "休假");
  EXPECT_EQ(accepted("5:status").front(), "在任");
  EXPECT_EQ(accepted("5:by_election").front(), "是");
  EXPECT_EQ(by["5:group"].at("value").as_string(), "第9代表小组");
  EXPECT_EQ(accepted("5:group"), (std::vector<std::string>{"第一代表小组", "第二代表小组"}));  // not the other town's
  EXPECT_EQ(accepted("5:constituency"), std::vector<std::string>{"第一选区"});
  // A long value is cut to 80 characters; a problem that is no spelling lists nothing.
  EXPECT_EQ(by["6:employer"].at("value").as_string(), std::string(80, 'x') + "…");
  EXPECT_TRUE(by["6:employer"].at("accepted").as_array().empty());
  EXPECT_EQ(by["7:name"].at("code").as_string(), "duplicate_in_file");
  EXPECT_EQ(by["7:name"].at("duplicate_of").as_int64(), 6);
  EXPECT_TRUE(by["2:gender"].at("duplicate_of").is_null());
  // A missing column lists the headers that would have been recognised.
  json::value missing = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_),
                               "名字,性别,出生日期,职业类别\n孙一,男,1966-06-06,农民\n");
  ASSERT_EQ(missing.at("problems").as_array().size(), 1u);
  const auto& m = missing.at("problems").at(0);
  EXPECT_EQ(m.at("code").as_string(), "column_missing");
  EXPECT_EQ(m.at("value").as_string(), "");
  EXPECT_EQ(m.at("accepted").at(0).as_string(), "姓名");
  EXPECT_EQ(m.at("accepted").at(1).as_string(), "代表姓名");
}

// Issue 18 item 9: "skip the rows with problems" writes the good rows in one
// transaction and nothing of the others; the skipped rows download with
// their problems in words and import again.
TEST_F(RegistryApiTest, SkipsTheRowsWithProblemsAndOffersThemForDownload) {
  Login org = LogIn("org");
  const std::string csv =
      kHeader +
      "张三,男,1970-05-01,汉族,农民,洞桥村,村民,13800138000,第一选区,第一代表小组,在任,,否,,2026\n"  // 2 good
      "李四,女,1980年5月,回族,专业技术人员,镇卫生院,医生,,第一选区,第一代表小组,,,,,2026\n"          // 3 date
      "王五,男,1975-03-08,汉族,企业负责人,,,,,第九代表小组,,,,,2026\n"                               // 4 group
      "赵六,女,1966-06-06,汉族,工人,,,,,第二代表小组,辞职,2025-06-30,是,2023-04-01,\n"               // 5 good
      "张三,男,1970-05-01,汉族,农民,,,,,,,,,,\n";                                                    // 6 dup of 2
  const std::string query = "kind=deputies&term_id=" + std::to_string(town_term_);
  json::value job = Upload(org, query, csv);
  ASSERT_EQ(job.at("state").as_string(), "ready") << json::serialize(job);
  EXPECT_EQ(job.at("summary").at("valid_rows").as_int64(), 2);
  EXPECT_EQ(job.at("summary").at("problem_rows").as_int64(), 3);
  const std::string id(job.at("id").as_string());
  // All or nothing stays the default.
  HttpResult refused = Send(org, "POST", "/api/v1/imports/" + id + "/apply", R"({"decisions":[]})");
  EXPECT_EQ(refused.status, 412);
  EXPECT_EQ(Code(refused), "import.has_problems");
  refused = Send(org, "POST", "/api/v1/imports/" + id + "/apply", R"({"decisions":[],"skip_problem_rows":false})");
  EXPECT_EQ(Code(refused), "import.has_problems");
  EXPECT_EQ(RosterTotal(org, ""), 0);
  EXPECT_EQ(Code(Get(org, "/api/v1/imports/" + id + "/skipped")), "import.nothing_skipped");
  EXPECT_EQ(
      Code(Send(org, "POST", "/api/v1/imports/" + id + "/apply", R"({"decisions":[],"skip_problem_rows":"yes"})")),
      "request.invalid");

  HttpResult r = Send(org, "POST", "/api/v1/imports/" + id + "/apply", R"({"decisions":[],"skip_problem_rows":true})");
  ASSERT_EQ(r.status, 202) << r.body;
  json::value done = Await(org, id);
  ASSERT_EQ(done.at("state").as_string(), "applied") << json::serialize(done);
  EXPECT_EQ(done.at("applied").at("created").as_int64(), 2);
  EXPECT_EQ(done.at("applied").at("linked").as_int64(), 0);
  EXPECT_EQ(done.at("applied").at("skipped").as_int64(), 3);
  EXPECT_EQ(done.at("problems").as_array().size(), 3u);  // the skipped rows stay listed
  // The good rows are in, whole; the bad ones left nothing: no person, no mandate, no rotation entry.
  EXPECT_EQ(RosterTotal(org, ""), 2);
  EXPECT_EQ(RosterTotal(org, "q=%E6%9D%8E%E5%9B%9B"), 0);  // 李四
  EXPECT_EQ(RosterTotal(org, "q=%E7%8E%8B%E4%BA%94"), 0);  // 王五
  ASSERT_TRUE(t_->store()
                  .Read([&](storage::Tx& tx) -> base::Status {
                    for (const char* name : {"李四", "王五"}) {
                      SHUZHI_ASSIGN_OR_RETURN(auto none,
                                              tx.registry().FindDeputiesByPerson(
                                                  name, name == std::string("李四") ? "1980-05-01" : "1975-03-08"));
                      EXPECT_TRUE(none.empty()) << name;
                    }
                    SHUZHI_ASSIGN_OR_RETURN(auto zhang, tx.registry().FindDeputiesByPerson("张三", "1970-05-01"));
                    EXPECT_EQ(zhang.size(), 1u);  // one person, though the file named him twice
                    return base::Ok();
                  })
                  .ok());
  json::value plan = Json(Get(org, "/api/v1/groups/" + std::to_string(group_) + "/rotation"));
  ASSERT_EQ(plan.at("persons").as_array().size(), 1u) << json::serialize(plan);  // 张三 only
  EXPECT_EQ(plan.at("persons").at(0).at("state").as_string(), "reported");
  // The audit entry counts what was skipped.
  auto audit = t_->app().audit().List(admin_, {}, base::Lang::kZhCn);
  ASSERT_TRUE(audit.ok());
  const auto& entry = audit->items.front().entry;
  EXPECT_EQ(entry.action, "import.apply");
  EXPECT_NE(entry.details.find("\"skipped\":3"), std::string::npos) << entry.details;
  EXPECT_NE(entry.details.find("\"created\":2"), std::string::npos) << entry.details;

  // The skipped rows: their original columns, the row they had, the problems in words.
  HttpResult xlsx = Get(org, "/api/v1/imports/" + id + "/skipped?format=xlsx&lang=zh-CN");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body.substr(0, 300);
  EXPECT_NE(xlsx.Header("content-disposition").find(".xlsx"), std::string::npos);
  auto table = exports::ReadXlsxFirstSheet(xlsx.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->rows.size(), 4u);
  const auto& header = table->rows[0];
  ASSERT_EQ(header.size(), 17u);
  EXPECT_EQ(header[0], "姓名");
  EXPECT_EQ(header[2], "出生日期");
  EXPECT_EQ(header[15], "原行号");
  EXPECT_EQ(header[16], "问题");
  EXPECT_EQ(table->rows[1][0], "李四");
  EXPECT_EQ(table->rows[1][2], "1980年5月");
  EXPECT_EQ(table->rows[1][15], "3");
  EXPECT_EQ(table->rows[1][16],
            "出生日期：「1980年5月」不是日期，可写作 1980-05-01、1980/5/1、1980.5.1 或 1980年5月1日");
  EXPECT_EQ(table->rows[2][0], "王五");
  EXPECT_EQ(table->rows[2][16],
            "代表小组：「第九代表小组」不是本届人大的代表小组，可写作 第一代表小组 或 第二代表小组");
  EXPECT_EQ(table->rows[3][15], "6");
  EXPECT_EQ(table->rows[3][16], "姓名：与第 2 行是同一人，重复");
  HttpResult csv_en = Get(org, "/api/v1/imports/" + id + "/skipped?format=csv&lang=en");
  ASSERT_EQ(csv_en.status, 200);
  auto en = exports::ReadCsv(csv_en.body);
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(en->rows[0][16], "Problems");
  EXPECT_EQ(en->rows[1][16],
            "出生日期: '1980年5月' is not a date; write 1980-05-01, 1980/5/1, 1980.5.1 or 1980年5月1日");

  // The file imports again: the same rows, the same problems, on the same fields.
  json::value again = Upload(org, query, xlsx.body);
  ASSERT_EQ(again.at("state").as_string(), "ready") << json::serialize(again);
  EXPECT_EQ(ProblemCodes(again), (std::vector<std::string>{"2:birth_date:invalid_date", "3:group:unknown_group",
                                                           "4:name:duplicate_in_congress"}));
  // Corrected, the two real rows import (the duplicate row is deleted).
  exports::Table fixed = *table;
  fixed.rows[1][2] = "1980-05-01";
  fixed.rows[2][9] = "第二代表小组";
  fixed.rows.pop_back();
  auto fixed_xlsx = exports::WriteXlsx({{"名册", fixed}});
  ASSERT_TRUE(fixed_xlsx.ok());
  json::value last = Upload(org, query, *fixed_xlsx);
  EXPECT_TRUE(last.at("problems").as_array().empty()) << json::serialize(last.at("problems"));
  EXPECT_EQ(ApplyImport(org, last).at("applied").at("created").as_int64(), 2);
  EXPECT_EQ(RosterTotal(org, ""), 4);
}

// Skipping is bounded: not past a missing column, not when no row is good,
// and not on problems the user did not review.
TEST_F(RegistryApiTest, SkippingNeedsMappedColumnsAGoodRowAndReviewedProblems) {
  Login org = LogIn("org");
  const std::string query = "kind=deputies&term_id=" + std::to_string(town_term_);
  const std::string skip = R"({"decisions":[],"skip_problem_rows":true})";
  json::value missing = Upload(org, query, "名字,性别,出生日期,职业类别\n孙一,男,1966-06-06,农民\n");
  EXPECT_EQ(Code(Send(org, "POST", "/api/v1/imports/" + std::string(missing.at("id").as_string()) + "/apply", skip)),
            "import.has_problems");
  json::value all_bad = Upload(org, query, kHeader + "赵一,未知,1970-05-01,汉族,农民,,,,,,,,,,\n");
  EXPECT_EQ(Code(Send(org, "POST", "/api/v1/imports/" + std::string(all_bad.at("id").as_string()) + "/apply", skip)),
            "import.no_valid_rows");
  // Between the review and the apply, a good row became a duplicate: nothing is written,
  // and the new problem is shown for review.
  json::value job = Upload(
      org, query, kHeader + "赵一,未知,1970-05-01,汉族,农民,,,,,,,,,,\n钱二,女,1981-01-01,汉族,工人,,,,,,,,,,\n");
  ASSERT_EQ(job.at("summary").at("valid_rows").as_int64(), 1);
  storage::MandateRecord m;
  m.term_id = town_term_;
  ASSERT_TRUE(
      t_->app().registry().CreateDeputy(admin_, {0, "钱二", "female", "1981-01-01", "", "worker", "", "", ""}, m).ok());
  const std::string id(job.at("id").as_string());
  ASSERT_EQ(Send(org, "POST", "/api/v1/imports/" + id + "/apply", skip).status, 202);
  json::value after = Await(org, id);
  EXPECT_EQ(after.at("state").as_string(), "ready");
  EXPECT_EQ(after.at("error").at("code").as_string(), "import.has_problems");
  EXPECT_EQ(ProblemCodes(after), (std::vector<std::string>{"2:gender:invalid_gender", "3:name:duplicate_in_congress"}));
  EXPECT_EQ(RosterTotal(org, ""), 1);  // only the one added meanwhile

  // The only rows that depend on another row are repeats of a person (the later row is the
  // duplicate): when the first is skipped for a problem of its own, the repeat is skipped too,
  // so nothing of that person is written, and both are in the file to merge.
  json::value twice = Upload(org, query,
                             kHeader +
                                 "周一,未知,1970-05-01,汉族,农民,,,,,,,,,,\n"
                                 "周一,男,1970-05-01,汉族,农民,,,,,,,,,,\n"
                                 "吴二,男,1971-01-01,汉族,农民,,,,,,,,,,\n");
  EXPECT_EQ(ProblemCodes(twice), (std::vector<std::string>{"2:gender:invalid_gender", "3:name:duplicate_in_file"}));
  const std::string twice_id(twice.at("id").as_string());
  ASSERT_EQ(Send(org, "POST", "/api/v1/imports/" + twice_id + "/apply", skip).status, 202);
  json::value applied = Await(org, twice_id);
  EXPECT_EQ(applied.at("applied").at("created").as_int64(), 1);
  EXPECT_EQ(applied.at("applied").at("skipped").as_int64(), 2);
  EXPECT_EQ(RosterTotal(org, "q=%E5%91%A8%E4%B8%80"), 0);  // 周一
  auto file = exports::ReadCsv(Get(org, "/api/v1/imports/" + twice_id + "/skipped?format=csv").body);
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file->rows.size(), 3u);
  EXPECT_EQ(file->rows[2][16], "姓名：与第 2 行是同一人，重复");
}

// Issue 18 item 9: a template per roster kind, in either language, imports as
// it is: its headers are the ones the import recognises, its example row valid.
TEST_F(RegistryApiTest, TemplatesImportAsTheyAre) {
  Login org = LogIn("org");
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"deputies", "term_id=" + std::to_string(town_term_)},
      {"voter_reps", "group_id=" + std::to_string(group_)},
      {"committee_members", "congress_id=" + std::to_string(town_)}};
  for (const auto& [kind, target] : kinds) {
    for (const char* lang : {"zh-CN", "en"}) {
      SCOPED_TRACE(kind + " " + lang);
      HttpResult file = Get(org, "/api/v1/imports/template?kind=" + kind + "&lang=" + lang);
      ASSERT_EQ(file.status, 200) << file.body.substr(0, 300);
      EXPECT_EQ(file.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      EXPECT_NE(file.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
      EXPECT_NE(file.body.find("sheet2.xml"), std::string::npos);  // the sheet that explains the columns
      auto table = exports::ReadXlsxFirstSheet(file.body);
      ASSERT_TRUE(table.ok()) << table.status().ToString();
      ASSERT_EQ(table->rows.size(), 2u);
      if (std::string(lang) == "zh-CN")
        EXPECT_EQ(table->rows[0][0], "姓名*");
      else
        EXPECT_EQ(table->rows[0][0], "Name*");
      json::value job = Upload(org, "kind=" + kind + "&" + target, file.body);
      ASSERT_EQ(job.at("state").as_string(), "ready") << json::serialize(job);
      EXPECT_TRUE(job.at("problems").as_array().empty()) << json::serialize(job.at("problems"));
      EXPECT_EQ(job.at("summary").at("valid_rows").as_int64(), 1);
      for (const auto& c : job.at("columns").as_array()) EXPECT_FALSE(c.at("field").is_null()) << c.at("header");
      EXPECT_EQ(job.at("columns").as_array().size(), job.at("fields").as_array().size());
    }
  }
  // The example imports too (and the person is real: the sheet says to delete it).
  HttpResult file = Get(org, "/api/v1/imports/template?kind=deputies");
  json::value job = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_), file.body);
  json::value done = ApplyImport(org, job);
  EXPECT_EQ(done.at("applied").at("created").as_int64(), 1);
  json::value zhang = Json(Get(org, "/api/v1/roster?q=%E5%BC%A0%E4%B8%89"));  // 张三
  ASSERT_EQ(zhang.at("total").as_int64(), 1);
  EXPECT_EQ(zhang.at("items").at(0).at("deputy").at("phone").as_string(), "13800138000");
  EXPECT_EQ(Code(Get(org, "/api/v1/imports/template?kind=shoes")), "request.invalid");
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/imports/template?kind=deputies").status, 401);
}

TEST_F(RegistryApiTest, MissingColumnsAndRemapping) {
  Login org = LogIn("org");
  // "名字" is not a known header: the name column is missing until mapped.
  json::value job = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_),
                           "名字,性别,出生日期,职业类别\n孙一,男,1966-06-06,农民\n");
  EXPECT_EQ(ProblemCodes(job), std::vector<std::string>{"1:name:column_missing"});
  const std::string id(job.at("id").as_string());
  HttpResult remap = Send(
      org, "PUT", "/api/v1/imports/" + id + "/mapping",
      R"({"columns":[{"index":0,"field":"name"},{"index":1,"field":"gender"},{"index":2,"field":"birth_date"},{"index":3,"field":"occupation"}]})");
  ASSERT_EQ(remap.status, 200) << remap.body;
  json::value fixed = Await(org, id);
  EXPECT_TRUE(fixed.at("problems").as_array().empty()) << json::serialize(fixed.at("problems"));
  EXPECT_EQ(
      Code(Send(org, "PUT", "/api/v1/imports/" + id + "/mapping", R"({"columns":[{"index":0,"field":"shoe_size"}]})")),
      "request.invalid");
}

TEST_F(RegistryApiTest, GbkCsvAndLibxlsxwriterWorkbook) {
  Login org = LogIn("org");
  json::value gbk =
      Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_),
             ToGbk(kHeader + "周八,女,1990-09-09,汉族,工人,镇机械厂,技术员,,第一选区,第一代表小组,,,,,\n"));
  ASSERT_EQ(gbk.at("state").as_string(), "ready") << json::serialize(gbk);
  EXPECT_TRUE(gbk.at("problems").as_array().empty()) << json::serialize(gbk.at("problems"));
  EXPECT_EQ(ApplyImport(org, gbk).at("state").as_string(), "applied");

  exports::Table t;
  t.rows = {{"姓名", "性别", "出生日期", "职业类别", "代表小组"},
            {"吴九", "男", "1971-07-07", "公务员", "第二代表小组"},
            {"郑十", "女", "1985-08-08", "事业单位负责人", "第二代表小组"}};
  auto xlsx = exports::WriteXlsx({{"名册", t}});
  ASSERT_TRUE(xlsx.ok());
  json::value job = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_), *xlsx);
  ASSERT_EQ(job.at("state").as_string(), "ready") << json::serialize(job);
  EXPECT_TRUE(job.at("problems").as_array().empty()) << json::serialize(job.at("problems"));
  EXPECT_EQ(ApplyImport(org, job).at("state").as_string(), "applied");
  EXPECT_EQ(RosterTotal(org, "group_id=" + std::to_string(group2_)), 2);
}

TEST_F(RegistryApiTest, NotASpreadsheetAndOversizedUploads) {
  Login org = LogIn("org");
  json::value broken =
      Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_), std::string("PK\x03\x04garbage", 11));
  EXPECT_EQ(broken.at("state").as_string(), "failed");
  EXPECT_EQ(broken.at("error").at("code").as_string(), "import.not_a_spreadsheet");
  // Found from outside: this workbook made the import job abort the server.
  json::value charref = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_),
                               shuzhi::testing::ReadRegression("xlsx-charref-beyond-unicode.xlsx"));
  EXPECT_EQ(charref.at("state").as_string(), "failed");
  EXPECT_EQ(charref.at("error").at("code").as_string(), "import.bad_xml_char");
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/health").status, 200);
  const std::string big(50 * 1024 * 1024, 'x');
  HttpResult r = HttpCall(port_, "POST", "/api/v1/imports?kind=deputies&term_id=" + std::to_string(town_term_), big,
                          {{"Cookie", org.cookie}, {"X-CSRF-Token", org.csrf}});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Code(r), "request.too_large");
  // The general limit still applies elsewhere.
  EXPECT_EQ(Send(org, "POST", "/api/v1/congresses/1/terms", std::string(200 * 1024, ' ')).status, 413);
  EXPECT_EQ(RosterTotal(org, ""), 0);
}

TEST_F(RegistryApiTest, KnownPersonsAreOfferedAndAmbiguityNeedsADecision) {
  Login admin = LogIn("admin");
  // 陈明 is already a deputy of the other town; 林二 exists twice (an old duplicate).
  auto& reg = t_->app().registry();
  storage::MandateRecord m;
  m.term_id = other_term_;
  auto chen = reg.CreateDeputy(admin_, {0, "陈明", "male", "1960-01-01", "", "farmer", "", "", ""}, m);
  ASSERT_TRUE(chen.ok()) << chen.status().ToString();
  auto lin1 = reg.CreateDeputy(admin_, {0, "林二", "female", "1962-02-02", "", "worker", "", "", ""}, m);
  ASSERT_TRUE(lin1.ok());
  ASSERT_TRUE(
      t_->store()
          .Write([&](storage::Tx& tx) {
            return tx.registry().InsertDeputy({0, "林二", "female", "1962-02-02", "", "worker", "", "", ""}).status();
          })
          .ok());
  json::value job = Upload(admin, "kind=deputies&term_id=" + std::to_string(town_term_),
                           "姓名,性别,出生日期,职业类别\n陈明,男,1960-01-01,农民\n林二,女,1962-02-02,工人\n");
  ASSERT_EQ(job.at("matches").as_array().size(), 2u) << json::serialize(job);
  EXPECT_FALSE(job.at("matches").at(0).at("decision_required").as_bool());
  EXPECT_EQ(job.at("matches").at(0).at("candidates").at(0).at("congresses").at(0).as_string(), "石门镇人民代表大会");
  EXPECT_TRUE(job.at("matches").at(1).at("decision_required").as_bool());
  const std::string id(job.at("id").as_string());
  EXPECT_EQ(Code(Send(admin, "POST", "/api/v1/imports/" + id + "/apply", "{}")), "import.decision_required");
  json::value done = ApplyImport(admin, job, R"([{"row":3,"deputy_id":null}])");
  ASSERT_EQ(done.at("state").as_string(), "applied") << json::serialize(done);
  EXPECT_EQ(done.at("applied").at("linked").as_int64(), 1);   // 陈明 linked to the known person
  EXPECT_EQ(done.at("applied").at("created").as_int64(), 1);  // 林二 as a new person, as decided
  json::value detail = Json(Get(admin, "/api/v1/deputies/" + std::to_string(chen->deputy.id)));
  EXPECT_EQ(detail.at("mandates").as_array().size(), 2u);  // one person, two congresses
  // Importing the same file again: both now already hold a mandate in this term.
  json::value again = Upload(admin, "kind=deputies&term_id=" + std::to_string(town_term_),
                             "姓名,性别,出生日期,职业类别\n陈明,男,1960-01-01,农民\n");
  EXPECT_EQ(ProblemCodes(again), std::vector<std::string>{"2:name:duplicate_in_congress"});
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
