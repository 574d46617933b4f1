// Rules of a reporting meeting found from outside (issues 11 and 14), over a
// real socket on the demo data: the issued count bound by those present and
// frozen at the close, wrong codes that never block a valid ballot, ballot
// routes that refuse a staff session, the countdown ending with the report,
// and slips printed in the congress's language.
#include <string>
#include <vector>

#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

// Found from outside (issue 14): the issued count is the evidence the void
// rule checks, and it could be raised after the close and beyond the
// evaluators present.
TEST_F(MeetingApiTest, IssuedIsBoundByThePresentAndFrozenAtTheClose) {
  auto deputies = Reporting(committee_);
  auto m = CreateMeeting(org_, committee_, {{"deputy_ids", json::array{deputies.at(0)}}});
  const auto mid = m.at("id").as_int64();
  const std::string mbase = "/api/v1/meetings/" + std::to_string(mid);
  const auto poll = m.at("polls").at(0).at("id").as_int64();
  const std::string pbase = "/api/v1/polls/" + std::to_string(poll);
  auto slips = Print(org_, mid, "phone", 8);
  auto sheets = Print(org_, mid, "paper", 1);
  CheckInAll(org_, m, "phone", 5);
  CheckInAll(org_, Meeting(org_, mid), "paper", 1);

  // Six present, six handed out: not one more of either kind.
  for (const char* body :
       {R"({"channel":"phone","count":35})", R"({"channel":"phone","count":1})", R"({"channel":"paper","count":1})"}) {
    HttpResult r = Send(org_, "POST", mbase + "/issue", body);
    EXPECT_EQ(r.status, 412) << body;
    EXPECT_EQ(Code(r), "meeting.issued_over_present") << body;
  }
  EXPECT_EQ(Meeting(org_, mid).at("carriers").at("issued").at("phone").as_int64(), 5);

  // Eight phone ballots on six carriers handed out (three slips were never
  // voided), then the poll closes.
  ASSERT_EQ(Send(org_, "POST", pbase + "/open", "").status, 204);
  const std::string satisfied(m.at("scale").at(0).at("code").as_string());
  for (const auto& s : slips) ASSERT_EQ(Cast(s, poll, {{deputies[0], satisfied}}).status, 200);
  ASSERT_EQ(Send(org_, "POST", pbase + "/close", "").status, 204);
  // Three more people check in with slips afterwards: the count the poll
  // closed with stays what its result is computed against.
  for (int i = 0; i < 3; ++i) SeatLatecomer(mid, "迟到委员");
  EXPECT_EQ(Meeting(org_, mid).at("carriers").at("issued").at("phone").as_int64(), 8);
  ASSERT_EQ(Send(org_, "PUT", pbase + "/paper-count", R"({"sheets":0})").status, 204);
  ASSERT_EQ(Send(org_, "POST", pbase + "/finalize", "").status, 204);
  auto result = Json(Get(org_, pbase + "/result"));
  ASSERT_TRUE(result.at("available").as_bool()) << json::serialize(result);
  const auto& r = result.at("result");
  EXPECT_EQ(r.at("issued").as_int64(), 6);
  EXPECT_EQ(r.at("issued_phone").as_int64(), 5);
  EXPECT_EQ(r.at("issued_paper").as_int64(), 1);
  EXPECT_EQ(r.at("present").as_int64(), 6);
  EXPECT_EQ(r.at("returned").as_int64(), 8);
  EXPECT_TRUE(r.at("void").as_bool());
  EXPECT_EQ(result.at("state").as_string(), "void");
  // Announced campaign: the projector shows that it is void and why, and no
  // deputy's numbers.
  const std::string token(Meeting(org_, mid).at("projector_token").as_string());
  auto proj = Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token));
  const auto& shown = proj.at("polls").at(0).at("result");
  EXPECT_TRUE(shown.at("void").as_bool());
  EXPECT_EQ(shown.at("returned").as_int64(), 8);
  EXPECT_FALSE(shown.at("deputies").at(0).as_object().contains("votes"));
  EXPECT_FALSE(shown.at("deputies").at(0).as_object().contains("grade"));
  (void)sheets;
}

// Found from outside (issue 14): after 20 wrong codes from one address, a
// valid ballot from it was refused for ten minutes; a hall's phones share
// one address behind its router.
TEST_F(MeetingApiTest, WrongCodesNeverBlockValidBallots) {
  auto o = OpenOneDeputyPoll(30, 30);
  const auto& [m, mid, poll, deputy, satisfied, slips] = o;
  const std::vector<std::int64_t> deputies{deputy};
  // 25 wrong codes: the first 20 are told what is wrong, then only to wait.
  for (int i = 0; i < 25; ++i) {
    std::string forged = slips[static_cast<std::size_t>(i)];
    forged[0] = forged[0] == 'A' ? 'B' : 'A';
    HttpResult r = i % 2 ? Public("/api/v1/public/ballot/lookup", {{"code", forged}})
                         : Cast(forged, poll, {{deputies[0], satisfied}});
    if (i < 20) {
      EXPECT_EQ(Code(r), "credential.unknown") << i;
    } else {
      EXPECT_EQ(r.status, 429) << i;
      EXPECT_EQ(Code(r), "ballot.too_many_attempts") << i;
      EXPECT_FALSE(r.Header("retry-after").empty());
    }
  }
  // Thirty valid ballots from the same address: every one acknowledged.
  for (const auto& s : slips) {
    EXPECT_EQ(Public("/api/v1/public/ballot/lookup", {{"code", s}}).status, 200);
    HttpResult r = Cast(s, poll, {{deputies[0], satisfied}});
    EXPECT_EQ(r.status, 200) << r.body;
  }
  EXPECT_EQ(Meeting(org_, mid).at("polls").at(0).at("voted").as_int64(), 30);
}

// A staff browser is not a voting booth (issue 14): the ballot routes refuse
// a request that carries a staff session.
TEST_F(MeetingApiTest, BallotRoutesRefuseAStaffSession) {
  auto o = OpenOneDeputyPoll(1, 1);
  const auto& [m, mid, poll, deputy, satisfied, slips] = o;
  const std::vector<std::int64_t> deputies{deputy};
  json::array choices{json::object{{"deputy_id", deputies[0]}, {"option", satisfied}}};
  const auto cast_body = json::serialize(json::object{{"code", slips[0]}, {"poll_id", poll}, {"choices", choices}});
  HttpResult staff = HttpCall(port_, "POST", "/api/v1/public/ballot/cast", cast_body,
                              {{"Content-Type", "application/json"}, {"Cookie", org_.cookie}});
  EXPECT_EQ(staff.status, 403);
  EXPECT_EQ(Code(staff), "ballot.staff_session");
  HttpResult look =
      HttpCall(port_, "POST", "/api/v1/public/ballot/lookup", json::serialize(json::object{{"code", slips[0]}}),
               {{"Content-Type", "application/json"}, {"Cookie", org_.cookie}});
  EXPECT_EQ(Code(look), "ballot.staff_session");
  EXPECT_EQ(Meeting(org_, mid).at("polls").at(0).at("voted").as_int64(), 0);  // nothing was cast
  EXPECT_EQ(Cast(slips[0], poll, {{deputies[0], satisfied}}).status, 200);    // the phone, without a cookie
}

// The speech countdown belongs to the report stage (issue 11): moving to
// questions, evaluation or remarks stops it; the console may start it again.
TEST_F(MeetingApiTest, TheCountdownStopsWhenTheReportEnds) {
  auto deputies = Reporting(committee_);
  auto m = CreateMeeting(org_, committee_, {{"deputy_ids", json::array{deputies.at(0)}}});
  const std::string mbase = "/api/v1/meetings/" + std::to_string(m.at("id").as_int64());
  const std::string token(m.at("projector_token").as_string());
  auto running = [&] {
    return Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token))
        .at("live")
        .at("timer")
        .at("running")
        .as_bool();
  };
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"goto","item":0,"stage":"report"})").status, 200);
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"timer_start"})").status, 200);
  EXPECT_TRUE(running());
  for (const char* stage : {"questions", "evaluation", "remarks"}) {
    ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"timer_start"})").status, 200);
    EXPECT_TRUE(running()) << stage;  // restarted by the console
    ASSERT_EQ(Send(org_, "POST", mbase + "/console",
                   json::serialize(json::object{{"kind", "goto"}, {"item", 0}, {"stage", stage}}))
                  .status,
              200);
    EXPECT_FALSE(running()) << stage;
  }
}

// Slips and sheets are for evaluators: printed in the congress's language,
// Chinese, even from a clerk's browser set to English (issue 11).
TEST_F(MeetingApiTest, SlipsFollowTheCongressNotTheBrowser) {
  auto deputies = Reporting(committee_);
  auto m = CreateMeeting(org_, committee_, {{"deputy_ids", json::array{deputies.at(0)}}});
  const std::string target = "/api/v1/meetings/" + std::to_string(m.at("id").as_int64()) + "/carriers";
  for (const char* channel : {"phone", "paper"}) {
    HttpResult pdf = HttpCall(port_, "POST", target, json::serialize(json::object{{"channel", channel}, {"count", 1}}),
                              {{"Cookie", org_.cookie},
                               {"X-CSRF-Token", org_.csrf},
                               {"Content-Type", "application/json"},
                               {"Accept-Language", "en-US,en;q=0.9"}});
    ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 200);
    const std::string text = PdfText(pdf.body);
    EXPECT_EQ(text.find("Evaluation slip"), std::string::npos) << channel;
    EXPECT_EQ(text.find("Slip code"), std::string::npos) << channel;
    EXPECT_NE(text.find("测评"), std::string::npos) << channel << ": " << text.substr(0, 300);
    if (std::string(channel) == "phone") {
      // The slip says where to type the code, the address the clerk reached the server at.
      EXPECT_NE(text.find("投票页：http://127.0.0.1:" + std::to_string(port_) + "/v"), std::string::npos) << text;
    }
  }
}

}  // namespace
}  // namespace shuzhi::testing
