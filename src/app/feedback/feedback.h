// The feedback talk after a private result (谈话反馈, plan 2's third
// phase): the deputy's group leader tells each deputy their result and the
// evaluators' opinions, records when, how and by whom, and releases the
// result to the deputy — in the same step or separately
// (MeetingService::Release); the deputy confirms having received it.
//
// Who: the deputy's group leader or an organizer records; reviewers and the
// other readers of the campaign read; a deputy sees and confirms only their
// own records. A record needs the poll's final result.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/feedback.h"
#include "core/meeting_states.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

struct FeedbackInput {
  Micros given_at = 0;
  core::FeedbackMethod method = core::FeedbackMethod::kInPerson;
  std::string given_by;
  std::string notes;
  bool release = false;  // release the result to the deputy in the same step
};

// One deputy of one poll of a meeting, after the meeting.
struct FeedbackItem {
  std::int64_t poll_id = 0;
  int poll_position = 0;
  int poll_round = 1;
  core::PollState poll_state = core::PollState::kPending;
  std::int64_t deputy_id = 0;
  std::string deputy_name;
  std::optional<std::int64_t> group_id;
  std::string group_name;
  bool released = false;
  bool may_record = false;  // the actor leads the deputy's group or organizes
  std::optional<core::Feedback> feedback;
};

// A deputy's own feedback record and where it came from.
struct MyFeedback {
  core::Feedback feedback;
  std::int64_t meeting_id = 0;
  std::string meeting_title;
  std::string campaign_title;
  bool released = false;
};

// A deputy waiting for their feedback talk: their private result is final
// and nothing is recorded yet.
struct FeedbackDue {
  std::int64_t campaign_id = 0;
  std::int64_t meeting_id = 0;
  std::string meeting_title;
  std::int64_t poll_id = 0;
  std::int64_t deputy_id = 0;
  std::string deputy_name;
};

class FeedbackService {
 public:
  FeedbackService(storage::Store& store, const base::Clock& clock);

  // Every deputy of the meeting's polls that have closed (final, or counting
  // for paper), with their feedback so far; for whoever may read the
  // meeting. A pending or void poll has nobody to feed back to.
  Result<std::vector<FeedbackItem>> ForMeeting(const Actor& actor, std::int64_t meeting_id);

  // Records (or corrects) the talk with `deputy_id` about poll `poll_id`,
  // and with `release` releases the result too. failed_precondition
  // "feedback.result_not_final" before the result is final; invalid_argument
  // for a method, time or text that will not do ("feedback.before_meeting",
  // "feedback.in_future", fields required or too long).
  Result<FeedbackItem> Record(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id,
                              const FeedbackInput& in);

  // The talks the actor still owes: deputies of final results in campaigns
  // whose results are private (announced ones were heard in the hall), in
  // campaigns not yet archived, whom the actor feeds back to (their group
  // leader, an organizer).
  Result<std::vector<FeedbackDue>> Undelivered(const Actor& actor);

  // The actor's own records (as a deputy), newest talk first.
  Result<std::vector<MyFeedback>> Mine(const Actor& actor);

  // The deputy confirms having received the feedback (once; again is ok).
  // not_found "feedback.not_found" without a record; only the deputy.
  Status Confirm(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
};

}  // namespace shuzhi::app
