// The feedback talk after a private result: the leader's list per meeting,
// recording a talk (and releasing the result), a deputy's own records and
// their confirmation.
#include "app/app.h"
#include "app/feedback/feedback.h"
#include "http/api.h"
#include "http/feedback_json.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

using app::FeedbackService;

base::Result<Response> ListForMeeting(FeedbackService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, svc.ForMeeting(ctx.actor(), id));
  json::array items;
  for (const auto& item : list) items.push_back(FeedbackItemJson(item));
  return JsonResponse(200, json::object{{"items", items}});
}

base::Result<Response> Record(FeedbackService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto poll, PathId(ctx.params, "id", "poll.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, PathId(ctx.params, "deputy_id", "ballot.unknown_deputy"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto in, FeedbackInputFrom(body));
  SHUZHI_ASSIGN_OR_RETURN(auto item, svc.Record(ctx.actor(), poll, deputy, in));
  return JsonResponse(200, FeedbackItemJson(item));
}

base::Result<Response> Confirm(FeedbackService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto poll, PathId(ctx.params, "id", "poll.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, PathId(ctx.params, "deputy_id", "feedback.not_found"));
  SHUZHI_TRY(svc.Confirm(ctx.actor(), poll, deputy));
  return NoContent();
}

base::Result<Response> Mine(FeedbackService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto list, svc.Mine(ctx.actor()));
  json::array items;
  for (const auto& m : list) items.push_back(MyFeedbackJson(m));
  return JsonResponse(200, json::object{{"items", items}});
}

constexpr ServiceRoute<FeedbackService> kFeedbackRoutes[] = {
    {"GET", "/api/v1/meetings/{id}/feedback", ListForMeeting},
    {"PUT", "/api/v1/polls/{id}/feedback/{deputy_id}", Record},
    {"POST", "/api/v1/polls/{id}/feedback/{deputy_id}/confirm", Confirm},
    {"GET", "/api/v1/me/feedback", Mine},
};

}  // namespace

void AddFeedbackRoutes(Router& router, app::App& app) { AddServiceRoutes(router, app.feedback(), kFeedbackRoutes); }

}  // namespace shuzhi::http
