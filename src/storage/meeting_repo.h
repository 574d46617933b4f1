// Reporting meetings, attendees, carriers, polls and the secret
// ballot: records and repositories (see store.h for transaction and
// threading rules; the schema and its secrecy properties are described in
// migrations/*/0006_meetings.sql).
//
// The meeting's agenda, questions, remarks and officials are one JSON
// document (`record`), and the chair's live state one more (`live`); the app
// layer encodes both. `version` grows with every change a projector shows.
//
// States are stored as their codes (core/meeting_states.h) and carried here
// as enums: the text is mapped in sql_meetings.cc and nowhere else. A code
// the enum does not know (a hand-edited row) reads as the state that lets
// the least happen: a finished meeting, a void poll, a voided carrier.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/status.h"
#include "core/ballot.h"
#include "core/meeting_states.h"

namespace shuzhi::storage {

struct MeetingRecord {
  std::int64_t id = 0;
  std::int64_t campaign_id = 0;
  std::optional<std::int64_t> group_id;  // none: the standing committee's meeting
  std::string title;
  base::Micros starts_at = 0;
  std::string venue;
  std::string poll_mode = "per_deputy";  // or "sheet": one poll for all deputies
  core::MeetingState state = core::MeetingState::kScheduled;
  std::string projector_token;
  std::string record = "{}";  // JSON
  std::string live = "{}";    // JSON
  std::int64_t version = 0;
  int carrier_round = 1;
  base::Micros created_at = 0;
};

struct AttendeeRecord {
  std::int64_t id = 0;
  std::int64_t meeting_id = 0;
  std::string role = "evaluator";  // or "guest"
  std::string name;
  std::string affiliation;
  std::optional<std::int64_t> committee_member_id;
  std::optional<std::int64_t> voter_rep_id;
  bool checked_in = false;
};

// A carrier: a phone slip or a paper sheet (DESIGN.md §5). The table is
// named `credentials` and the API's error codes say "credential.*": both
// stay, since a rename would need a migration and break clients.
struct CarrierRecord {
  base::Bytes secret_hash;
  std::int64_t meeting_id = 0;
  int round = 1;
  core::Channel channel = core::Channel::kPhone;
  core::CarrierState state = core::CarrierState::kPrinted;
};

// What a ballot checks before it is stored, read in one statement for
// every ballot: the poll and the carrier.
struct CastCheck {
  bool poll_found = false;
  std::int64_t poll_meeting_id = 0;
  int poll_round = 1;
  core::PollState poll_state = core::PollState::kVoid;
  bool carrier_found = false;  // only looked at when the poll was found
  std::int64_t carrier_meeting_id = 0;
  int carrier_round = 1;
  core::CarrierState carrier_state = core::CarrierState::kVoided;

  // Whether a ballot may be cast: a printed carrier of the poll's meeting
  // and round, the poll open. (Which refusal it is, the caller says.)
  bool Allows() const {
    return poll_found && carrier_found && carrier_state == core::CarrierState::kPrinted &&
           carrier_meeting_id == poll_meeting_id && poll_state == core::PollState::kOpen && carrier_round == poll_round;
  }
};

// BallotRepo::CastIfAllowed's outcome: the check as read, and whether the
// ballot was stored (false when the check refused, or the carrier had cast).
struct GatedCast {
  CastCheck check;
  bool stored = false;
};

// How many carriers of a kind exist in a state, per round.
struct CarrierCount {
  int round = 1;
  core::Channel channel = core::Channel::kPhone;
  core::CarrierState state = core::CarrierState::kPrinted;
  std::int64_t count = 0;
};

struct PollRecord {
  std::int64_t id = 0;
  std::int64_t meeting_id = 0;
  int position = 0;
  int round = 1;
  std::vector<std::int64_t> deputy_ids;
  core::PollState state = core::PollState::kPending;
  std::int64_t voted = 0;                     // ballots cast so far (phone and keyed paper)
  std::optional<std::int64_t> paper_counted;  // sheets the tellers found in the box
  std::int64_t paper_valid = 0;               // sheets keyed, reconciled and stored as ballots
  std::int64_t invalid_sheets = 0;            // sheets keyed and reconciled but invalid as a whole
  std::string result;                         // the signed result record (JSON), once final or void
  base::Bytes signature;
  std::vector<std::int64_t> released;  // deputies whose result the leader released
  std::optional<base::Micros> opened_at;
  std::optional<base::Micros> closed_at;
  // The carriers handed out in the poll's round and the evaluators entitled
  // and present, frozen when it closed; the result is computed against these
  // (none while pending or open).
  std::optional<std::int64_t> issued_phone;
  std::optional<std::int64_t> issued_paper;
  std::optional<std::int64_t> entitled;
  std::optional<std::int64_t> present;
};

// One teller's keying of one paper sheet, until the sheet is reconciled.
struct PaperEntryRecord {
  std::int64_t id = 0;
  std::int64_t poll_id = 0;
  base::Bytes spend_key;  // keyed hash of (poll, sheet secret)
  std::string code_hint;  // the code's last group, to find the sheet again
  std::string teller;     // username
  std::string choices;    // encoded (core/ballot.h)
};

// What a meeting's projector shows changes exactly when one of these
// numbers does: the meeting's version, and each poll's count of ballots
// (which does not touch the version: a ballot must not write the meeting's
// row).
struct ProjectorStamp {
  std::int64_t meeting_id = 0, version = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> voted;  // (poll id, voted), in the projector's order
};

class MeetingRepo {
 public:
  virtual ~MeetingRepo() = default;
  virtual base::Result<std::int64_t> Insert(const MeetingRecord& r) = 0;
  // Writes everything but id, campaign_id, projector_token and created_at,
  // and increments version. not_found "meeting.not_found" when absent.
  virtual base::Status Update(const MeetingRecord& r) = 0;
  // Increments version only (something the projector shows has changed).
  virtual base::Status Touch(std::int64_t id) = 0;
  virtual base::Result<std::optional<MeetingRecord>> Find(std::int64_t id) = 0;
  virtual base::Result<std::optional<MeetingRecord>> FindByProjectorToken(const std::string& token) = 0;
  virtual base::Result<std::vector<MeetingRecord>> ListForCampaign(std::int64_t campaign_id) = 0;

  virtual base::Result<std::int64_t> InsertAttendee(const AttendeeRecord& r) = 0;
  virtual base::Status SetCheckedIn(std::int64_t attendee_id, bool checked_in) = 0;
  virtual base::Status DeleteAttendee(std::int64_t attendee_id) = 0;
  virtual base::Result<std::vector<AttendeeRecord>> ListAttendees(std::int64_t meeting_id) = 0;
  // The meeting's evaluators, and how many of them are checked in: counted
  // in the database (a poll's close needs only the two numbers).
  struct EvaluatorCount {
    std::int64_t entitled = 0, present = 0;
  };
  virtual base::Result<EvaluatorCount> CountEvaluators(std::int64_t meeting_id) = 0;

  // Adds `n` to the carriers of `channel` handed out in `round`.
  virtual base::Status AddIssued(std::int64_t meeting_id, int round, core::Channel channel, std::int64_t n) = 0;
  virtual base::Result<std::int64_t> Issued(std::int64_t meeting_id, int round, core::Channel channel) = 0;

  virtual base::Status InsertCarrier(const CarrierRecord& r) = 0;
  virtual base::Result<std::optional<CarrierRecord>> FindCarrier(const base::Bytes& secret_hash) = 0;
  virtual base::Status SetCarrierState(const base::Bytes& secret_hash, core::CarrierState state) = 0;
  virtual base::Result<std::vector<CarrierCount>> CountCarriers(std::int64_t meeting_id) = 0;

  virtual base::Result<std::int64_t> InsertPoll(const PollRecord& r) = 0;
  // Writes state, paper_counted, paper_valid, invalid_sheets, result,
  // signature, released, opened_at, closed_at (not voted, which only AddVoted
  // changes).
  virtual base::Status UpdatePoll(const PollRecord& r) = 0;
  virtual base::Result<std::optional<PollRecord>> FindPoll(std::int64_t id) = 0;
  // FindPoll, and in PostgreSQL locks the row and the poll's exclusive lock
  // (waiting for the batches of ballots in flight; BeginBatch) until
  // the transaction ends, so a ballot and the poll's close never interleave
  // (SQLite has one writer). UpdatePoll takes the exclusive lock as well.
  virtual base::Result<std::optional<PollRecord>> FindPollForUpdate(std::int64_t id) = 0;
  virtual base::Result<std::vector<PollRecord>> ListPolls(std::int64_t meeting_id) = 0;
  // The stamps of those of `meeting_ids` that exist, by meeting id; a few
  // statements for any number of meetings (the projectors' watch reads
  // every watched meeting's stamp several times a second).
  virtual base::Result<std::vector<ProjectorStamp>> ProjectorStamps(const std::vector<std::int64_t>& meeting_ids) = 0;
  virtual base::Status AddVoted(std::int64_t poll_id, std::int64_t n) = 0;
  // The poll `poll_id` and the carrier whose secret hashes to
  // `carrier_hash`, in one statement. Called in a grouped write that names
  // the poll (Store::WriteGrouped's lock_order), whose batch holds the
  // poll's shared lock: the poll cannot change until the batch commits.
  virtual base::Result<CastCheck> CheckCast(const base::Bytes& carrier_hash, std::int64_t poll_id) = 0;
};

class BallotRepo {
 public:
  virtual ~BallotRepo() = default;
  // Records the spend, with the digest of its receipt for a phone ballot;
  // conflict "ballot.credential_spent" when this carrier already cast a
  // ballot in this poll. The receipt is kept in the spend's row, not
  // appended beside the ballot: spends lie in the random order of their keys
  // (on SQLite), so even a copy taken while the poll is open pairs no
  // receipt with its ballot.
  virtual base::Status InsertSpend(std::int64_t poll_id, const base::Bytes& spend_key,
                                   const std::optional<base::Bytes>& check_hash,
                                   const std::optional<std::string>& receipt = std::nullopt) = 0;
  // The spend's check hash (empty once erased); none when never spent.
  virtual base::Result<std::optional<base::Bytes>> FindSpend(std::int64_t poll_id, const base::Bytes& spend_key) = 0;
  // Erases the re-send checks of the poll's spends, leaving the spends in
  // no order that follows their arrival (the poll has closed; ReplaceBallots
  // erases them too, in the same pass as the spends' receipts).
  virtual base::Status EraseSpendChecks(std::int64_t poll_id) = 0;

  // Makes room for `n` ballots of a poll that is opening, so that a ballot's
  // stored position says nothing about when it arrived. PostgreSQL writes a
  // heap row where there is room, which for an appended row is the order of
  // writing: there, `n` empty rows are written now, and AppendBallot fills a
  // random one of them in place. SQLite needs nothing (its receipts wait in
  // the spends' rows, stored in the random order of their keys).
  virtual base::Status ReserveBallotPlaces(std::int64_t poll_id, std::int64_t n) = 0;
  virtual base::Status AppendBallot(std::int64_t poll_id, const std::string& choices) = 0;
  // InsertSpend, then AppendBallot when the spend was new: a cast in one
  // call, and on PostgreSQL in one statement where a reserved row is free
  // (a round trip less per ballot). Conflict "ballot.credential_spent", with
  // nothing written, when the carrier has cast already.
  virtual base::Status SpendAndAppend(std::int64_t poll_id, const base::Bytes& spend_key,
                                      const std::optional<base::Bytes>& check_hash,
                                      const std::optional<std::string>& receipt, const std::string& choices) = 0;
  // MeetingRepo::CheckCast, then SpendAndAppend when the check allows it;
  // on PostgreSQL in one statement (a phone ballot in one round trip).
  // Nothing is written when the check refuses or the carrier has cast.
  virtual base::Result<GatedCast> CastIfAllowed(const base::Bytes& carrier_hash, std::int64_t poll_id,
                                                const base::Bytes& spend_key, const base::Bytes& check_hash,
                                                const std::string& receipt, const std::string& choices) = 0;
  // A receipt digest into the closed poll's list (ReplaceBallots uses it).
  virtual base::Status AppendReceipt(std::int64_t poll_id, const std::string& receipt) = 0;
  // In the order they are stored (random once the poll has closed): the
  // order ReplaceBallots returned, as long as the poll's rows are not written.
  virtual base::Result<std::vector<std::string>> Ballots(std::int64_t poll_id) = 0;
  // Sorted: a set of digests, whatever order they were stored in.
  virtual base::Result<std::vector<std::string>> Receipts(std::int64_t poll_id) = 0;
  virtual base::Result<bool> HasReceipt(std::int64_t poll_id, const std::string& receipt) = 0;
  // Stores the given ballots and receipts as the poll's only ones, in the
  // given order (the caller shuffles them); the spends keep neither receipt
  // nor re-send check (the poll has closed). Returns the ballots in the order
  // Ballots() lists them from now on, which is what the result is signed
  // over: the given order where the store keeps it (SQLite writes them over
  // the stored rows in place), else the order the store placed them in.
  // PostgreSQL puts inserted rows where its free-space map finds room, which
  // may begin mid-table and wrap round: a rotation of the given order,
  // chosen without looking at the ballots, so still random.
  virtual base::Result<std::vector<std::string>> ReplaceBallots(std::int64_t poll_id, std::vector<std::string> ballots,
                                                                const std::vector<std::string>& receipts) = 0;

  // conflict "paper.already_keyed" when this teller keyed this sheet already.
  virtual base::Status InsertPaperEntry(const PaperEntryRecord& r) = 0;
  virtual base::Result<std::vector<PaperEntryRecord>> PaperEntries(std::int64_t poll_id) = 0;
  virtual base::Status DeletePaperEntries(std::int64_t poll_id, const base::Bytes& spend_key) = 0;

  // Server-wide secrets (the carrier hash key, the signing key seed).
  virtual base::Result<std::optional<base::Bytes>> FindServerKey(const std::string& name) = 0;
  // Stores the key unless one of that name exists (another process may have
  // made it first: read it back after).
  virtual base::Status InsertServerKey(const std::string& name, const base::Bytes& secret, base::Micros at) = 0;
};

}  // namespace shuzhi::storage
