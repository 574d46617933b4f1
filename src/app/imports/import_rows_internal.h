// The rows of a roster import: which column feeds which field, and the
// validation of every data row against the registry as it is in a
// transaction. Each problem says what the clerk needs to fix it: the row,
// the column, the cell's value and, for a problem of spelling or format,
// what would have been accepted (see ImportProblem in import.h).
//
// Internal to src/app's import (import.cc runs the jobs, import_files.cc
// writes the template and the skipped rows). Functions of their arguments
// and the transaction only; safe to call from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/exports/export_pack.h"
#include "app/imports/import.h"
#include "export/table.h"
#include "storage/registry_repo.h"
#include "storage/store.h"

namespace shuzhi::app::import_detail {

// One validated row, ready to write.
struct ParsedRow {
  int row = 0;
  core::Deputy deputy;
  core::Mandate mandate;
  std::optional<int> reported_year;
  core::VoterRep voter_rep;
  core::CommitteeMember member;
};

// A row is either in `parsed` (no problem) or has at least one problem and
// is counted in problem_rows: never both, so that writing `parsed` writes
// whole rows only. Rows depend on each other only as repeats of a person:
// the later row is the duplicate_in_file, and it stays one even when the
// first has a problem of its own, so skipping rows never writes a person
// the file names twice.
struct Validation {
  std::vector<ImportProblem> problems;
  std::vector<ImportMatch> matches;
  std::vector<ParsedRow> parsed;
  int valid_rows = 0, problem_rows = 0, new_persons = 0, linked_persons = 0;
};

struct RowsToValidate {
  ImportTarget target;
  Actor actor;
  const exports::Table& table;                                  // row 0 is the header
  const std::map<int, std::string>& mapping;                    // column index → field
  const std::map<int, std::optional<std::int64_t>>& decisions;  // row → person (nullopt: new)
  std::atomic<std::int64_t>& done;                              // progress, rows validated
  std::atomic<std::int64_t>& total;
};

// Validates every data row. Fails only when the database does (or the target
// is gone); bad rows are problems, not errors.
Result<Validation> Validate(storage::Tx& tx, const RowsToValidate& in);

// Maps headers to fields by their aliases; unknown headers stay unmapped.
std::map<int, std::string> DetectMapping(ImportKind kind, const std::vector<std::string>& headers);

// The spellings a field with a vocabulary accepts, as a problem or the
// template lists them: gender, occupation and status from core's parsers,
// by_election (是/否, …) from this import's; empty for any other field.
const std::vector<std::string>& Spellings(const std::string& field);

// The forms of a date for the message on `value`, which is not one: of the
// value's own year and month when it holds them ("1980年5月" → 1980-05-01,
// 1980/5/1, …), so that they look like what the clerk meant.
std::vector<std::string> DateExamples(std::string_view value);

// A problem in words, as the file of skipped rows states it:
// "出生日期：「1980年5月」不是日期，可写作 1980-05-01、1980/5/1、1980.5.1 或 1980年5月1日".
std::string ProblemWords(const ImportProblem& problem, base::Lang lang);

// The file of ImportService::SkippedRows: `skipped` row 0 is the header,
// each later row the cells of the upload's row `rows[i]`; each gets that row
// number and its problems (from `problems`) in two columns appended.
Result<ExportFile> SkippedRowsFile(const std::string& file_name, exports::Table skipped, const std::vector<int>& rows,
                                   const std::vector<ImportProblem>& problems, ExportFormat format, base::Lang lang,
                                   const export_detail::Provenance& provenance);

}  // namespace shuzhi::app::import_detail
