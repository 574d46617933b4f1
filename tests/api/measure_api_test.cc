// Rectification measures (issue 13), over a real socket on the demo data:
// the deputy writes a measure against their final evaluation and an opinion
// about them, adds progress with evidence, marks it done; the group leader
// returns it, then accepts it; the opinion shows as addressed (已整改) while
// the measure is finished. Who may do what, and each bad input refused with
// nothing changed.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "base/clock.h"
#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

// The smallest PNG signature and header a sniffer must accept.
std::string Png(std::size_t size = 64) {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  png.resize(std::max(size, png.size()), '\x7f');
  return png;
}

class MeasureApiTest : public MeetingApiTest {
 protected:
  // A voter meeting of the leader's group (2026-11-28) with its one sheet
  // poll final; an opinion about the deputy recorded by the leader; the
  // clock a week later.
  void SetUp() override {
    MeetingApiTest::SetUp();
    t_->clock().Set(*base::ParseIso8601("2026-12-05T10:00:00+08:00"));
    org_ = LogIn("organizer");
    leader_ = LogIn("leader");
    deputy_ = LogIn("deputy");
    const auto me = Json(Get(leader_, "/api/v1/me"));
    const auto group = me.at("user").at("roles").at(0).at("group_id").as_int64();
    own_ = Json(Get(deputy_, "/api/v1/me")).at("user").at("roles").at(0).at("deputy_id").as_int64();
    const auto deputies = Reporting(voter_, group);
    ASSERT_NE(std::find(deputies.begin(), deputies.end(), own_), deputies.end());
    other_ = deputies.front() == own_ ? deputies.back() : deputies.front();
    auto m = CreateMeeting(leader_, voter_, {{"group_id", group}, {"poll_mode", "sheet"}});
    poll_ = m.at("polls").at(0).at("id").as_int64();
    const auto slips = Print(leader_, m.at("id").as_int64(), "phone", 6);
    CheckInAll(leader_, m, "phone", 6);
    ASSERT_EQ(Send(leader_, "POST", "/api/v1/polls/" + std::to_string(poll_) + "/open", "").status, 204);
    // While the poll is open there is no result to answer.
    EXPECT_EQ(Code(Send(deputy_, "POST", "/api/v1/measures", Body("走访选民"))), "measure.result_not_final");
    std::vector<std::pair<std::int64_t, std::string>> ballot;
    for (auto d : deputies) ballot.push_back({d, std::string(m.at("scale").at(0).at("code").as_string())});
    for (const auto& s : slips) ASSERT_EQ(Cast(s, poll_, ballot).status, 200);
    ASSERT_EQ(Send(leader_, "POST", "/api/v1/polls/" + std::to_string(poll_) + "/close", "").status, 204);
    opinion_ = RecordOpinion(own_, "村道年久失修，希望代表督促");
    others_opinion_ = RecordOpinion(other_, "别人的意见");
  }

  std::int64_t RecordOpinion(std::int64_t deputy, const std::string& content) {
    HttpResult r =
        Send(leader_, "POST", "/api/v1/deputies/" + std::to_string(deputy) + "/opinions",
             json::serialize(json::object{{"source", "visit"}, {"received_on", "2026-11-05"}, {"content", content}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Json(r).at("id").as_int64();
  }

  std::string Body(const std::string& text, const std::string& due = "2027-03-31",
                   std::optional<std::int64_t> opinion = std::nullopt) const {
    json::array ids;
    ids.push_back(opinion.value_or(opinion_));
    return json::serialize(
        json::object{{"poll_id", poll_}, {"deputy_id", own_}, {"text", text}, {"due_on", due}, {"opinion_ids", ids}});
  }

  static std::string At(std::int64_t id, const std::string& tail = "") {
    return "/api/v1/measures/" + std::to_string(id) + tail;
  }
  // The campaign's list of the deputy's measures (the demo has measures of
  // other deputies of the group).
  std::string CampaignList(const std::string& query = "") const {
    return "/api/v1/campaigns/" + std::to_string(voter_) + "/measures?deputy_id=" + std::to_string(own_) +
           (query.empty() ? "" : "&" + query);
  }
  HttpResult Upload(const Login& who, std::int64_t id, std::int64_t note, const std::string& bytes,
                    const std::string& type = "image/png", const std::string& name = "%E7%8E%B0%E5%9C%BA.png") {
    return Send(who, "POST", At(id, "/notes/" + std::to_string(note) + "/files?name=" + name), bytes, type);
  }

  std::string OpinionStatus(std::int64_t id) {
    const auto list = Json(Get(leader_, "/api/v1/deputies/" + std::to_string(own_) + "/opinions"));
    for (const auto& o : list.at("items").as_array()) {
      if (o.at("id").as_int64() == id) return std::string(o.at("status").as_string());
    }
    return "(missing)";
  }

  // The notifications of `kind` about the deputy that `who` has, by measure.
  std::vector<std::int64_t> Notified(const Login& who, const std::string& kind) {
    std::vector<std::int64_t> out;
    const auto list = Json(Get(who, "/api/v1/notifications"));
    for (const auto& n : list.at("items").as_array()) {
      if (n.at("kind").as_string() == kind && n.at("deputy_id").as_int64() == own_) {
        out.push_back(n.at("measure_id").as_int64());
      }
    }
    return out;
  }

  // The dashboard's measure counts over every group: total, done, overdue.
  std::array<std::int64_t, 3> DashboardMeasures() {
    std::array<std::int64_t, 3> out{0, 0, 0};
    const auto dash = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(voter_) + "/dashboard"));
    for (const auto& g : dash.at("groups").as_array()) {
      out[0] += g.at("measures").at("total").as_int64();
      out[1] += g.at("measures").at("done").as_int64();
      out[2] += g.at("measures").at("overdue").as_int64();
    }
    return out;
  }

  Login leader_, deputy_;
  std::int64_t own_ = 0, other_ = 0, poll_ = 0, opinion_ = 0, others_opinion_ = 0;
};

TEST_F(MeasureApiTest, DeputyWritesLeaderReturnsThenAccepts) {
  // What the deputy may write against: this final evaluation.
  const auto mine = Json(Get(deputy_, "/api/v1/me/measures"));
  bool found = false;
  for (const auto& t : mine.at("targets").as_array()) {
    if (t.at("poll_id").as_int64() == poll_) {
      found = true;
      EXPECT_EQ(t.at("meeting_date").as_string(), "2026-11-28");
    }
  }
  EXPECT_TRUE(found);

  HttpResult created = Send(deputy_, "POST", "/api/v1/measures", Body("每月走访选民一次，督促村道维修"));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = Json(created).at("id").as_int64();
  EXPECT_EQ(Json(created).at("state").as_string(), "open");
  EXPECT_TRUE(Json(created).at("may_edit").as_bool());
  EXPECT_EQ(Json(created).at("opinions").at(0).at("id").as_int64(), opinion_);

  // The leader sees it in the campaign's list; nothing to review while open.
  auto listed = Json(Get(leader_, CampaignList())).at("items").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0].at("may_review").as_bool());
  EXPECT_FALSE(listed[0].at("may_edit").as_bool());
  EXPECT_FALSE(listed[0].at("group_name").as_string().empty());

  // Progress with evidence: a PNG is kept, other things are refused.
  HttpResult note = Send(deputy_, "POST", At(id, "/notes"), R"({"text":"已走访5户，拍照留存"})");
  ASSERT_EQ(note.status, 201) << note.body;
  const auto note_id = Json(note).at("id").as_int64();
  EXPECT_EQ(Json(note).at("written_by_name").as_string(), "洞桥镇人大代表");
  HttpResult png = Upload(deputy_, id, note_id, Png());
  ASSERT_EQ(png.status, 201) << png.body;
  EXPECT_EQ(Json(png).at("name").as_string(), "现场.png");
  EXPECT_EQ(Json(png).at("media_type").as_string(), "image/png");
  EXPECT_EQ(Json(png).at("sha256").as_string().size(), 64u);
  EXPECT_EQ(Upload(deputy_, id, note_id, "just text", "image/png").status, 415);
  EXPECT_EQ(Code(Upload(deputy_, id, note_id, "GIF89a....", "image/gif")), "evidence.unsupported_type");
  EXPECT_EQ(Code(Upload(deputy_, id, note_id, Png(), "application/pdf")), "evidence.unsupported_type");
  EXPECT_EQ(Code(Upload(leader_, id, note_id, Png())), "auth.forbidden");
  // The leader downloads it, byte for byte, as an attachment.
  HttpResult file = Get(leader_, At(id, "/files/" + std::to_string(Json(png).at("id").as_int64())));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, Png());
  EXPECT_EQ(file.Header("content-type"), "image/png");
  EXPECT_NE(file.Header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_NE(file.Header("content-disposition").find("UTF-8''%E7%8E%B0%E5%9C%BA.png"), std::string::npos);

  // Done: the opinion counts as rectified, the leader has a review to do.
  ASSERT_EQ(Send(deputy_, "POST", At(id, "/done"), "").status, 200);
  EXPECT_EQ(OpinionStatus(opinion_), "addressed");
  EXPECT_EQ(Notified(leader_, "measure_to_review"), std::vector<std::int64_t>{id});
  EXPECT_EQ(Code(Send(deputy_, "PATCH", At(id), R"({"text":"改"})")), "measure.closed");

  // Returned with a comment (a comment is required): open again, and the
  // opinion is no longer rectified.
  EXPECT_EQ(Code(Send(leader_, "POST", At(id, "/review"), R"({"decision":"return"})")), "request.invalid");
  HttpResult back = Send(leader_, "POST", At(id, "/review"), R"({"decision":"return","comment":"请补充维修照片"})");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(Json(back).at("state").as_string(), "returned");
  EXPECT_EQ(OpinionStatus(opinion_), "new");
  EXPECT_EQ(Notified(deputy_, "measure_returned"), std::vector<std::int64_t>{id});
  EXPECT_TRUE(Notified(leader_, "measure_to_review").empty());

  // Done again, accepted: final.
  ASSERT_EQ(Send(deputy_, "POST", At(id, "/done"), "").status, 200);
  HttpResult accepted = Send(leader_, "POST", At(id, "/review"), R"({"decision":"accept"})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(Json(accepted).at("state").as_string(), "accepted");
  EXPECT_EQ(Json(accepted).at("reviewed_by").as_string(), "leader");
  // People are shown by name: the reviewer and the note's writer.
  EXPECT_EQ(Json(accepted).at("reviewed_by_name").as_string(), "第一代表小组 组长");
  EXPECT_EQ(Json(accepted).at("notes").at(0).at("written_by_name").as_string(), "洞桥镇人大代表");
  EXPECT_EQ(OpinionStatus(opinion_), "addressed");
  EXPECT_TRUE(Notified(deputy_, "measure_returned").empty());
  // Answering a rectified opinion keeps it rectified.
  ASSERT_EQ(
      Send(deputy_, "PUT", "/api/v1/opinions/" + std::to_string(opinion_) + "/answer", R"({"answer":"村道已修好"})")
          .status,
      200);
  EXPECT_EQ(OpinionStatus(opinion_), "addressed");
  EXPECT_EQ(Code(Send(deputy_, "POST", At(id, "/notes"), R"({"text":"x"})")), "measure.closed");
  EXPECT_EQ(Code(Send(leader_, "POST", At(id, "/review"), R"({"decision":"return","comment":"x"})")),
            "measure.not_done");

  // The whole history is in the audit log.
  const std::string target = "\"measure:" + std::to_string(id) + "\"";
  for (const char* action :
       {"measure.create", "measure.note", "measure.evidence", "measure.done", "measure.return", "measure.accept"}) {
    const auto audit = Get(org_, std::string("/api/v1/audit?action=") + action);
    EXPECT_NE(audit.body.find(target), std::string::npos) << action << ": " << audit.body.substr(0, 300);
  }
}

TEST_F(MeasureApiTest, EachBadInputIsRefusedAndChangesNothing) {
  EXPECT_EQ(Code(Send(deputy_, "POST", "/api/v1/measures", Body("x", "2026-11-27"))), "measure.due_before_meeting");
  EXPECT_EQ(Code(Send(deputy_, "POST", "/api/v1/measures", Body("x", "2027-02-30"))), "request.invalid");
  EXPECT_EQ(Code(Send(deputy_, "POST", "/api/v1/measures", Body(""))), "request.invalid");
  EXPECT_EQ(Code(Send(deputy_, "POST", "/api/v1/measures", Body(std::string(4001, 'x')))), "request.invalid");
  EXPECT_EQ(Code(Send(deputy_, "POST", "/api/v1/measures", Body("x", "2027-03-31", others_opinion_))),
            "measure.unknown_opinion");
  // Only the deputy writes their measures.
  EXPECT_EQ(Code(Send(leader_, "POST", "/api/v1/measures", Body("x"))), "auth.forbidden");
  EXPECT_TRUE(Json(Get(leader_, CampaignList())).at("items").as_array().empty());

  HttpResult created = Send(deputy_, "POST", "/api/v1/measures", Body("走访选民", "2026-12-31"));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = Json(created).at("id").as_int64();
  EXPECT_EQ(Code(Send(deputy_, "PATCH", At(id), R"({"due_on":"2026-01-01"})")), "measure.due_before_meeting");
  EXPECT_EQ(Json(Get(deputy_, At(id))).at("due_on").as_string(), "2026-12-31");
  // Nobody reviews an open measure, nor their own.
  EXPECT_EQ(Code(Send(deputy_, "POST", At(id, "/review"), R"({"decision":"accept"})")), "measure.own_review");
  EXPECT_EQ(Code(Send(leader_, "POST", At(id, "/review"), R"({"decision":"maybe"})")), "request.invalid");
  EXPECT_EQ(Code(Send(leader_, "POST", At(id, "/review"), R"({"decision":"accept"})")), "measure.not_done");
  // A reviewer reads, never writes.
  Login reviewer = LogIn("reviewer");
  EXPECT_EQ(Json(Get(reviewer, CampaignList())).at("items").as_array().size(), 1u);
  ASSERT_EQ(Send(deputy_, "POST", At(id, "/done"), "").status, 200);
  EXPECT_EQ(Code(Send(reviewer, "POST", At(id, "/review"), R"({"decision":"accept"})")), "auth.forbidden");
  EXPECT_FALSE(Json(Get(reviewer, At(id))).at("may_review").as_bool());
  EXPECT_EQ(Json(Get(deputy_, At(id))).at("state").as_string(), "done");
  // Filters that will not do.
  EXPECT_EQ(Code(Get(leader_, CampaignList("state=closed"))), "request.invalid");
  EXPECT_EQ(Code(Get(leader_, CampaignList("overdue=yes"))), "request.invalid");
  EXPECT_EQ(Get(leader_, At(id + 1000)).status, 404);
}

TEST_F(MeasureApiTest, OverdueMeasuresAreFlaggedAndListed) {
  HttpResult created = Send(deputy_, "POST", "/api/v1/measures", Body("走访选民", "2026-12-10"));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = Json(created).at("id").as_int64();
  EXPECT_FALSE(Json(created).at("overdue").as_bool());
  EXPECT_TRUE(Json(Get(leader_, CampaignList("overdue=true"))).at("items").as_array().empty());
  EXPECT_TRUE(Notified(deputy_, "measure_overdue").empty());
  // The due day passes.
  t_->clock().Set(*base::ParseIso8601("2026-12-11T09:00:00+08:00"));
  org_ = LogIn("organizer");
  leader_ = LogIn("leader");
  deputy_ = LogIn("deputy");
  EXPECT_TRUE(Json(Get(deputy_, At(id))).at("overdue").as_bool());
  EXPECT_EQ(Json(Get(leader_, CampaignList("overdue=true"))).at("items").as_array().size(), 1u);
  EXPECT_EQ(Json(Get(leader_, CampaignList("state=open"))).at("items").as_array().size(), 1u);
  EXPECT_TRUE(Json(Get(leader_, CampaignList("state=done"))).at("items").as_array().empty());
  EXPECT_EQ(Notified(deputy_, "measure_overdue"), std::vector<std::int64_t>{id});
  // Done late is done: no longer overdue, on the dashboard too.
  const auto before = DashboardMeasures();
  ASSERT_EQ(Send(deputy_, "POST", At(id, "/done"), "").status, 200);
  const auto after = DashboardMeasures();
  EXPECT_EQ(after[0], before[0]);
  EXPECT_EQ(after[1], before[1] + 1);
  EXPECT_EQ(after[2], before[2] - 1);
  EXPECT_FALSE(Json(Get(deputy_, At(id))).at("overdue").as_bool());
  EXPECT_TRUE(Notified(deputy_, "measure_overdue").empty());
}

TEST_F(MeasureApiTest, EvidenceIsLimitedPerFileAndPerMeasure) {
  HttpResult created = Send(deputy_, "POST", "/api/v1/measures", Body("走访选民"));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = Json(created).at("id").as_int64();
  const auto note = Json(Send(deputy_, "POST", At(id, "/notes"), R"({"text":"照片"})")).at("id").as_int64();
  // One byte over 10 MB is refused before it is read.
  HttpResult big = Upload(deputy_, id, note, Png(10 * 1024 * 1024 + 1));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(Code(big), "request.too_large");
  // Five files of 10 MB fill the measure (the same content is stored once);
  // the next byte is refused.
  const std::string ten = Png(10 * 1024 * 1024);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Upload(deputy_, id, note, ten).status, 201) << i;
  HttpResult full = Upload(deputy_, id, note, Png(16));
  EXPECT_EQ(full.status, 413);
  EXPECT_EQ(Code(full), "evidence.measure_full");
  EXPECT_EQ(Json(Get(deputy_, At(id))).at("evidence_bytes").as_int64(), 50LL * 1024 * 1024);
  // A file name is never a path: only its last part is kept.
  const auto other = Json(Send(deputy_, "POST", "/api/v1/measures", Body("再走访"))).at("id").as_int64();
  const auto n2 = Json(Send(deputy_, "POST", At(other, "/notes"), R"({"text":"x"})")).at("id").as_int64();
  HttpResult named = Upload(deputy_, other, n2, Png(), "image/png", "..%2F..%2Fetc%2Fpasswd");
  ASSERT_EQ(named.status, 201) << named.body;
  EXPECT_EQ(Json(named).at("name").as_string(), "passwd");
  EXPECT_EQ(Code(Upload(deputy_, other, n2 + 1000, Png())), "measure.note_not_found");
}

}  // namespace
}  // namespace shuzhi::testing
