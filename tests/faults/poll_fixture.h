// The poll the crash harness votes in, and what its database holds at the
// end.
//
// PreparePoll builds it in-process, through the app library, before any
// `shuzhi serve` starts (as bench/ballots does): the demo data, one meeting
// of the standing committee with one poll on one sheet, CARRIERS phone
// carriers, as many evaluators seated and checked in, every carrier handed
// out, the poll open. Over HTTP each check-in reads the meeting's whole
// attendance (O(n) per request) and each slip comes back in a PDF; for the
// long form's 100,000 phones that would take longer than the run itself.
//
// CountStored reads the database with plain SQL, around shuzhi, as an
// auditor would: what the harness compares with what it was told.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/ballot.h"
#include "phones.h"

namespace shuzhi::faults {

// Where the data lives: a SQLite data folder or a PostgreSQL URL.
struct Database {
  std::string data_dir;
  std::string pg_url;  // when set, PostgreSQL
  bool postgres() const { return !pg_url.empty(); }
};

struct PreparedPoll {
  std::int64_t meeting_id = 0;
  std::int64_t poll_id = 0;
  std::vector<std::string> codes;  // one carrier per phone, printed form
  core::PollBallotSpec form;       // what a ballot may choose
  std::string fingerprint;         // the result key's, as a slip prints it
  std::string organizer;           // a demo account that runs the meeting
  std::string password;
};

// Makes the poll on a fresh database (PostgreSQL: the schema is dropped
// first). Takes a few seconds per 100,000 carriers.
base::Result<PreparedPoll> PreparePoll(const Database& db, int carriers);

// Each carrier's ballot, with random choices from the scale, and a
// different one for the spent-carrier check; `encoded` gets each ballot as
// the board will list it.
std::vector<PhoneBallot> MakeBallots(const PreparedPoll& poll, std::mt19937& rng, std::vector<std::string>* encoded);

// What the database holds for one poll, counted with SQL.
struct StoredCounts {
  std::int64_t spends = 0;    // carriers spent
  std::int64_t ballots = 0;   // ballots with choices (PostgreSQL's empty reserved rows left out)
  std::int64_t receipts = 0;  // receipt digests (in `receipts` once closed, in the spends' rows before)
  std::int64_t voted = 0;     // the poll's counter
  std::string integrity;      // SQLite's integrity_check ("ok"); "" on PostgreSQL
};
// No server may be writing to a SQLite database while it is counted.
base::Result<StoredCounts> CountStored(const Database& db, std::int64_t poll_id);

// Loses one stored ballot of the open poll as a crash that broke its
// promise would: its spend (with the receipt's digest), its row and one
// from `voted`. Only for the harness's test of itself (--lose-one): the
// checks must then fail. No server may be running on a SQLite database.
base::Status LoseOneBallot(const Database& db, std::int64_t poll_id);

}  // namespace shuzhi::faults
