// A power cut, simulated (issue 15 §2): after the server has been killed,
// the writes no fsync/fdatasync had made durable are taken back, using the
// undo log the shim kept (powercut_shim.cc), so that the data folder holds
// what a disk could hold after losing its power at that moment.
//
// What a cut draws, for each file with writes no sync covered (its own
// fsync/fdatasync after them):
//   - half the time, none of them reached the disk;
//   - otherwise a random prefix of them did (a disk writes one file's
//     blocks in order in this model), and the first write lost may be torn:
//     its bytes up to a 4 KiB page boundary inside it reached the disk, the
//     rest did not.
// A file created since its directory was last synced loses its name: it is
// removed. Truncations no sync covered are taken back like writes.
//
// Not drawn: writes to one file reaching the disk out of order, a torn
// write inside a page, rename and unlink lost (durable at once here).
#pragma once

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shuzhi::faults {

struct CutReport {
  std::size_t records = 0;        // in the log: writes, truncations, syncs, creations
  std::size_t unsynced = 0;       // writes and truncations no sync covered
  std::size_t undone = 0;         // of those, taken back (whole or in part)
  std::size_t torn = 0;           // writes kept in part, to a page boundary
  std::size_t files_removed = 0;  // created, their directory never synced after
  std::uint64_t bytes_restored = 0;
};

// Applies the cut to the files the log names, then removes the log (the
// server started next begins a new one). The server must be dead.
base::Result<CutReport> CutPower(const std::string& log_path, std::mt19937& rng);

// The SQLite database of a data folder after a cut, read without changing
// it (no checkpoint, the WAL kept): integrity_check's verdict, and the
// receipt digests of the poll's spends.
struct AfterCut {
  std::string integrity;
  std::vector<std::string> receipt_digests;  // sorted
};
base::Result<AfterCut> ReadAfterCut(const std::string& data_dir, std::int64_t poll_id);

// The crash harness's power cuts over one SQLite data folder: the shim's
// settings for the server, and each cut with its checks. Not thread-safe:
// the harness's main thread cuts.
class PowerCuts {
 public:
  PowerCuts(std::string work_dir, std::string data_dir, std::int64_t poll_id, unsigned seed);

  // The environment that loads the shim into `shuzhi serve` (the shim is
  // built beside the harness); `no_sync` for the control run.
  std::vector<std::pair<std::string, std::string>> ServerEnv(bool no_sync) const;
  // With the server dead: cuts, then checks the database against the
  // receipts acknowledged until then; prints one line.
  void Cut(const std::vector<std::string>& acknowledged);
  // Totals over every cut.
  void PrintTotals() const;

  // False once a cut left a database that fails integrity_check or cannot
  // be read: the run cannot go on (the server would not start).
  bool database_ok() const { return database_ok_; }
  int cuts() const { return cuts_; }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::string log_, data_dir_;
  std::int64_t poll_id_;
  std::mt19937 rng_;
  int cuts_ = 0;
  bool database_ok_ = true;
  CutReport total_;
  std::set<std::string> lost_;  // acknowledged receipts missing after a cut
  std::size_t checked_max_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace shuzhi::faults
