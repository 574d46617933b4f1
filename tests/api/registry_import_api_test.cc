// The roster import over a real socket: a good file, every kind of bad row
// with its value and accepted forms, GBK CSV, XLSX made with libxlsxwriter,
// person matches, all-or-nothing or skipping the rows with problems, the
// skipped rows' file, the templates, and the size limit.
#include <iconv.h>

#include <map>
#include <string>
#include <vector>

#include "app/audit/audit.h"
#include "export/csv.h"
#include "export/xlsx_reader.h"
#include "export/xlsx_writer.h"
#include "registry_api_fixture.h"

namespace shuzhi::testing {
namespace {

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
  // Without a name column no row can be written, however clean its cells.
  EXPECT_EQ(job.at("summary").at("valid_rows").as_int64(), 0);
  EXPECT_EQ(job.at("summary").at("problem_rows").as_int64(), 1);
  const std::string id(job.at("id").as_string());
  HttpResult remap = Send(
      org, "PUT", "/api/v1/imports/" + id + "/mapping",
      R"({"columns":[{"index":0,"field":"name"},{"index":1,"field":"gender"},{"index":2,"field":"birth_date"},{"index":3,"field":"occupation"}]})");
  ASSERT_EQ(remap.status, 200) << remap.body;
  json::value fixed = Await(org, id);
  EXPECT_TRUE(fixed.at("problems").as_array().empty()) << json::serialize(fixed.at("problems"));
  EXPECT_EQ(fixed.at("summary").at("valid_rows").as_int64(), 1);
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
  // Found by fuzzing inside the ZIP: a sheet cut off inside a name made
  // liborcus assert, which aborts the server.
  json::value cut = Upload(org, "kind=deputies&term_id=" + std::to_string(town_term_),
                           shuzhi::testing::ReadRegression("xlsx-orcus-asserts-on-a-cut-name.xlsx"));
  EXPECT_EQ(cut.at("state").as_string(), "failed");
  EXPECT_EQ(cut.at("error").at("code").as_string(), "import.bad_xml");
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

}  // namespace
}  // namespace shuzhi::testing
