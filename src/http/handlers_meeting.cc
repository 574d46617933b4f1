// Reporting meetings, their console, carriers, polls, paper entry, results
// and board; the public ballot, receipt check and projector.
#include "app/app.h"
#include "core/board.h"
#include "http/api.h"
#include "http/errors.h"
#include "http/json_io.h"
#include "http/meeting_json.h"
#include "http/replies.h"

namespace shuzhi::http {
namespace {

base::Result<core::Channel> ChannelField(const json::object& body, const char* field) {
  SHUZHI_ASSIGN_OR_RETURN(auto s, RequiredString(body, field));
  auto c = core::ParseChannel(s);
  if (!c) return base::InvalidArgument("request.invalid", std::string(field) + ": invalid", {{field, "invalid"}});
  return *c;
}

base::Result<int> IntField(const json::object& body, const char* field) {
  SHUZHI_ASSIGN_OR_RETURN(auto v, RequiredInt(body, field));
  if (v < -1'000'000'000 || v > 1'000'000'000)
    return base::InvalidArgument("request.invalid", field, {{field, "out_of_range"}});
  return static_cast<int>(v);
}

// [{"deputy_id": 1, "option": "satisfied"}, …]
base::Result<std::vector<core::ChoiceInput>> Choices(const json::object& body) {
  const auto* v = body.if_contains("choices");
  if (!v || !v->is_array()) return base::InvalidArgument("request.invalid", "choices", {{"choices", "required"}});
  std::vector<core::ChoiceInput> out;
  if (v->as_array().size() > 200) return base::InvalidArgument("request.invalid", "choices", {{"choices", "too_many"}});
  for (const auto& c : v->as_array()) {
    if (!c.is_object()) return base::InvalidArgument("request.invalid", "choices", {{"choices", "must_be_object"}});
    SHUZHI_ASSIGN_OR_RETURN(auto id, RequiredInt(c.as_object(), "deputy_id"));
    SHUZHI_ASSIGN_OR_RETURN(auto option, RequiredString(c.as_object(), "option"));
    out.push_back({id, option});
  }
  return out;
}

base::Result<app::PaperSheet> Sheet(const json::object& body) {
  app::PaperSheet s;
  SHUZHI_ASSIGN_OR_RETURN(s.code, RequiredString(body, "code"));
  SHUZHI_ASSIGN_OR_RETURN(s.choices, Choices(body));
  return s;
}

// Pushes the projector's state whenever it changes; a comment line every
// 15 s otherwise, so that idle connections are not dropped.
class ProjectorEvents final : public EventStream {
 public:
  ProjectorEvents(app::MeetingService& svc, std::string token, std::unique_ptr<app::ProjectorFeed::Watch> watch)
      : svc_(svc), token_(std::move(token)), watch_(std::move(watch)) {}

  // Woken by the feed when the meeting's stamp changes.
  void Start(const std::function<void()>& wake) override { watch_->OnChange(wake); }

  // What changed since the last event sent: when only the polls' counts
  // did (ballots coming in), a `count` event made from the stamp alone,
  // with no read of the database; otherwise (and the first time) the whole
  // state; when nothing did, a comment that keeps proxies from closing an
  // idle stream.
  base::Result<std::string> Next() override {
    auto stamp = watch_->Stamp();
    if (sent_ && stamp == last_) return std::string(": keep-alive\n\n");
    if (sent_ && stamp.version == last_.version && SamePolls(stamp, last_)) {
      json::array polls;
      for (const auto& [id, voted] : stamp.voted) polls.push_back(json::object{{"id", id}, {"voted", voted}});
      last_ = std::move(stamp);
      return "event: count\ndata: " +
             json::serialize(json::object{{"version", last_.version}, {"polls", std::move(polls)}}) + "\n\n";
    }
    SHUZHI_ASSIGN_OR_RETURN(auto state, svc_.Projector(token_));
    std::string out = sent_ ? "" : "retry: 2000\n";
    sent_ = true;
    last_ = std::move(stamp);
    out += "event: state\ndata: " + json::serialize(ProjectorJson(state)) + "\n\n";
    return out;
  }

  std::chrono::milliseconds idle() const override { return std::chrono::seconds(15); }

 private:
  app::MeetingService& svc_;
  const std::string token_;
  const std::unique_ptr<app::ProjectorFeed::Watch> watch_;
  bool sent_ = false;
  app::ProjectorStamp last_;  // of the last event sent

  static bool SamePolls(const app::ProjectorStamp& a, const app::ProjectorStamp& b) {
    if (a.voted.size() != b.voted.size()) return false;
    for (std::size_t i = 0; i < a.voted.size(); ++i) {
      if (a.voted[i].first != b.voted[i].first) return false;
    }
    return true;
  }
};

// Public routes whose errors may carry Retry-After.
Response WithRetry(const base::Status& st, std::int64_t retry_after, base::Lang lang) {
  Response r = ErrorResponse(st, lang);
  if (retry_after > 0) r.SetHeader("Retry-After", std::to_string(retry_after));
  return r;
}

// Registers a route whose handler returns a Result (a session's unless
// told otherwise).
struct RouteAdder {
  Router& router;
  void operator()(const char* method, const char* pattern, ResultHandler fn, Access access = Access::kSession) const {
    router.Add({method, pattern, access, false, Wrap(std::move(fn))});
  }
};

// Meetings: list, schedule, read, change.
void AddMeetingDeskRoutes(Router& router, app::MeetingService& svc) {
  const RouteAdder add{router};
  add("GET", "/api/v1/campaigns/{id}/meetings", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto list, svc.List(ctx.actor(), id));
    json::array items;
    for (const auto& m : list) items.push_back(MeetingSummaryJson(m));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
  });
  add("POST", "/api/v1/campaigns/{id}/meetings", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    app::NewMeeting in;
    SHUZHI_ASSIGN_OR_RETURN(in.title, RequiredString(body, "title"));
    SHUZHI_ASSIGN_OR_RETURN(in.group_id, NullableInt(body, "group_id"));
    SHUZHI_ASSIGN_OR_RETURN(in.starts_at, RequiredTime(body, "starts_at"));
    SHUZHI_ASSIGN_OR_RETURN(in.venue, StringOr(body, "venue", ""));
    SHUZHI_ASSIGN_OR_RETURN(in.poll_mode, StringOr(body, "poll_mode", "per_deputy"));
    if (const auto* d = body.if_contains("deputy_ids"); d && !d->is_null()) {
      if (!d->is_array())
        return base::InvalidArgument("request.invalid", "deputy_ids", {{"deputy_ids", "must_be_array"}});
      for (const auto& x : d->as_array()) {
        if (!x.is_int64())
          return base::InvalidArgument("request.invalid", "deputy_ids", {{"deputy_ids", "must_be_integer"}});
        in.deputy_ids.push_back(x.as_int64());
      }
    }
    SHUZHI_ASSIGN_OR_RETURN(auto out, svc.Create(ctx.actor(), id, in));
    return JsonResponse(201, MeetingJson(out));
  });
  add("GET", "/api/v1/meetings/{id}", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto out, svc.Get(ctx.actor(), id));
    return JsonResponse(200, MeetingJson(out));
  });
  add("PUT", "/api/v1/meetings/{id}", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    app::MeetingChanges in;
    SHUZHI_ASSIGN_OR_RETURN(in.title, OptionalString(body, "title"));
    SHUZHI_ASSIGN_OR_RETURN(in.venue, OptionalString(body, "venue"));
    SHUZHI_ASSIGN_OR_RETURN(in.chair, OptionalString(body, "chair"));
    if (body.if_contains("starts_at")) {
      SHUZHI_ASSIGN_OR_RETURN(auto t, RequiredTime(body, "starts_at"));
      in.starts_at = t;
    }
    if (body.if_contains("tellers")) {
      SHUZHI_ASSIGN_OR_RETURN(auto v, StringArray(body, "tellers"));
      in.tellers = v;
    }
    if (body.if_contains("scrutineers")) {
      SHUZHI_ASSIGN_OR_RETURN(auto v, StringArray(body, "scrutineers"));
      in.scrutineers = v;
    }
    SHUZHI_ASSIGN_OR_RETURN(auto out, svc.Update(ctx.actor(), id, in));
    return JsonResponse(200, MeetingJson(out));
  });
}

// Attendance, carriers and the chair's console.
void AddAttendanceRoutes(Router& router, app::MeetingService& svc) {
  const RouteAdder add{router};
  add("POST", "/api/v1/meetings/{id}/attendees", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    app::NewAttendee in;
    SHUZHI_ASSIGN_OR_RETURN(in.role, StringOr(body, "role", "evaluator"));
    SHUZHI_ASSIGN_OR_RETURN(in.name, RequiredString(body, "name"));
    SHUZHI_ASSIGN_OR_RETURN(in.affiliation, StringOr(body, "affiliation", ""));
    SHUZHI_ASSIGN_OR_RETURN(auto aid, svc.AddAttendee(ctx.actor(), id, in));
    return JsonResponse(201, json::object{{"id", aid}});
  });
  add("DELETE", "/api/v1/meetings/{id}/attendees/{aid}", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto aid, PathId(ctx.params, "aid", "meeting.attendee_not_found"));
    SHUZHI_TRY(svc.RemoveAttendee(ctx.actor(), id, aid));
    return NoContent();
  });
  add("POST", "/api/v1/meetings/{id}/attendees/{aid}/check-in", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto aid, PathId(ctx.params, "aid", "meeting.attendee_not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    std::optional<core::Channel> channel;
    if (const auto* c = body.if_contains("channel"); c && !c->is_null()) {
      SHUZHI_ASSIGN_OR_RETURN(channel, ChannelField(body, "channel"));
    }
    SHUZHI_TRY(svc.CheckIn(ctx.actor(), id, aid, channel));
    return NoContent();
  });
  add("POST", "/api/v1/meetings/{id}/issue", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    SHUZHI_ASSIGN_OR_RETURN(auto channel, ChannelField(body, "channel"));
    SHUZHI_ASSIGN_OR_RETURN(auto count, IntField(body, "count"));
    SHUZHI_TRY(svc.Issue(ctx.actor(), id, channel, count));
    return NoContent();
  });
  add("POST", "/api/v1/meetings/{id}/carriers", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    SHUZHI_ASSIGN_OR_RETURN(auto channel, ChannelField(body, "channel"));
    SHUZHI_ASSIGN_OR_RETURN(auto count, IntField(body, "count"));
    // The QR codes point phones at this server, as the organizer reached
    // it.
    const std::string base =
        std::string(ctx.request.tls ? "https://" : "http://") + std::string(ctx.request.Header("host"));
    return PdfResponse(svc.PrintCarriers(ctx.actor(), id, channel, count, base, PublicDocumentLang(ctx)),
                       std::string(core::ChannelCode(channel)) + "-carriers-" + std::to_string(id) + ".pdf");
  });
  add("POST", "/api/v1/meetings/{id}/carriers/void", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    SHUZHI_ASSIGN_OR_RETURN(auto codes, StringArray(body, "codes"));
    SHUZHI_ASSIGN_OR_RETURN(auto n, svc.VoidCarriers(ctx.actor(), id, codes));
    return JsonResponse(200, json::object{{"voided", n}});
  });
  add("POST", "/api/v1/meetings/{id}/console", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    app::ConsoleAction a;
    SHUZHI_ASSIGN_OR_RETURN(a.kind, RequiredString(body, "kind"));
    if (body.if_contains("item")) {
      SHUZHI_ASSIGN_OR_RETURN(a.item, IntField(body, "item"));
    }
    SHUZHI_ASSIGN_OR_RETURN(a.stage, StringOr(body, "stage", ""));
    SHUZHI_ASSIGN_OR_RETURN(a.asked_by, StringOr(body, "asked_by", ""));
    SHUZHI_ASSIGN_OR_RETURN(a.question, StringOr(body, "question", ""));
    SHUZHI_ASSIGN_OR_RETURN(a.answer, StringOr(body, "answer", ""));
    SHUZHI_ASSIGN_OR_RETURN(a.text, StringOr(body, "text", ""));
    SHUZHI_ASSIGN_OR_RETURN(auto out, svc.Console(ctx.actor(), id, a));
    return JsonResponse(200, MeetingJson(out));
  });
}

// Polls: open, close, repeat, paper entry, results.
void AddPollRoutes(Router& router, app::MeetingService& svc) {
  const RouteAdder add{router};
  auto poll_action = [&](const char* pattern, const std::function<base::Status(const app::Actor&, std::int64_t)>& fn) {
    add("POST", pattern, [fn](RouteContext& ctx) -> base::Result<Response> {
      SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
      SHUZHI_TRY(fn(ctx.actor(), id));
      return NoContent();
    });
  };
  poll_action("/api/v1/polls/{id}/open", [&svc](const app::Actor& a, std::int64_t id) { return svc.OpenPoll(a, id); });
  poll_action("/api/v1/polls/{id}/close",
              [&svc](const app::Actor& a, std::int64_t id) { return svc.ClosePoll(a, id); });
  poll_action("/api/v1/polls/{id}/finalize",
              [&svc](const app::Actor& a, std::int64_t id) { return svc.FinalizePoll(a, id); });
  add("POST", "/api/v1/polls/{id}/repeat", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto poll, svc.RepeatPoll(ctx.actor(), id));
    return JsonResponse(201, json::object{{"poll_id", poll}});
  });
  add("PUT", "/api/v1/polls/{id}/paper-count", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    SHUZHI_ASSIGN_OR_RETURN(auto sheets, RequiredInt(body, "sheets"));
    SHUZHI_TRY(svc.SetPaperCount(ctx.actor(), id, sheets));
    return NoContent();
  });
  add("GET", "/api/v1/polls/{id}/paper-sheets", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto out, svc.PaperStatus(ctx.actor(), id));
    return JsonResponse(200, PaperStatusJson(out));
  });
  add("POST", "/api/v1/polls/{id}/paper-sheets", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    SHUZHI_ASSIGN_OR_RETURN(auto sheet, Sheet(body));
    SHUZHI_ASSIGN_OR_RETURN(auto outcome, svc.KeyPaperSheet(ctx.actor(), id, sheet));
    return JsonResponse(200, json::object{{"outcome", outcome}});
  });
  add("POST", "/api/v1/polls/{id}/paper-sheets/resolve", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    SHUZHI_ASSIGN_OR_RETURN(auto sheet, Sheet(body));
    SHUZHI_ASSIGN_OR_RETURN(auto outcome, svc.ResolvePaperSheet(ctx.actor(), id, sheet));
    return JsonResponse(200, json::object{{"outcome", outcome}});
  });
  add("GET", "/api/v1/polls/{id}/result", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto out, svc.ResultFor(ctx.actor(), id));
    return JsonResponse(200, PollResultJson(out));
  });
  add("POST", "/api/v1/polls/{id}/release", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
    SHUZHI_ASSIGN_OR_RETURN(auto deputy, RequiredInt(body, "deputy_id"));
    SHUZHI_TRY(svc.Release(ctx.actor(), id, deputy));
    return NoContent();
  });
  add("GET", "/api/v1/me/results", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto list, svc.MyResults(ctx.actor()));
    json::array items;
    for (const auto& r : list) items.push_back(MyResultJson(r));
    return JsonResponse(200, json::object{{"items", std::move(items)}});
  });
}

// The documents: the meeting's minutes, a result's bulletin board file and
// tally certificate.
void AddPollDocumentRoutes(Router& router, app::MeetingService& svc) {
  const RouteAdder add{router};
  add("GET", "/api/v1/meetings/{id}/minutes", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
    return PdfResponse(svc.MinutesPdf(ctx.actor(), id, DocumentLang(ctx)), "minutes-" + std::to_string(id) + ".pdf");
  });
  add("GET", "/api/v1/polls/{id}/board", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    SHUZHI_ASSIGN_OR_RETURN(auto out, svc.Board(ctx.actor(), id));
    // The bytes come from core, which also prints their digest on the tally
    // certificate: what is downloaded here is what the digest names.
    Response r;
    r.status = 200;
    r.SetHeader("Content-Type", "application/json; charset=utf-8");
    r.body = core::EncodeBoard(out);
    r.SetHeader("Content-Disposition", "attachment; filename=\"board-" + std::to_string(id) + ".json\"");
    return r;
  });
  add("GET", "/api/v1/polls/{id}/certificate", [&svc](RouteContext& ctx) -> base::Result<Response> {
    SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "poll.not_found"));
    return PdfResponse(svc.TallyCertificatePdf(ctx.actor(), id, DocumentLang(ctx)),
                       "tally-certificate-" + std::to_string(id) + ".pdf");
  });
}

// Public: the evaluator's phone, the receipt check, the projector.
void AddPublicMeetingRoutes(Router& router, app::MeetingService& svc, app::BallotService& ballots) {
  const RouteAdder add{router};
  // Codes and receipts travel in bodies only (DESIGN.md §5).
  router.Add({"POST", "/api/v1/public/ballot/lookup", Access::kEvaluator, false, [&ballots](RouteContext& ctx) {
                auto body = ParseObject(ctx.request);
                if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
                auto code = RequiredString(*body, "code");
                if (!code.ok()) return ErrorResponse(code.status(), ctx.lang);
                std::int64_t retry_after = 0;
                auto out = ballots.Lookup(*code, ctx.request.remote_address, &retry_after);
                if (!out.ok()) return WithRetry(out.status(), retry_after, ctx.lang);
                Response r = JsonResponse(200, CarrierLookupJson(*out));
                r.SetHeader("Cache-Control", "no-store");
                return r;
              }});
  router.Add({"POST", "/api/v1/public/ballot/cast", Access::kEvaluator, true, [&ballots](RouteContext& ctx) {
                auto body = ParseObject(ctx.request);
                if (!body.ok()) return ErrorResponse(body.status(), ctx.lang);
                auto code = RequiredString(*body, "code");
                if (!code.ok()) return ErrorResponse(code.status(), ctx.lang);
                auto poll = RequiredInt(*body, "poll_id");
                if (!poll.ok()) return ErrorResponse(poll.status(), ctx.lang);
                auto choices = Choices(*body);
                if (!choices.ok()) return ErrorResponse(choices.status(), ctx.lang);
                // On the I/O thread: the reply waits for the group commit,
                // this thread does not.
                Response r;
                r.deferred = [&ballots, code = std::move(*code), poll = *poll, choices = std::move(*choices),
                              address = ctx.request.remote_address, lang = ctx.lang](Reply reply) {
                  ballots.Cast(
                      code, poll, choices, address,
                      [reply = std::move(reply), lang](base::Result<std::string> receipt, std::int64_t retry_after) {
                        if (!receipt.ok()) return reply(WithRetry(receipt.status(), retry_after, lang));
                        Response done = JsonResponse(200, json::object{{"receipt", *receipt}});
                        done.SetHeader("Cache-Control", "no-store");
                        reply(std::move(done));
                      });
                };
                return r;
              }});
  add(
      "POST", "/api/v1/public/receipts/check",
      [&ballots](RouteContext& ctx) -> base::Result<Response> {
        SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
        SHUZHI_ASSIGN_OR_RETURN(auto poll, RequiredInt(body, "poll_id"));
        SHUZHI_ASSIGN_OR_RETURN(auto receipt, RequiredString(body, "receipt"));
        SHUZHI_ASSIGN_OR_RETURN(auto found, ballots.CheckReceipt(poll, receipt));
        return JsonResponse(200, json::object{{"included", found}});
      },
      Access::kPublic);
  add(
      "GET", "/api/v1/public/projector/{token}",
      [&svc](RouteContext& ctx) -> base::Result<Response> {
        SHUZHI_ASSIGN_OR_RETURN(auto out, svc.Projector(ctx.params.at("token")));
        Response r = JsonResponse(200, ProjectorJson(out));
        r.SetHeader("Cache-Control", "no-store");
        return r;
      },
      Access::kPublic);
  add(
      "GET", "/api/v1/public/projector/{token}/events",
      [&svc](RouteContext& ctx) -> base::Result<Response> {
        const auto token = ctx.params.at("token");
        // 404 for a wrong link, before streaming.
        SHUZHI_ASSIGN_OR_RETURN(auto watch, svc.WatchProjector(token));
        Response r;
        r.events = std::make_shared<ProjectorEvents>(svc, token, std::move(watch));
        return r;
      },
      Access::kPublic);
}

}  // namespace

void AddMeetingRoutes(Router& router, app::App& app) {
  AddMeetingDeskRoutes(router, app.meetings());
  AddAttendanceRoutes(router, app.meetings());
  AddPollRoutes(router, app.meetings());
  AddPollDocumentRoutes(router, app.meetings());
  AddPublicMeetingRoutes(router, app.meetings(), app.ballots());
}

}  // namespace shuzhi::http
