// The crash harness's verdict, once the load is over and every server
// answers again: what was acknowledged against what was kept.
//
//   - the poll's `voted` (as the organizer's console shows it) equals the
//     ballots acknowledged;
//   - the poll closes; its result counts every acknowledged ballot as
//     returned, and issued is what was handed out;
//   - the board lists each acknowledged receipt's digest exactly once and
//     nothing else, and its ballots are exactly the choices acknowledged
//     (as a multiset: the board's order is random);
//   - `shuzhi verify` accepts the board with the key's fingerprint;
//   - in the database (plain SQL, servers stopped): spends = ballots =
//     receipts = voted = acknowledged, so no ballot is stored without its
//     carrier's spend nor a spend without its ballot; SQLite's
//     integrity_check says ok.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fleet.h"
#include "poll_fixture.h"

namespace shuzhi::faults {

struct Expected {
  const PreparedPoll& poll;
  std::vector<std::string> receipts;  // acknowledged, as the phones got them
  std::vector<std::string> ballots;   // their encoded choices, in any order
};

struct Outcome {
  std::int64_t voted = -1;  // before the close
  std::int64_t returned = -1, issued = -1;
  std::size_t board_receipts = 0, board_ballots = 0;
  std::string verify_output;
  StoredCounts stored;
  std::vector<std::string> problems;  // empty: every check passed
};

// Closes the poll through the fleet's first server, checks, stops the
// fleet. `work_dir` receives the board file.
Outcome CheckOutcome(const Expected& expected, Fleet& fleet, const Database& db, const std::string& binary,
                     const std::string& work_dir);

}  // namespace shuzhi::faults
