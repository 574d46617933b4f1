// What the meeting service's files share and nothing outside them uses: the
// loading and authorisation of a meeting or a poll within a transaction, the
// carrier and evaluator counts, the result's computation, and the codecs of
// the meeting's stored documents. Not part of the public face (meeting.h).
//
// States: storage records carry core enums (core/meeting_states.h), mapped
// to and from their stored codes in storage/sql_meetings.cc; nothing here
// compares state text.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/audit/audit_internal.h"
#include "app/campaign/campaign.h"
#include "app/campaign/campaign_access.h"
#include "app/meeting/meeting.h"
#include "base/json.h"
#include "core/meeting_states.h"
#include "core/tally.h"
#include "storage/store.h"

namespace shuzhi::app::meeting_detail {

using storage::MeetingRecord;
using storage::PollRecord;

constexpr int kMaxCarriersPerPrint = 500;
constexpr std::size_t kMaxText = 4000;

// failed_precondition "meeting.finished": nothing of a meeting changes once
// it has ended.
Status NotEnded(const MeetingRecord& m);
// invalid_argument naming `field` when `s` is over kMaxText bytes.
Status CheckText(const std::string& s, const char* field);

// ---- the meeting's stored documents ----
// The agenda, questions, remarks and officials are one JSON document in the
// meeting's row, the chair's live state another (storage/meeting_repo.h).
// These are their stored forms, read and written only here; what the API
// shows is made from the typed views in http.
struct MeetingDoc {
  std::vector<AgendaItem> agenda;
  std::string chair;
  std::vector<std::string> tellers;
  std::vector<std::string> scrutineers;
};
struct LiveDoc {
  std::int64_t item = -1;
  std::string stage;
  std::int64_t duration_ms = 0;
  std::int64_t elapsed_ms = 0;       // before `started_at`
  std::optional<Micros> started_at;  // set while the countdown runs
};
// A document that is not there or not JSON reads as empty.
MeetingDoc ReadMeetingDoc(const std::string& text);
std::string WriteMeetingDoc(const MeetingDoc& d);
LiveDoc ReadLiveDoc(const std::string& text);
std::string WriteLiveDoc(const LiveDoc& d);
// The live state as shown at `now`.
LiveView LiveViewOf(const LiveDoc& d, Micros now);

// A JSON object from its text: a document or a signed result record that is
// not there or not an object reads as empty.
base::json::object ParseObject(const std::string& text);
// A field of a signed result record as printed: a number ("0" when absent),
// a string ("" when absent).
std::string RecordNum(const base::json::object& o, const char* key);
std::string RecordStr(const base::json::object& o, const char* key);

// ---- the meeting's printed documents (tally_certificate.cc, minutes.cc) ----
// "2026年11月27日 16:38" (China Standard Time); "（未记录）" for none.
std::string DocWhen(base::Lang lang, const std::optional<Micros>& t);

// Everything about one meeting a use case needs, loaded in its transaction.
struct Loaded {
  MeetingRecord meeting;
  CampaignView campaign;
  bool may_run = false;   // organizers of the congress, the meeting group's leader
  bool may_read = false;  // may_run, reviewers, leaders of covered groups
};

Result<Loaded> LoadMeeting(storage::Tx& tx, const Actor& a, std::int64_t id);
// LoadMeeting, refused unless the actor runs the meeting.
Result<Loaded> LoadToRun(storage::Tx& tx, const Actor& a, std::int64_t id);
// The poll (locked for update when asked) and its meeting.
Result<std::pair<PollRecord, Loaded>> LoadPoll(storage::Tx& tx, const Actor& a, std::int64_t poll_id,
                                               bool for_update = false);

core::PollBallotSpec BallotSpecOf(const PollRecord& p, const core::CampaignSpec& c);
// The deputy's name, or "#id" for one no longer in the registry.
Result<std::string> DeputyName(storage::Tx& tx, std::int64_t id);
Status Touch(storage::Tx& tx, std::int64_t meeting_id);

// After ballots were rewritten, folds SQLite's WAL into the database file
// and truncates it (best effort; see the definition).
void FoldWal(storage::Store& store);
// Rewrites the poll's ballots in a random order and its receipts sorted,
// and returns them as now stored.
struct StoredBallots {
  std::vector<std::string> ballots, receipts;
};
Result<StoredBallots> ShuffleStored(storage::Tx& tx, std::int64_t poll_id);

struct IssuedCount {
  std::int64_t phone = 0, paper = 0;
  std::int64_t total() const { return phone + paper; }
};
// The carriers handed out in a round of the meeting, as they stand now.
Result<IssuedCount> IssuedInRound(storage::Tx& tx, std::int64_t meeting_id, int round);
// The carriers handed out for a poll: frozen when it closed, the round's
// current count before.
Result<IssuedCount> IssuedFor(storage::Tx& tx, const PollRecord& p);

// The meeting's evaluators: entitled (on the list) and present (checked in).
// Each present evaluator drew exactly one carrier (DESIGN.md §4), so no round
// may have more carriers handed out than are present.
struct EvaluatorCount {
  std::int64_t entitled = 0, present = 0;
};
Result<EvaluatorCount> EvaluatorsOf(storage::Tx& tx, std::int64_t meeting_id);

// Computes, signs and stores the result of a poll whose ballots are all in.
Status FinalizeResult(storage::Tx& tx, const base::Clock& clock, ServerKeys& keys, const Loaded& l, PollRecord& p);

PollView PollViewOf(storage::Tx& tx, const PollRecord& p, std::int64_t issued);

// The rows of a signed result record, in its order: whose, and whether
// withheld (a record that does not parse has none).
struct RecordRow {
  std::int64_t deputy_id = 0;
  bool withheld = false;
};
std::vector<RecordRow> RecordRows(const std::string& signed_record);

// Result visibility (DESIGN.md §4): the whole result, or some rows of it.
struct Audience {
  bool everything = false;                   // announce, or staff of a private result
  std::set<std::int64_t> own_released_rows;  // a deputy's own released rows
};
Result<Audience> AudienceFor(storage::Tx& tx, const Actor& a, const Loaded& l, const PollRecord& p);

// The result as `a` may see it (MeetingService::ResultFor, which the tally
// certificate shares): permission_denied for a reader outside the meeting.
Result<PollResultView> ResultIn(storage::Tx& tx, const Actor& a, const Loaded& l, const PollRecord& p);
// The bulletin board of a poll with a result, withheld deputies' marks
// blanked, as whoever may see the whole result gets it.
Result<BoardView> BoardOf(storage::Tx& tx, const ServerKeys& keys, const PollRecord& p);

// Whether `a` feeds the result back to `deputy_id` (and releases it): the
// leader of the deputy's group in the campaign, or an organizer.
Result<bool> MayFeedBack(storage::Tx& tx, const Actor& a, const Loaded& l, std::int64_t deputy_id);
// Releases the deputy's row of a final result to them (once; audited).
// failed_precondition "poll.void" / "poll.no_result", invalid_argument
// "ballot.unknown_deputy" for a deputy not in the poll.
Status ReleaseRow(storage::Tx& tx, const base::Clock& clock, const Actor& a, PollRecord& p, std::int64_t deputy_id);

}  // namespace shuzhi::app::meeting_detail
