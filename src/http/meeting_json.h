// JSON shapes of meetings, polls, results, the board, the projector and the
// evaluator's ballot lookup (docs/openapi.json), from the meeting and ballot
// services' views. The signed result record travels as the server signed
// it: it is parsed here only to be embedded, never rebuilt.
#pragma once

#include "app/ballot/ballot.h"
#include "app/meeting/meeting.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object MeetingSummaryJson(const app::MeetingSummary& m);
json::object MeetingJson(const app::MeetingView& m);
json::object PaperStatusJson(const app::PaperStatusView& s);
json::object PollResultJson(const app::PollResultView& r);
json::object MyResultJson(const app::MyResult& r);
json::object ProjectorJson(const app::ProjectorView& p);
json::object CarrierLookupJson(const app::CarrierLookup& l);

}  // namespace shuzhi::http
