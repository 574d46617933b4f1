// The feedback talk after a private result (issue 13), over a real socket on
// the demo data: the group leader records it and releases the result, the
// deputy reads and confirms it; who may do what; each bad input refused with
// nothing changed.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/clock.h"
#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

class FeedbackApiTest : public MeetingApiTest {
 protected:
  // A voter meeting of the leader's group with its one sheet poll final:
  // six phones, every deputy rated with the scale's first option. The clock
  // stands a few days after the meeting.
  void SetUp() override {
    MeetingApiTest::SetUp();
    t_->clock().Set(*base::ParseIso8601("2026-12-03T10:00:00+08:00"));
    org_ = LogIn("organizer");
    leader_ = LogIn("leader");
    const auto me = Json(Get(leader_, "/api/v1/me"));
    const auto group = me.at("user").at("roles").at(0).at("group_id").as_int64();
    deputies_ = Reporting(voter_, group);
    ASSERT_GE(deputies_.size(), 2u);
    auto m = CreateMeeting(leader_, voter_, {{"group_id", group}, {"poll_mode", "sheet"}});
    meeting_ = m.at("id").as_int64();
    poll_ = m.at("polls").at(0).at("id").as_int64();
    const auto slips = Print(leader_, meeting_, "phone", 6);
    CheckInAll(leader_, m, "phone", 6);
    ASSERT_EQ(Send(leader_, "POST", Poll("/open"), "").status, 204);
    std::vector<std::pair<std::int64_t, std::string>> ballot;
    const std::string first(m.at("scale").at(0).at("code").as_string());
    for (auto d : deputies_) ballot.push_back({d, first});
    // Before the result is final there is nothing to feed back.
    EXPECT_EQ(Code(Send(leader_, "PUT", Talk(deputies_[0]), Body("2026-12-02T15:00:00+08:00"))),
              "feedback.result_not_final");
    for (const auto& s : slips) ASSERT_EQ(Cast(s, poll_, ballot).status, 200);
    ASSERT_EQ(Send(leader_, "POST", Poll("/close"), "").status, 204);  // no paper: final at once
  }

  std::string Poll(const std::string& tail) const { return "/api/v1/polls/" + std::to_string(poll_) + tail; }
  std::string Talk(std::int64_t deputy) const { return Poll("/feedback/" + std::to_string(deputy)); }
  std::string List() const { return "/api/v1/meetings/" + std::to_string(meeting_) + "/feedback"; }

  static std::string Body(const std::string& given_at, const char* method = "in_person", bool release = false,
                          const std::string& notes = "肯定成绩，指出联系选民不够") {
    return json::serialize(json::object{
        {"given_at", given_at}, {"method", method}, {"given_by", "张组长"}, {"notes", notes}, {"release", release}});
  }

  // The deputy's row of the meeting's feedback list, as `who` sees it.
  json::object Row(const Login& who, std::int64_t deputy) {
    const auto list = Json(Get(who, List()));  // alive through the loop
    for (const auto& item : list.at("items").as_array()) {
      if (item.at("deputy_id").as_int64() == deputy) return item.as_object();
    }
    ADD_FAILURE() << "no row for deputy " << deputy;
    return {};
  }

  // The notifications of `kind` that `who` has, by deputy; a feedback_due
  // only for this meeting (the demo has a private result of its own).
  std::vector<std::int64_t> Notified(const Login& who, const std::string& kind) {
    std::vector<std::int64_t> out;
    const auto list = Json(Get(who, "/api/v1/notifications"));
    for (const auto& n : list.at("items").as_array()) {
      if (n.at("kind").as_string() != kind) continue;
      if (kind == "feedback_due" && n.at("meeting_id").as_int64() != meeting_) continue;
      out.push_back(n.at("deputy_id").as_int64());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Login leader_;
  std::vector<std::int64_t> deputies_;
  std::int64_t meeting_ = 0, poll_ = 0;
};

TEST_F(FeedbackApiTest, LeaderRecordsAndReleasesDeputyConfirms) {
  Login deputy = LogIn("deputy");
  const auto own = Json(Get(deputy, "/api/v1/me")).at("user").at("roles").at(0).at("deputy_id").as_int64();
  ASSERT_NE(std::find(deputies_.begin(), deputies_.end(), own), deputies_.end());

  // The list: every deputy of the poll, nothing recorded, nothing released.
  const auto before = Json(Get(leader_, List())).at("items").as_array();
  EXPECT_EQ(before.size(), deputies_.size());
  auto row = Row(leader_, own);
  EXPECT_TRUE(row.at("feedback").is_null());
  EXPECT_FALSE(row.at("released").as_bool());
  EXPECT_TRUE(row.at("may_record").as_bool());
  EXPECT_EQ(row.at("poll_state").as_string(), "final");
  EXPECT_TRUE(Json(Get(deputy, "/api/v1/me/feedback")).at("items").as_array().empty());
  EXPECT_TRUE(Json(Get(deputy, "/api/v1/me/results")).at("items").as_array().empty());

  // Every deputy of the final private result is a talk the leader owes.
  auto owed = deputies_;
  std::sort(owed.begin(), owed.end());
  EXPECT_EQ(Notified(leader_, "feedback_due"), owed);
  EXPECT_TRUE(Notified(deputy, "feedback_to_confirm").empty());

  // Recorded without releasing: the deputy sees the talk, not yet the result.
  HttpResult put = Send(leader_, "PUT", Talk(own), Body("2026-12-02T15:00:00+08:00", "phone"));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Json(put).at("feedback").at("method").as_string(), "phone");
  EXPECT_FALSE(Json(put).at("released").as_bool());
  auto mine = Json(Get(deputy, "/api/v1/me/feedback")).at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("given_at").as_string(), "2026-12-02T15:00:00+08:00");
  EXPECT_EQ(mine[0].at("notes").as_string(), "肯定成绩，指出联系选民不够");
  EXPECT_EQ(mine[0].at("recorded_by").as_string(), "leader");
  EXPECT_FALSE(mine[0].at("released").as_bool());
  EXPECT_TRUE(mine[0].at("confirmed_at").is_null());

  owed.erase(std::find(owed.begin(), owed.end(), own));
  EXPECT_EQ(Notified(leader_, "feedback_due"), owed);
  EXPECT_EQ(Notified(deputy, "feedback_to_confirm"), std::vector<std::int64_t>{own});

  // Corrected and released in one step.
  put = Send(leader_, "PUT", Talk(own), Body("2026-12-02T16:00:00+08:00", "in_person", true));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_TRUE(Json(put).at("released").as_bool());
  EXPECT_EQ(Json(put).at("feedback").at("method").as_string(), "in_person");
  EXPECT_EQ(Json(Get(deputy, "/api/v1/me/results")).at("items").as_array().size(), 1u);

  // The deputy confirms; again is harmless and keeps the first moment.
  ASSERT_EQ(Send(deputy, "POST", Talk(own) + "/confirm", "").status, 204);
  const auto confirmed = Json(Get(deputy, "/api/v1/me/feedback")).at("items").at(0).at("confirmed_at");
  EXPECT_EQ(confirmed.as_string(), "2026-12-03T10:00:00+08:00");
  EXPECT_TRUE(Notified(deputy, "feedback_to_confirm").empty());
  t_->clock().Advance(60 * base::kMicrosPerSecond);
  ASSERT_EQ(Send(deputy, "POST", Talk(own) + "/confirm", "").status, 204);
  EXPECT_EQ(Json(Get(deputy, "/api/v1/me/feedback")).at("items").at(0).at("confirmed_at"), confirmed);
  EXPECT_EQ(Row(leader_, own).at("feedback").at("confirmed_at"), confirmed);

  // Each step is in the audit log.
  const auto audit = Get(org_, "/api/v1/audit?limit=50").body;
  for (const char* action : {"feedback.record", "feedback.confirm", "poll.release"}) {
    EXPECT_NE(audit.find(action), std::string::npos) << action;
  }
}

TEST_F(FeedbackApiTest, OnlyTheLeaderOrAnOrganizerRecordsAndOnlyTheDeputyConfirms) {
  const auto d0 = deputies_[0], d1 = deputies_[1];
  const auto body = Body("2026-12-02T15:00:00+08:00");
  Login reviewer = LogIn("reviewer");
  Login deputy = LogIn("deputy");
  const auto own = Json(Get(deputy, "/api/v1/me")).at("user").at("roles").at(0).at("deputy_id").as_int64();
  const auto other = own == d0 ? d1 : d0;
  // Reviewers read and never write; the deputy reads only their own records.
  EXPECT_EQ(Get(reviewer, List()).status, 200);
  EXPECT_FALSE(Row(reviewer, d0).at("may_record").as_bool());
  EXPECT_EQ(Send(reviewer, "PUT", Talk(d0), body).status, 403);
  EXPECT_EQ(Get(deputy, List()).status, 403);
  EXPECT_EQ(Send(deputy, "PUT", Talk(own), body).status, 403);
  EXPECT_EQ(Send(org_, "PUT", Talk(d1), body).status, 200);  // organizers may
  ASSERT_EQ(Send(leader_, "PUT", Talk(d0), body).status, 200);
  // Confirming is the deputy's alone, and only their own.
  EXPECT_EQ(Send(leader_, "POST", Talk(own) + "/confirm", "").status, 403);
  EXPECT_EQ(Send(deputy, "POST", Talk(other) + "/confirm", "").status, 403);
  // Another deputy's records never reach this one.
  const auto mine = Json(Get(deputy, "/api/v1/me/feedback"));
  for (const auto& item : mine.at("items").as_array()) {
    EXPECT_EQ(item.at("deputy_id").as_int64(), own);
  }
  EXPECT_TRUE(Row(leader_, d1).at("feedback").is_object());
  EXPECT_EQ(Row(leader_, d1).at("feedback").at("recorded_by").as_string(), "organizer");
}

TEST_F(FeedbackApiTest, BadInputIsRefusedAndChangesNothing) {
  const auto d0 = deputies_[0];
  ASSERT_EQ(Send(leader_, "PUT", Talk(d0), Body("2026-12-02T15:00:00+08:00")).status, 200);
  const auto kept = Row(leader_, d0).at("feedback");
  auto refused = [&](const std::string& target, const std::string& body) {
    HttpResult r = Send(leader_, "PUT", target, body);
    EXPECT_GE(r.status, 400) << r.body;
    return Code(r);
  };
  EXPECT_EQ(refused(Talk(d0), Body("2026-12-02T15:00:00+08:00", "email")), "request.invalid");
  EXPECT_EQ(refused(Talk(d0), Body("2026-11-27T09:00:00+08:00")), "feedback.before_meeting");
  EXPECT_EQ(refused(Talk(d0), Body("2026-12-09T09:00:00+08:00")), "feedback.in_future");
  EXPECT_EQ(refused(Talk(d0), Body("yesterday")), "request.invalid");
  EXPECT_EQ(refused(Talk(d0), Body("2026-12-02T15:00:00+08:00", "phone", false, std::string(5000, 'x'))),
            "request.invalid");
  EXPECT_EQ(refused(Talk(d0), R"({"given_at":"2026-12-02T15:00:00+08:00","method":"phone","given_by":""})"),
            "request.invalid");
  EXPECT_EQ(refused(Talk(d0), "{not json"), "request.malformed_json");
  EXPECT_EQ(refused(Talk(999999), Body("2026-12-02T15:00:00+08:00")), "ballot.unknown_deputy");
  EXPECT_EQ(
      Send(leader_, "PUT", "/api/v1/polls/999999/feedback/" + std::to_string(d0), Body("2026-12-02T15:00:00+08:00"))
          .status,
      404);
  EXPECT_EQ(Row(leader_, d0).at("feedback"), kept);
  EXPECT_FALSE(Row(leader_, d0).at("released").as_bool());
  // Confirming what was never recorded.
  Login deputy = LogIn("deputy");
  const auto own = Json(Get(deputy, "/api/v1/me")).at("user").at("roles").at(0).at("deputy_id").as_int64();
  if (own != d0) {
    EXPECT_EQ(Code(Send(deputy, "POST", Talk(own) + "/confirm", "")), "feedback.not_found");
  }
}

}  // namespace
}  // namespace shuzhi::testing
