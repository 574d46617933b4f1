// Reporting meetings (述职大会) and their secret evaluation polls (民主测评),
// DESIGN.md §4–5.
//
// A meeting belongs to a campaign and is the standing committee's (group
// none: its committee members evaluate) or a deputy group's (its voter
// representatives evaluate). Its agenda has one item per reporting deputy —
// report, questions or comments, evaluation, remarks — and its polls cover
// one deputy each or all of them on one sheet (the organizer's choice).
//
// Carriers: the organizer prints phone slips and paper sheets; each holds a
// 128-bit secret that the server sees only at printing (to store its keyed
// hash) and when it is used. At check-in staff record that a present
// evaluator received one — a count per channel, never which. Leftovers are
// voided by their codes. A carrier casts at most one ballot per poll; its
// spend is stored under a keyed hash of (poll, secret).
//
// Poll states: pending → open → counting (paper sheets being keyed) → final,
// or void when more ballots came back than carriers were handed out (the
// poll is then repeated with new carriers in a new round). A poll with no
// paper issued in its round goes from open straight to final at close.
//
// Who may do what: organizers of the campaign's congress and the leader of
// the meeting's group run the meeting, key paper sheets (two different
// users per sheet) and release private results; reviewers read. Results
// follow the campaign's disclosure (see ResultFor).
//
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "storage/store.h"
#include "app/meeting/meeting_document.h"
#include "app/ballot/server_keys.h"
#include "base/i18n.h"
#include "base/json.h"
#include "core/ballot.h"

namespace shuzhi::app {

struct NewMeeting {
  std::string title;
  std::optional<std::int64_t> group_id;  // none: the standing committee's meeting
  Micros starts_at = 0;
  std::string venue;
  std::string poll_mode = "per_deputy";  // or "sheet"
  // The deputies who report, in order; empty: every deputy on the campaign's
  // reporting list for the group (all of them for a committee meeting).
  std::vector<std::int64_t> deputy_ids;
};

struct MeetingChanges {
  std::optional<std::string> title;
  std::optional<Micros> starts_at;
  std::optional<std::string> venue;
  std::optional<std::string> chair;
  std::optional<std::vector<std::string>> tellers;
  std::optional<std::vector<std::string>> scrutineers;
};

// One console action by the chair.
struct ConsoleAction {
  std::string kind;                        // goto | timer_start | timer_pause | timer_reset | question
                                           // | remarks | finish
  int item = -1;                           // agenda item index (goto, question, remarks)
  std::string stage;                       // goto: report | questions | evaluation | remarks
  std::string asked_by, question, answer;  // question
  std::string text;                        // remarks
};

struct NewAttendee {
  std::string role = "evaluator";  // or "guest"
  std::string name;
  std::string affiliation;
};

// What one teller keyed for one paper sheet.
struct PaperSheet {
  std::string code;                        // as printed (26 base32 characters, any grouping)
  std::vector<core::ChoiceInput> choices;  // option, "blank" or "multiple" per deputy
};

class MeetingService {
 public:
  MeetingService(storage::Store& store, const base::Clock& clock, ServerKeys& keys)
      : store_(store), clock_(clock), keys_(keys) {}

  Result<std::vector<base::json::object>> List(const Actor& actor, std::int64_t campaign_id);
  Result<base::json::object> Create(const Actor& actor, std::int64_t campaign_id, const NewMeeting& in);
  // The meeting as its staff see it: agenda, live state, attendees, polls
  // (counts only once a result exists and the actor may see it), carriers
  // printed, voided and handed out, the projector link's token, the key
  // fingerprint.
  Result<base::json::object> Get(const Actor& actor, std::int64_t id);
  Result<base::json::object> Update(const Actor& actor, std::int64_t id, const MeetingChanges& in);

  Result<std::int64_t> AddAttendee(const Actor& actor, std::int64_t meeting_id, const NewAttendee& in);
  Status RemoveAttendee(const Actor& actor, std::int64_t meeting_id, std::int64_t attendee_id);
  // Marks the attendee present; for an evaluator, `channel` is the kind of
  // carrier they drew, and only the count of that kind grows.
  Status CheckIn(const Actor& actor, std::int64_t meeting_id, std::int64_t attendee_id,
                 std::optional<core::Channel> channel);
  // Carriers handed out again to those present, for a repeated poll's round.
  Status Issue(const Actor& actor, std::int64_t meeting_id, core::Channel channel, int count);

  // A stack of `count` new carriers (1–500) for the meeting's current round
  // as an A4 PDF; the secrets exist only in this document. `base_url` is
  // where phones reach this server (the QR code's link).
  Result<std::string> PrintCarriers(const Actor& actor, std::int64_t meeting_id, core::Channel channel, int count,
                                    const std::string& base_url, base::Lang lang);
  // The carriers of PrintCarriers without the document: their printed
  // codes, for the demo and benchmarks (the API only ever hands out PDFs).
  Result<std::vector<std::string>> CreateCarriers(const Actor& actor, std::int64_t meeting_id, core::Channel channel,
                                                  int count, CarrierPrint* print = nullptr);
  // Voids leftover carriers by their printed codes; returns how many.
  // invalid_argument "credential.malformed" / not_found "credential.unknown"
  // naming the first bad code (nothing is voided then).
  Result<int> VoidCarriers(const Actor& actor, std::int64_t meeting_id, const std::vector<std::string>& codes);

  Result<base::json::object> Console(const Actor& actor, std::int64_t meeting_id, const ConsoleAction& action);

  Status OpenPoll(const Actor& actor, std::int64_t poll_id);
  // Closes the poll, rewrites its ballots and receipts in a random order,
  // erases the spends' re-send checks and truncates SQLite's WAL; with no
  // paper issued the result is computed and signed at once.
  Status ClosePoll(const Actor& actor, std::int64_t poll_id);
  // A void poll's repetition: a new round of carriers, a new pending poll.
  Result<std::int64_t> RepeatPoll(const Actor& actor, std::int64_t poll_id);

  Status SetPaperCount(const Actor& actor, std::int64_t poll_id, std::int64_t sheets);
  // Returns "waiting_second", "mismatch", "reconciled" or "invalid_sheet".
  Result<std::string> KeyPaperSheet(const Actor& actor, std::int64_t poll_id, const PaperSheet& sheet);
  // Settles a mismatch with the marks read off the sheet (organizers).
  Result<std::string> ResolvePaperSheet(const Actor& actor, std::int64_t poll_id, const PaperSheet& sheet);
  Result<base::json::object> PaperStatus(const Actor& actor, std::int64_t poll_id);
  // Once every counted sheet is reconciled: the result, signed.
  Status FinalizePoll(const Actor& actor, std::int64_t poll_id);

  // The result as `actor` may see it (DESIGN.md §4): nothing before it
  // exists; `announce` to everyone who may read the campaign; `private` to
  // organizers, reviewers and the deputy's group leader, and to a deputy
  // their own row once released. Withheld deputies show no numbers.
  Result<base::json::object> ResultFor(const Actor& actor, std::int64_t poll_id);
  Status Release(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id);
  // A deputy's own results: every poll about them whose result they may
  // see (announced, or released by their group leader), their row only.
  Result<std::vector<base::json::object>> MyResults(const Actor& actor);
  // The bulletin board: the signed result record, the receipts, the ballots
  // in their stored (random) order with withheld deputies' marks blanked.
  Result<base::json::object> Board(const Actor& actor, std::int64_t poll_id);

  // The projector's view (no login; by the meeting's unguessable token).
  Result<base::json::object> Projector(const std::string& token);
  // A cheap fingerprint of what the projector shows, to decide when to push.
  Result<std::string> ProjectorVersion(const std::string& token);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
  ServerKeys& keys_;
};

}  // namespace shuzhi::app
