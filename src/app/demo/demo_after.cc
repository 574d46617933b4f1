#include "app/demo/demo_after.h"

#include "app/app.h"
#include "app/feedback/feedback.h"
#include "app/measure/measure.h"
#include "app/opinion/opinion.h"

namespace shuzhi::app {
namespace {

constexpr Micros kDay = 24LL * 3600 * base::kMicrosPerSecond;

// A 160×100 drawing of a repaired building: evidence to look at. Written
// out as bytes, not drawn at start, so the demo needs no graphics library.
const std::string& EvidencePng() {
  static const std::string png(
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\xa0\x00\x00\x00\x64"
      "\x08\x02\x00\x00\x00\x8e\xd4\xac\xd8\x00\x00\x00\xe8\x49\x44\x41\x54\x78\xda\xed\xd1\x41\x0d\xc0"
      "\x20\x10\x00\x41\x84\xf5\x5d\x11\x28\x41\x09\xef\x8a\x40\xc4\x7d\x50\x82\x89\xaa\x80\xa4\xd7\x49"
      "\x56\xc1\x4e\xe9\xb1\x94\xb8\x62\x01\x60\x01\x16\x60\x01\x16\x60\x01\x16\x60\xc0\x02\x2c\xc0\x1b"
      "\x1b\xf7\x75\x3e\xc0\x80\x01\x03\x06\x0c\x18\x30\x60\xc0\x80\x01\x03\x06\x0c\x18\x30\x60\xc0\x80"
      "\x01\x03\x06\x0c\x18\x30\x60\xc0\x80\x01\x9f\x29\x62\x7e\x2b\xc0\x80\x01\x03\x06\x0c\x18\x30\x60"
      "\xc0\x80\x01\x03\x06\x0c\x18\x30\x60\xc0\x80\x01\x03\x06\x0c\x18\x30\x60\xc0\x80\x01\x03\x06\x0c"
      "\x18\x30\x60\xc0\x80\x01\x03\x06\x0c\x18\x30\x60\xc0\x80\x01\x03\x06\x0c\x18\x30\x60\xc0\x80\x01"
      "\x03\x06\x0c\x18\x30\x60\xc0\x80\x01\x03\x06\x0c\x18\xf0\x8f\x81\xdb\x53\x95\x38\xc0\x80\x05\x58"
      "\x80\x05\x58\x80\x05\x58\x80\x01\x0b\xb0\x00\x0b\xb0\x00\x0b\xb0\x00\x03\x16\x60\x01\x16\x60\x01"
      "\x16\x60\x01\x16\x60\xc0\x02\x2c\xc0\x02\x2c\xc0\x02\x2c\xc0\x80\x05\x58\x80\x05\x58\x80\x05\x58"
      "\x80\x01\x2b\x6f\x2f\x61\x81\x8d\xd2\xe0\x99\xab\xce\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60"
      "\x82",
      289);
  return png;
}

struct Plan {
  const char* text;
  const char* note;  // nullptr: no progress yet
  core::MeasureState state;
  const char* review_comment;  // for a returned one
  int due_days;                // after the meeting
};

// One measure per deputy, in every state (an open one past its due date).
constexpr Plan kPlans[] = {
    {"每季度到联系村走访选民一次，建立走访台账。", "已走访联系村3次，记录选民意见12条。", core::MeasureState::kAccepted,
     "", 90},
    {"督促村口道路修缮，年底前向选民通报进展。", "已向镇政府提交书面建议，道路已开工。", core::MeasureState::kDone, "",
     60},
    {"参加代表联络站接待活动，每月不少于一次。", "11月参加接待1次。", core::MeasureState::kReturned,
     "请补充接待记录和选民反映问题的办理情况。", 60},
    {"整理本年度建议办理情况，向选民书面报告。", nullptr, core::MeasureState::kOpen, "", 5},
    {"学习代表法和履职知识，参加培训不少于两次。", nullptr, core::MeasureState::kOpen, "", 120},
};

// `talk`: the leader has held the feedback talk (and released the result).
Status SeedOne(App& held, base::FakeClock& clock, const Actor& leader, std::int64_t poll, std::int64_t deputy,
               const Plan& plan, std::size_t index, bool talk, const std::string& meeting_date) {
  const Actor self{0, "代表" + std::to_string(deputy), {{core::Role::kDeputy, {}, {}, deputy}}};
  FeedbackInput input{clock.Now() - kDay, index % 2 ? core::FeedbackMethod::kPhone : core::FeedbackMethod::kInPerson,
                      "第一代表小组组长", "反馈测评结果和选民意见，肯定成绩，指出联系选民还不够经常。", true};
  if (talk) {
    SHUZHI_TRY(held.feedback().Record(leader, poll, deputy, input).status());
    if (index == 0) SHUZHI_TRY(held.feedback().Confirm(self, poll, deputy));
  }
  MeasureInput in{plan.text, "", {}};
  const Micros due = *base::ParseIso8601(meeting_date + "T12:00:00+08:00") + plan.due_days * kDay;
  in.due_on = base::FormatCst(due).substr(0, 10);
  SHUZHI_ASSIGN_OR_RETURN(auto opinions, held.opinions().List(leader, deputy));
  for (const auto& o : opinions) {
    if (o.status == "new" || o.status == "answered") in.opinion_ids.push_back(o.id);
  }
  SHUZHI_ASSIGN_OR_RETURN(auto m, held.measures().Create(self, poll, deputy, in));
  const auto id = m.view.measure.id;
  if (plan.note) {
    clock.Advance(2 * kDay);
    SHUZHI_ASSIGN_OR_RETURN(auto note, held.measures().AddNote(self, id, plan.note));
    SHUZHI_TRY(held.measures().Attach(self, id, note.note.id, {"走访现场.png", "image/png", EvidencePng()}).status());
  }
  if (plan.state == core::MeasureState::kOpen) return base::Ok();
  clock.Advance(kDay);
  SHUZHI_TRY(held.measures().MarkDone(self, id).status());
  if (plan.state == core::MeasureState::kDone) return base::Ok();
  clock.Advance(kDay);
  const bool accept = plan.state == core::MeasureState::kAccepted;
  return held.measures().Review(leader, id, accept, plan.review_comment).status();
}

}  // namespace

Status SeedAfterMeeting(App& held, base::FakeClock& clock, std::int64_t poll, const std::vector<std::int64_t>& deputies,
                        std::int64_t skip, std::int64_t town, std::int64_t group) {
  const Actor leader{0, "leader", {{core::Role::kGroupLeader, town, group, {}}}};
  const Micros meeting = clock.Now();
  const std::string meeting_date = base::FormatCst(meeting).substr(0, 10);
  std::vector<std::int64_t> others;
  for (auto deputy : deputies) {
    if (deputy != skip && others.size() < std::size(kPlans)) others.push_back(deputy);
  }
  for (std::size_t index = 0; index < others.size(); ++index) {
    clock.Set(meeting + 2 * kDay);  // each talk two days after the meeting, each measure's steps a day apart
    // Talks with the first two; the last one waits, as does the demo deputy.
    const bool talk = index < 2 && index + 1 < others.size();
    SHUZHI_TRY(SeedOne(held, clock, leader, poll, others[index], kPlans[index], index, talk, meeting_date));
  }
  return base::Ok();
}

}  // namespace shuzhi::app
