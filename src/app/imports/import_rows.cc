#include "app/imports/import_rows_internal.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

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

Result<Validation> Validate(storage::Tx& tx, const RowsToValidate& in) {
  Validation v;
  const ImportKind kind = in.target.kind;
  const auto& rows = in.table.rows;
  const auto& decisions = in.decisions;
  const std::vector<std::string> headers = rows.empty() ? std::vector<std::string>() : rows[0];
  std::map<std::string, int> column_of;  // field → column index
  for (const auto& [index, field] : in.mapping) column_of[field] = index;
  auto header_of = [&](const std::string& field) -> std::string {
    auto it = column_of.find(field);
    if (it == column_of.end() || static_cast<std::size_t>(it->second) >= headers.size()) return "";
    return headers[static_cast<std::size_t>(it->second)];
  };
  for (const auto& [field, aliases] : ImportFieldAliases(kind)) {
    if (IsRequiredImportField(kind, field) && !column_of.count(field)) {
      v.problems.push_back({1, aliases.front(), field, "column_missing", "", aliases, std::nullopt});
    }
  }

  // Reference data, loaded once.
  std::map<std::string, std::int64_t> groups, constituencies;  // by normalized name
  std::vector<std::string> group_names, constituency_names;    // as a problem lists them
  std::int64_t term_congress = 0;
  auto& reg = tx.registry();
  const Actor& actor = in.actor;
  std::set<std::string> existing_names;  // for voter reps and committee members
  if (kind == ImportKind::kDeputies) {
    SHUZHI_ASSIGN_OR_RETURN(auto term, reg.FindTerm(in.target.id));
    if (!term) return base::NotFound("registry.term_not_found", "the target term no longer exists");
    term_congress = term->congress_id;
    SHUZHI_ASSIGN_OR_RETURN(auto ks, reg.ListConstituencies(term_congress));
    for (const auto& k : ks) {
      constituencies[Normalize(k.name)] = k.id;
      if (constituency_names.size() < kMaxListedNames) constituency_names.push_back(k.name);
    }
    SHUZHI_ASSIGN_OR_RETURN(auto gs, reg.ListGroups(std::nullopt));
    for (const auto& g : gs) {
      // Groups of the term's congress, or any group the importer manages.
      if (g.congress_id == term_congress ||
          core::Allows(actor.roles, core::Action::kManageCongress, core::Scope{g.congress_id, {}, {}})) {
        groups.emplace(Normalize(g.name), g.id);
      }
      // Listed in a problem: the term's own groups (an administrator manages
      // every group of every congress; those would drown the list).
      if (g.congress_id == term_congress && group_names.size() < kMaxListedNames) group_names.push_back(g.name);
    }
  } else if (kind == ImportKind::kVoterReps) {
    SHUZHI_ASSIGN_OR_RETURN(auto reps, reg.ListVoterReps(in.target.id));
    for (const auto& r : reps) existing_names.insert(r.name);
  } else {
    SHUZHI_ASSIGN_OR_RETURN(auto members, reg.ListCommitteeMembers(in.target.id));
    for (const auto& m : members) existing_names.insert(m.name);
  }
  std::map<std::string, std::string> congress_names;
  if (kind == ImportKind::kDeputies) {
    SHUZHI_ASSIGN_OR_RETURN(auto cs, reg.ListCongresses());
    for (const auto& c : cs) congress_names[std::to_string(c.id)] = c.name;
  }

  std::map<std::string, int> first_row_of;  // duplicate detection within the file
  in.total = static_cast<std::int64_t>(rows.size() > 0 ? rows.size() - 1 : 0);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    in.done = static_cast<std::int64_t>(i);
    const auto& cells = rows[i];
    const int row_no = static_cast<int>(i) + 1;
    auto cell = [&](const std::string& field) -> std::string {
      auto it = column_of.find(field);
      if (it == column_of.end() || static_cast<std::size_t>(it->second) >= cells.size()) return "";
      return Trim(cells[static_cast<std::size_t>(it->second)]);
    };
    if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return Trim(c).empty(); })) continue;
    const std::size_t before = v.problems.size();
    auto problem = [&](const std::string& field, const char* code, std::vector<std::string> accepted = {},
                       std::optional<int> duplicate_of = std::nullopt) {
      auto it = column_of.find(field);
      const std::string value = it == column_of.end() || static_cast<std::size_t>(it->second) >= cells.size()
                                    ? std::string()
                                    : Shown(cells[static_cast<std::size_t>(it->second)]);
      v.problems.push_back({row_no, header_of(field), field, code, value, std::move(accepted), duplicate_of});
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
    if (name.empty() && mapped("name"))
      problem("name", "required");
    else if (name.size() > 64)
      problem("name", "too_long");
    const auto gender = core::ParseGender(cell("gender"));
    if (cell("gender").empty()) {
      if (mapped("gender")) problem("gender", "required");
    } else if (!gender)
      problem("gender", "invalid_gender", Spellings("gender"));
    const std::string occupation_text = cell("occupation");
    const auto occupation = core::ParseOccupation(occupation_text);
    if (occupation_text.empty()) {
      if (mapped("occupation")) problem("occupation", "required");
    } else if (!occupation)
      problem("occupation", "invalid_occupation", Spellings("occupation"));
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
      } else if (!birth)
        problem("birth_date", "invalid_date", DateExamples(birth_text));
      p.deputy = {0,
                  name,
                  gender ? core::GenderCode(*gender) : "",
                  birth.value_or(""),
                  cell("ethnicity"),
                  occupation ? core::OccupationCode(*occupation) : "",
                  cell("employer"),
                  cell("title"),
                  cell("phone")};
      p.mandate.term_id = in.target.id;
      if (const std::string k = cell("constituency"); !k.empty()) {
        auto it = constituencies.find(Normalize(k));
        if (it == constituencies.end())
          problem("constituency", "unknown_constituency", constituency_names);
        else
          p.mandate.constituency_id = it->second;
      }
      if (const std::string g = cell("group"); !g.empty()) {
        auto it = groups.find(Normalize(g));
        if (it == groups.end())
          problem("group", "unknown_group", group_names);
        else
          p.mandate.group_id = it->second;
      }
      const auto status = core::ParseMandateStatus(cell("status"));
      if (!status)
        problem("status", "invalid_status", Spellings("status"));
      else
        p.mandate.status = core::MandateStatusCode(*status);
      if (const std::string sd = cell("status_date"); !sd.empty()) {
        p.mandate.status_date = ParseDate(sd);
        if (!p.mandate.status_date) problem("status_date", "invalid_date", DateExamples(sd));
      } else if (status && *status != core::MandateStatus::kActive) {
        problem("status_date", "required");
      }
      const auto by = ParseBool(cell("by_election"));
      if (!by)
        problem("by_election", "invalid_boolean", Spellings("by_election"));
      else
        p.mandate.by_election = *by;
      if (const std::string ed = cell("elected_date"); !ed.empty()) {
        p.mandate.elected_date = ParseDate(ed);
        if (!p.mandate.elected_date) problem("elected_date", "invalid_date", DateExamples(ed));
      }
      if (const std::string ry = cell("reported_year"); !ry.empty()) {
        p.reported_year = ParseYear(ry);
        if (!p.reported_year) problem("reported_year", "invalid_year");
        // A group that is named but unknown is already a problem of its own.
        else if (cell("group").empty())
          problem("group", "required");
      }
      // Identity: name and birth date.
      if (birth && !name.empty()) {
        const std::string key = name + "\n" + *birth;
        if (auto [it, fresh] = first_row_of.emplace(key, row_no); !fresh) {
          problem("name", "duplicate_in_file", {}, it->second);
        } else {
          SHUZHI_ASSIGN_OR_RETURN(auto same, reg.FindDeputiesByPerson(name, *birth));
          std::vector<ImportCandidate> candidates;
          bool in_term = false;
          for (const auto& d : same) {
            SHUZHI_ASSIGN_OR_RETURN(auto mandates, reg.ListMandatesOfDeputy(d.id));
            ImportCandidate c{d.id, d.name, d.birth_date, {}};
            for (const auto& m : mandates) {
              if (m.term_id == in.target.id) in_term = true;
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
              const bool known =
                  !d->second || std::any_of(candidates.begin(), candidates.end(),
                                            [&](const ImportCandidate& c) { return c.deputy_id == *d->second; });
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
        if (auto [it, fresh] = first_row_of.emplace(key, row_no); !fresh)
          problem("name", "duplicate_in_file", {}, it->second);
        else if (existing_names.count(name))
          problem("name", "duplicate_in_congress");
      }
      const std::string g = gender ? core::GenderCode(*gender) : "";
      const std::string o = occupation ? core::OccupationCode(*occupation) : "";
      if (kind == ImportKind::kVoterReps) {
        p.voter_rep = {0, in.target.id, name, g, birth_year, o, cell("village"), cell("phone"), true};
      } else {
        p.member = {0, in.target.id, name, g, birth_year, o, cell("position"), true};
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

}  // namespace import_detail
}  // namespace shuzhi::app
