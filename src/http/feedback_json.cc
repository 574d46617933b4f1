#include "http/feedback_json.h"

#include "core/meeting_states.h"

namespace shuzhi::http {
namespace {

json::object RecordJson(const core::Feedback& f) {
  return {{"given_at", base::FormatCst(f.given_at)},
          {"method", core::FeedbackMethodCode(f.method)},
          {"given_by", f.given_by},
          {"notes", f.notes},
          {"recorded_by", f.recorded_by},
          {"recorded_at", base::FormatCst(f.recorded_at)},
          {"confirmed_at", NullableTime(f.confirmed_at)}};
}

}  // namespace

json::object FeedbackItemJson(const app::FeedbackItem& item) {
  return {{"poll_id", item.poll_id},
          {"poll_position", item.poll_position},
          {"poll_round", item.poll_round},
          {"poll_state", core::PollStateCode(item.poll_state)},
          {"deputy_id", item.deputy_id},
          {"deputy_name", item.deputy_name},
          {"group_id", Nullable(item.group_id)},
          {"group_name", item.group_name},
          {"released", item.released},
          {"may_record", item.may_record},
          {"feedback", item.feedback ? json::value(RecordJson(*item.feedback)) : json::value(nullptr)}};
}

json::object MyFeedbackJson(const app::MyFeedback& mine) {
  auto out = RecordJson(mine.feedback);
  out["poll_id"] = mine.feedback.poll_id;
  out["deputy_id"] = mine.feedback.deputy_id;
  out["meeting_id"] = mine.meeting_id;
  out["meeting_title"] = mine.meeting_title;
  out["campaign_title"] = mine.campaign_title;
  out["released"] = mine.released;
  return out;
}

base::Result<app::FeedbackInput> FeedbackInputFrom(const json::object& body) {
  app::FeedbackInput in;
  SHUZHI_ASSIGN_OR_RETURN(in.given_at, RequiredTime(body, "given_at"));
  SHUZHI_ASSIGN_OR_RETURN(auto method, RequiredString(body, "method"));
  const auto parsed = core::ParseFeedbackMethod(method);
  if (!parsed) return base::InvalidArgument("request.invalid", "method: invalid", {{"method", "invalid"}});
  in.method = *parsed;
  SHUZHI_ASSIGN_OR_RETURN(in.given_by, RequiredString(body, "given_by"));
  SHUZHI_ASSIGN_OR_RETURN(in.notes, StringOr(body, "notes", ""));
  SHUZHI_ASSIGN_OR_RETURN(in.release, BoolOr(body, "release", false));
  return in;
}

}  // namespace shuzhi::http
