// Two `shuzhi serve` processes over one PostgreSQL serve one poll (DESIGN.md
// §6: stateless servers behind a load balancer):
//   - a session made on one works on the other;
//   - 500 evaluators cast at once, spread over both: every acknowledged
//     ballot is counted once;
//   - the projector's event stream on one server shows the live count that
//     ballots through the other produce (the state is read from the
//     database, not one process's memory);
//   - 1,000 simultaneous submissions on one carrier, over both servers,
//     store one ballot;
//   - one server killed under load: the other goes on, and no acknowledged
//     ballot is lost.
// argv[1] is the shuzhi binary; SHUZHI_TEST_PG_URL names the server.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "base/json.h"
#include "http_client.h"
#include "serve_process.h"

namespace shuzhi::testing {
namespace {

namespace json = base::json;
std::string g_binary;

// A server over `url`; the first also seeds the demo.
std::unique_ptr<ServeProcess> Start(const std::string& url, bool demo) {
  ServeConfig config;
  config.binary = g_binary;
  config.args = {"--db", url};
  if (demo) config.args.push_back("--demo");
  config.port = FreePort();
  config.log = "/tmp/shuzhi-two-" + std::to_string(::getpid()) + "-" + std::to_string(config.port) + ".log";
  config.env = {{"SHUZHI_DEMO_PASSWORD", "demo-password"}, {"SHUZHI_ADMIN_PASSWORD", "admin-password-1"}};
  auto s = std::make_unique<ServeProcess>(config);
  EXPECT_TRUE(s->Start()) << "server on " << s->port() << " did not start; see " << s->log();
  return s;
}

json::value Json(const HttpResult& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  return ec ? json::value(nullptr) : v;
}

class TwoServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = std::getenv("SHUZHI_TEST_PG_URL") ? std::getenv("SHUZHI_TEST_PG_URL") : "";
    ASSERT_FALSE(url_.empty()) << "SHUZHI_TEST_PG_URL is not set; run through make test";
    PGconn* c = PQconnectdb(url_.c_str());
    PQclear(PQexec(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
    PQfinish(c);
    a_ = Start(url_, true);  // seeds the demo, then the second joins
    b_ = Start(url_, false);
  }
  void TearDown() override {
    if (a_) a_->Stop();
    if (b_) b_->Stop();
  }

  // The demo organizer logs in on A; Send carries the session to either
  // server (sessions live in the database).
  void LogIn() {
    HttpResult login =
        HttpCall(a_->port(), "POST", "/api/v1/session", R"({"username":"organizer","password":"demo-password"})",
                 {{"Content-Type", "application/json"}});
    ASSERT_EQ(login.status, 200) << login.body;
    cookie_ = login.Header("set-cookie").substr(0, login.Header("set-cookie").find(';'));
    csrf_ = std::string(Json(login).at("csrf_token").as_string());
  }
  HttpResult Send(std::uint16_t port, const char* method, const std::string& target, const std::string& body,
                  const char* type = "application/json") {
    return HttpCall(port, method, target, body,
                    {{"Cookie", cookie_},
                     {"X-CSRF-Token", csrf_},
                     {"Content-Type", type},
                     {"X-File-Name", "%E5%90%8D%E5%86%8C.csv"},
                     {"Origin", "http://127.0.0.1:" + std::to_string(port)}});
  }

  // A sheet meeting of the demo's active committee campaign with `n` phone
  // slips read back from the PDFs (all but one printed through A, the last
  // through B), `n` evaluators checked in alternately through A and B, and
  // its poll open. Logs in first.
  struct OpenedPoll {
    std::int64_t meeting = 0, poll = 0;
    std::vector<std::int64_t> deputies;
    std::string token;
    std::vector<std::string> codes;
  };
  void OpenPoll(int n, OpenedPoll* out) {
    ASSERT_NO_FATAL_FAILURE(LogIn());
    auto send = [&](std::uint16_t port, const char* method, const std::string& target, const std::string& body) {
      return Send(port, method, target, body);
    };
    // The session made on A works on B: it lives in the database.
    auto campaigns = Json(send(b_->port(), "GET", "/api/v1/campaigns", ""));
    ASSERT_TRUE(campaigns.is_object());
    std::int64_t committee = 0;
    for (const auto& c : campaigns.at("items").as_array()) {
      // The active one: the demo also holds last year's, archived.
      if (c.at("spec").at("template_code").as_string() == "committee" && c.at("state").as_string() == "active")
        committee = c.at("id").as_int64();
    }
    ASSERT_GT(committee, 0);
    auto created = send(a_->port(), "POST", "/api/v1/campaigns/" + std::to_string(committee) + "/meetings",
                        R"({"title":"两台服务器","starts_at":"2026-11-28T09:00:00+08:00","poll_mode":"sheet"})");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto meeting = Json(created);
    const auto mid = meeting.at("id").as_int64();
    out->meeting = mid;
    out->poll = meeting.at("polls").at(0).at("id").as_int64();
    for (const auto& d : meeting.at("polls").at(0).at("deputies").as_array())
      out->deputies.push_back(d.at("id").as_int64());
    out->token = std::string(meeting.at("projector_token").as_string());
    auto pdf = send(a_->port(), "POST", "/api/v1/meetings/" + std::to_string(mid) + "/carriers",
                    R"({"channel":"phone","count":)" + std::to_string(n - 1) + "}");
    ASSERT_EQ(pdf.status, 200);
    auto pdf2 = send(b_->port(), "POST", "/api/v1/meetings/" + std::to_string(mid) + "/carriers",
                     R"({"channel":"phone","count":1})");
    ASSERT_EQ(pdf2.status, 200);
    for (const auto* body : {&pdf.body, &pdf2.body}) {
      auto more = CarrierCodes(*body);
      out->codes.insert(out->codes.end(), more.begin(), more.end());
    }
    ASSERT_EQ(out->codes.size(), static_cast<std::size_t>(n));
    // The committee members, and more added at the door, alternately
    // through A and B.
    int seated = 0;
    for (const auto& a : meeting.at("attendees").as_array()) {
      if (a.at("role").as_string() != "evaluator" || seated == n) continue;
      auto in = send(seated % 2 ? a_->port() : b_->port(), "POST",
                     "/api/v1/meetings/" + std::to_string(mid) + "/attendees/" + std::to_string(a.at("id").as_int64()) +
                         "/check-in",
                     R"({"channel":"phone"})");
      ASSERT_EQ(in.status, 204) << in.body;
      ++seated;
    }
    for (; seated < n; ++seated) {
      auto added =
          send(seated % 2 ? a_->port() : b_->port(), "POST", "/api/v1/meetings/" + std::to_string(mid) + "/attendees",
               R"({"role":"evaluator","name":"测评人"})");
      ASSERT_EQ(added.status, 201) << added.body;
      auto in = send(seated % 2 ? b_->port() : a_->port(), "POST",
                     "/api/v1/meetings/" + std::to_string(mid) + "/attendees/" +
                         std::to_string(Json(added).at("id").as_int64()) + "/check-in",
                     R"({"channel":"phone"})");
      ASSERT_EQ(in.status, 204) << in.body;
    }
    ASSERT_EQ(send(b_->port(), "POST", "/api/v1/polls/" + std::to_string(out->poll) + "/open", "").status, 204);
  }

  // The ballot of slip `code`, one of two variants.
  static std::string Ballot(const OpenedPoll& p, const std::string& code, int variant) {
    json::array choices;
    for (const auto deputy : p.deputies) {
      choices.push_back(
          json::object{{"deputy_id", deputy}, {"option", variant % 2 ? "satisfied" : "basically_satisfied"}});
    }
    return json::serialize(json::object{{"code", code}, {"poll_id", p.poll}, {"choices", choices}});
  }

  std::string url_, cookie_, csrf_;
  std::unique_ptr<ServeProcess> a_, b_;
};

TEST_F(TwoServersTest, OnePollServedByTwoProcesses) {
  ASSERT_NE(a_->port(), b_->port());
  OpenedPoll p;
  ASSERT_NO_FATAL_FAILURE(OpenPoll(501, &p));
  auto send = [&](std::uint16_t port, const char* method, const std::string& target, const std::string& body) {
    return Send(port, method, target, body);
  };
  const auto poll = p.poll;
  const auto& codes = p.codes;
  const auto& token = p.token;

  // B's projector stream, watching for the count that ballots through A make.
  std::string stream;
  std::thread watcher([&] {
    stream = ReadStreamUntil(b_->port(), "/api/v1/public/projector/" + token + "/events", "\"voted\":250", 60'000);
  });
  auto ballot = [&](const std::string& code, int variant) { return Ballot(p, code, variant); };
  // Half the ballots through A first: B's stream must show them.
  std::atomic<int> next{0}, acked{0};
  auto cast_range = [&](int from, int to, bool alternate) {
    std::vector<std::thread> threads;
    next = from;
    for (int t = 0; t < 16; ++t) {
      threads.emplace_back([&, to, alternate] {
        for (int i = next++; i < to; i = next++) {
          const auto port = alternate && i % 2 ? b_->port() : a_->port();
          auto r = HttpCall(port, "POST", "/api/v1/public/ballot/cast", ballot(codes[static_cast<std::size_t>(i)], i),
                            {{"Content-Type", "application/json"}});
          if (r.status == 200)
            ++acked;
          else
            ADD_FAILURE() << r.status << " " << r.body;
        }
      });
    }
    for (auto& t : threads) t.join();
  };
  cast_range(0, 250, false);
  watcher.join();
  EXPECT_NE(stream.find("\"voted\":250"), std::string::npos) << stream.substr(0, 300);
  EXPECT_EQ(stream.find("\"result\""), std::string::npos);  // no count while open
  cast_range(250, 500, true);
  EXPECT_EQ(acked.load(), 500);

  // One carrier, 1,000 submissions at once over both servers: one ballot.
  std::atomic<int> ok{0}, spent{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 20; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 50; ++k) {
        auto r = HttpCall(t % 2 ? a_->port() : b_->port(), "POST", "/api/v1/public/ballot/cast",
                          ballot(codes[500], k % 2), {{"Content-Type", "application/json"}});
        if (r.status == 200)
          ++ok;
        else if (r.status == 409)
          ++spent;
        else
          ADD_FAILURE() << r.status << " " << r.body;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok + spent, 1000);
  EXPECT_GE(ok.load(), 1);

  // Both projectors agree; the close on A, the result and board on B.
  for (auto port : {a_->port(), b_->port()}) {
    auto state = Json(HttpCall(port, "GET", "/api/v1/public/projector/" + token));
    EXPECT_EQ(state.at("polls").at(0).at("voted").as_int64(), 501);
  }
  ASSERT_EQ(send(a_->port(), "POST", "/api/v1/polls/" + std::to_string(poll) + "/close", "").status, 204);
  auto result = Json(send(b_->port(), "GET", "/api/v1/polls/" + std::to_string(poll) + "/result", ""));
  ASSERT_TRUE(result.at("available").as_bool());
  EXPECT_EQ(result.at("result").at("returned").as_int64(), 501);
  EXPECT_EQ(result.at("result").at("issued").as_int64(), 501);
  auto board = Json(send(b_->port(), "GET", "/api/v1/polls/" + std::to_string(poll) + "/board", ""));
  EXPECT_EQ(board.at("ballots").as_array().size(), 501u);
  EXPECT_EQ(board.at("receipts").as_array().size(), 501u);
}

// One server killed (SIGKILL) while ballots pour in through both (issue 17):
// A goes on; a phone whose request died with B sends the identical ballot
// again through A, which answers with the same receipt when B had stored
// it; every ballot acknowledged is counted once and its receipt is on the
// board A publishes.
TEST_F(TwoServersTest, AServerKilledUnderLoadLosesNoAcknowledgedBallot) {
  constexpr int kBallots = 300, kKillAfter = 100;
  OpenedPoll p;
  ASSERT_NO_FATAL_FAILURE(OpenPoll(kBallots, &p));
  std::mutex mu;
  std::map<int, std::string> receipts;  // by slip
  std::atomic<int> next{0}, acked{0}, resent{0}, acked_at_kill{-1};
  std::atomic<bool> killed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < kBallots; i = next++) {
        const std::string body = Ballot(p, p.codes[static_cast<std::size_t>(i)], i);
        auto cast = [&](std::uint16_t port) {
          return HttpCall(port, "POST", "/api/v1/public/ballot/cast", body, {{"Content-Type", "application/json"}});
        };
        HttpResult r = cast(!killed && i % 2 ? b_->port() : a_->port());
        // No answer (B gone mid-request, or refusing connections) or a 503: the same ballot again, through A.
        for (int attempt = 0; (r.status == 0 || r.status == 503) && attempt < 20; ++attempt) {
          ++resent;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          r = cast(a_->port());
        }
        if (r.status != 200) {
          ADD_FAILURE() << "slip " << i << ": " << r.status << " " << r.body;
          continue;
        }
        std::lock_guard lock(mu);
        receipts[i] = std::string(Json(r).at("receipt").as_string());
        ++acked;
      }
    });
  }
  while (acked < kKillAfter) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  acked_at_kill = acked.load();
  b_->Kill();
  killed = true;
  for (auto& t : threads) t.join();
  EXPECT_LT(acked_at_kill.load(), kBallots) << "the kill came after the load";
  ASSERT_EQ(acked.load(), kBallots);
  std::printf("killed B after %d of %d ballots were acknowledged; %d sent again through A\n", acked_at_kill.load(),
              kBallots, resent.load());

  ASSERT_EQ(Send(a_->port(), "POST", "/api/v1/polls/" + std::to_string(p.poll) + "/close", "").status, 204);
  auto result = Json(Send(a_->port(), "GET", "/api/v1/polls/" + std::to_string(p.poll) + "/result", ""));
  ASSERT_TRUE(result.at("available").as_bool()) << json::serialize(result);
  EXPECT_EQ(result.at("result").at("returned").as_int64(), kBallots);
  auto board = Json(Send(a_->port(), "GET", "/api/v1/polls/" + std::to_string(p.poll) + "/board", ""));
  EXPECT_EQ(board.at("ballots").as_array().size(), static_cast<std::size_t>(kBallots));
  // The board lists the receipts' digests: each phone asks, as a voter's
  // phone does, whether its receipt is there; with as many listed as
  // acknowledged and every one found, each is there once.
  EXPECT_EQ(board.at("receipts").as_array().size(), receipts.size());
  auto included = [&](const std::string& receipt) {
    auto found = HttpCall(a_->port(), "POST", "/api/v1/public/receipts/check",
                          json::serialize(json::object{{"poll_id", p.poll}, {"receipt", receipt}}),
                          {{"Content-Type", "application/json"}});
    EXPECT_EQ(found.status, 200) << found.body;
    return found.status == 200 && Json(found).at("included").as_bool();
  };
  for (const auto& [slip, receipt] : receipts) EXPECT_TRUE(included(receipt)) << "slip " << slip;
  // The check can say no: a receipt with one character changed is not there.
  std::string changed = receipts.begin()->second;
  changed[0] = changed[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(included(changed));
}

// A roster import started on A is watched, applied and its outcome read on
// B: the job lives in the database (issue 15 §4), so a load balancer may
// send each request to either server.
TEST_F(TwoServersTest, AnImportStartedOnOneServerIsAppliedOnTheOther) {
  ASSERT_NO_FATAL_FAILURE(LogIn());
  auto send = [&](std::uint16_t port, const char* method, const std::string& target, const std::string& body,
                  const char* type = "application/json") { return Send(port, method, target, body, type); };
  std::int64_t congress = 0;  // the town's, which the demo organizer looks after
  const auto congresses = Json(send(b_->port(), "GET", "/api/v1/congresses", ""));
  for (const auto& c : congresses.at("items").as_array()) {
    if (c.at("name").as_string() == "洞桥镇人民代表大会") congress = c.at("id").as_int64();
  }
  ASSERT_GT(congress, 0);
  const auto term = Json(send(b_->port(), "GET", "/api/v1/congresses/" + std::to_string(congress) + "/terms", ""))
                        .at("items")
                        .at(0)
                        .at("id")
                        .as_int64();
  auto started = send(a_->port(), "POST", "/api/v1/imports?kind=deputies&term_id=" + std::to_string(term),
                      "姓名,性别,出生日期,职业类别\n两台服务器甲,男,1970-05-01,农民\n两台服务器乙,女,1980-01-02,工人\n",
                      "application/octet-stream");
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id(Json(started).at("id").as_string());
  auto await = [&](std::uint16_t port, const char* until) {
    json::value v;
    for (int i = 0; i < 300; ++i) {
      v = Json(send(port, "GET", "/api/v1/imports/" + id, ""));
      if (v.at("state").as_string() == until) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return v;
  };
  auto ready = await(b_->port(), "ready");
  ASSERT_EQ(ready.at("state").as_string(), "ready") << json::serialize(ready);
  EXPECT_EQ(ready.at("rows").as_int64(), 2);
  EXPECT_TRUE(ready.at("problems").as_array().empty()) << json::serialize(ready);
  auto applying = send(b_->port(), "POST", "/api/v1/imports/" + id + "/apply", R"({"decisions":[]})");
  ASSERT_EQ(applying.status, 202) << applying.body;
  auto applied = await(a_->port(), "applied");
  ASSERT_EQ(applied.at("state").as_string(), "applied") << json::serialize(applied);
  EXPECT_EQ(applied.at("applied").at("created").as_int64(), 2);
  // Applying again through A is refused: B applied it.
  EXPECT_EQ(send(a_->port(), "POST", "/api/v1/imports/" + id + "/apply", R"({"decisions":[]})").status, 412);
  auto roster = Json(send(a_->port(), "GET", "/api/v1/roster?q=%E4%B8%A4%E5%8F%B0%E6%9C%8D%E5%8A%A1%E5%99%A8", ""));
  EXPECT_EQ(roster.at("total").as_int64(), 2) << json::serialize(roster);
}

}  // namespace
}  // namespace shuzhi::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: two_servers_test SHUZHI_BINARY\n");
    return 2;
  }
  shuzhi::testing::g_binary = argv[1];
  return RUN_ALL_TESTS();
}
