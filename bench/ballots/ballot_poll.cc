#include "bench/ballots/ballot_poll.h"

#include <cstdio>
#include <cstdlib>

#include "app/campaign/campaign.h"
#include "app/demo/demo.h"
#include "app/meeting/meeting.h"
#include "app/testing/app_test_util.h"
#include "core/campaign.h"

namespace shuzhi::bench {
namespace {

void Check(const base::Status& st, const char* what) {
  if (st.ok()) return;
  std::fprintf(stderr, "ballot bench: %s: %s\n", what, st.ToString().c_str());
  std::exit(1);
}

}  // namespace

std::int64_t CommitteeCampaign(app::App& app, const app::Actor& admin) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto campaigns = app.campaigns().List(admin, std::nullopt);
    Check(campaigns.status(), "campaigns");
    for (const auto& c : *campaigns) {
      if (c.spec.template_code == "committee" && c.record.state == core::CampaignState::kActive) return c.record.id;
    }
    Check(app::SeedDemo(app, "bench-password", app::DemoScope::kThisYear).status(), "demo");
  }
  std::fprintf(stderr, "ballot bench: the demo has no active committee campaign\n");
  std::exit(1);
}

namespace {
app::AppOptions FastPasswords() {
  app::AppOptions options;
  options.password_cost = base::PasswordCost::kTestOnly;
  return options;
}
}  // namespace

BenchApp::BenchApp(storage::Store& store) : app(store, clock, FastPasswords()) {
  campaign = CommitteeCampaign(app, admin);
}

PreparedPoll PreparePoll(app::App& app, storage::Store& store, const app::Actor& admin, std::int64_t campaign,
                         const std::string& label, int ballots, std::int64_t extra) {
  app::NewMeeting in;
  in.title = "基准测试 " + label;
  in.starts_at = app.clock().Now();
  in.poll_mode = "sheet";
  auto m = app.meetings().Create(admin, campaign, in);
  Check(m.status(), "meeting");
  PreparedPoll out;
  out.meeting = m->id;
  out.poll = m->polls.at(0).id;
  out.projector_token = m->projector_token.value_or("");
  for (const auto& d : m->polls.at(0).deputies) out.deputies.push_back(d.id);
  std::vector<std::string> codes;
  for (int made = 0; made < ballots; made += 500) {
    auto c = app.meetings().CreateCarriers(admin, out.meeting, core::Channel::kPhone, std::min(500, ballots - made));
    Check(c.status(), "carriers");
    codes.insert(codes.end(), c->begin(), c->end());
  }
  Check(app::testing::SeatEvaluators(store, out.meeting, ballots + extra), "seat evaluators");
  // One hand-out is at most 2,000,000 carriers (MeetingService::Issue); ten million come in several.
  constexpr std::int64_t kIssueChunk = 1'000'000;
  for (std::int64_t issued = 0; issued < ballots + extra; issued += kIssueChunk) {
    const auto count = std::min(kIssueChunk, ballots + extra - issued);
    Check(app.meetings().Issue(admin, out.meeting, core::Channel::kPhone, static_cast<int>(count)), "issue");
  }
  Check(app.meetings().OpenPoll(admin, out.poll), "open");
  const auto scale = core::CommitteeTemplate(2026).scale;
  out.bodies.reserve(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::string choices = "[";
    for (std::size_t d = 0; d < out.deputies.size(); ++d) {
      if (d) choices += ",";
      choices +=
          R"({"deputy_id":)" + std::to_string(out.deputies[d]) + R"(,"option":")" + scale[(i + d) % 3].code + R"("})";
    }
    out.bodies.push_back(R"({"code":")" + codes[i] + R"(","poll_id":)" + std::to_string(out.poll) + R"(,"choices":)" +
                         choices + "]}");
  }
  return out;
}

}  // namespace shuzhi::bench
