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

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/ballot/server_keys.h"
#include "app/meeting/meeting_document.h"
#include "app/meeting/projector_feed.h"
#include "base/i18n.h"
#include "core/ballot.h"
#include "core/board.h"
#include "core/campaign.h"
#include "core/meeting_states.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

// ---- what the service returns (the API's JSON is made of these in http) ----

struct MeetingSummary {
  std::int64_t id = 0;
  std::int64_t campaign_id = 0;
  std::optional<std::int64_t> group_id;
  std::string title;
  Micros starts_at = 0;
  std::string venue;
  std::string poll_mode;
  core::MeetingState state = core::MeetingState::kScheduled;
  std::int64_t polls = 0;
};

struct NamedDeputy {
  std::int64_t id = 0;
  std::string name;
};

struct AgendaQuestion {
  std::string asked_by, question, answer;
};

// One reporting deputy's item: report, questions or comments, evaluation,
// remarks.
struct AgendaItem {
  std::int64_t deputy_id = 0;
  std::string name;
  std::vector<AgendaQuestion> questions;
  std::string remarks;
};

// The chair's live state as a screen shows it: the agenda item and its
// stage, the speech countdown at `server_now_ms`.
struct LiveView {
  std::int64_t item = -1;
  std::string stage;
  std::int64_t duration_ms = 0;
  std::int64_t remaining_ms = 0;
  bool running = false;
  std::int64_t server_now_ms = 0;
};

struct AttendeeView {
  std::int64_t id = 0;
  std::string role;  // evaluator | guest
  std::string name;
  std::string affiliation;
  bool checked_in = false;
};

struct Attendance {
  std::int64_t entitled = 0, present = 0, guests = 0;
};

struct ChannelCounts {
  std::int64_t phone = 0, paper = 0;
};

// The carriers of the meeting's current round.
struct CarrierCounts {
  int round = 1;
  ChannelCounts printed;  // every carrier made in the round, voided or not
  ChannelCounts voided;
  ChannelCounts issued;  // handed out at check-in (or again for a repeated poll)
};

struct PollView {
  std::int64_t id = 0;
  int position = 0;
  int round = 1;
  std::vector<NamedDeputy> deputies;
  core::PollState state = core::PollState::kPending;
  std::int64_t voted = 0;
  std::int64_t issued = 0;
  std::int64_t paper_valid = 0;
  std::int64_t invalid_sheets = 0;
  bool has_result = false;
  std::optional<std::int64_t> paper_counted;
  std::optional<Micros> opened_at;
  std::optional<Micros> closed_at;
};

struct MeetingView {
  std::int64_t id = 0;
  std::int64_t campaign_id = 0;
  std::string campaign_title;
  std::optional<std::int64_t> group_id;
  std::string title;
  Micros starts_at = 0;
  std::string venue;
  std::string poll_mode;
  core::MeetingState state = core::MeetingState::kScheduled;
  std::int64_t version = 0;
  int carrier_round = 1;
  bool may_run = false;
  std::string key_fingerprint;
  core::Disclosure disclosure = core::Disclosure::kAnnounce;
  bool abstention_allowed = false;
  int speech_minutes = 0;
  std::vector<core::ScaleOption> scale;
  std::string chair;
  std::vector<std::string> tellers;
  std::vector<std::string> scrutineers;
  std::vector<AgendaItem> agenda;
  LiveView live;
  std::vector<AttendeeView> attendees;
  Attendance attendance;
  CarrierCounts carriers;
  std::vector<PollView> polls;
  std::optional<std::string> projector_token;  // only for those who run the meeting
};

// What the tellers see of a poll being counted. The first keying of a sheet
// shows no marks, so that the second is independent.
struct PaperWaiting {
  std::string code_hint;
  std::string teller;
};
struct PaperVersion {
  std::string teller;
  std::vector<std::string> choices;  // per deputy: an option code, "blank" or "multiple"
};
struct PaperMismatch {
  std::string code_hint;
  std::vector<PaperVersion> versions;
};
struct PaperStatusView {
  std::int64_t poll_id = 0;
  core::PollState state = core::PollState::kPending;
  std::optional<std::int64_t> paper_counted;
  std::int64_t paper_valid = 0;
  std::int64_t invalid_sheets = 0;
  std::vector<PaperWaiting> waiting;
  std::vector<PaperMismatch> mismatches;
};

// A poll's result as one reader may see it. `signed_record` is the result
// record exactly as the server signed it (JSON text; its format is what
// `shuzhi verify` and the board's readers check), so it travels verbatim
// rather than re-encoded.
struct PollResultView {
  std::int64_t poll_id = 0;
  core::PollState state = core::PollState::kPending;
  bool available = false;  // false: nothing else below is set
  bool complete = false;   // every row; else only `rows`
  std::string signed_record;
  std::set<std::int64_t> rows;  // when not complete: the deputies whose row is shown
  std::vector<std::int64_t> released;
  std::optional<std::string> signature_hex;  // only with the complete result
};

// One row of a deputy's own results.
struct MyResult {
  std::int64_t poll_id = 0;
  core::PollState state = core::PollState::kPending;
  std::int64_t meeting_id = 0;
  std::string meeting_title;
  std::string campaign_title;
  std::int64_t deputy_id = 0;  // whose row of the record this is
  std::string signed_record;
};

// The bulletin board (DESIGN.md §5); core encodes its file.
using BoardView = core::BoardDocument;

struct ProjectorSpeaker {
  std::string name;
  std::int64_t index = 0;
  std::int64_t of = 0;
};
struct ProjectorPoll {
  std::int64_t id = 0;
  core::PollState state = core::PollState::kPending;
  std::int64_t voted = 0;
  std::int64_t issued = 0;
  std::vector<std::string> deputies;
  std::optional<std::string> signed_record;  // once it exists, and only when announced
};
// One deputy's line on the end-of-meeting summary screen (plan 1: the
// committee announces every result together): their result in the latest
// final poll about them. `status`: "announced" (grade and rate set),
// "withheld" (too few valid votes), "private" (the campaign feeds results
// back in person: no figures) or "pending" (no final result yet).
struct ProjectorSummaryRow {
  std::string name;
  std::string status;
  std::string grade;  // the scale option's code
  std::string grade_label;
  std::string approval_percent;
};
struct ProjectorView {
  std::string title;
  std::string venue;
  core::MeetingState state = core::MeetingState::kScheduled;
  std::int64_t version = 0;
  core::Disclosure disclosure = core::Disclosure::kAnnounce;
  std::string key_fingerprint;
  std::optional<ProjectorSpeaker> speaker;
  LiveView live;
  std::vector<core::ScaleOption> scale;  // code and label only are shown
  std::vector<ProjectorPoll> polls;
  std::vector<ProjectorSummaryRow> summary;  // shown when the chair switches the screen to it
};

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
                                           // | remarks | summary | finish
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
  // `projector_interval`: how often the projectors' feed reads what they
  // show (ProjectorFeed).
  MeetingService(storage::Store& store, const base::Clock& clock, ServerKeys& keys,
                 base::Micros projector_interval = kProjectorInterval);
  ~MeetingService();
  static constexpr base::Micros kProjectorInterval = 100'000;

  Result<std::vector<MeetingSummary>> List(const Actor& actor, std::int64_t campaign_id);
  Result<MeetingView> Create(const Actor& actor, std::int64_t campaign_id, const NewMeeting& in);
  // The meeting as its staff see it: agenda, live state, attendees, polls
  // (counts only once a result exists and the actor may see it), carriers
  // printed, voided and handed out, the projector link's token, the key
  // fingerprint.
  Result<MeetingView> Get(const Actor& actor, std::int64_t id);
  Result<MeetingView> Update(const Actor& actor, std::int64_t id, const MeetingChanges& in);

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

  Result<MeetingView> Console(const Actor& actor, std::int64_t meeting_id, const ConsoleAction& action);

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
  Result<PaperStatusView> PaperStatus(const Actor& actor, std::int64_t poll_id);
  // Once every counted sheet is reconciled: the result, signed.
  Status FinalizePoll(const Actor& actor, std::int64_t poll_id);

  // The result as `actor` may see it (DESIGN.md §4): nothing before it
  // exists; `announce` to everyone who may read the campaign; `private` to
  // organizers, reviewers and the deputy's group leader, and to a deputy
  // their own row once released. Withheld deputies show no numbers.
  Result<PollResultView> ResultFor(const Actor& actor, std::int64_t poll_id);
  Status Release(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id);
  // A deputy's own results: every poll about them whose result they may
  // see (announced, or released by their group leader), their row only.
  Result<std::vector<MyResult>> MyResults(const Actor& actor);
  // The bulletin board: the signed result record, the receipts, the ballots
  // in their stored (random) order with withheld deputies' marks blanked.
  Result<BoardView> Board(const Actor& actor, std::int64_t poll_id);

  // The tally certificate (计票结果报告单) of a final poll as an A4 PDF
  // (tally_certificate.cc): the meeting and the poll, carriers issued and
  // ballots returned by channel, each deputy's counts, grade and approval
  // rate as ResultFor shows them to `actor` (a row they may not see says so
  // and shows no figures), the board's digest (also as a QR code), the
  // result's signature, the key's fingerprint, and lines for the chair,
  // tellers and scrutineers to sign. failed_precondition "poll.no_result"
  // before the result exists, "poll.void" for a void poll; permission_denied
  // for a reader outside the meeting or one shown none of the result.
  Result<std::string> TallyCertificatePdf(const Actor& actor, std::int64_t poll_id, base::Lang lang);

  // The minutes (会议记录) of a meeting as an A4 PDF (minutes.cc): title,
  // campaign, time and venue, chair, tellers and scrutineers, attendance
  // (entitled, present and absent evaluators by name, guests by name), the
  // agenda as held with its questions, answers and remarks, each poll with
  // its times and its issued, returned, valid and invalid counts, and the
  // key's fingerprint. Each deputy's grade and approval rate only when the
  // campaign announces results; a private result never appears (a line says
  // it is fed back to the deputy in person). What the meeting does not
  // record (the agenda items' times, the actual start) is said to be so.
  // Whoever may read the meeting may fetch it (MeetingService::Get's rule:
  // permission_denied otherwise).
  Result<std::string> MinutesPdf(const Actor& actor, std::int64_t meeting_id, base::Lang lang);

  // The projector's view (no login; by the meeting's unguessable token).
  Result<ProjectorView> Projector(const std::string& token);
  // Watches what the projector of the meeting with `token` shows: its
  // stamp, and a wake when it changes (ProjectorFeed). not_found
  // "meeting.not_found" for a wrong link.
  Result<std::unique_ptr<ProjectorFeed::Watch>> WatchProjector(const std::string& token);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
  ServerKeys& keys_;
  std::unique_ptr<ProjectorFeed> feed_;
};

}  // namespace shuzhi::app
