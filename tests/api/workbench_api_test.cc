// The home page's workbench over a real socket on the demo data: each
// role's counts against what the list APIs show that user (counted here,
// independently of the workbench's SQL), how the counts move as work is
// done, where the cards lead, and the empty workbench of a user with no role.
#include <map>
#include <set>

#include "api_fixture.h"
#include "app/demo/demo.h"

namespace shuzhi::testing {
namespace {

constexpr const char* kNow = "2026-11-25T08:00:00+08:00";  // a Wednesday: the demo's meeting day

// A count the test makes and the places its rows lie in.
struct Expected {
  std::int64_t count = 0;
  std::set<std::int64_t> campaigns, meetings;
};

class WorkbenchApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    t_->clock().Set(*base::ParseIso8601(kNow));
    ASSERT_TRUE(app::SeedDemo(t_->app(), app::testing::kPassword, app::DemoScope::kThisYear).ok());
    t_->AddUser("nobody", {});
    StartServer();
    org_ = LogIn("organizer");
    leader_ = LogIn("leader");
    deputy_ = LogIn("deputy");
    reviewer_ = LogIn("reviewer");
    group_ = Json(Get(leader_, "/api/v1/me")).at("user").at("roles").at(0).at("group_id").as_int64();
    deputy_id_ = Json(Get(deputy_, "/api/v1/me")).at("user").at("roles").at(0).at("deputy_id").as_int64();
  }

  json::array Items(const Login& l, const std::string& path) {
    HttpResult r = Get(l, path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    json::value v = Json(r);
    return v.is_object() && v.as_object().contains("items") ? v.at("items").as_array() : json::array{};
  }

  // The user's cards of `role`, by kind.
  std::map<std::string, json::object> Cards(const Login& l, const std::string& role) {
    HttpResult r = Get(l, "/api/v1/me/workbench");
    EXPECT_EQ(r.status, 200) << r.body;
    json::value v = Json(r);
    EXPECT_EQ(v.at("today").as_string(), std::string(kNow).substr(0, 10));
    std::map<std::string, json::object> out;
    for (const auto& c : v.at("cards").as_array()) {
      if (c.at("role").as_string() == role) out[std::string(c.at("kind").as_string())] = c.as_object();
    }
    return out;
  }

  // The card has the count, and leads to the one place its rows lie in, or
  // to the list.
  static void ExpectCard(const json::object& card, const Expected& e, const std::string& kind, const char* tab) {
    SCOPED_TRACE(kind);
    EXPECT_EQ(card.at("count").as_int64(), e.count);
    const auto& link = card.at("link").as_object();
    const std::string page(link.at("page").as_string());
    if (e.meetings.size() == 1) {
      EXPECT_EQ(page, "meeting");
      EXPECT_EQ(link.at("meeting_id").as_int64(), *e.meetings.begin());
    } else if (e.campaigns.size() == 1) {
      EXPECT_EQ(page, "campaign");
      EXPECT_EQ(link.at("campaign_id").as_int64(), *e.campaigns.begin());
      if (tab) {
        EXPECT_EQ(link.at("tab").as_string(), tab);
      }
    } else {
      EXPECT_EQ(page, "campaigns");
    }
  }

  // Submitted reports the user sees in active campaigns.
  Expected ReviewWaiting(const Login& l) {
    Expected e;
    for (const auto& c : Items(l, "/api/v1/campaigns")) {
      if (c.at("state").as_string() != "active") continue;
      const auto id = c.at("id").as_int64();
      for (const auto& r : Items(l, "/api/v1/campaigns/" + std::to_string(id) + "/reports")) {
        if (r.at("state").as_string() != "submitted") continue;
        ++e.count;
        e.campaigns.insert(id);
      }
    }
    return e;
  }

  // Each meeting of the campaigns `l` sees, with its campaign.
  std::vector<std::pair<json::object, json::object>> Meetings(const Login& l) {
    std::vector<std::pair<json::object, json::object>> out;
    for (const auto& c : Items(l, "/api/v1/campaigns")) {
      for (const auto& m : Items(l, "/api/v1/campaigns/" + std::to_string(c.at("id").as_int64()) + "/meetings"))
        out.emplace_back(c.as_object(), m.as_object());
    }
    return out;
  }

  // A constituent leaves an opinion about the demo deputy through the
  // public form: it waits for moderation.
  void LeaveOnlineOpinion() {
    HttpResult link = Send(org_, "POST", "/api/v1/deputies/" + std::to_string(deputy_id_) + "/opinion-link", "");
    ASSERT_EQ(link.status, 201) << link.body;
    const std::string token(Json(link).at("token").as_string());
    HttpResult left = HttpCall(port_, "POST", "/api/v1/public/opinion-forms/" + token,
                               R"({"content":"村里路灯坏了，请帮忙反映。"})", {{"Content-Type", "application/json"}});
    ASSERT_TRUE(left.status == 201 || left.status == 204 || left.status == 200) << left.body;
  }

  Login org_, leader_, deputy_, reviewer_;
  std::int64_t group_ = 0, deputy_id_ = 0;
};

TEST_F(WorkbenchApiTest, OrganizerCountsWhatTheListsShow) {
  LeaveOnlineOpinion();
  auto cards = Cards(org_, "organizer");
  ASSERT_EQ(cards.size(), 6u);
  const Expected review = ReviewWaiting(org_);
  EXPECT_GT(review.count, 0);
  ExpectCard(cards["review_waiting"], review, "review_waiting", "progress");
  const auto pending = Items(org_, "/api/v1/opinions/pending").size();
  EXPECT_EQ(pending, 1u);
  EXPECT_EQ(cards["opinion_moderation"].at("count").as_int64(), static_cast<std::int64_t>(pending));
  EXPECT_EQ(cards["opinion_moderation"].at("link").at("page").as_string(), "opinions_pending");

  // Today is 25 November (China Standard Time); the week Monday 23rd to Sunday 29th.
  const auto day = *base::ParseIso8601("2026-11-25T00:00:00+08:00");
  const auto monday = *base::ParseIso8601("2026-11-23T00:00:00+08:00");
  const base::Micros d = 86400LL * base::kMicrosPerSecond;
  Expected today, week, open, counting;
  for (const auto& [campaign, m] : Meetings(org_)) {
    const auto cid = campaign.at("id").as_int64(), mid = m.at("id").as_int64();
    const auto at = *base::ParseIso8601(m.at("starts_at").as_string());
    for (auto [e, from, to] : {std::tuple{&today, day, day + d}, std::tuple{&week, monday, monday + 7 * d}}) {
      if (at < from || at >= to) continue;
      ++e->count;
      e->campaigns.insert(cid);
      e->meetings.insert(mid);
    }
    const json::value meeting = Json(Get(org_, "/api/v1/meetings/" + std::to_string(mid)));
    for (const auto& p : meeting.at("polls").as_array()) {
      Expected* e = p.at("state").as_string() == "open"       ? &open
                    : p.at("state").as_string() == "counting" ? &counting
                                                              : nullptr;
      if (!e) continue;
      ++e->count;
      e->campaigns.insert(cid);
      e->meetings.insert(mid);
    }
  }
  EXPECT_GT(today.count, 0);
  ExpectCard(cards["meetings_today"], today, "meetings_today", "meetings");
  ExpectCard(cards["meetings_this_week"], week, "meetings_this_week", "meetings");
  ExpectCard(cards["polls_open"], open, "polls_open", "meetings");
  ExpectCard(cards["results_to_sign_off"], counting, "results_to_sign_off", "meetings");
}

TEST_F(WorkbenchApiTest, LeaderCountsTheirGroupsWork) {
  LeaveOnlineOpinion();
  auto cards = Cards(leader_, "group_leader");
  ASSERT_EQ(cards.size(), 5u);
  Expected unconfirmed, release;
  std::int64_t list_campaign = 0, in_list_campaign = 0;
  for (const auto& c : Items(leader_, "/api/v1/campaigns")) {
    const auto id = c.at("id").as_int64();
    const std::string state(c.at("state").as_string()), path = "/api/v1/campaigns/" + std::to_string(id);
    if (state == "draft" || state == "active") {
      for (const auto& e : Items(leader_, path + "/deputies")) {
        if (e.at("group_id").is_null() || e.at("group_id").as_int64() != group_ || !e.at("confirmed_at").is_null())
          continue;
        ++unconfirmed.count;
        unconfirmed.campaigns.insert(id);
        if (list_campaign == 0) list_campaign = id;
        in_list_campaign += id == list_campaign;
      }
    }
    if (state == "archived" || c.at("spec").at("disclosure").as_string() != "private") continue;
    for (const auto& m : Items(leader_, path + "/meetings")) {
      const auto mid = m.at("id").as_int64();
      for (const auto& f : Items(leader_, "/api/v1/meetings/" + std::to_string(mid) + "/feedback")) {
        if (f.at("poll_state").as_string() != "final" || f.at("released").as_bool()) continue;
        if (f.at("group_id").is_null() || f.at("group_id").as_int64() != group_) continue;
        ++release.count;
        release.campaigns.insert(id);
        release.meetings.insert(mid);
      }
    }
  }
  EXPECT_GT(unconfirmed.count, 0);
  EXPECT_GT(release.count, 0);
  ExpectCard(cards["list_unconfirmed"], unconfirmed, "list_unconfirmed", "deputies");
  ExpectCard(cards["results_to_release"], release, "results_to_release", "feedback");
  ExpectCard(cards["review_waiting"], ReviewWaiting(leader_), "review_waiting", "progress");
  EXPECT_EQ(cards["opinion_moderation"].at("count").as_int64(),
            static_cast<std::int64_t>(Items(leader_, "/api/v1/opinions/pending").size()));
  EXPECT_EQ(cards["opinion_moderation"].at("count").as_int64(), 1);
  std::int64_t unanswered = 0;
  json::value roster = Json(Get(org_, "/api/v1/roster?group_id=" + std::to_string(group_) + "&page_size=200"));
  std::set<std::int64_t> members;
  for (const auto& row : roster.at("items").as_array()) members.insert(row.at("deputy").at("id").as_int64());
  for (auto member : members) {
    for (const auto& o : Items(leader_, "/api/v1/deputies/" + std::to_string(member) + "/opinions"))
      unanswered += o.at("status").as_string() == "new";
  }
  EXPECT_EQ(cards["opinions_unanswered"].at("count").as_int64(), unanswered);
  EXPECT_EQ(cards["opinions_unanswered"].at("link").at("page").as_string(), "group");
  EXPECT_EQ(cards["opinions_unanswered"].at("link").at("group_id").as_int64(), group_);

  // Confirming the list clears its entries from the card.
  ASSERT_EQ(Send(leader_, "POST", "/api/v1/campaigns/" + std::to_string(list_campaign) + "/deputies/confirm",
                 R"({"group_id":)" + std::to_string(group_) + "}")
                .status,
            200);
  EXPECT_EQ(Cards(leader_, "group_leader")["list_unconfirmed"].at("count").as_int64(),
            unconfirmed.count - in_list_campaign);
}

TEST_F(WorkbenchApiTest, ReleasingAResultMovesItFromTheLeaderToTheDeputy) {
  const auto before_leader = Cards(leader_, "group_leader")["results_to_release"].at("count").as_int64();
  const auto before_deputy = Cards(deputy_, "deputy")["results_released"].at("count").as_int64();
  EXPECT_EQ(before_deputy, static_cast<std::int64_t>(Items(deputy_, "/api/v1/me/results").size()));
  std::int64_t poll = 0;
  for (const auto& [campaign, m] : Meetings(leader_)) {
    for (const auto& f : Items(leader_, "/api/v1/meetings/" + std::to_string(m.at("id").as_int64()) + "/feedback")) {
      if (f.at("deputy_id").as_int64() == deputy_id_ && !f.at("released").as_bool() &&
          f.at("poll_state").as_string() == "final")
        poll = f.at("poll_id").as_int64();
    }
  }
  ASSERT_NE(poll, 0) << "the demo deputy's private result waits for release";
  ASSERT_EQ(Send(leader_, "POST", "/api/v1/polls/" + std::to_string(poll) + "/release",
                 R"({"deputy_id":)" + std::to_string(deputy_id_) + "}")
                .status,
            204);
  EXPECT_EQ(Cards(leader_, "group_leader")["results_to_release"].at("count").as_int64(), before_leader - 1);
  EXPECT_EQ(Cards(deputy_, "deputy")["results_released"].at("count").as_int64(), before_deputy + 1);
  EXPECT_EQ(Cards(deputy_, "deputy")["results_released"].at("count").as_int64(),
            static_cast<std::int64_t>(Items(deputy_, "/api/v1/me/results").size()));
}

TEST_F(WorkbenchApiTest, DeputySeesTheirReportDeadlineOpinionsAndResults) {
  auto cards = Cards(deputy_, "deputy");
  ASSERT_EQ(cards.size(), 3u);
  EXPECT_TRUE(Cards(deputy_, "organizer").empty());
  std::int64_t due = 0, campaign = 0;
  std::string deadline, title;
  for (const auto& c : Items(deputy_, "/api/v1/campaigns")) {
    if (c.at("state").as_string() != "active") continue;
    const auto id = c.at("id").as_int64();
    json::value r =
        Json(Get(deputy_, "/api/v1/campaigns/" + std::to_string(id) + "/reports/" + std::to_string(deputy_id_)));
    const std::string state(r.at("state").as_string());
    if (state == "submitted" || state == "accepted") continue;
    ++due;
    campaign = id;
    deadline = c.at("spec").at("report_deadline").as_string();
    title = c.at("spec").at("title").as_string();
  }
  ASSERT_EQ(due, 1) << "the demo leaves the deputy's report to write";
  const auto& card = cards["my_report"];
  EXPECT_EQ(card.at("count").as_int64(), due);
  EXPECT_EQ(card.at("link").at("page").as_string(), "my_report");
  EXPECT_EQ(card.at("link").at("campaign_id").as_int64(), campaign);
  const auto& report = card.at("report").as_object();
  EXPECT_EQ(report.at("deadline").as_string(), deadline);
  EXPECT_EQ(report.at("campaign_title").as_string(), title);
  EXPECT_EQ(report.at("state").as_string(), "not_started");
  // Whole days from 25 November to the deadline's day, in Beijing.
  const auto days =
      (*base::ParseIso8601(deadline + "T00:00:00+08:00") - *base::ParseIso8601("2026-11-25T00:00:00+08:00")) /
      (86400LL * base::kMicrosPerSecond);
  EXPECT_EQ(report.at("days_left").as_int64(), days);

  std::int64_t unanswered = 0;
  for (const auto& o : Items(deputy_, "/api/v1/deputies/" + std::to_string(deputy_id_) + "/opinions"))
    unanswered += o.at("status").as_string() == "new";
  EXPECT_EQ(cards["opinions_to_answer"].at("count").as_int64(), unanswered);
  EXPECT_EQ(cards["results_released"].at("count").as_int64(),
            static_cast<std::int64_t>(Items(deputy_, "/api/v1/me/results").size()));

  // Handing the report in takes it off the deputy's card and puts it on the
  // leader's and the organizer's.
  const auto leader_before = Cards(leader_, "group_leader")["review_waiting"].at("count").as_int64();
  const auto org_before = Cards(org_, "organizer")["review_waiting"].at("count").as_int64();
  const std::string path = "/api/v1/campaigns/" + std::to_string(campaign) + "/reports/" + std::to_string(deputy_id_);
  ASSERT_EQ(Send(deputy_, "PUT", path + "/draft",
                 R"({"content":{"sections":[{"key":"item_1","text":"走访选民，反映意见。"}]}})")
                .status,
            200);
  EXPECT_EQ(Cards(deputy_, "deputy")["my_report"].at("report").at("state").as_string(), "draft");
  HttpResult submitted = Send(deputy_, "POST", path + "/submit", "");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  cards = Cards(deputy_, "deputy");
  EXPECT_EQ(cards["my_report"].at("count").as_int64(), 0);
  EXPECT_EQ(cards["my_report"].at("report").at("state").as_string(), "submitted");
  EXPECT_EQ(Cards(leader_, "group_leader")["review_waiting"].at("count").as_int64(), leader_before + 1);
  EXPECT_EQ(Cards(org_, "organizer")["review_waiting"].at("count").as_int64(), org_before + 1);
}

TEST_F(WorkbenchApiTest, ReviewerSeesFinishedMeetingsAndSummaries) {
  auto cards = Cards(reviewer_, "reviewer");
  ASSERT_EQ(cards.size(), 2u);
  Expected finished, summaries;
  for (const auto& [campaign, m] : Meetings(reviewer_)) {
    const std::string state(campaign.at("state").as_string());
    if ((state != "active" && state != "closed") || m.at("state").as_string() != "finished") continue;
    ++finished.count;
    finished.campaigns.insert(campaign.at("id").as_int64());
    finished.meetings.insert(m.at("id").as_int64());
  }
  EXPECT_GT(finished.count, 0);
  summaries.campaigns = finished.campaigns;
  summaries.count = static_cast<std::int64_t>(finished.campaigns.size());
  ExpectCard(cards["meetings_finished"], finished, "meetings_finished", "meetings");
  ExpectCard(cards["summaries"], summaries, "summaries", nullptr);
}

TEST_F(WorkbenchApiTest, NoRoleNoCardsAndNoSessionNoWorkbench) {
  json::value w = Json(Get(LogIn("nobody"), "/api/v1/me/workbench"));
  EXPECT_TRUE(w.at("cards").as_array().empty());
  EXPECT_EQ(w.at("today").as_string(), "2026-11-25");
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/me/workbench", "", {}).status, 401);
}

}  // namespace
}  // namespace shuzhi::testing
