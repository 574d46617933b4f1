// The summary for the presidium / standing committee (issue 13) over a real
// socket on the demo data: the PDF read back with pdftotext, the workbook
// opened with the import's reader, and who may have it.
#include "base/clock.h"
#include "export/xlsx_reader.h"
#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

// One deputy of the committee campaign evaluated again after the demo's
// meeting, 1 满意 and 5 不满意 of 6: graded 不满意 at 16.7 %.
class SummaryApiTest : public MeetingApiTest {
 protected:
  std::string EvaluateBadly() {
    t_->clock().Set(*base::ParseIso8601("2026-12-02T10:00:00+08:00"));
    org_ = LogIn("organizer");
    auto o = OpenOneDeputyPoll(6, 6);
    const auto& scale = o.meeting.at("scale").as_array();
    for (std::size_t i = 0; i < 6; ++i) {
      const auto& option = scale.at(i == 0 ? 0 : 2).at("code").as_string();
      EXPECT_EQ(Cast(o.slips[i], o.poll, {{o.deputy, std::string(option)}}).status, 200);
    }
    EXPECT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(o.poll) + "/close", "").status, 204);
    const auto d = Json(Get(org_, "/api/v1/deputies/" + std::to_string(o.deputy)));
    return std::string(d.at("deputy").at("name").as_string());
  }

  std::string Path(std::int64_t campaign, const char* file) {
    return "/api/v1/campaigns/" + std::to_string(campaign) + "/" + file;
  }
};

TEST_F(SummaryApiTest, PdfCountsReportsResultsAndNamesTheDeputiesBelowTheBar) {
  const std::string name = EvaluateBadly();
  HttpResult pdf = Get(org_, Path(committee_, "summary.pdf"));
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  const std::string text = NoSpace(PdfText(pdf.body));
  EXPECT_NE(text.find("评议情况报告"), std::string::npos) << text;
  const auto reporting = Reporting(committee_);
  EXPECT_NE(text.find("安排述职的代表共" + std::to_string(reporting.size()) + "名"), std::string::npos) << text;
  // Every deputy has a result; the one evaluated again has the later one.
  EXPECT_NE(text.find("已有" + std::to_string(reporting.size()) + "名代表完成民主测评"), std::string::npos) << text;
  EXPECT_NE(text.find("不满意1名"), std::string::npos) << text;
  EXPECT_NE(text.find(name + "16.7%"), std::string::npos) << text;  // the approval chart
  EXPECT_NE(text.find("需关注的代表"), std::string::npos) << text;
  EXPECT_NE(text.find(name + "（临川县市人大代表小组）：测评等次为“不满意”，满意率16.7%"), std::string::npos) << text;
  EXPECT_EQ(text.find("没有测评等次未达"), std::string::npos) << text;
  // In English on request.
  HttpResult en = Get(org_, Path(committee_, "summary.pdf?lang=en"));
  ASSERT_EQ(en.status, 200);
  EXPECT_NE(PdfText(en.body).find("Report on the evaluation"), std::string::npos);
}

TEST_F(SummaryApiTest, WorkbookHasARowPerDeputy) {
  const std::string name = EvaluateBadly();
  HttpResult x = Get(org_, Path(committee_, "summary.xlsx"));
  ASSERT_EQ(x.status, 200) << x.body.substr(0, 300);
  EXPECT_NE(x.Header("content-disposition").find("attachment"), std::string::npos);
  auto table = exports::ReadXlsxFirstSheet(x.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->rows.size(), Reporting(committee_).size() + 1);
  const auto& header = table->rows.at(0);
  ASSERT_EQ(header.size(), 12u);
  EXPECT_EQ(header.at(1), "代表");
  EXPECT_EQ(header.at(5), "等次");
  EXPECT_EQ(header.at(11), "需关注");
  int below = 0;
  for (std::size_t i = 1; i < table->rows.size(); ++i) {
    const auto& row = table->rows[i];
    if (row.at(1) != name) {
      EXPECT_EQ(row.at(11), "否") << row.at(1);
      continue;
    }
    ++below;
    EXPECT_EQ(row.at(5), "不满意");
    EXPECT_EQ(row.at(6), "16.7");
    EXPECT_EQ(row.at(11), "是");
  }
  EXPECT_EQ(below, 1);
}

// Every deputy's result, private ones included: for the congress's organizers
// and reviewers only.
TEST_F(SummaryApiTest, OnlyOrganizersAndReviewersGetIt) {
  // A reviewer reads no opinions: the summary leaves their figures out.
  HttpResult reviewed = Get(LogIn("reviewer"), Path(voter_, "summary.pdf"));
  ASSERT_EQ(reviewed.status, 200) << reviewed.body.substr(0, 300);
  const std::string text = NoSpace(PdfText(reviewed.body));
  EXPECT_NE(text.find("意见建议仅组织者可以查看"), std::string::npos) << text;
  EXPECT_EQ(text.find("收到选民意见建议"), std::string::npos) << text;
  EXPECT_NE(NoSpace(PdfText(Get(org_, Path(voter_, "summary.pdf")).body)).find("共收到选民意见建议"),
            std::string::npos);
  HttpResult leader = Get(LogIn("leader"), Path(voter_, "summary.pdf"));
  EXPECT_EQ(leader.status, 403);
  EXPECT_EQ(Code(leader), "auth.forbidden");
  EXPECT_EQ(Get(LogIn("leader"), Path(voter_, "summary.xlsx")).status, 403);
  HttpResult deputy = Get(LogIn("deputy"), Path(voter_, "summary.xlsx"));
  EXPECT_EQ(deputy.status, 403);  // a deputy listed to report reads the campaign, not this
  EXPECT_EQ(Code(deputy), "auth.forbidden");
  EXPECT_EQ(Get(org_, Path(9999, "summary.pdf")).status, 404);
}

}  // namespace
}  // namespace shuzhi::testing
