#include "app/imports/import.h"

#include <algorithm>
#include <set>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/exports/export_pack.h"
#include "app/imports/import_job_internal.h"
#include "storage/store.h"

namespace shuzhi::app {

using import_detail::Job;
using import_detail::Outcome;
using import_detail::Validation;
using storage::ImportJobChange;
using storage::ImportJobRecord;

namespace {

constexpr base::Micros kJobLife = 3600LL * base::kMicrosPerSecond;
// A job being validated or applied whose row has not changed for this long
// has lost its server (validating 100,000 rows takes about two seconds, and
// applying writes the row in the same transaction as the persons): another
// server takes it over.
constexpr base::Micros kStale = 60LL * base::kMicrosPerSecond;

std::string RandomId() { return base::RandomToken(12); }

bool InFlight(const std::string& state) { return state == "validating" || state == "applying"; }

// A job the row shows as idle: replaceable by a newer one of its user.
bool Idle(const ImportJobRecord& row, base::Micros now) {
  return !InFlight(row.state) || now - row.updated_at >= kStale;
}

Outcome ReadyOutcome(const ImportJobView& view) {
  Outcome out;
  out.reviewed = import_detail::ProblemRowsOf(view.problems);
  out.valid_rows = view.valid_rows;
  out.problem_rows = view.problem_rows;
  return out;
}

}  // namespace

ImportService::ImportService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

Status ImportService::Admit(const std::shared_ptr<Job>& job) {
  base::MutexLock lock(mu_);
  PruneExpired();
  // Each user keeps their newest few jobs here too: a copy dropped from this
  // server's memory is built again from its row when asked for.
  std::vector<std::map<std::string, std::shared_ptr<Job>>::iterator> mine;
  for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
    if (it->second->user_id == job->user_id && it->first != job->id) mine.push_back(it);
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
  for (const auto& [id, other] : jobs_) {
    if (id != job->id) held += other->held;
  }
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
      expired = !job.busy && now - job.created > kJobLife;
      job.mu.unlock();
    }
    it = expired ? jobs_.erase(it) : std::next(it);
  }
}

void ImportService::Forget(const std::string& id) {
  base::MutexLock lock(mu_);
  jobs_.erase(id);
}

Status ImportService::Record(const std::string& id, std::vector<std::string> from, std::optional<std::int64_t> version,
                             ImportJobChange change, bool* changed) {
  change.updated_at = clock_.Now();
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(bool did, tx.import_jobs().Change(id, from, version, change));
    if (changed) *changed = did;
    return base::Ok();
  });
}

// Validates the job with its mapping and, if the row is still at the
// version validated, makes both ready (or failed).
void ImportService::Revalidate(Job& job) {
  std::int64_t version = 0;
  {
    base::MutexLock lock(job.mu);
    job.view.state = "validating";
    job.view.phase = "validating";
    version = job.version;
  }
  Validation result;
  Status st = store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(result, import_detail::ValidateJob(tx, job, {}));
    return base::Ok();
  });
  if (st.ok()) import_detail::Publish(job, std::move(result));
  base::MutexLock lock(job.mu);
  job.busy = false;
  job.view.phase = "done";
  job.view.state = st.ok() ? "ready" : "failed";
  Outcome out = st.ok() ? ReadyOutcome(job.view) : Outcome{};
  if (!st.ok()) {
    job.view.error = st;
    out.error = st;
    import_detail::ReleaseData(job);
  }
  job.outcome = import_detail::OutcomeJson(out);
  ImportJobChange change;
  change.state = job.view.state;
  change.phase = "done";
  change.outcome = job.outcome;
  // Not recorded when another server re-mapped the job meanwhile: this copy
  // is then out of date, and built again when next asked for.
  (void)Record(job.id, {"validating", "ready"}, version, std::move(change));
}

Result<ImportService::Loaded> ImportService::Load(const Actor& actor, const std::string& id) {
  // Rows older than an hour go with the next request about any job (at
  // most once a minute), as well as with each new upload.
  const base::Micros now = clock_.Now();
  base::Micros last = last_pruned_.load();
  if (now - last >= kStale && last_pruned_.compare_exchange_strong(last, now)) {
    SHUZHI_TRY(store_.Write([&](storage::Tx& tx) { return tx.import_jobs().Prune(now - kJobLife); }));
  }
  std::optional<ImportJobRecord> row;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(row, tx.import_jobs().Find(id, false));
    return base::Ok();
  }));
  if (!row || row->user_id != actor.user_id || now - row->created_at > kJobLife) {
    return base::NotFound("import.not_found", "no such import (jobs are kept for an hour)");
  }
  std::shared_ptr<Job> local;
  {
    base::MutexLock lock(mu_);
    auto it = jobs_.find(id);
    if (it != jobs_.end()) local = it->second;
  }
  if (local) {
    base::MutexLock lock(local->mu);
    // This server's copy is current while it is at work on it, or while it
    // agrees with the row.
    if (local->busy ||
        (local->version == row->version && local->view.state == row->state && local->outcome == row->outcome)) {
      return Loaded{local, {}};
    }
  }
  if (local) Forget(id);
  const bool finished = row->state == "applied" || row->state == "failed";
  const bool elsewhere = InFlight(row->state) && now - row->updated_at < kStale;
  if (finished || elsewhere) return Loaded{nullptr, import_detail::ViewOfRecord(*row)};
  // Ready, or left in flight by a server that stopped.
  return Rebuild(actor, *row);
}

// A ready job another server holds, or one in flight on a server that
// stopped: its copy built here from the row, validated again as the data is
// now. When that finds other problems than the row's, they become the ones
// to review, for every server.
Result<ImportService::Loaded> ImportService::Rebuild(const Actor& actor, const ImportJobRecord& row) {
  std::optional<ImportJobRecord> full;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(full, tx.import_jobs().Find(row.id, true));
    return base::Ok();
  }));
  if (!full) return base::NotFound("import.not_found", "no such import (jobs are kept for an hour)");
  auto job = std::make_shared<Job>();
  job->id = row.id;
  job->user_id = actor.user_id;
  job->username = actor.username;
  job->roles = actor.roles;
  job->target = {ParseImportKind(row.kind).value_or(ImportKind::kDeputies), row.target_id};
  job->created = row.created_at;
  {
    base::MutexLock lock(job->mu);
    job->view = import_detail::ViewOfRecord(row);
    job->view.problems.clear();
    job->version = row.version;
    job->busy = true;
  }
  SHUZHI_TRY(import_detail::ReadUpload(*job, full->upload));
  job->mapping = import_detail::ParseMapping(row.mapping);
  SHUZHI_TRY(Admit(job));
  const std::string before = row.outcome;
  const std::string state = row.state;
  Revalidate(*job);  // records the job ready unless it was re-mapped meanwhile
  {
    base::MutexLock lock(job->mu);
    if (state == "ready" && job->view.state == "ready") {
      // Revalidate recorded the outcome found here; the reviewed rows are
      // what matters to the other servers.
      if (import_detail::ParseOutcome(before).reviewed == import_detail::ParseOutcome(job->outcome).reviewed) {
        job->outcome = before;
        ImportJobChange keep;
        keep.outcome = before;
        (void)Record(job->id, {"ready"}, job->version, std::move(keep));
      }
    }
  }
  if (InFlight(state)) {
    // Taken over: the row was left validating or applying.
    base::MutexLock lock(job->mu);
    ImportJobChange change;
    change.state = job->view.state;
    change.phase = "done";
    change.outcome = job->outcome;
    (void)Record(job->id, {state}, job->version, std::move(change));
  }
  return Loaded{job, {}};
}

Result<ImportJobView> ImportService::Start(const Actor& actor, ImportTarget target, const std::string& file_name,
                                           std::string bytes) {
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) { return import_detail::CheckTarget(tx, actor, target); }));
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
  Status stored = StoreNew(*job, file_name.substr(0, 200), bytes);
  if (!stored.ok()) {
    Forget(job->id);
    return stored;
  }
  background_.Run([this, job, bytes = std::move(bytes)]() mutable {
    Status read = import_detail::ReadUpload(*job, bytes);
    std::string().swap(bytes);  // the upload is not needed once read
    if (!read.ok()) {
      base::MutexLock lock(job->mu);
      job->busy = false;
      job->view.state = "failed";
      job->view.phase = "done";
      job->view.error = read;
      import_detail::ReleaseData(*job);
      Outcome out;
      out.error = read;
      job->outcome = import_detail::OutcomeJson(out);
      ImportJobChange change;
      change.state = "failed";
      change.phase = "done";
      change.outcome = job->outcome;
      (void)Record(job->id, {"validating"}, std::nullopt, std::move(change));
      return;
    }
    job->mapping = import_detail::DetectMapping(job->target.kind, job->table.rows[0]);
    ImportJobChange change;
    change.phase = "validating";
    change.mapping = import_detail::MappingJson(job->mapping);
    change.rows = static_cast<std::int64_t>(job->table.rows.size()) - 1;
    change.columns = static_cast<std::int64_t>(job->table.rows[0].size());
    (void)Record(job->id, {"validating"}, std::nullopt, std::move(change));
    Revalidate(*job);
  });
  return import_detail::Snapshot(*job);
}

// The job's row, within the user's limit of jobs and everyone's limit of
// uploads kept: the user's oldest idle jobs make room, on every server.
Status ImportService::StoreNew(const Job& job, const std::string& file_name, const std::string& bytes) {
  const base::Micros now = clock_.Now();
  ImportJobRecord row;
  row.id = job.id;
  row.user_id = job.user_id;
  row.kind = ImportKindCode(job.target.kind);
  row.target_id = job.target.id;
  row.file_name = file_name;
  row.upload = bytes;
  row.state = "validating";
  row.phase = "parsing";
  row.outcome = "{}";
  row.created_at = row.updated_at = now;
  return store_.Write([&](storage::Tx& tx) -> Status {
    auto& jobs = tx.import_jobs();
    SHUZHI_TRY(jobs.Prune(now - kJobLife));
    SHUZHI_ASSIGN_OR_RETURN(auto mine, jobs.ForUser(job.user_id));
    std::size_t kept = mine.size();
    for (const auto& other : mine) {
      if (kept < kJobsPerUser) break;
      if (!Idle(other, now)) continue;
      SHUZHI_TRY(jobs.Delete(other.id));
      --kept;
    }
    if (kept >= kJobsPerUser) {
      return base::ResourceExhausted("import.too_many", "your earlier imports are still being processed");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto stored, jobs.UploadBytes());
    if (static_cast<std::size_t>(stored) + bytes.size() > stored_limit_) {
      return base::ResourceExhausted("import.too_many", "too many imports in progress");
    }
    return jobs.Insert(row);
  });
}

Result<ImportJobView> ImportService::Get(const Actor& actor, const std::string& id) {
  SHUZHI_ASSIGN_OR_RETURN(auto loaded, Load(actor, id));
  return loaded.job ? import_detail::Snapshot(*loaded.job) : loaded.view;
}

Result<ImportJobView> ImportService::SetMapping(const Actor& actor, const std::string& id,
                                                const std::vector<std::pair<int, std::string>>& mapping) {
  SHUZHI_ASSIGN_OR_RETURN(auto loaded, Load(actor, id));
  if (!loaded.job) return base::FailedPrecondition("import.busy", "the import is " + loaded.view.state);
  auto job = loaded.job;
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
    // One server at a time: the row moves from ready at this version.
    ImportJobChange change;
    change.state = "validating";
    change.phase = "validating";
    change.mapping = import_detail::MappingJson(next);
    change.bump_version = true;
    bool changed = false;
    SHUZHI_TRY(Record(job->id, {"ready"}, job->version, std::move(change), &changed));
    if (!changed) return base::FailedPrecondition("import.busy", "the import was changed meanwhile; reload it");
    ++job->version;
    job->busy = true;
    job->mapping = std::move(next);
    job->view.state = "validating";
  }
  background_.Run([this, job]() { Revalidate(*job); });
  return import_detail::Snapshot(*job);
}

Result<ImportJobView> ImportService::Apply(const Actor& actor, const std::string& id, const Decisions& decisions,
                                           ProblemRows problem_rows) {
  SHUZHI_ASSIGN_OR_RETURN(auto loaded, Load(actor, id));
  if (!loaded.job) return base::FailedPrecondition("import.busy", "the import is " + loaded.view.state);
  auto job = loaded.job;
  const bool skip = problem_rows == ProblemRows::kSkip;
  std::set<int> reviewed;  // the rows with problems the user saw, and chose to skip
  std::int64_t version = 0;
  {
    base::MutexLock lock(job->mu);
    if (job->busy || job->view.state != "ready") {
      return base::FailedPrecondition("import.busy", "the import is " + job->view.state);
    }
    reviewed = import_detail::ParseOutcome(job->outcome).reviewed;
    SHUZHI_TRY(import_detail::CheckReadyToApply(job->view, decisions, reviewed, skip));
    ImportJobChange change;
    change.state = "applying";
    change.phase = "writing";
    bool changed = false;
    SHUZHI_TRY(Record(job->id, {"ready"}, job->version, std::move(change), &changed));
    if (!changed) return base::FailedPrecondition("import.busy", "the import was changed meanwhile; reload it");
    version = job->version;
    job->busy = true;
    job->view.state = "applying";
    job->view.phase = "writing";
    job->view.error.reset();
  }
  background_.Run([this, job, decisions, reviewed, version]() { ApplyNow(*job, decisions, reviewed, version); });
  return import_detail::Snapshot(*job);
}

// Writes the rows in one transaction with the job's row made applied, so
// that a job left applying by a server that stopped has written nothing.
void ImportService::ApplyNow(Job& job, const Decisions& decisions, const std::set<int>& reviewed,
                             std::int64_t version) {
  int created = 0, linked = 0;
  Validation result;
  std::string file_name;
  {
    base::MutexLock lock(job.mu);
    file_name = job.view.file_name;
  }
  Outcome applied;
  Status st = store_.Write([&](storage::Tx& tx) -> Status {
    created = linked = 0;
    SHUZHI_TRY(import_detail::CheckTarget(tx, import_detail::ActorOf(job), job.target));
    // Validated again inside the transaction: the data may have changed.
    // Rows are skipped only as the user reviewed them; a problem on any
    // other row refuses the whole import like any problem without skipping.
    SHUZHI_ASSIGN_OR_RETURN(result, import_detail::ValidateJob(tx, job, decisions));
    if (import_detail::ProblemRowsOf(result.problems) != reviewed) {
      return base::FailedPrecondition("import.has_problems", "the data changed; review the new problems");
    }
    // result.parsed holds whole rows without problems only (see
    // Validation): a skipped row leaves no person, mandate or rotation entry.
    auto& reg = tx.registry();
    job.total = static_cast<std::int64_t>(result.parsed.size());
    job.done = 0;
    for (auto& p : result.parsed) {
      SHUZHI_TRY(import_detail::WriteRow(reg, job.target.kind, p, created, linked));
      ++job.done;
    }
    applied.reviewed = reviewed;
    applied.valid_rows = result.valid_rows;
    applied.problem_rows = result.problem_rows;
    applied.problems = result.problems;
    applied.applied = ImportApplied{created, linked, static_cast<int>(reviewed.size())};
    ImportJobChange change;
    change.state = "applied";
    change.phase = "done";
    change.outcome = import_detail::OutcomeJson(applied);
    change.updated_at = clock_.Now();
    SHUZHI_ASSIGN_OR_RETURN(bool mine, tx.import_jobs().Change(job.id, {"applying"}, version, change));
    if (!mine) return base::FailedPrecondition("import.busy", "another server took the import over");
    return RecordAudit(tx, clock_, job.username, "import.apply",
                       std::string(ImportKindCode(job.target.kind)) + ":" + std::to_string(job.target.id),
                       {{"file", file_name},
                        {"created", created},
                        {"linked", linked},
                        {"skipped", static_cast<std::int64_t>(reviewed.size())}});
  });
  // New problems found while applying are shown like any others.
  const bool again = st.reason() == "import.has_problems";
  if (again) import_detail::Publish(job, std::move(result));
  base::MutexLock lock(job.mu);
  job.busy = false;
  job.view.phase = "done";
  ImportJobChange change;
  change.phase = "done";
  if (st.ok()) {
    job.view.state = "applied";
    job.view.applied = applied.applied;
    job.outcome = import_detail::OutcomeJson(applied);
    import_detail::KeepSkippedRows(job, reviewed);
    import_detail::ReleaseData(job);
    return;  // recorded with the rows
  }
  job.view.state = again ? "ready" : "failed";
  job.view.error = st;
  Outcome out = again ? ReadyOutcome(job.view) : Outcome{};
  out.error = st;
  if (!again) import_detail::ReleaseData(job);
  job.outcome = import_detail::OutcomeJson(out);
  change.state = job.view.state;
  change.outcome = job.outcome;
  (void)Record(job.id, {"applying"}, version, std::move(change));
}

Result<ExportFile> ImportService::SkippedRows(const Actor& actor, const std::string& id, ExportFormat format,
                                              base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto loaded, Load(actor, id));
  exports::Table skipped;
  std::vector<int> rows;
  std::vector<ImportProblem> problems;
  std::string file_name;
  if (loaded.job) {
    base::MutexLock lock(loaded.job->mu);
    skipped = loaded.job->skipped;
    rows = loaded.job->skipped_rows;
    problems = loaded.job->view.problems;
    file_name = loaded.job->view.file_name;
    if (loaded.job->view.state != "applied") rows.clear();
  } else if (loaded.view.state == "applied" && loaded.view.applied && loaded.view.applied->skipped > 0) {
    SHUZHI_TRY(SkippedFromRecord(id, skipped, rows));
    problems = loaded.view.problems;
    file_name = loaded.view.file_name;
  }
  if (rows.empty()) return base::NotFound("import.nothing_skipped", "this import has not skipped any rows");
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, export_detail::ProvenanceOf(store_, clock_, actor));
  return import_detail::SkippedRowsFile(file_name, std::move(skipped), rows, problems, format, lang, provenance);
}

// The skipped rows of an import applied by another server, from its upload.
Status ImportService::SkippedFromRecord(const std::string& id, exports::Table& skipped, std::vector<int>& rows) {
  std::optional<ImportJobRecord> full;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(full, tx.import_jobs().Find(id, true));
    return base::Ok();
  }));
  if (!full) return base::NotFound("import.not_found", "no such import (jobs are kept for an hour)");
  Job job;
  job.target = {ParseImportKind(full->kind).value_or(ImportKind::kDeputies), full->target_id};
  SHUZHI_TRY(import_detail::ReadUpload(job, full->upload));
  job.mapping = import_detail::ParseMapping(full->mapping);
  base::MutexLock lock(job.mu);
  import_detail::KeepSkippedRows(job, import_detail::ParseOutcome(full->outcome).reviewed);
  skipped = std::move(job.skipped);
  rows = std::move(job.skipped_rows);
  return base::Ok();
}

}  // namespace shuzhi::app
