// Reporting meetings over a real socket, on the demo data, shared by
// meeting_api_test.cc and meeting_rules_api_test.cc: the organizer logged in,
// the demo's two campaigns, and helpers to create a meeting, print carriers
// and read their codes from the PDF, check evaluators in, open a poll, and
// cast or key ballots.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api_fixture.h"
#include "app/demo/demo.h"

namespace shuzhi::testing {

class MeetingApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    ASSERT_TRUE(app::SeedDemo(t_->app(), app::testing::kPassword, app::DemoScope::kThisYear).ok());
    StartServer();
    org_ = LogIn("organizer");
    // This year's campaigns (the demo also holds last year's, archived).
    const auto campaigns = Json(Get(org_, "/api/v1/campaigns"));
    std::int64_t year = 0;
    for (const auto& c : campaigns.at("items").as_array()) year = std::max(year, c.at("spec").at("year").as_int64());
    for (const auto& c : campaigns.at("items").as_array()) {
      if (c.at("spec").at("year").as_int64() != year) continue;
      const auto tpl = c.at("spec").at("template_code").as_string();
      (tpl == "committee" ? committee_ : voter_) = c.at("id").as_int64();
    }
    ASSERT_GT(committee_, 0);
    ASSERT_GT(voter_, 0);
  }

  std::vector<std::int64_t> Reporting(std::int64_t campaign, std::optional<std::int64_t> group = std::nullopt) {
    std::vector<std::int64_t> out;
    const auto listed = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(campaign) + "/deputies"));
    for (const auto& d : listed.at("items").as_array()) {
      if (group && (d.at("group_id").is_null() || d.at("group_id").as_int64() != *group)) continue;
      out.push_back(d.at("deputy_id").as_int64());
    }
    return out;
  }

  json::object CreateMeeting(const Login& who, std::int64_t campaign, const json::object& fields) {
    json::object body{{"title", "述职评议会"}, {"starts_at", "2026-11-28T09:00:00+08:00"}, {"venue", "会议室"}};
    for (const auto& [k, v] : fields) body[k] = v;
    HttpResult r =
        Send(who, "POST", "/api/v1/campaigns/" + std::to_string(campaign) + "/meetings", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    auto v = Json(r);
    return v.is_object() ? v.as_object() : json::object{};
  }

  // A committee meeting evaluating the first `n` reporting deputies, each in
  // a poll of their own (plan 1); `deputies` gets their ids.
  json::object PerDeputyMeeting(std::size_t n, std::vector<std::int64_t>& deputies) {
    deputies = Reporting(committee_);
    EXPECT_GE(deputies.size(), n);
    deputies.resize(n);
    json::array ids;
    for (auto d : deputies) ids.push_back(d);
    return CreateMeeting(org_, committee_, {{"deputy_ids", ids}, {"poll_mode", "per_deputy"}});
  }

  // A meeting of `leader`'s group in the demo's private campaign, all its
  // reporting deputies on one sheet.
  json::object PrivateSheetMeeting(const Login& leader) {
    const auto group = Json(Get(leader, "/api/v1/me")).at("user").at("roles").at(0).at("group_id").as_int64();
    auto m = CreateMeeting(leader, voter_, {{"group_id", group}, {"poll_mode", "sheet"}});
    EXPECT_EQ(m.at("disclosure").as_string(), "private");
    return m;
  }

  // Prints carriers and reads their codes back from the PDF's text.
  std::vector<std::string> Print(const Login& who, std::int64_t meeting, const char* channel, int n) {
    HttpResult pdf = Send(who, "POST", "/api/v1/meetings/" + std::to_string(meeting) + "/carriers",
                          json::serialize(json::object{{"channel", channel}, {"count", n}}));
    EXPECT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
    EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
    const auto codes = CarrierCodes(pdf.body);
    EXPECT_EQ(static_cast<int>(codes.size()), n) << PdfText(pdf.body).substr(0, 800);
    return codes;
  }

  void CheckInAll(const Login& who, const json::object& meeting, const char* channel, int n) {
    int done = 0;
    for (const auto& a : meeting.at("attendees").as_array()) {
      if (done == n) break;
      if (a.at("role").as_string() != "evaluator" || a.at("checked_in").as_bool()) continue;
      HttpResult r = Send(who, "POST",
                          "/api/v1/meetings/" + std::to_string(meeting.at("id").as_int64()) + "/attendees/" +
                              std::to_string(a.at("id").as_int64()) + "/check-in",
                          json::serialize(json::object{{"channel", channel}}));
      ASSERT_EQ(r.status, 204) << r.body;
      ++done;
    }
    ASSERT_EQ(done, n);
  }

  // An evaluator added at the door and checked in with a phone slip.
  void SeatLatecomer(std::int64_t meeting, const std::string& name) {
    const std::string base = "/api/v1/meetings/" + std::to_string(meeting) + "/attendees";
    HttpResult added = Send(org_, "POST", base, json::serialize(json::object{{"role", "evaluator"}, {"name", name}}));
    ASSERT_EQ(added.status, 201) << added.body;
    HttpResult in = Send(org_, "POST", base + "/" + std::to_string(Json(added).at("id").as_int64()) + "/check-in",
                         R"({"channel":"phone"})");
    ASSERT_EQ(in.status, 204) << in.body;
  }

  // A committee meeting on one deputy with `slips` phone slips printed,
  // `present` evaluators checked in with one each (latecomers seated beyond
  // the committee's 25) and its poll open.
  struct OnePoll {
    json::object meeting;
    std::int64_t id = 0, poll = 0, deputy = 0;
    std::string satisfied;
    std::vector<std::string> slips;
  };
  OnePoll OpenOneDeputyPoll(int slips, int present) {
    OnePoll o;
    o.deputy = Reporting(committee_).at(0);
    o.meeting = CreateMeeting(org_, committee_, {{"deputy_ids", json::array{o.deputy}}});
    o.id = o.meeting.at("id").as_int64();
    o.poll = o.meeting.at("polls").at(0).at("id").as_int64();
    o.satisfied = std::string(o.meeting.at("scale").at(0).at("code").as_string());
    o.slips = Print(org_, o.id, "phone", slips);
    CheckInAll(org_, o.meeting, "phone", std::min(present, 25));
    for (int i = 25; i < present; ++i) SeatLatecomer(o.id, "补充委员");
    EXPECT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(o.poll) + "/open", "").status, 204);
    return o;
  }

  json::object Meeting(const Login& who, std::int64_t id) {
    return Json(Get(who, "/api/v1/meetings/" + std::to_string(id))).as_object();
  }

  HttpResult Public(const std::string& target, const json::object& body) {
    return HttpCall(port_, "POST", target, json::serialize(body), {{"Content-Type", "application/json"}});
  }

  HttpResult Cast(const std::string& code, std::int64_t poll,
                  const std::vector<std::pair<std::int64_t, std::string>>& c) {
    json::array choices;
    for (const auto& [d, o] : c) choices.push_back(json::object{{"deputy_id", d}, {"option", o}});
    return Public("/api/v1/public/ballot/cast", {{"code", code}, {"poll_id", poll}, {"choices", choices}});
  }

  HttpResult Key(const Login& who, std::int64_t poll, const std::string& code,
                 const std::vector<std::pair<std::int64_t, std::string>>& c) {
    json::array choices;
    for (const auto& [d, o] : c) choices.push_back(json::object{{"deputy_id", d}, {"option", o}});
    return Send(who, "POST", "/api/v1/polls/" + std::to_string(poll) + "/paper-sheets",
                json::serialize(json::object{{"code", code}, {"choices", choices}}));
  }

  Login org_;
  std::int64_t committee_ = 0, voter_ = 0;
};

}  // namespace shuzhi::testing
