#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "app/imports/import_rows_internal.h"
#include "base/text.h"
#include "core/access.h"
#include "core/registry.h"
#include "export/xlsx_reader.h"
#include "storage/store.h"

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

// The yes/no spellings, in the order a message lists them. An empty cell
// is no (not listed: it is not something to write).
const std::vector<std::pair<std::string, bool>> kBooleans = {
    {"是", true},     {"否", false}, {"yes", true}, {"no", false}, {"true", true},
    {"false", false}, {"y", true},   {"n", false},  {"1", true},   {"0", false},
};

std::optional<bool> ParseBool(const std::string& s) {
  const std::string n = Normalize(s);
  if (n.empty()) return false;
  for (const auto& [spelling, value] : kBooleans) {
    if (n == spelling) return value;
  }
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
    if (auto d = exports::ExcelSerialToIsoDate(s); d && core::IsIsoDate(*d)) return d;
  }
  return std::nullopt;
}

// A cell as a problem shows it: trimmed, disallowed characters as U+FFFD (the
// value travels in JSON and into a spreadsheet), at most
// kMaxProblemValueChars characters.
std::string Shown(std::string_view cell) {
  std::string s = base::ReplaceDisallowedChars(Trim(std::string(cell)));
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (chars++ == kMaxProblemValueChars) return s.substr(0, i) + "…";
  }
  return s;
}

}  // namespace

std::optional<ImportKind> ParseImportKind(std::string_view s) {
  if (s == "deputies") return ImportKind::kDeputies;
  if (s == "voter_reps") return ImportKind::kVoterReps;
  if (s == "committee_members") return ImportKind::kCommitteeMembers;
  return std::nullopt;
}

const char* ImportKindCode(ImportKind k) {
  switch (k) {
    case ImportKind::kDeputies:
      return "deputies";
    case ImportKind::kVoterReps:
      return "voter_reps";
    case ImportKind::kCommitteeMembers:
      return "committee_members";
  }
  return "deputies";
}

const Aliases& ImportFieldAliases(ImportKind kind) {
  switch (kind) {
    case ImportKind::kDeputies:
      return kDeputyFields;
    case ImportKind::kVoterReps:
      return kVoterRepFields;
    case ImportKind::kCommitteeMembers:
      return kCommitteeFields;
  }
  return kDeputyFields;
}

bool IsRequiredImportField(ImportKind kind, const std::string& field) {
  if (kind != ImportKind::kDeputies && field == "birth_date") return false;
  return kRequired.count(field) > 0;
}

namespace import_detail {

const std::vector<std::string>& Spellings(const std::string& field) {
  auto strings = [](const std::vector<std::string_view>& v) { return std::vector<std::string>(v.begin(), v.end()); };
  static const std::map<std::string, std::vector<std::string>> kByField = {
      {"gender", strings(core::GenderSpellings())},
      {"occupation", strings(core::OccupationSpellings())},
      {"status", strings(core::MandateStatusSpellings())},
      {"by_election",
       [] {
         std::vector<std::string> out;
         for (const auto& [spelling, value] : kBooleans) out.push_back(spelling);
         return out;
       }()},
  };
  static const std::vector<std::string> kNone;
  auto it = kByField.find(field);
  return it == kByField.end() ? kNone : it->second;
}

std::vector<std::string> DateExamples(std::string_view value) {
  // The numbers the value holds, in order ("1980年5月" → 1980, 5).
  std::vector<long> numbers;
  for (std::size_t i = 0; i < value.size() && numbers.size() < 3;) {
    if (value[i] < '0' || value[i] > '9') {
      ++i;
      continue;
    }
    long n = 0;
    for (; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i)
      n = std::min(n * 10 + (value[i] - '0'), 100000L);
    numbers.push_back(n);
  }
  long y = 1975, m = 3, d = 8;  // no year in the value: a plain example
  if (!numbers.empty() && numbers[0] >= 1900 && numbers[0] <= 2200) {
    y = numbers[0];
    m = numbers.size() > 1 && numbers[1] >= 1 && numbers[1] <= 12 ? numbers[1] : 1;
    d = numbers.size() > 2 ? numbers[2] : 1;
  }
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04ld-%02ld-%02ld", y, m, d);
  if (!core::IsIsoDate(iso)) std::snprintf(iso, sizeof iso, "%04ld-%02ld-01", y, m);  // a day the month lacks
  return core::DateSpellings(iso);
}

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

namespace {

// Validate's steps. Problems are listed in the order the steps run: the
// columns missing, then row by row each cell's character check and the
// fields in the order of the template.

// Which column feeds which field, and the header row.
struct Columns {
  std::vector<std::string> headers;
  std::map<std::string, int> column_of;  // field → column index

  // The index of `field`'s cell in `cells`, when it is mapped and there.
  std::optional<std::size_t> IndexIn(const std::string& field, const std::vector<std::string>& cells) const {
    auto it = column_of.find(field);
    if (it == column_of.end() || static_cast<std::size_t>(it->second) >= cells.size()) return std::nullopt;
    return static_cast<std::size_t>(it->second);
  }
  std::string HeaderOf(const std::string& field) const {
    const auto i = IndexIn(field, headers);
    return i ? headers[*i] : "";
  }
};

Columns ReadColumns(const RowsToValidate& in) {
  Columns c;
  if (!in.table.rows.empty()) c.headers = in.table.rows[0];
  for (const auto& [index, field] : in.mapping) c.column_of[field] = index;
  return c;
}

// A required column that is not mapped is reported once, as on row 1.
void CheckRequiredColumns(ImportKind kind, const Columns& columns, Validation& v) {
  for (const auto& [field, aliases] : ImportFieldAliases(kind)) {
    if (IsRequiredImportField(kind, field) && !columns.column_of.count(field)) {
      v.problems.push_back({1, aliases.front(), field, "column_missing", "", aliases, std::nullopt});
    }
  }
}

// The registry's data the rows are checked against, loaded once.
struct Reference {
  std::map<std::string, std::int64_t> groups, constituencies;  // by normalized name
  std::vector<std::string> group_names, constituency_names;    // as a problem lists them
  std::set<std::string> existing_names;                        // for voter reps and committee members
  std::map<std::string, std::string> congress_names;           // by id, for a match's candidates
};

Result<Reference> LoadDeputyReference(storage::RegistryRepo& reg, const RowsToValidate& in) {
  Reference ref;
  SHUZHI_ASSIGN_OR_RETURN(auto term, reg.FindTerm(in.target.id));
  if (!term) return base::NotFound("registry.term_not_found", "the target term no longer exists");
  const std::int64_t term_congress = term->congress_id;
  SHUZHI_ASSIGN_OR_RETURN(auto ks, reg.ListConstituencies(term_congress));
  for (const auto& k : ks) {
    ref.constituencies[Normalize(k.name)] = k.id;
    if (ref.constituency_names.size() < kMaxListedNames) ref.constituency_names.push_back(k.name);
  }
  SHUZHI_ASSIGN_OR_RETURN(auto gs, reg.ListGroups(std::nullopt));
  for (const auto& g : gs) {
    // Groups of the term's congress, or any group the importer manages.
    if (g.congress_id == term_congress ||
        core::Allows(in.actor.roles, core::Action::kManageCongress, core::Scope{g.congress_id, {}, {}})) {
      ref.groups.emplace(Normalize(g.name), g.id);
    }
    // Listed in a problem: the term's own groups (an administrator manages
    // every group of every congress; those would drown the list).
    if (g.congress_id == term_congress && ref.group_names.size() < kMaxListedNames) ref.group_names.push_back(g.name);
  }
  SHUZHI_ASSIGN_OR_RETURN(auto cs, reg.ListCongresses());
  for (const auto& c : cs) ref.congress_names[std::to_string(c.id)] = c.name;
  return ref;
}

Result<Reference> LoadReference(storage::RegistryRepo& reg, const RowsToValidate& in) {
  if (in.target.kind == ImportKind::kDeputies) return LoadDeputyReference(reg, in);
  Reference ref;
  if (in.target.kind == ImportKind::kVoterReps) {
    SHUZHI_ASSIGN_OR_RETURN(auto reps, reg.ListVoterReps(in.target.id));
    for (const auto& r : reps) ref.existing_names.insert(r.name);
  } else {
    SHUZHI_ASSIGN_OR_RETURN(auto members, reg.ListCommitteeMembers(in.target.id));
    for (const auto& m : members) ref.existing_names.insert(m.name);
  }
  return ref;
}

// One data row as it is checked: its cells, and where its problems go.
struct RowCheck {
  const Columns& columns;
  const std::vector<std::string>& cells;
  int row_no;
  std::vector<ImportProblem>& problems;

  // The cell of `field`, trimmed; empty when the field is not mapped.
  std::string Cell(const std::string& field) const {
    const auto i = columns.IndexIn(field, cells);
    return i ? Trim(cells[*i]) : "";
  }
  // A missing column is reported once (column_missing), not on every row.
  bool Mapped(const char* field) const { return columns.column_of.count(field) > 0; }
  void Problem(const std::string& field, const char* code, std::vector<std::string> accepted = {},
               std::optional<int> duplicate_of = std::nullopt) {
    const auto i = columns.IndexIn(field, cells);
    const std::string value = i ? Shown(cells[*i]) : std::string();
    problems.push_back({row_no, columns.HeaderOf(field), field, code, value, std::move(accepted), duplicate_of});
  }
};

// No control character or noncharacter enters the registry from a file
// either (the same rule as every text field of the API).
void CheckCharacters(RowCheck& row) {
  for (const auto& [field, index] : row.columns.column_of) {
    if (static_cast<std::size_t>(index) < row.cells.size() &&
        base::FindDisallowedChar(row.cells[static_cast<std::size_t>(index)]) != std::string::npos) {
      row.Problem(field, "bad_character");
    }
  }
}

// The fields every kind of person has.
struct PersonFields {
  std::string name;
  std::optional<core::Gender> gender;
  std::optional<core::Occupation> occupation;
  std::optional<int> birth_year;

  std::string GenderCode() const { return gender ? core::GenderCode(*gender) : ""; }
  std::string OccupationCode() const { return occupation ? core::OccupationCode(*occupation) : ""; }
};

PersonFields CheckPersonFields(RowCheck& row) {
  PersonFields f;
  f.name = row.Cell("name");
  if (f.name.empty() && row.Mapped("name"))
    row.Problem("name", "required");
  else if (f.name.size() > 64)
    row.Problem("name", "too_long");
  f.gender = core::ParseGender(row.Cell("gender"));
  if (row.Cell("gender").empty()) {
    if (row.Mapped("gender")) row.Problem("gender", "required");
  } else if (!f.gender)
    row.Problem("gender", "invalid_gender", Spellings("gender"));
  const std::string occupation_text = row.Cell("occupation");
  f.occupation = core::ParseOccupation(occupation_text);
  if (occupation_text.empty()) {
    if (row.Mapped("occupation")) row.Problem("occupation", "required");
  } else if (!f.occupation)
    row.Problem("occupation", "invalid_occupation", Spellings("occupation"));
  for (const char* field : {"employer", "title", "phone", "village", "position", "ethnicity"}) {
    if (row.Cell(field).size() > 256) row.Problem(field, "too_long");
  }
  if (!row.Cell("birth_year").empty()) {
    f.birth_year = ParseYear(row.Cell("birth_year"));
    if (!f.birth_year) row.Problem("birth_year", "invalid_year");
  }
  return f;
}

// A date cell that may be empty: its date, or a problem.
std::optional<std::string> OptionalDate(RowCheck& row, const char* field) {
  const std::string text = row.Cell(field);
  if (text.empty()) return std::nullopt;
  auto date = ParseDate(text);
  if (!date) row.Problem(field, "invalid_date", DateExamples(text));
  return date;
}

// A cell naming a constituency or group of the reference data: its id, or
// a problem listing the names known; nullopt for an empty cell.
std::optional<std::int64_t> NamedId(RowCheck& row, const char* field, const char* code,
                                    const std::map<std::string, std::int64_t>& ids,
                                    const std::vector<std::string>& names) {
  const std::string text = row.Cell(field);
  if (text.empty()) return std::nullopt;
  auto it = ids.find(Normalize(text));
  if (it != ids.end()) return it->second;
  row.Problem(field, code, names);
  return std::nullopt;
}

// The deputy's mandate in the target term: constituency, group, status and
// the rest, checked against the reference data.
void CheckMandateFields(RowCheck& row, const Reference& ref, ParsedRow& p) {
  p.mandate.constituency_id =
      NamedId(row, "constituency", "unknown_constituency", ref.constituencies, ref.constituency_names);
  p.mandate.group_id = NamedId(row, "group", "unknown_group", ref.groups, ref.group_names);
  const auto status = core::ParseMandateStatus(row.Cell("status"));
  if (!status)
    row.Problem("status", "invalid_status", Spellings("status"));
  else
    p.mandate.status = core::MandateStatusCode(*status);
  if (!row.Cell("status_date").empty()) {
    p.mandate.status_date = OptionalDate(row, "status_date");
  } else if (status && *status != core::MandateStatus::kActive) {
    row.Problem("status_date", "required");
  }
  const auto by = ParseBool(row.Cell("by_election"));
  if (!by)
    row.Problem("by_election", "invalid_boolean", Spellings("by_election"));
  else
    p.mandate.by_election = *by;
  p.mandate.elected_date = OptionalDate(row, "elected_date");
  if (const std::string ry = row.Cell("reported_year"); !ry.empty()) {
    p.reported_year = ParseYear(ry);
    if (!p.reported_year) row.Problem("reported_year", "invalid_year");
    // A group that is named but unknown is already a problem of its own.
    else if (row.Cell("group").empty())
      row.Problem("group", "required");
  }
}

// The persons the registry already holds with this name and birth date,
// and whether one of them has a mandate in the target term.
struct Candidates {
  std::vector<ImportCandidate> list;
  bool in_term = false;
};

Result<Candidates> FindCandidates(storage::RegistryRepo& reg, const Reference& ref, std::int64_t term_id,
                                  const std::string& name, const std::string& birth) {
  Candidates out;
  SHUZHI_ASSIGN_OR_RETURN(auto same, reg.FindDeputiesByPerson(name, birth));
  for (const auto& d : same) {
    SHUZHI_ASSIGN_OR_RETURN(auto mandates, reg.ListMandatesOfDeputy(d.id));
    ImportCandidate c{d.id, d.name, d.birth_date, {}};
    for (const auto& m : mandates) {
      if (m.term_id == term_id) out.in_term = true;
      SHUZHI_ASSIGN_OR_RETURN(auto t, reg.FindTerm(m.term_id));
      if (!t) continue;
      const auto congress = ref.congress_names.find(std::to_string(t->congress_id));
      c.congresses.push_back(congress == ref.congress_names.end() ? std::string() : congress->second);
    }
    out.list.push_back(std::move(c));
  }
  return out;
}

// Identity, by name and birth date: a repeat within the file, a person the
// term already has, or a match with persons of other congresses (decided by
// the clerk when there is more than one).
Status MatchDeputy(storage::RegistryRepo& reg, const Reference& ref, const RowsToValidate& in,
                   std::map<std::string, int>& first_row_of, const std::string& name, const std::string& birth,
                   RowCheck& row, ParsedRow& p, Validation& v) {
  if (auto [it, fresh] = first_row_of.emplace(name + "\n" + birth, row.row_no); !fresh) {
    row.Problem("name", "duplicate_in_file", {}, it->second);
    return base::Ok();
  }
  SHUZHI_ASSIGN_OR_RETURN(auto found, FindCandidates(reg, ref, in.target.id, name, birth));
  const auto& candidates = found.list;
  if (found.in_term) {
    row.Problem("name", "duplicate_in_congress");
    return base::Ok();
  }
  if (candidates.empty()) return base::Ok();
  ImportMatch m{row.row_no, name, birth, candidates, candidates.size() > 1, std::nullopt};
  auto d = in.decisions.find(row.row_no);
  if (d != in.decisions.end()) {
    const bool known = !d->second || std::any_of(candidates.begin(), candidates.end(),
                                                 [&](const ImportCandidate& c) { return c.deputy_id == *d->second; });
    if (!known) row.Problem("name", "ambiguous_match");
    m.decision = d->second;
  } else if (candidates.size() == 1) {
    m.decision = candidates.front().deputy_id;  // offered as the match
  }
  p.deputy.id = m.decision.value_or(0);
  v.matches.push_back(std::move(m));
  return base::Ok();
}

Status CheckDeputyRow(storage::RegistryRepo& reg, const Reference& ref, const RowsToValidate& in,
                      std::map<std::string, int>& first_row_of, const PersonFields& f, RowCheck& row, ParsedRow& p,
                      Validation& v) {
  const std::string birth_text = row.Cell("birth_date");
  const auto birth = ParseDate(birth_text);
  if (birth_text.empty()) {
    if (row.Mapped("birth_date")) row.Problem("birth_date", "required");
  } else if (!birth)
    row.Problem("birth_date", "invalid_date", DateExamples(birth_text));
  p.deputy = {0,
              f.name,
              f.GenderCode(),
              birth.value_or(""),
              row.Cell("ethnicity"),
              f.OccupationCode(),
              row.Cell("employer"),
              row.Cell("title"),
              row.Cell("phone")};
  p.mandate.term_id = in.target.id;
  CheckMandateFields(row, ref, p);
  if (!birth || f.name.empty()) return base::Ok();
  return MatchDeputy(reg, ref, in, first_row_of, f.name, *birth, row, p, v);
}

// A voter representative or committee member: a repeat is by name and
// birth year, within the file or the list imported into.
void CheckOtherRow(const Reference& ref, const RowsToValidate& in, std::map<std::string, int>& first_row_of,
                   const PersonFields& f, RowCheck& row, ParsedRow& p) {
  const std::string key = f.name + "\n" + row.Cell("birth_year");
  if (!f.name.empty()) {
    if (auto [it, fresh] = first_row_of.emplace(key, row.row_no); !fresh)
      row.Problem("name", "duplicate_in_file", {}, it->second);
    else if (ref.existing_names.count(f.name))
      row.Problem("name", "duplicate_in_congress");
  }
  if (in.target.kind == ImportKind::kVoterReps) {
    p.voter_rep = {0,
                   in.target.id,
                   f.name,
                   f.GenderCode(),
                   f.birth_year,
                   f.OccupationCode(),
                   row.Cell("village"),
                   row.Cell("phone"),
                   true};
  } else {
    p.member = {0, in.target.id, f.name, f.GenderCode(), f.birth_year, f.OccupationCode(), row.Cell("position"), true};
  }
}

}  // namespace

Result<Validation> Validate(storage::Tx& tx, const RowsToValidate& in) {
  Validation v;
  const ImportKind kind = in.target.kind;
  const auto& rows = in.table.rows;
  const Columns columns = ReadColumns(in);
  CheckRequiredColumns(kind, columns, v);
  // A required column missing: no row can be written, however clean its
  // other cells (a file of another kind, or no roster at all, would
  // otherwise show all its rows as valid).
  const bool file_problem = !v.problems.empty();
  auto& reg = tx.registry();
  SHUZHI_ASSIGN_OR_RETURN(const Reference ref, LoadReference(reg, in));

  std::map<std::string, int> first_row_of;  // duplicate detection within the file
  in.total = static_cast<std::int64_t>(rows.size() > 0 ? rows.size() - 1 : 0);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    in.done = static_cast<std::int64_t>(i);
    const auto& cells = rows[i];
    if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return Trim(c).empty(); })) continue;
    const std::size_t before = v.problems.size();
    RowCheck row{columns, cells, static_cast<int>(i) + 1, v.problems};
    ParsedRow p;
    p.row = row.row_no;
    CheckCharacters(row);
    const PersonFields f = CheckPersonFields(row);
    if (kind == ImportKind::kDeputies) {
      SHUZHI_TRY(CheckDeputyRow(reg, ref, in, first_row_of, f, row, p, v));
    } else {
      CheckOtherRow(ref, in, first_row_of, f, row, p);
    }
    if (v.problems.size() == before && !file_problem) {
      ++v.valid_rows;
      if (kind == ImportKind::kDeputies) (p.deputy.id ? v.linked_persons : v.new_persons)++;
      v.parsed.push_back(std::move(p));
    } else {
      ++v.problem_rows;
    }
  }
  return v;
}

}  // namespace import_detail
}  // namespace shuzhi::app
