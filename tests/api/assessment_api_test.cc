// The annual assessment and the duty record (issue 13), over a real socket
// on the demo data: the leader's group evaluated at a private voter meeting
// (the demo deputy best, the others a grade lower), then the town's 2026
// assessment read, filtered, exported (XLSX read back with orcus, PDF with
// pdftotext), each bad criterion refused with its code, and who may read.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/clock.h"
#include "export/xlsx_reader.h"
#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

class AssessmentApiTest : public MeetingApiTest {
 protected:
  void SetUp() override {
    MeetingApiTest::SetUp();
    t_->clock().Set(*base::ParseIso8601("2026-12-05T10:00:00+08:00"));
    org_ = LogIn("organizer");  // the clock moved: the first session has expired
    leader_ = LogIn("leader");
    deputy_ = LogIn("deputy");
    reviewer_ = LogIn("reviewer");
    group_ = Json(Get(leader_, "/api/v1/me")).at("user").at("roles").at(0).at("group_id").as_int64();
    own_ = Json(Get(deputy_, "/api/v1/me")).at("user").at("roles").at(0).at("deputy_id").as_int64();
    const auto campaign = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(voter_)));
    town_ = campaign.at("congress_id").as_int64();
    year_ = campaign.at("spec").at("year").as_int64();
    deputies_ = Reporting(voter_, group_);
    ASSERT_GE(deputies_.size(), 2u);
    auto m = CreateMeeting(leader_, voter_, {{"group_id", group_}, {"poll_mode", "sheet"}});
    poll_ = m.at("polls").at(0).at("id").as_int64();
    const auto& scale = m.at("scale").as_array();
    best_ = scale.at(0).at("code").as_string();
    second_ = scale.at(1).at("code").as_string();
    const auto slips = Print(leader_, m.at("id").as_int64(), "phone", 6);
    CheckInAll(leader_, m, "phone", 6);
    ASSERT_EQ(Send(leader_, "POST", "/api/v1/polls/" + std::to_string(poll_) + "/open", "").status, 204);
    std::vector<std::pair<std::int64_t, std::string>> ballot;
    for (auto d : deputies_) ballot.push_back({d, d == own_ ? best_ : second_});
    for (const auto& s : slips) ASSERT_EQ(Cast(s, poll_, ballot).status, 200);
    ASSERT_EQ(Send(leader_, "POST", "/api/v1/polls/" + std::to_string(poll_) + "/close", "").status, 204);
  }

  std::string Url(const std::string& query, const std::string& suffix = "") const {
    return "/api/v1/congresses/" + std::to_string(town_) + "/assessment" + suffix + "?year=" + std::to_string(year_) +
           query;
  }

  static const json::object* RowOf(const json::value& v, std::int64_t deputy) {
    for (const auto& r : v.at("rows").as_array())
      if (r.at("deputy_id").as_int64() == deputy) return &r.as_object();
    return nullptr;
  }

  Login leader_, deputy_, reviewer_;
  std::int64_t group_ = 0, own_ = 0, town_ = 0, year_ = 0, poll_ = 0;
  std::vector<std::int64_t> deputies_;
  std::string best_, second_;
};

TEST_F(AssessmentApiTest, FiguresRankingAndCandidates) {
  const std::string criteria = "&grade=" + best_ + "&min_approval=100";
  HttpResult r = Get(org_, Url(criteria));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto v = Json(r);
  EXPECT_EQ(v.at("year").as_int64(), year_);
  const auto* own = RowOf(v, own_);
  ASSERT_NE(own, nullptr);
  // The private result counts for the organizers though not yet released.
  const auto& res = own->at("result").as_object();
  EXPECT_EQ(res.at("poll_id").as_int64(), poll_);
  EXPECT_EQ(res.at("grade").as_string(), best_);
  EXPECT_EQ(res.at("approval").at("num").as_int64(), 6);
  EXPECT_EQ(res.at("approval").at("den").as_int64(), 6);
  EXPECT_DOUBLE_EQ(res.at("approval_percent").to_number<double>(), 100.0);
  EXPECT_TRUE(res.at("private").as_bool());
  EXPECT_FALSE(res.at("released").as_bool());
  EXPECT_TRUE(own->at("candidate").as_bool());
  bool in_group = false;
  for (const auto& g : own->at("groups").as_array()) in_group = in_group || g.at("id").as_int64() == group_;
  EXPECT_TRUE(in_group);
  for (auto d : deputies_) {
    if (d == own_) continue;
    const auto* o = RowOf(v, d);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->at("result").at("grade").as_string(), second_);
    EXPECT_FALSE(o->at("candidate").as_bool());  // same rate, lower grade
    EXPECT_LT(own->at("rank").as_int64(), o->at("rank").as_int64());
  }
  // Candidates only, then one group: filters hide rows, ranks stay.
  const auto only = Json(Get(org_, Url(criteria + "&candidates_only=true")));
  for (const auto& row : only.at("rows").as_array()) EXPECT_TRUE(row.at("candidate").as_bool());
  ASSERT_NE(RowOf(only, own_), nullptr);
  EXPECT_EQ(RowOf(only, own_)->at("rank"), own->at("rank"));
  const auto grouped = Json(Get(org_, Url("&group=" + std::to_string(group_))));
  // Every deputy of the group in the year (by mandate), the reporting ones among them.
  EXPECT_GE(grouped.at("rows").as_array().size(), deputies_.size());
  EXPECT_LT(grouped.at("rows").as_array().size(), v.at("rows").as_array().size());
  for (const auto& row : grouped.at("rows").as_array()) {
    bool in = false;
    for (const auto& g : row.at("groups").as_array()) in = in || g.at("id").as_int64() == group_;
    EXPECT_TRUE(in) << row.at("name").as_string();
  }
  for (auto d : deputies_) EXPECT_NE(RowOf(grouped, d), nullptr);
  // The reviewer reads the same.
  EXPECT_EQ(Get(reviewer_, Url(criteria)).status, 200);
}

TEST_F(AssessmentApiTest, EachBadCriterionHasItsCode) {
  EXPECT_EQ(Code(Get(org_, Url("&min_approval=100.1"))), "assessment.bad_threshold");
  EXPECT_EQ(Code(Get(org_, Url("&min_approval=-5"))), "assessment.bad_threshold");
  EXPECT_EQ(Code(Get(org_, Url("&min_approval=abc"))), "assessment.bad_threshold");
  EXPECT_EQ(Code(Get(org_, Url("&grade=golden"))), "assessment.unknown_grade");
  HttpResult bad = Get(org_, Url("&grade=golden", ".xlsx"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Code(bad), "assessment.unknown_grade");
  EXPECT_EQ(Code(Get(org_, "/api/v1/congresses/" + std::to_string(town_) + "/assessment?year=1999")),
            "assessment.bad_year");
  EXPECT_EQ(Code(Get(org_, "/api/v1/congresses/" + std::to_string(town_) + "/assessment")), "assessment.bad_year");
  EXPECT_EQ(Code(Get(org_, Url("&on_time=maybe"))), "request.invalid");
  EXPECT_EQ(Get(org_, Url("&min_approval=100.1")).status, 400);
}

TEST_F(AssessmentApiTest, OnlyOrganizersAndReviewersReadIt) {
  EXPECT_EQ(Code(Get(leader_, Url(""))), "auth.forbidden");
  EXPECT_EQ(Get(leader_, Url("")).status, 403);
  EXPECT_EQ(Get(deputy_, Url("")).status, 403);
  EXPECT_EQ(Get(deputy_, Url("", ".pdf")).status, 403);
  EXPECT_EQ(Get(leader_, Url("", ".xlsx")).status, 403);
  EXPECT_EQ(Get(org_, "/api/v1/congresses/999999/assessment?year=2026").status, 404);
}

TEST_F(AssessmentApiTest, XlsxAndPdfCarryTheRanking) {
  HttpResult x = Get(org_, Url("&grade=" + best_, ".xlsx"));
  ASSERT_EQ(x.status, 200) << x.body.substr(0, 300);
  EXPECT_NE(x.Header("content-disposition").find("attachment"), std::string::npos);
  auto table = exports::ReadXlsxFirstSheet(x.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const auto& rows = table->rows;
  ASSERT_GE(rows.size(), deputies_.size() + 1);
  EXPECT_EQ(rows[0].at(0), "排名");
  EXPECT_EQ(rows[0].at(1), "姓名");
  EXPECT_EQ(rows[0].back(), "优秀代表候选人");
  const auto v = Json(Get(org_, Url("")));
  const std::string name = RowOf(v, own_)->at("name").as_string().c_str();
  const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.size() > 1 && r[1] == name; });
  ASSERT_NE(it, rows.end());
  EXPECT_EQ((*it)[6], "100.0%");
  EXPECT_EQ(it->back(), "是");
  HttpResult pdf = Get(org_, Url("&grade=" + best_, ".pdf"));
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  const std::string text = PdfText(pdf.body);
  EXPECT_NE(text.find("年度代表履职考核情况"), std::string::npos) << text.substr(0, 500);
  EXPECT_NE(text.find(name), std::string::npos);
  EXPECT_NE(text.find("优秀代表候选人"), std::string::npos);
}

TEST_F(AssessmentApiTest, DutyRecordScopes) {
  const std::string own_url = "/api/v1/deputies/" + std::to_string(own_) + "/record";
  const auto find_entry = [&](const json::value& v) -> const json::object* {
    for (const auto& e : v.at("entries").as_array())
      if (e.at("campaign_id").as_int64() == voter_) return &e.as_object();
    return nullptr;
  };
  // The deputy: the private result hidden until the leader releases it.
  HttpResult mine = Get(deputy_, own_url);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto mv = Json(mine);
  EXPECT_TRUE(mv.at("own").as_bool());
  const auto* e = find_entry(mv);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->at("year").as_int64(), year_);
  EXPECT_TRUE(e->at("result").is_null());
  EXPECT_TRUE(e->at("result_hidden").as_bool());
  // The leader, the organizer and the reviewer see it.
  for (const auto* who : {&leader_, &org_, &reviewer_}) {
    HttpResult r = Get(*who, own_url);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = Json(r);
    const auto* le = find_entry(body);
    ASSERT_NE(le, nullptr);
    EXPECT_EQ(le->at("result").at("grade").as_string(), best_);
  }
  ASSERT_EQ(Send(leader_, "POST", "/api/v1/polls/" + std::to_string(poll_) + "/release",
                 json::serialize(json::object{{"deputy_id", own_}}))
                .status,
            204);
  const auto released = Json(Get(deputy_, own_url));
  ASSERT_NE(find_entry(released), nullptr);
  EXPECT_EQ(find_entry(released)->at("result").at("grade").as_string(), best_);
  // Another deputy's record: refused to the deputy; no such person: 404.
  const auto other = deputies_.front() == own_ ? deputies_.back() : deputies_.front();
  EXPECT_EQ(Get(deputy_, "/api/v1/deputies/" + std::to_string(other) + "/record").status, 403);
  EXPECT_EQ(Get(org_, "/api/v1/deputies/99999999/record").status, 404);
}

}  // namespace
}  // namespace shuzhi::testing
