#include "app/demo/demo_meetings.h"

#include <functional>

#include "app/app.h"
#include "app/ballot/ballot.h"
#include "app/meeting/meeting.h"
#include "core/campaign.h"

namespace shuzhi::app::demo_detail {
namespace {

// Casts `ballots` (option indexes per deputy, in the poll's order) with the
// given carriers, through the same service phones use.
Status CastAll(App& app, std::int64_t poll, const std::vector<std::int64_t>& deputies,
               const std::vector<core::ScaleOption>& scale, const std::vector<std::string>& codes,
               const std::function<int(std::size_t voter, std::size_t deputy)>& choose) {
  for (std::size_t v = 0; v < codes.size(); ++v) {
    std::vector<core::ChoiceInput> choices;
    for (std::size_t d = 0; d < deputies.size(); ++d)
      choices.push_back({deputies[d], scale.at(static_cast<std::size_t>(choose(v, d))).code});
    SHUZHI_TRY(app.ballots().CastAndWait(codes[v], poll, choices, "demo", nullptr).status());
  }
  return base::Ok();
}

Status CheckInEvaluators(App& app, const Actor& actor, const MeetingView& meeting, core::Channel channel, int n) {
  int done = 0;
  for (const auto& a : meeting.attendees) {
    if (done == n) break;
    if (a.role != "evaluator" || a.checked_in) continue;
    SHUZHI_TRY(app.meetings().CheckIn(actor, meeting.id, a.id, channel));
    ++done;
  }
  return base::Ok();
}

ConsoleAction Act(const char* kind, int item = -1, const char* stage = "") {
  ConsoleAction a;
  a.kind = kind;
  a.item = item;
  a.stage = stage;
  return a;
}

std::vector<std::int64_t> PollDeputies(const PollView& poll) {
  std::vector<std::int64_t> out;
  for (const auto& d : poll.deputies) out.push_back(d.id);
  return out;
}

constexpr Micros kTenMinutes = 10LL * 60 * base::kMicrosPerSecond;

// The paper sheets of a poll, each keyed twice, by two different users.
Status KeySheets(App& held, std::int64_t poll, const std::vector<std::string>& sheets,
                 const std::vector<std::int64_t>& deputies, const std::vector<core::ScaleOption>& scale,
                 const std::function<int(std::size_t voter, std::size_t deputy)>& choose) {
  const Actor teller_a{0, "计票人甲", {{core::Role::kAdmin, {}, {}, {}}}};
  const Actor teller_b{0, "计票人乙", {{core::Role::kAdmin, {}, {}, {}}}};
  for (std::size_t s = 0; s < sheets.size(); ++s) {
    PaperSheet sheet{sheets[s], {}};
    for (std::size_t d = 0; d < deputies.size(); ++d) {
      // One row left blank on one sheet: invalid for that deputy only.
      const std::string option = s == 5 && d == 0 ? "blank" : scale.at(static_cast<std::size_t>(choose(s + 3, d))).code;
      sheet.choices.push_back({deputies[d], option});
    }
    SHUZHI_TRY(held.meetings().KeyPaperSheet(teller_a, poll, sheet).status());
    SHUZHI_TRY(held.meetings().KeyPaperSheet(teller_b, poll, sheet).status());
  }
  return base::Ok();
}

}  // namespace

Micros At(const std::string& iso) { return *base::ParseIso8601(iso); }

Status SeedCommitteeMeeting(HeldMeetings& m, std::int64_t committee) {
  const Actor& system = m.system;
  auto& meetings = m.held.meetings();
  NewMeeting a;
  a.title = m.y + "年市人大代表向县人大常委会述职评议会";
  a.starts_at = At(m.y + "-11-25T09:00:00+08:00");
  a.venue = "县人大常委会第一会议室";
  SHUZHI_ASSIGN_OR_RETURN(auto ma, meetings.Create(system, committee, a));
  const auto ma_id = ma.id;
  MeetingChanges officials;
  officials.chair = "县人大常委会主任";
  officials.tellers = std::vector<std::string>{"张计票", "李计票"};
  officials.scrutineers = std::vector<std::string>{"王监票"};
  SHUZHI_TRY(meetings.Update(system, ma_id, officials).status());
  SHUZHI_ASSIGN_OR_RETURN(auto slips, meetings.CreateCarriers(system, ma_id, core::Channel::kPhone, 28));
  SHUZHI_TRY(CheckInEvaluators(m.held, system, ma, core::Channel::kPhone, 25));
  SHUZHI_TRY(meetings.VoidCarriers(system, ma_id, {slips.begin() + 25, slips.end()}).status());
  slips.resize(25);
  const auto scale_a = core::CommitteeTemplate(m.year).scale;
  const auto& polls_a = ma.polls;
  for (std::size_t i = 0; i < polls_a.size(); ++i) {
    const auto& p = polls_a[i];
    const auto poll = p.id;
    SHUZHI_TRY(meetings.Console(system, ma_id, Act("goto", static_cast<int>(i), "report")).status());
    auto question = Act("question", static_cast<int>(i));
    question.asked_by = "常委会委员";
    question.question = "如何保持与原选区选民的联系？";
    question.answer = "每季度回原选区走访一次，参加代表联络站接待活动。";
    SHUZHI_TRY(meetings.Console(system, ma_id, question).status());
    m.clock.Advance(kTenMinutes);  // the report and the questions
    SHUZHI_TRY(meetings.OpenPoll(system, poll));
    m.clock.Advance(kTenMinutes / 2);
    const bool earlier = m.earlier;
    SHUZHI_TRY(CastAll(m.held, poll, PollDeputies(p), scale_a, slips, [i, earlier](std::size_t v, std::size_t) {
      // Mostly 满意, a few 基本满意 and, for some deputies, 不满意: this
      // year a quarter of them, by 2 of 25; the year before a third, by 4.
      const std::size_t k = (v * 7 + i * 3) % 25;
      if (earlier) return k < 15 ? 0 : (k < 21 ? 1 : (i % 3 == 0 ? 2 : 1));
      return k < 19 ? 0 : (k < 23 ? 1 : (i % 4 == 3 ? 2 : 1));
    }));
    SHUZHI_TRY(meetings.ClosePoll(system, poll));
    auto remarks = Act("remarks", static_cast<int>(i));
    remarks.text = "履职积极，建议进一步加强与选民的联系。";
    SHUZHI_TRY(meetings.Console(system, ma_id, remarks).status());
  }
  return meetings.Console(system, ma_id, Act("finish")).status();
}

Result<std::pair<std::int64_t, std::vector<std::int64_t>>> SeedGroupMeeting(HeldMeetings& m, std::int64_t voter,
                                                                            std::int64_t group) {
  const Actor& system = m.system;
  auto& meetings = m.held.meetings();
  NewMeeting b;
  b.title = "第一代表小组" + m.y + "年代表述职评议会";
  b.group_id = group;
  b.starts_at = At(m.y + "-11-26T14:30:00+08:00");
  b.venue = "村民服务中心会议室";
  b.poll_mode = "sheet";
  m.clock.Set(b.starts_at);
  SHUZHI_ASSIGN_OR_RETURN(auto mb, meetings.Create(system, voter, b));
  const auto mb_id = mb.id;
  SHUZHI_ASSIGN_OR_RETURN(auto phones, meetings.CreateCarriers(system, mb_id, core::Channel::kPhone, 20));
  SHUZHI_ASSIGN_OR_RETURN(auto sheets, meetings.CreateCarriers(system, mb_id, core::Channel::kPaper, 8));
  SHUZHI_TRY(CheckInEvaluators(m.held, system, mb, core::Channel::kPhone, 20));
  SHUZHI_ASSIGN_OR_RETURN(mb, meetings.Get(system, mb_id));
  SHUZHI_TRY(CheckInEvaluators(m.held, system, mb, core::Channel::kPaper, 8));
  const auto& poll_b = mb.polls.at(0);
  const auto pb = poll_b.id;
  const auto deputies_b = PollDeputies(poll_b);
  const auto scale_b = core::VoterTemplate(m.year).scale;
  m.clock.Advance(6 * kTenMinutes);  // the deputies' reports
  SHUZHI_TRY(meetings.OpenPoll(system, pb));
  m.clock.Advance(kTenMinutes);
  auto choose_b = [](std::size_t v, std::size_t d) {
    return static_cast<int>((v + d) % 7 < 4 ? 0 : ((v + d) % 7 < 6 ? 1 : 2));
  };
  SHUZHI_TRY(CastAll(m.held, pb, deputies_b, scale_b, phones, choose_b));
  SHUZHI_TRY(meetings.ClosePoll(system, pb));
  m.clock.Advance(2 * kTenMinutes);  // the tellers key the sheets
  SHUZHI_TRY(meetings.SetPaperCount(system, pb, static_cast<std::int64_t>(sheets.size())));
  SHUZHI_TRY(KeySheets(m.held, pb, sheets, deputies_b, scale_b, choose_b));
  SHUZHI_TRY(meetings.FinalizePoll(system, pb));
  SHUZHI_TRY(meetings.Console(system, mb_id, Act("finish")).status());
  return std::make_pair(pb, deputies_b);
}

}  // namespace shuzhi::app::demo_detail
