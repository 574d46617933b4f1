#include "app/imports/import.h"

#include <algorithm>
#include <atomic>
#include <set>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/exports/export_pack.h"
#include "app/imports/import_rows_internal.h"
#include "base/json.h"
#include "core/access.h"
#include "export/csv.h"
#include "export/xlsx_reader.h"
#include "storage/store.h"

namespace shuzhi::app {

using import_detail::Validation;
using Decisions = std::map<int, std::optional<std::int64_t>>;

struct ImportService::Job {
  base::Mutex mu;
  std::string id;
  std::int64_t user_id = 0;
  std::string username;
  std::vector<core::RoleGrant> roles;
  ImportTarget target;
  exports::Table table;
  std::map<int, std::string> mapping;  // column index → field
  ImportJobView view SHUZHI_GUARDED_BY(mu);
  // What an import that skipped rows keeps of them once its table is freed:
  // row 0 the header as the download carries it, then each skipped row's
  // cells; skipped_rows[i] is the upload's row number of skipped.rows[i + 1].
  exports::Table skipped SHUZHI_GUARDED_BY(mu);
  std::vector<int> skipped_rows SHUZHI_GUARDED_BY(mu);
  base::Micros created = 0;
  std::uint64_t seq = 0;  // order of starting, within this process
  // Bytes this job holds in memory: the upload until it is parsed, then the
  // table; once applied, the rows it skipped; nothing once failed.
  std::atomic<std::size_t> held{0};
  std::atomic<std::int64_t> done{0};
  std::atomic<std::int64_t> total{0};
  bool busy SHUZHI_GUARDED_BY(mu) = false;  // validating or applying
};

namespace {

using Job = ImportService::Job;

std::string RandomId() { return base::RandomToken(12); }

Actor ActorOf(const Job& job) { return Actor{job.user_id, job.username, job.roles}; }

// Reads job.table and job.mapping, which only the one running step of a busy
// job touches.
Result<Validation> Validate(storage::Tx& tx, Job& job, const Decisions& decisions) {
  return import_detail::Validate(tx,
                                 {job.target, ActorOf(job), job.table, job.mapping, decisions, job.done, job.total});
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

}  // namespace

ImportService::ImportService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

Status ImportService::Admit(const std::shared_ptr<Job>& job) {
  base::MutexLock lock(mu_);
  PruneExpired();
  // Each user keeps their newest few jobs: a new one replaces their oldest
  // idle one, so that nobody's imports can crowd out everyone else's.
  std::vector<std::map<std::string, std::shared_ptr<Job>>::iterator> mine;
  for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
    if (it->second->user_id == job->user_id) mine.push_back(it);
  }
  std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) { return a->second->seq < b->second->seq; });
  std::size_t kept = mine.size();
  for (auto& it : mine) {
    if (kept < kJobsPerUser) break;
    Job& other = *it->second;
    if (!other.mu.try_lock()) continue;  // in use
    const bool busy = other.busy;
    other.mu.unlock();
    if (busy) continue;
    jobs_.erase(it);
    --kept;
  }
  if (kept >= kJobsPerUser) {
    return base::ResourceExhausted("import.too_many", "your earlier imports are still being processed");
  }
  std::size_t held = 0;
  for (const auto& [id, other] : jobs_) held += other->held;
  if (held + job->held > held_limit_ || jobs_.size() >= kMaxJobs) {
    return base::ResourceExhausted("import.too_many", "too many imports in progress");
  }
  job->seq = ++next_seq_;
  jobs_[job->id] = job;
  return base::Ok();
}

std::size_t ImportService::held_bytes() {
  base::MutexLock lock(mu_);
  std::size_t held = 0;
  for (const auto& [id, job] : jobs_) held += job->held;
  return held;
}

void ImportService::PruneExpired() {
  const base::Micros now = clock_.Now();
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    // Jobs are kept for an hour; a running one is never dropped.
    bool expired = false;
    Job& job = *it->second;
    // A job whose lock is held is in use: never expired now.
    if (job.mu.try_lock()) {
      expired = !job.busy && now - job.created > 3600LL * base::kMicrosPerSecond;
      job.mu.unlock();
    }
    it = expired ? jobs_.erase(it) : std::next(it);
  }
}

Result<std::shared_ptr<ImportService::Job>> ImportService::Find(const Actor& actor, const std::string& id) {
  base::MutexLock lock(mu_);
  PruneExpired();
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->user_id != actor.user_id) {
    return base::NotFound("import.not_found", "no such import (jobs are kept for an hour)");
  }
  return it->second;
}

namespace {

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
  const auto detected = import_detail::DetectMapping(job.target.kind, header);
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

void Revalidate(storage::Store& store, Job& job, const Decisions& decisions) {
  {
    base::MutexLock lock(job.mu);
    job.view.state = "validating";
    job.view.phase = "validating";
  }
  Validation result;
  Status st = store.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(result, Validate(tx, job, decisions));
    return base::Ok();
  });
  if (st.ok()) Publish(job, std::move(result));
  base::MutexLock lock(job.mu);
  job.busy = false;
  job.view.phase = "done";
  job.view.state = st.ok() ? "ready" : "failed";
  if (!st.ok()) {
    job.view.error = st;
    ReleaseData(job);
  }
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
Status WriteRow(storage::RegistryRepo& reg, ImportKind kind, import_detail::ParsedRow& p, int& created, int& linked) {
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

}  // namespace

Result<ImportJobView> ImportService::Start(const Actor& actor, ImportTarget target, const std::string& file_name,
                                           std::string bytes) {
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) { return CheckTarget(tx, actor, target); }));
  if (bytes.size() > kMaxImportBytes) return base::InvalidArgument("import.too_large", "the file is larger than 20 MB");
  if (bytes.empty()) return base::InvalidArgument("import.not_a_spreadsheet", "the file is empty");
  auto job = std::make_shared<Job>();
  job->id = RandomId();
  job->user_id = actor.user_id;
  job->username = actor.username;
  job->roles = actor.roles;
  job->target = target;
  job->created = clock_.Now();
  {
    base::MutexLock lock(job->mu);  // nobody else has the job yet; the rule is kept all the same
    job->busy = true;
    job->view.id = job->id;
    job->view.kind = target.kind;
    job->view.state = "validating";
    job->view.phase = "parsing";
    job->view.file_name = file_name.substr(0, 200);
    for (const auto& [field, aliases] : ImportFieldAliases(target.kind)) {
      job->view.fields.push_back({field, IsRequiredImportField(target.kind, field)});
    }
  }
  job->held = bytes.size();
  SHUZHI_TRY(Admit(job));
  background_.Run([this, job, bytes = std::move(bytes)]() mutable {
    // A zip archive (an .xlsx) starts with "PK\3\4"; anything else is read as CSV.
    const bool xlsx = bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0;
    auto table = xlsx ? exports::ReadXlsxFirstSheet(bytes) : exports::ReadCsv(bytes);
    std::string().swap(bytes);  // the upload is not needed once read
    auto fail = [&](Status why) {
      base::MutexLock lock(job->mu);
      job->busy = false;
      job->view.state = "failed";
      job->view.phase = "done";
      job->view.error = std::move(why);
      ReleaseData(*job);
    };
    if (!table.ok()) return fail(table.status());
    job->table = std::move(table).value();
    job->held = TableBytes(job->table);
    if (job->table.rows.size() < 2) {
      return fail(base::InvalidArgument("import.no_rows", "the sheet has a header but no data rows"));
    }
    job->mapping = import_detail::DetectMapping(job->target.kind, job->table.rows[0]);
    {
      base::MutexLock lock(job->mu);
      job->view.rows = static_cast<int>(job->table.rows.size()) - 1;
    }
    Revalidate(store_, *job, {});
  });
  return Snapshot(*job);
}

Result<ImportJobView> ImportService::Get(const Actor& actor, const std::string& id) {
  SHUZHI_ASSIGN_OR_RETURN(auto job, Find(actor, id));
  return Snapshot(*job);
}

Result<ImportJobView> ImportService::SetMapping(const Actor& actor, const std::string& id,
                                                const std::vector<std::pair<int, std::string>>& mapping) {
  SHUZHI_ASSIGN_OR_RETURN(auto job, Find(actor, id));
  std::map<int, std::string> next;
  std::set<std::string> used;
  const auto& aliases = ImportFieldAliases(job->target.kind);
  for (const auto& entry : mapping) {
    const int index = entry.first;
    const std::string& field = entry.second;  // a named reference: clang 14 cannot capture a structured binding
    if (field.empty()) continue;
    const bool known = std::any_of(aliases.begin(), aliases.end(), [&](const auto& a) { return a.first == field; });
    if (!known)
      return base::InvalidArgument("request.invalid", "unknown field " + field, {{"columns", "unknown_field"}});
    if (!used.insert(field).second)
      return base::InvalidArgument("request.invalid", field + " mapped twice", {{"columns", "field_twice"}});
    next[index] = field;
  }
  {
    base::MutexLock lock(job->mu);
    if (job->busy || job->view.state == "applied" || job->view.state == "failed") {
      return base::FailedPrecondition("import.busy", "the import is " + job->view.state);
    }
    // The table is read under the job's lock: a finished job frees it.
    for (const auto& [index, field] : next) {
      if (index < 0 || job->table.rows.empty() || static_cast<std::size_t>(index) >= job->table.rows[0].size()) {
        return base::InvalidArgument("request.invalid", "no such column", {{"columns", "unknown_column"}});
      }
    }
    job->busy = true;
    job->mapping = std::move(next);
    job->view.state = "validating";
  }
  background_.Run([this, job]() { Revalidate(store_, *job, {}); });
  return Snapshot(*job);
}

Result<ImportJobView> ImportService::Apply(const Actor& actor, const std::string& id, const Decisions& decisions,
                                           ProblemRows problem_rows) {
  SHUZHI_ASSIGN_OR_RETURN(auto job, Find(actor, id));
  const bool skip = problem_rows == ProblemRows::kSkip;
  std::set<int> reviewed;  // the rows with problems the user saw, and chose to skip
  {
    base::MutexLock lock(job->mu);
    if (job->busy || job->view.state != "ready") {
      return base::FailedPrecondition("import.busy", "the import is " + job->view.state);
    }
    reviewed = ProblemRowsOf(job->view.problems);
    SHUZHI_TRY(CheckReadyToApply(job->view, decisions, reviewed, skip));
    job->busy = true;
    job->view.state = "applying";
    job->view.phase = "writing";
    job->view.error.reset();
  }
  background_.Run([this, job, decisions, reviewed]() {
    int created = 0, linked = 0;
    Validation result;
    std::string file_name;
    {
      base::MutexLock lock(job->mu);
      file_name = job->view.file_name;
    }
    Status st = store_.Write([&](storage::Tx& tx) -> Status {
      created = linked = 0;
      SHUZHI_TRY(CheckTarget(tx, ActorOf(*job), job->target));
      // Validated again inside the transaction: the data may have changed.
      // Rows are skipped only as the user reviewed them; a problem on any
      // other row refuses the whole import like any problem without skipping.
      SHUZHI_ASSIGN_OR_RETURN(result, Validate(tx, *job, decisions));
      if (ProblemRowsOf(result.problems) != reviewed) {
        return base::FailedPrecondition("import.has_problems", "the data changed; review the new problems");
      }
      // result.parsed holds whole rows without problems only (see
      // Validation): a skipped row leaves no person, mandate or rotation entry.
      auto& reg = tx.registry();
      job->total = static_cast<std::int64_t>(result.parsed.size());
      job->done = 0;
      for (auto& p : result.parsed) {
        SHUZHI_TRY(WriteRow(reg, job->target.kind, p, created, linked));
        ++job->done;
      }
      return RecordAudit(tx, clock_, job->username, "import.apply",
                         std::string(ImportKindCode(job->target.kind)) + ":" + std::to_string(job->target.id),
                         {{"file", file_name},
                          {"created", created},
                          {"linked", linked},
                          {"skipped", static_cast<std::int64_t>(reviewed.size())}});
    });
    // New problems found while applying are shown like any others.
    if (st.reason() == "import.has_problems") Publish(*job, std::move(result));
    base::MutexLock lock(job->mu);
    job->busy = false;
    job->view.phase = "done";
    if (st.ok()) {
      job->view.state = "applied";
      job->view.applied = ImportApplied{created, linked, static_cast<int>(reviewed.size())};
      KeepSkippedRows(*job, reviewed);
      ReleaseData(*job);
    } else {
      job->view.state = st.reason() == "import.has_problems" ? "ready" : "failed";
      job->view.error = st;
      if (job->view.state == "failed") ReleaseData(*job);
    }
  });
  return Snapshot(*job);
}

Result<ExportFile> ImportService::SkippedRows(const Actor& actor, const std::string& id, ExportFormat format,
                                              base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto job, Find(actor, id));
  exports::Table skipped;
  std::vector<int> rows;
  std::vector<ImportProblem> problems;
  std::string file_name;
  {
    base::MutexLock lock(job->mu);
    if (job->view.state != "applied" || job->skipped_rows.empty()) {
      return base::NotFound("import.nothing_skipped", "this import has not skipped any rows");
    }
    skipped = job->skipped;
    rows = job->skipped_rows;
    problems = job->view.problems;
    file_name = job->view.file_name;
  }
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, export_detail::ProvenanceOf(store_, clock_, actor));
  return import_detail::SkippedRowsFile(file_name, std::move(skipped), rows, problems, format, lang, provenance);
}

}  // namespace shuzhi::app
