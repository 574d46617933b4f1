// The meeting's minutes (会议记录, issue 13) and the projector's
// end-of-meeting summary over a real socket, on the demo data: a meeting of
// each disclosure run to final polls, the minutes read back with pdftotext
// (names, counts, the agenda as held; a private result's figures never in
// them), who may fetch them, and the summary's rows (no figures for a
// private campaign).
#include <algorithm>
#include <string>
#include <vector>

#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

class MinutesApiTest : public MeetingApiTest {
 protected:
  // Another congress's organizer: the demo has four congresses, its
  // campaigns are in two of them.
  Login OtherCongressOrganizer() {
    std::vector<std::int64_t> used;
    const auto campaigns = Json(Get(org_, "/api/v1/campaigns"));
    for (const auto& c : campaigns.at("items").as_array()) {
      used.push_back(c.at("congress_id").as_int64());
    }
    std::int64_t other = 1;
    while (std::find(used.begin(), used.end(), other) != used.end()) ++other;
    t_->AddUser("org-elsewhere", {{core::Role::kOrganizer, other, {}, {}}});
    return LogIn("org-elsewhere");
  }

  HttpResult Minutes(const Login& who, std::int64_t meeting) {
    return Get(who, "/api/v1/meetings/" + std::to_string(meeting) + "/minutes");
  }

  static std::vector<std::string> Names(const json::object& meeting, bool present) {
    std::vector<std::string> out;
    for (const auto& a : meeting.at("attendees").as_array()) {
      if (a.at("role").as_string() == "evaluator" && a.at("checked_in").as_bool() == present) {
        out.emplace_back(a.at("name").as_string());
      }
    }
    return out;
  }
};

// Plan 1: two deputies, each in a poll of their own, results announced. The
// minutes carry the officials, attendance by name, the agenda with its
// question and remarks, each poll's counts and each deputy's rate and grade;
// the projector's summary lists both results.
TEST_F(MinutesApiTest, MinutesOfAnAnnouncedMeetingAndTheProjectorSummary) {
  std::vector<std::int64_t> deputies;
  auto m = PerDeputyMeeting(2, deputies);
  const auto mid = m.at("id").as_int64();
  const std::string mbase = "/api/v1/meetings/" + std::to_string(mid);
  ASSERT_EQ(Send(org_, "PUT", mbase, R"({"chair":"主持人周明","tellers":["计票人李华"],"scrutineers":["监票人赵强"]})")
                .status,
            200);
  HttpResult guest = Send(org_, "POST", mbase + "/attendees", R"({"role":"guest","name":"列席张局长"})");
  ASSERT_EQ(guest.status, 201);
  ASSERT_EQ(
      Send(org_, "POST", mbase + "/attendees/" + std::to_string(Json(guest).at("id").as_int64()) + "/check-in", "{}")
          .status,
      204);
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"goto","item":0,"stage":"report"})").status, 200);
  ASSERT_EQ(
      Send(org_, "POST", mbase + "/console",
           R"({"kind":"question","item":0,"asked_by":"李委员","question":"如何联系选民？","answer":"每季度走访"})")
          .status,
      200);
  ASSERT_EQ(
      Send(org_, "POST", mbase + "/console", R"({"kind":"remarks","item":0,"text":"履职认真，联系群众紧密"})").status,
      200);
  const auto slips = Print(org_, mid, "phone", 6);
  CheckInAll(org_, m, "phone", 6);
  const auto scale = m.at("scale").as_array();
  auto code = [&](std::size_t k) { return std::string(scale.at(k).at("code").as_string()); };
  // Deputy 1: 5 of the best option, 1 of the second; deputy 2: all of the third.
  for (std::size_t d = 0; d < 2; ++d) {
    const auto poll = m.at("polls").at(d).at("id").as_int64();
    ASSERT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(poll) + "/open", "").status, 204);
    for (std::size_t i = 0; i < slips.size(); ++i) {
      const std::string option = d == 1 ? code(2) : code(i < 5 ? 0 : 1);
      ASSERT_EQ(Cast(slips[i], poll, {{deputies[d], option}}).status, 200);
    }
    ASSERT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(poll) + "/close", "").status, 204);
  }
  m = Meeting(org_, mid);

  HttpResult pdf = Minutes(org_, mid);
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  const std::string text = NoSpace(PdfText(pdf.body));
  for (const std::string s :
       {"述职评议会议记录", "会议名称：述职评议会", "会议地点：会议室", "主持人：主持人周明", "计票人：计票人李华",
        "监票人：监票人赵强", "应到测评人25人，实到6人，缺席19人；列席1人。", "列席：列席张局长",
        "提问（李委员）：如何联系选民？", "回答：每季度走访", "点评：履职认真，联系群众紧密",
        "未记录各项议程的起止时间", "发出测评凭条6张（手机6张、纸质0张），收回6张，有效票6张，无效测评表0张。",
        "结果签名密钥指纹："}) {
    EXPECT_NE(text.find(NoSpace(s)), std::string::npos) << s << "\n" << text;
  }
  for (const auto& name : Names(m, true)) EXPECT_NE(text.find(NoSpace(name)), std::string::npos) << name;
  for (const auto& name : Names(m, false)) EXPECT_NE(text.find(NoSpace(name)), std::string::npos) << name;
  EXPECT_EQ(Count(text, "%，等次："), 2u) << text;
  // Each deputy's rate and grade as the signed record has them.
  const std::string token(m.at("projector_token").as_string());
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"summary"})").status, 200);
  auto proj = Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token));
  EXPECT_EQ(proj.at("stage").as_string(), "summary");
  const auto& summary = proj.at("summary").as_array();
  ASSERT_EQ(summary.size(), 2u);
  for (std::size_t d = 0; d < 2; ++d) {
    const auto result =
        Json(Get(org_, "/api/v1/polls/" + std::to_string(m.at("polls").at(d).at("id").as_int64()) + "/result"));
    const auto& row = result.at("result").at("deputies").at(0);
    const auto& s = summary.at(d);
    EXPECT_EQ(s.at("name"), row.at("name"));
    EXPECT_EQ(s.at("status").as_string(), "announced");
    EXPECT_EQ(s.at("grade"), row.at("grade"));
    EXPECT_EQ(s.at("approval_percent"), row.at("approval_percent"));
    EXPECT_EQ(s.at("grade_label").as_string(), scale.at(d == 0 ? 0 : 2).at("label").as_string());
    const std::string line = std::string(row.at("name").as_string()) + "：满意率" +
                             std::string(row.at("approval_percent").as_string()) + "%，等次：" +
                             std::string(s.at("grade_label").as_string()) + "。";
    EXPECT_NE(text.find(NoSpace(line)), std::string::npos) << line << "\n" << text;
  }
  EXPECT_EQ(summary.at(0).at("approval_percent").as_string(), "100.0");
  // "goto" leaves the summary screen.
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"goto","item":1,"stage":"remarks"})").status, 200);
  EXPECT_EQ(Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token)).at("stage").as_string(), "remarks");
  // Switched to it before the end, the summary stays up after the meeting ends.
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"summary"})").status, 200);
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"finish"})").status, 200);
  const auto ended = Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token));
  EXPECT_EQ(ended.at("state").as_string(), "finished");
  EXPECT_EQ(ended.at("stage").as_string(), "summary");
  EXPECT_EQ(ended.at("summary").as_array().size(), 2u);
  EXPECT_EQ(Code(Send(org_, "POST", mbase + "/console", R"({"kind":"summary"})")), "meeting.finished");
  // In English when asked.
  const std::string en = NoSpace(PdfText(Get(org_, mbase + "/minutes?lang=en").body));
  EXPECT_NE(en.find("MinutesoftheReportingMeeting"), std::string::npos) << en;
  EXPECT_NE(en.find("Evaluatorsexpected25,present6,absent19;guests1."), std::string::npos) << en;
  // The minutes of the ended meeting say so.
  EXPECT_NE(NoSpace(PdfText(Minutes(org_, mid).body)).find("会议状态：已结束"), std::string::npos);

  // Who may fetch: as who may read the meeting.
  EXPECT_EQ(Minutes(LogIn("reviewer"), mid).status, 200);
  for (const auto& who : {LogIn("deputy"), LogIn("leader"), OtherCongressOrganizer()}) {
    HttpResult refused = Minutes(who, mid);
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_EQ(refused.status, Get(who, mbase).status);  // the meeting room's own rule
  }
  EXPECT_EQ(Code(Minutes(org_, 999999)), "meeting.not_found");
}

// Plan 2: a private result. The minutes show the ballots' counts and that the
// result is fed back in person, never a grade or a rate, even to the
// organizer who may see the result; the projector's summary carries no
// figures either.
TEST_F(MinutesApiTest, APrivateResultNeverAppearsInTheMinutesNorOnTheSummary) {
  Login leader = LogIn("leader");
  auto m = PrivateSheetMeeting(leader);
  ASSERT_EQ(m.at("disclosure").as_string(), "private");
  const auto mid = m.at("id").as_int64();
  const auto poll = m.at("polls").at(0).at("id").as_int64();
  std::vector<std::pair<std::int64_t, std::string>> ballot;
  std::vector<std::string> names;
  const auto scale = m.at("scale").as_array();
  for (const auto& d : m.at("polls").at(0).at("deputies").as_array()) {
    ballot.push_back({d.at("id").as_int64(), std::string(scale.at(ballot.empty() ? 0 : 1).at("code").as_string())});
    names.emplace_back(d.at("name").as_string());
  }
  const auto slips = Print(leader, mid, "phone", 6);
  CheckInAll(leader, m, "phone", 6);
  ASSERT_EQ(Send(leader, "POST", "/api/v1/polls/" + std::to_string(poll) + "/open", "").status, 204);
  for (const auto& s : slips) ASSERT_EQ(Cast(s, poll, ballot).status, 200);
  ASSERT_EQ(Send(leader, "POST", "/api/v1/polls/" + std::to_string(poll) + "/close", "").status, 204);
  // The organizer sees the whole result elsewhere, with its grades.
  const auto result = Json(Get(org_, "/api/v1/polls/" + std::to_string(poll) + "/result"));
  ASSERT_TRUE(result.at("available").as_bool());

  for (const char* who : {"leader", "organizer", "reviewer"}) {
    HttpResult pdf = Minutes(LogIn(who), mid);
    ASSERT_EQ(pdf.status, 200) << who << ": " << pdf.body.substr(0, 300);
    const std::string text = NoSpace(PdfText(pdf.body));
    for (const auto& name : names) EXPECT_NE(text.find(NoSpace(name)), std::string::npos) << who << ": " << name;
    EXPECT_NE(text.find("发出测评凭条6张（手机6张、纸质0张），收回6张，有效票6张"), std::string::npos) << text;
    EXPECT_NE(text.find("结果另行反馈"), std::string::npos) << text;
    EXPECT_EQ(text.find("满意率"), std::string::npos) << who << ": " << text;
    EXPECT_EQ(text.find("等次"), std::string::npos) << who << ": " << text;
    for (const auto& o : scale) {
      EXPECT_EQ(text.find(NoSpace(std::string(o.at("label").as_string()))), std::string::npos) << who << ": " << text;
    }
    for (const auto& row : result.at("result").at("deputies").as_array()) {
      EXPECT_EQ(text.find(std::string(row.at("approval_percent").as_string()) + "%"), std::string::npos) << text;
    }
  }
  EXPECT_EQ(Minutes(LogIn("deputy"), mid).status, 403);
  EXPECT_EQ(Minutes(OtherCongressOrganizer(), mid).status, 403);

  ASSERT_EQ(
      Send(leader, "POST", "/api/v1/meetings/" + std::to_string(mid) + "/console", R"({"kind":"summary"})").status,
      200);
  const std::string token(Meeting(leader, mid).at("projector_token").as_string());
  HttpResult proj = HttpCall(port_, "GET", "/api/v1/public/projector/" + token);
  const auto state = Json(proj);
  const auto& summary = state.at("summary").as_array();
  ASSERT_EQ(summary.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(summary.at(i).at("name").as_string(), names[i]);
    EXPECT_EQ(summary.at(i).at("status").as_string(), "private");
    EXPECT_EQ(summary.at(i).at("grade").as_string(), "");
    EXPECT_EQ(summary.at(i).at("approval_percent").as_string(), "");
  }
  EXPECT_EQ(proj.body.find("\"grade\":\"" + std::string(scale.at(0).at("code").as_string()) + "\""), std::string::npos);
}

}  // namespace
}  // namespace shuzhi::testing
