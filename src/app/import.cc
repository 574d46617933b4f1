#include "app/import.h"

#include "base/text.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <set>

#include "app/audit.h"
#include "app/registry.h"
#include "base/json.h"
#include "core/access.h"
#include "core/registry.h"
#include "export/csv.h"
#include "export/xlsx_reader.h"

namespace shuzhi::app {

namespace {

using Aliases = std::vector<std::pair<std::string, std::vector<std::string>>>;

const Aliases kDeputyFields = {
    {"name", {"姓名", "代表姓名", "name"}},
    {"gender", {"性别", "gender"}},
    {"birth_date", {"出生日期", "出生年月", "出生年月日", "birth_date"}},
    {"ethnicity", {"民族", "ethnicity"}},
    {"occupation", {"职业类别", "职业", "代表构成", "occupation"}},
    {"employer", {"工作单位", "单位", "employer"}},
    {"title", {"职务", "title"}},
    {"phone", {"联系电话", "电话", "手机", "手机号码", "phone"}},
    {"constituency", {"选区", "选举单位", "原选举单位", "constituency"}},
    {"group", {"代表小组", "小组", "group"}},
    {"status", {"状态", "代表状态", "status"}},
    {"status_date", {"状态日期", "离任日期", "status_date"}},
    {"by_election", {"补选", "是否补选", "by_election"}},
    {"elected_date", {"当选日期", "elected_date"}},
    {"reported_year", {"已述职年份", "述职年份", "reported_year"}},
};
const Aliases kVoterRepFields = {
    {"name", {"姓名", "name"}},
    {"gender", {"性别", "gender"}},
    {"birth_year", {"出生年份", "birth_year"}},
    {"occupation", {"职业类别", "职业", "occupation"}},
    {"village", {"村（社区）", "村(社区)", "村社区", "村", "社区", "village"}},
    {"phone", {"联系电话", "电话", "手机", "phone"}},
};
const Aliases kCommitteeFields = {
    {"name", {"姓名", "name"}},
    {"gender", {"性别", "gender"}},
    {"birth_year", {"出生年份", "birth_year"}},
    {"occupation", {"职业类别", "职业", "occupation"}},
    {"position", {"职位", "职务", "position"}},
};
const std::set<std::string> kRequired = {"name", "gender", "birth_date", "occupation"};

std::string Normalize(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    // Spaces, '*' (marks required columns in templates), '_' and '-' are
    // ignored, so "Birth date", "birth_date" and "出生日期*" all match.
    if (c == ' ' || c == '\t' || c == '*' || c == '\r' || c == '\n' || c == '_' || c == '-') continue;
    if (s.substr(i, 3) == "\u3000") {  // full-width space
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

std::string Trim(std::string s) {
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && space(static_cast<unsigned char>(s[i]))) ++i;
  s.erase(0, i);
  while (s.size() >= 3 && s.compare(0, 3, "\u3000") == 0) s.erase(0, 3);
  while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\u3000") == 0) s.resize(s.size() - 3);
  return s;
}

std::optional<bool> ParseBool(const std::string& s) {
  const std::string n = Normalize(s);
  if (n.empty() || n == "否" || n == "no" || n == "false" || n == "0" || n == "n") return false;
  if (n == "是" || n == "yes" || n == "true" || n == "1" || n == "y") return true;
  return std::nullopt;
}

std::optional<int> ParseYear(const std::string& s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int y = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    y = y * 10 + (c - '0');
  }
  if (y < 1900 || y > 2200) return std::nullopt;
  return y;
}

// Dates come as text ("1975-03-08", "1975年3月8日") or, from a cell Excel
// stored as a plain number, as a serial day count.
std::optional<std::string> ParseDate(const std::string& s) {
  if (auto d = core::NormalizeDate(s)) return d;
  if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
    if (auto d = spreadsheet::ExcelSerialToIsoDate(s); d && core::IsIsoDate(*d)) return d;
  }
  return std::nullopt;
}

std::string RandomId() { return base::RandomToken(12); }

}  // namespace

std::optional<ImportKind> ParseImportKind(std::string_view s) {
  if (s == "deputies") return ImportKind::kDeputies;
  if (s == "voter_reps") return ImportKind::kVoterReps;
  if (s == "committee_members") return ImportKind::kCommitteeMembers;
  return std::nullopt;
}

const char* ImportKindCode(ImportKind k) {
  switch (k) {
    case ImportKind::kDeputies: return "deputies";
    case ImportKind::kVoterReps: return "voter_reps";
    case ImportKind::kCommitteeMembers: return "committee_members";
  }
  return "deputies";
}

const Aliases& ImportFieldAliases(ImportKind kind) {
  switch (kind) {
    case ImportKind::kDeputies: return kDeputyFields;
    case ImportKind::kVoterReps: return kVoterRepFields;
    case ImportKind::kCommitteeMembers: return kCommitteeFields;
  }
  return kDeputyFields;
}

// One validated row, ready to write.
struct ParsedRow {
  int row = 0;
  storage::DeputyRecord deputy;
  storage::MandateRecord mandate;
  std::optional<int> reported_year;
  storage::VoterRepRecord voter_rep;
  storage::CommitteeMemberRecord member;
};

struct ImportService::Job {
  std::mutex mu;
  std::string id;
  std::int64_t user_id = 0;
  std::string username;
  std::vector<core::RoleGrant> roles;
  ImportTarget target;
  spreadsheet::Table table;
  std::map<int, std::string> mapping;  // column index → field
  ImportJobView view;                  // GUARDED_BY(mu)
  std::vector<ParsedRow> parsed;       // GUARDED_BY(mu)
  base::Micros created = 0;
  std::uint64_t seq = 0;  // order of starting, within this process
  // Bytes this job holds in memory: the upload until it is parsed, then the
  // table, nothing once applied or failed.
  std::atomic<std::size_t> held{0};
  std::atomic<std::int64_t> done{0};
  std::atomic<std::int64_t> total{0};
  bool busy = false;  // GUARDED_BY(mu): validating or applying
};

namespace {

using Job = ImportService::Job;

Actor ActorOf(const Job& job) { return Actor{job.user_id, job.username, job.roles}; }

// Maps headers to fields by their aliases; unknown headers stay unmapped.
std::map<int, std::string> DetectMapping(ImportKind kind, const std::vector<std::string>& headers) {
  std::map<int, std::string> out;
  std::set<std::string> taken;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string h = Normalize(headers[i]);
    if (h.empty()) continue;
    for (const auto& [field, aliases] : ImportFieldAliases(kind)) {
      if (taken.count(field)) continue;
      if (std::any_of(aliases.begin(), aliases.end(), [&](const std::string& a) { return Normalize(a) == h; })) {
        out[static_cast<int>(i)] = field;
        taken.insert(field);
        break;
      }
    }
  }
  return out;
}

bool IsRequired(ImportKind kind, const std::string& field) {
  if (kind != ImportKind::kDeputies && field == "birth_date") return false;
  return kRequired.count(field) > 0;
}

struct Validation {
  std::vector<ImportProblem> problems;
  std::vector<ImportMatch> matches;
  std::vector<ParsedRow> parsed;
  int valid_rows = 0, problem_rows = 0, new_persons = 0, linked_persons = 0;
};

// Validates every data row of the job's table against the database as it is
// in `tx`. `decisions` (row → person) apply to matched persons.
Result<Validation> Validate(storage::Tx& tx, Job& job, const std::map<int, std::optional<std::int64_t>>& decisions) {
  Validation v;
  const ImportKind kind = job.target.kind;
  const auto& rows = job.table.rows;
  const std::vector<std::string> headers = rows.empty() ? std::vector<std::string>() : rows[0];
  std::map<std::string, int> column_of;  // field → column index
  for (const auto& [index, field] : job.mapping) column_of[field] = index;
  auto header_of = [&](const std::string& field) -> std::string {
    auto it = column_of.find(field);
    if (it == column_of.end() || static_cast<std::size_t>(it->second) >= headers.size()) return "";
    return headers[static_cast<std::size_t>(it->second)];
  };
  for (const auto& [field, aliases] : ImportFieldAliases(kind)) {
    if (IsRequired(kind, field) && !column_of.count(field)) {
      v.problems.push_back({1, aliases.front(), field, "column_missing"});
    }
  }

  // Reference data, loaded once.
  std::map<std::string, std::int64_t> groups, constituencies;
  std::int64_t term_congress = 0;
  auto& reg = tx.registry();
  const Actor actor = ActorOf(job);
  std::set<std::string> existing_names;  // for voter reps and committee members
  if (kind == ImportKind::kDeputies) {
    SHUZHI_ASSIGN_OR_RETURN(auto term, reg.FindTerm(job.target.id));
    if (!term) return base::NotFound("registry.term_not_found", "the target term no longer exists");
    term_congress = term->congress_id;
    SHUZHI_ASSIGN_OR_RETURN(auto ks, reg.ListConstituencies(term_congress));
    for (const auto& k : ks) constituencies[Normalize(k.name)] = k.id;
    SHUZHI_ASSIGN_OR_RETURN(auto gs, reg.ListGroups(std::nullopt));
    for (const auto& g : gs) {
      // Groups of the term's congress, or any group the importer manages.
      if (g.congress_id == term_congress ||
          core::Allows(actor.roles, core::Action::kManageCongress, core::Scope{g.congress_id, {}, {}})) {
        groups.emplace(Normalize(g.name), g.id);
      }
    }
  } else if (kind == ImportKind::kVoterReps) {
    SHUZHI_ASSIGN_OR_RETURN(auto reps, reg.ListVoterReps(job.target.id));
    for (const auto& r : reps) existing_names.insert(r.name);
  } else {
    SHUZHI_ASSIGN_OR_RETURN(auto members, reg.ListCommitteeMembers(job.target.id));
    for (const auto& m : members) existing_names.insert(m.name);
  }
  std::map<std::string, std::string> congress_names;
  if (kind == ImportKind::kDeputies) {
    SHUZHI_ASSIGN_OR_RETURN(auto cs, reg.ListCongresses());
    for (const auto& c : cs) congress_names[std::to_string(c.id)] = c.name;
  }

  std::map<std::string, int> first_row_of;  // duplicate detection within the file
  job.total = static_cast<std::int64_t>(rows.size() > 0 ? rows.size() - 1 : 0);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    job.done = static_cast<std::int64_t>(i);
    const auto& cells = rows[i];
    const int row_no = static_cast<int>(i) + 1;
    auto cell = [&](const std::string& field) -> std::string {
      auto it = column_of.find(field);
      if (it == column_of.end() || static_cast<std::size_t>(it->second) >= cells.size()) return "";
      return Trim(cells[static_cast<std::size_t>(it->second)]);
    };
    if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return Trim(c).empty(); })) continue;
    const std::size_t before = v.problems.size();
    auto problem = [&](const std::string& field, const char* code) {
      v.problems.push_back({row_no, header_of(field), field, code});
    };
    ParsedRow p;
    p.row = row_no;
    // A missing column is reported once (column_missing), not on every row.
    auto mapped = [&](const char* field) { return column_of.count(field) > 0; };
    // No control character or noncharacter enters the registry from a file
    // either (the same rule as every text field of the API).
    for (const auto& [field, index] : column_of) {
      if (static_cast<std::size_t>(index) < cells.size() &&
          base::FindDisallowedChar(cells[static_cast<std::size_t>(index)]) != std::string::npos) {
        problem(field, "bad_character");
      }
    }
    const std::string name = cell("name");
    if (name.empty() && mapped("name")) problem("name", "required");
    else if (name.size() > 64) problem("name", "too_long");
    const auto gender = core::ParseGender(cell("gender"));
    if (cell("gender").empty()) {
      if (mapped("gender")) problem("gender", "required");
    }
    else if (!gender) problem("gender", "invalid_gender");
    const std::string occupation_text = cell("occupation");
    const auto occupation = core::ParseOccupation(occupation_text);
    if (occupation_text.empty()) {
      if (mapped("occupation")) problem("occupation", "required");
    }
    else if (!occupation) problem("occupation", "invalid_occupation");
    for (const char* f : {"employer", "title", "phone", "village", "position", "ethnicity"}) {
      if (cell(f).size() > 256) problem(f, "too_long");
    }
    std::optional<int> birth_year;
    if (!cell("birth_year").empty()) {
      birth_year = ParseYear(cell("birth_year"));
      if (!birth_year) problem("birth_year", "invalid_year");
    }

    if (kind == ImportKind::kDeputies) {
      const std::string birth_text = cell("birth_date");
      const auto birth = ParseDate(birth_text);
      if (birth_text.empty()) {
        if (mapped("birth_date")) problem("birth_date", "required");
      }
      else if (!birth) problem("birth_date", "invalid_date");
      p.deputy = {0, name, gender ? core::GenderCode(*gender) : "", birth.value_or(""), cell("ethnicity"),
                  occupation ? core::OccupationCode(*occupation) : "", cell("employer"), cell("title"), cell("phone")};
      p.mandate.term_id = job.target.id;
      if (const std::string k = cell("constituency"); !k.empty()) {
        auto it = constituencies.find(Normalize(k));
        if (it == constituencies.end()) problem("constituency", "unknown_constituency");
        else p.mandate.constituency_id = it->second;
      }
      if (const std::string g = cell("group"); !g.empty()) {
        auto it = groups.find(Normalize(g));
        if (it == groups.end()) problem("group", "unknown_group");
        else p.mandate.group_id = it->second;
      }
      const auto status = core::ParseMandateStatus(cell("status"));
      if (!status) problem("status", "invalid_status");
      else p.mandate.status = core::MandateStatusCode(*status);
      if (const std::string sd = cell("status_date"); !sd.empty()) {
        p.mandate.status_date = ParseDate(sd);
        if (!p.mandate.status_date) problem("status_date", "invalid_date");
      } else if (status && *status != core::MandateStatus::kActive) {
        problem("status_date", "required");
      }
      const auto by = ParseBool(cell("by_election"));
      if (!by) problem("by_election", "invalid_boolean");
      else p.mandate.by_election = *by;
      if (const std::string ed = cell("elected_date"); !ed.empty()) {
        p.mandate.elected_date = ParseDate(ed);
        if (!p.mandate.elected_date) problem("elected_date", "invalid_date");
      }
      if (const std::string ry = cell("reported_year"); !ry.empty()) {
        p.reported_year = ParseYear(ry);
        if (!p.reported_year) problem("reported_year", "invalid_year");
        else if (!p.mandate.group_id) problem("group", "required");
      }
      // Identity: name and birth date.
      if (birth && !name.empty()) {
        const std::string key = name + "\n" + *birth;
        if (auto [it, fresh] = first_row_of.emplace(key, row_no); !fresh) {
          problem("name", "duplicate_in_file");
        } else {
          SHUZHI_ASSIGN_OR_RETURN(auto same, reg.FindDeputiesByPerson(name, *birth));
          std::vector<ImportCandidate> candidates;
          bool in_term = false;
          for (const auto& d : same) {
            SHUZHI_ASSIGN_OR_RETURN(auto mandates, reg.ListMandatesOfDeputy(d.id));
            ImportCandidate c{d.id, d.name, d.birth_date, {}};
            for (const auto& m : mandates) {
              if (m.term_id == job.target.id) in_term = true;
              SHUZHI_ASSIGN_OR_RETURN(auto t, reg.FindTerm(m.term_id));
              if (t) c.congresses.push_back(congress_names[std::to_string(t->congress_id)]);
            }
            candidates.push_back(std::move(c));
          }
          if (in_term) {
            problem("name", "duplicate_in_congress");
          } else if (!candidates.empty()) {
            ImportMatch m{row_no, name, *birth, candidates, candidates.size() > 1, std::nullopt};
            auto d = decisions.find(row_no);
            if (d != decisions.end()) {
              const bool known = !d->second || std::any_of(candidates.begin(), candidates.end(), [&](const ImportCandidate& c) {
                return c.deputy_id == *d->second;
              });
              if (!known) problem("name", "ambiguous_match");
              m.decision = d->second;
            } else if (candidates.size() == 1) {
              m.decision = candidates.front().deputy_id;  // offered as the match
            }
            p.deputy.id = m.decision.value_or(0);
            v.matches.push_back(std::move(m));
          }
        }
      }
    } else {
      const std::string key = name + "\n" + cell("birth_year");
      if (!name.empty()) {
        if (auto [it, fresh] = first_row_of.emplace(key, row_no); !fresh) problem("name", "duplicate_in_file");
        else if (existing_names.count(name)) problem("name", "duplicate_in_congress");
      }
      const std::string g = gender ? core::GenderCode(*gender) : "";
      const std::string o = occupation ? core::OccupationCode(*occupation) : "";
      if (kind == ImportKind::kVoterReps) {
        p.voter_rep = {0, job.target.id, name, g, birth_year, o, cell("village"), cell("phone"), true};
      } else {
        p.member = {0, job.target.id, name, g, birth_year, o, cell("position"), true};
      }
    }
    if (v.problems.size() == before) {
      ++v.valid_rows;
      if (kind == ImportKind::kDeputies) (p.deputy.id ? v.linked_persons : v.new_persons)++;
      v.parsed.push_back(std::move(p));
    } else {
      ++v.problem_rows;
    }
  }
  return v;
}

void Publish(Job& job, Validation v) {
  std::lock_guard lock(job.mu);
  job.view.problems = std::move(v.problems);
  job.view.matches = std::move(v.matches);
  job.view.valid_rows = v.valid_rows;
  job.view.problem_rows = v.problem_rows;
  job.view.new_persons = v.new_persons;
  job.view.linked_persons = v.linked_persons;
  job.parsed = std::move(v.parsed);
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

ImportService::~ImportService() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return running_ == 0; });
}

void ImportService::Run(std::function<void()> work) {
  if (synchronous_) {
    work();
    return;
  }
  {
    std::lock_guard lock(mu_);
    ++running_;
  }
  // One thread per job step: imports are rare and each step is long, so a
  // pool would add nothing. The destructor waits for them.
  std::thread([this, work = std::move(work)]() {
    work();
    std::lock_guard lock(mu_);
    --running_;
    idle_.notify_all();
  }).detach();
}

Status ImportService::Admit(const std::shared_ptr<Job>& job) {
  std::lock_guard lock(mu_);
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
    std::unique_lock job_lock(it->second->mu, std::try_to_lock);
    if (!job_lock.owns_lock() || it->second->busy) continue;
    job_lock.unlock();
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
  std::lock_guard lock(mu_);
  std::size_t held = 0;
  for (const auto& [id, job] : jobs_) held += job->held;
  return held;
}

void ImportService::PruneExpired() {
  const base::Micros now = clock_.Now();
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    // Jobs are kept for an hour; a running one is never dropped.
    bool expired = false;
    {
      // A job whose lock is held is in use: never expired now.
      std::unique_lock job_lock(it->second->mu, std::try_to_lock);
      expired = job_lock.owns_lock() && !it->second->busy &&
                now - it->second->created > 3600LL * base::kMicrosPerSecond;
    }
    it = expired ? jobs_.erase(it) : std::next(it);
  }
}

Result<std::shared_ptr<ImportService::Job>> ImportService::Find(const Actor& actor, const std::string& id) {
  std::lock_guard lock(mu_);
  PruneExpired();
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->user_id != actor.user_id) {
    return base::NotFound("import.not_found", "no such import (jobs are kept for an hour)");
  }
  return it->second;
}

namespace {

ImportJobView Snapshot(Job& job) {
  std::lock_guard lock(job.mu);
  ImportJobView v = job.view;
  v.done = job.done;
  v.total = job.total;
  return v;
}

// An applied or failed job keeps only its summary (the view): the table and
// the parsed rows are freed at once. Called with job.mu held.
void ReleaseData(Job& job) {
  job.table = spreadsheet::Table{};
  std::vector<ParsedRow>().swap(job.parsed);
  job.held = 0;
}

std::size_t TableBytes(const spreadsheet::Table& table) {
  std::size_t n = 0;
  for (const auto& row : table.rows) {
    n += sizeof(row);
    for (const auto& cell : row) n += sizeof(cell) + cell.size();
  }
  return n;
}

void Revalidate(storage::Store& store, Job& job, const std::map<int, std::optional<std::int64_t>>& decisions) {
  {
    std::lock_guard lock(job.mu);
    job.view.state = "validating";
    job.view.phase = "validating";
  }
  Validation result;
  Status st = store.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(result, Validate(tx, job, decisions));
    return base::Ok();
  });
  if (st.ok()) Publish(job, std::move(result));
  std::lock_guard lock(job.mu);
  job.busy = false;
  job.view.phase = "done";
  job.view.state = st.ok() ? "ready" : "failed";
  if (!st.ok()) {
    job.view.error = st;
    ReleaseData(job);
  }
}

}  // namespace

Result<ImportJobView> ImportService::Start(const Actor& actor, ImportTarget target, std::string file_name,
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
  job->busy = true;
  job->view.id = job->id;
  job->view.kind = target.kind;
  job->view.state = "validating";
  job->view.phase = "parsing";
  job->view.file_name = file_name.substr(0, 200);
  for (const auto& [field, aliases] : ImportFieldAliases(target.kind)) {
    job->view.fields.push_back({field, IsRequired(target.kind, field)});
  }
  job->held = bytes.size();
  SHUZHI_TRY(Admit(job));
  Run([this, job, bytes = std::move(bytes)]() mutable {
    // A zip archive (an .xlsx) starts with "PK\3\4"; anything else is read as CSV.
    const bool xlsx = bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0;
    auto table = xlsx ? spreadsheet::ReadXlsxFirstSheet(bytes) : spreadsheet::ReadCsv(bytes);
    std::string().swap(bytes);  // the upload is not needed once read
    auto fail = [&](Status why) {
      std::lock_guard lock(job->mu);
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
    job->mapping = DetectMapping(job->target.kind, job->table.rows[0]);
    {
      std::lock_guard lock(job->mu);
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
  for (const auto& [index, field] : mapping) {
    if (field.empty()) continue;
    const bool known = std::any_of(aliases.begin(), aliases.end(), [&](const auto& a) { return a.first == field; });
    if (!known) return base::InvalidArgument("request.invalid", "unknown field " + field, {{"columns", "unknown_field"}});
    if (!used.insert(field).second) return base::InvalidArgument("request.invalid", field + " mapped twice", {{"columns", "field_twice"}});
    next[index] = field;
  }
  {
    std::lock_guard lock(job->mu);
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
  Run([this, job]() { Revalidate(store_, *job, {}); });
  return Snapshot(*job);
}

Result<ImportJobView> ImportService::Apply(const Actor& actor, const std::string& id,
                                           const std::map<int, std::optional<std::int64_t>>& decisions) {
  SHUZHI_ASSIGN_OR_RETURN(auto job, Find(actor, id));
  {
    std::lock_guard lock(job->mu);
    if (job->busy || job->view.state != "ready") {
      return base::FailedPrecondition("import.busy", "the import is " + job->view.state);
    }
    if (!job->view.problems.empty()) {
      return base::FailedPrecondition("import.has_problems", "fix the problems listed before applying");
    }
    for (const auto& m : job->view.matches) {
      if (m.decision_required && !decisions.count(m.row)) {
        return base::FailedPrecondition("import.decision_required",
                                        "row " + std::to_string(m.row) + " matches several known persons");
      }
    }
    job->busy = true;
    job->view.state = "applying";
    job->view.phase = "writing";
  }
  Run([this, job, decisions]() {
    int created = 0, linked = 0;
    Validation result;
    Status st = store_.Write([&](storage::Tx& tx) -> Status {
      SHUZHI_TRY(CheckTarget(tx, ActorOf(*job), job->target));
      // Validated again inside the transaction: the data may have changed.
      SHUZHI_ASSIGN_OR_RETURN(result, Validate(tx, *job, decisions));
      if (!result.problems.empty()) {
        return base::FailedPrecondition("import.has_problems", "the data changed; review the new problems");
      }
      auto& reg = tx.registry();
      job->total = static_cast<std::int64_t>(result.parsed.size());
      job->done = 0;
      for (auto& p : result.parsed) {
        switch (job->target.kind) {
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
        ++job->done;
      }
      return RecordAudit(tx, clock_, job->username, "import.apply",
                         std::string(ImportKindCode(job->target.kind)) + ":" + std::to_string(job->target.id),
                         {{"file", job->view.file_name}, {"created", created}, {"linked", linked}});
    });
    // New problems found while applying are shown like any others.
    if (st.reason() == "import.has_problems") Publish(*job, std::move(result));
    std::lock_guard lock(job->mu);
    job->busy = false;
    job->view.phase = "done";
    if (st.ok()) {
      job->view.state = "applied";
      job->view.applied = std::make_pair(created, linked);
      ReleaseData(*job);
    } else {
      job->view.state = st.reason() == "import.has_problems" ? "ready" : "failed";
      job->view.error = st;
      if (job->view.state == "failed") ReleaseData(*job);
    }
  });
  return Snapshot(*job);
}

}  // namespace shuzhi::app
