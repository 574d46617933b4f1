// A roster import job as a server holds it, and the codecs of its row in
// the database (import_job_internal.h).
#include <algorithm>

#include "app/imports/import_job_internal.h"
#include "base/json.h"
#include "core/access.h"
#include "export/csv.h"
#include "export/xlsx_reader.h"

namespace shuzhi::app::import_detail {

namespace json = base::json;

Actor ActorOf(const Job& job) { return Actor{job.user_id, job.username, job.roles}; }

// Reads job.table and job.mapping, which only the one running step of a busy
// job touches.
Result<Validation> ValidateJob(storage::Tx& tx, Job& job, const Decisions& decisions) {
  return Validate(tx, {job.target, ActorOf(job), job.table, job.mapping, decisions, job.done, job.total});
}

void Publish(Job& job, Validation v) {
  base::MutexLock lock(job.mu);
  job.view.problems = std::move(v.problems);
  job.view.matches = std::move(v.matches);
  job.view.valid_rows = v.valid_rows;
  job.view.problem_rows = v.problem_rows;
  job.view.new_persons = v.new_persons;
  job.view.linked_persons = v.linked_persons;
  job.view.columns.clear();
  const auto& headers = job.table.rows.empty() ? std::vector<std::string>() : job.table.rows[0];
  for (std::size_t i = 0; i < headers.size(); ++i) {
    auto it = job.mapping.find(static_cast<int>(i));
    job.view.columns.push_back({static_cast<int>(i), headers[i], it == job.mapping.end() ? "" : it->second});
  }
}

Status CheckTarget(storage::Tx& tx, const Actor& actor, const ImportTarget& t) {
  auto& reg = tx.registry();
  switch (t.kind) {
    case ImportKind::kDeputies: {
      SHUZHI_ASSIGN_OR_RETURN(auto term, reg.FindTerm(t.id));
      if (!term) return base::NotFound("registry.term_not_found", "no such term");
      if (!core::Allows(actor.roles, core::Action::kManageCongress, core::Scope{term->congress_id, {}, {}})) {
        return base::PermissionDenied("auth.forbidden", "not your congress");
      }
      return base::Ok();
    }
    case ImportKind::kVoterReps: {
      SHUZHI_ASSIGN_OR_RETURN(auto g, reg.FindGroup(t.id));
      if (!g) return base::NotFound("registry.group_not_found", "no such group");
      if (!core::Allows(actor.roles, core::Action::kManageGroup, core::Scope{g->congress_id, g->id, {}})) {
        return base::PermissionDenied("auth.forbidden", "not your group");
      }
      return base::Ok();
    }
    case ImportKind::kCommitteeMembers: {
      SHUZHI_ASSIGN_OR_RETURN(auto c, reg.FindCongress(t.id));
      if (!c) return base::NotFound("registry.congress_not_found", "no such congress");
      if (!core::Allows(actor.roles, core::Action::kManageCongress, core::Scope{c->id, {}, {}})) {
        return base::PermissionDenied("auth.forbidden", "not your congress");
      }
      return base::Ok();
    }
  }
  return base::Ok();
}

ImportJobView Snapshot(Job& job) {
  base::MutexLock lock(job.mu);
  ImportJobView v = job.view;
  v.done = job.done;
  v.total = job.total;
  return v;
}

std::size_t TableBytes(const exports::Table& table) {
  std::size_t n = 0;
  // The objects themselves count too (a row vector, each cell's string), not
  // only their contents: an estimate of the memory a held table takes.
  for (const auto& row : table.rows) {
    n += sizeof(row);  // NOLINT(bugprone-sizeof-container): the vector object, on purpose
    for (const auto& cell : row) n += sizeof(cell) + cell.size();  // NOLINT(bugprone-sizeof-container)
  }
  return n;
}

// An applied or failed job keeps only its summary (the view), and an import
// that skipped rows those rows: the table is freed at once.
void ReleaseData(Job& job) SHUZHI_REQUIRES(job.mu) {
  job.table = exports::Table{};
  job.held = TableBytes(job.skipped);
}

// The rows of `problem_rows` (row numbers of the upload), kept for download
// under a header that imports them again as they were mapped: a column the
// user mapped by hand gets the header the import recognises for its field.
// Before ReleaseData.
void KeepSkippedRows(Job& job, const std::set<int>& problem_rows) SHUZHI_REQUIRES(job.mu) {
  job.skipped = exports::Table{};
  job.skipped_rows.clear();
  if (problem_rows.empty() || job.table.rows.empty()) return;
  std::vector<std::string> header = job.table.rows[0];
  const auto detected = DetectMapping(job.target.kind, header);
  for (const auto& [index, field] : job.mapping) {
    auto it = detected.find(index);
    if (it != detected.end() && it->second == field) continue;
    for (const auto& [f, aliases] : ImportFieldAliases(job.target.kind)) {
      if (f == field) header[static_cast<std::size_t>(index)] = aliases.front();
    }
  }
  job.skipped.rows = {std::move(header)};
  for (int row : problem_rows) {
    const auto i = static_cast<std::size_t>(row - 1);  // row 1 is the header
    if (row < 2 || i >= job.table.rows.size()) continue;
    job.skipped.rows.push_back(job.table.rows[i]);
    job.skipped_rows.push_back(row);
  }
}

std::set<int> ProblemRowsOf(const std::vector<ImportProblem>& problems) {
  std::set<int> rows;
  for (const auto& p : problems) rows.insert(p.row);
  return rows;
}

// Whether a ready job may be applied with the rows the user `reviewed`
// (those with problems) skipped when `skip`: failed_precondition naming why
// not.
Status CheckReadyToApply(const ImportJobView& view, const Decisions& decisions, const std::set<int>& reviewed,
                         bool skip) {
  if (!reviewed.empty() && !skip) {
    return base::FailedPrecondition("import.has_problems", "fix the problems listed before applying");
  }
  // A problem of the whole file (a required column missing, on row 1) is in
  // every row: there is nothing to skip it for.
  if (reviewed.count(1)) {
    return base::FailedPrecondition("import.has_problems", "a required column is missing; map it first");
  }
  if (view.valid_rows == 0) {
    return base::FailedPrecondition("import.no_valid_rows", "every row has a problem; nothing would be imported");
  }
  // Only the rows that will be written need a decision.
  for (const auto& m : view.matches) {
    if (m.decision_required && !decisions.count(m.row) && !reviewed.count(m.row)) {
      return base::FailedPrecondition("import.decision_required",
                                      "row " + std::to_string(m.row) + " matches several known persons");
    }
  }
  return base::Ok();
}

// Writes one parsed row: a person (new, or the one it was linked to) with
// the mandate and its reported year, or a member of an evaluator pool.
Status WriteRow(storage::RegistryRepo& reg, ImportKind kind, ParsedRow& p, int& created, int& linked) {
  switch (kind) {
    case ImportKind::kDeputies: {
      if (p.deputy.id == 0) {
        SHUZHI_ASSIGN_OR_RETURN(p.deputy.id, reg.InsertDeputy(p.deputy));
        ++created;
      } else {
        ++linked;
      }
      p.mandate.deputy_id = p.deputy.id;
      SHUZHI_TRY(reg.InsertMandate(p.mandate).status());
      if (p.reported_year && p.mandate.group_id) {
        SHUZHI_TRY(reg.UpsertRotationEntry({*p.mandate.group_id, p.deputy.id, std::nullopt, p.reported_year}));
      }
      break;
    }
    case ImportKind::kVoterReps:
      SHUZHI_TRY(reg.InsertVoterRep(p.voter_rep).status());
      ++created;
      break;
    case ImportKind::kCommitteeMembers:
      SHUZHI_TRY(reg.InsertCommitteeMember(p.member).status());
      ++created;
      break;
  }
  return base::Ok();
}

Status ReadUpload(Job& job, const std::string& bytes) {
  const bool xlsx = bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0;
  auto table = xlsx ? exports::ReadXlsxFirstSheet(bytes) : exports::ReadCsv(bytes);
  if (!table.ok()) return table.status();
  if (table->rows.size() < 2) return base::InvalidArgument("import.no_rows", "the sheet has a header but no data rows");
  job.table = std::move(table).value();
  job.held = TableBytes(job.table);
  base::MutexLock lock(job.mu);
  job.view.rows = static_cast<int>(job.table.rows.size()) - 1;
  return base::Ok();
}

namespace {

json::array IntsJson(const std::set<int>& ints) {
  json::array out;
  for (int i : ints) out.emplace_back(i);
  return out;
}

json::object ProblemJson(const ImportProblem& p) {
  json::array accepted;
  for (const auto& a : p.accepted) accepted.emplace_back(a);
  json::object o{{"row", p.row},   {"column", p.column}, {"field", p.field},
                 {"code", p.code}, {"value", p.value},   {"accepted", std::move(accepted)}};
  if (p.duplicate_of) o["duplicate_of"] = *p.duplicate_of;
  return o;
}

// The row's JSON was written by OutcomeJson; anything else reads as empty.
std::string Str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int Int(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? static_cast<int>(v->get_int64()) : 0;
}

ImportProblem ProblemOf(const json::object& o) {
  ImportProblem p;
  p.row = Int(o, "row");
  p.column = Str(o, "column");
  p.field = Str(o, "field");
  p.code = Str(o, "code");
  p.value = Str(o, "value");
  if (const auto* a = o.if_contains("accepted"); a && a->is_array()) {
    for (const auto& s : a->get_array()) {
      if (s.is_string()) p.accepted.emplace_back(s.get_string());
    }
  }
  if (o.contains("duplicate_of")) p.duplicate_of = Int(o, "duplicate_of");
  return p;
}

}  // namespace

std::string OutcomeJson(const Outcome& out) {
  json::array problems;
  for (const auto& p : out.problems) problems.emplace_back(ProblemJson(p));
  json::object o{{"reviewed", IntsJson(out.reviewed)},
                 {"valid_rows", out.valid_rows},
                 {"problem_rows", out.problem_rows},
                 {"problems", std::move(problems)}};
  if (out.applied) {
    o["applied"] = json::object{
        {"created", out.applied->created}, {"linked", out.applied->linked}, {"skipped", out.applied->skipped}};
  }
  if (out.error) {
    o["error"] = json::object{{"code", static_cast<int>(out.error->code())},
                              {"reason", out.error->reason()},
                              {"message", out.error->message()}};
  }
  return json::serialize(o);
}

Outcome ParseOutcome(const std::string& text) {
  Outcome out;
  boost::system::error_code ec;
  const auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  const auto& o = v.get_object();
  if (const auto* r = o.if_contains("reviewed"); r && r->is_array()) {
    for (const auto& i : r->get_array()) {
      if (i.is_int64()) out.reviewed.insert(static_cast<int>(i.get_int64()));
    }
  }
  out.valid_rows = Int(o, "valid_rows");
  out.problem_rows = Int(o, "problem_rows");
  if (const auto* ps = o.if_contains("problems"); ps && ps->is_array()) {
    for (const auto& p : ps->get_array()) {
      if (p.is_object()) out.problems.push_back(ProblemOf(p.get_object()));
    }
  }
  if (const auto* a = o.if_contains("applied"); a && a->is_object()) {
    const auto& ao = a->get_object();
    out.applied = ImportApplied{Int(ao, "created"), Int(ao, "linked"), Int(ao, "skipped")};
  }
  if (const auto* e = o.if_contains("error"); e && e->is_object()) {
    const auto& eo = e->get_object();
    const int code = std::clamp(Int(eo, "code"), 1, static_cast<int>(base::Code::kInternal));
    out.error = base::Status(static_cast<base::Code>(code), Str(eo, "reason"), Str(eo, "message"));
  }
  return out;
}

std::string MappingJson(const std::map<int, std::string>& mapping) {
  json::object o;
  for (const auto& [index, field] : mapping) o[std::to_string(index)] = field;
  return json::serialize(o);
}

std::map<int, std::string> ParseMapping(const std::string& text) {
  std::map<int, std::string> out;
  boost::system::error_code ec;
  const auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [key, field] : v.get_object()) {
    if (field.is_string())
      out[static_cast<int>(std::strtol(std::string(key).c_str(), nullptr, 10))] = std::string(field.get_string());
  }
  return out;
}

ImportJobView ViewOfRecord(const storage::ImportJobRecord& row) {
  ImportJobView v;
  v.id = row.id;
  v.kind = ParseImportKind(row.kind).value_or(ImportKind::kDeputies);
  v.state = row.state;
  v.phase = row.phase;
  v.file_name = row.file_name;
  v.rows = static_cast<int>(row.rows);
  for (const auto& [field, aliases] : ImportFieldAliases(v.kind)) {
    v.fields.push_back({field, IsRequiredImportField(v.kind, field)});
  }
  Outcome out = ParseOutcome(row.outcome);
  v.valid_rows = out.valid_rows;
  v.problem_rows = out.problem_rows;
  v.problems = std::move(out.problems);
  v.applied = out.applied;
  v.error = std::move(out.error);
  return v;
}

}  // namespace shuzhi::app::import_detail
