// RegistryRepo over SqlConnection, for both backends.
#include <sstream>

#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;

std::optional<int> RowOptInt(const SqlRow& r, std::size_t i) {
  auto v = r.OptInt(i);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}
std::optional<std::string> RowOptText(const SqlRow& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Text(i);
}

std::string JoinLines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out.push_back('\n');
    out += s;
  }
  return out;
}
std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// Maps a driver's unique violation to a registry reason.
template <typename T>
Result<T> Named(Result<T> r, const char* reason, const std::string& what) {
  if (!r.ok() && r.status().code() == base::Code::kConflict) return base::Conflict(reason, what);
  if (!r.ok() && r.status().code() == base::Code::kFailedPrecondition) {
    return base::FailedPrecondition("registry.reference_missing", what + ": " + r.status().message());
  }
  return r;
}

Status Changed(Result<std::int64_t> n, const char* reason, std::int64_t id) {
  if (!n.ok()) return Named(std::move(n), "registry.name_taken", "duplicate").status();
  if (*n == 0) return base::NotFound(reason, "no record " + std::to_string(id));
  return base::Ok();
}

Result<std::int64_t> InsertedId(Result<std::vector<SqlRow>> rows, const char* conflict, const std::string& what) {
  rows = Named(std::move(rows), conflict, what);
  if (!rows.ok()) return rows.status();
  return rows->at(0).Int(0);
}

constexpr const char* kMandateCols =
    "m.id, m.deputy_id, m.term_id, m.constituency_id, m.group_id, m.status, m.status_date, m.by_election, "
    "m.elected_date";
constexpr const char* kDeputyCols =
    "d.id, d.name, d.gender, d.birth_date, d.ethnicity, d.occupation, d.employer, d.title, d.phone";

MandateRecord MandateAt(const SqlRow& r, std::size_t i) {
  MandateRecord m;
  m.id = r.Int(i);
  m.deputy_id = r.Int(i + 1);
  m.term_id = r.Int(i + 2);
  m.constituency_id = r.OptInt(i + 3);
  m.group_id = r.OptInt(i + 4);
  m.status = r.Text(i + 5);
  m.status_date = RowOptText(r, i + 6);
  m.by_election = r.Int(i + 7) != 0;
  m.elected_date = RowOptText(r, i + 8);
  return m;
}

DeputyRecord DeputyAt(const SqlRow& r, std::size_t i) {
  return DeputyRecord{r.Int(i),      r.Text(i + 1), r.Text(i + 2), r.Text(i + 3), r.Text(i + 4),
                      r.Text(i + 5), r.Text(i + 6), r.Text(i + 7), r.Text(i + 8)};
}

class SqlRegistryRepo final : public RegistryRepo {
 public:
  explicit SqlRegistryRepo(SqlConnection& c) : c_(c) {}

  // --- congresses
  Result<std::int64_t> InsertCongress(const CongressRecord& r) override {
    return InsertedId(c_.Query("INSERT INTO congresses (level, name, parent_id) VALUES ($1, $2, $3) RETURNING id",
                               {std::string_view(r.level), std::string_view(r.name), Opt(r.parent_id)}),
                      "registry.name_taken", "a congress named " + r.name + " exists");
  }
  Status UpdateCongress(const CongressRecord& r) override {
    return Changed(c_.Exec("UPDATE congresses SET level = $1, name = $2, parent_id = $3 WHERE id = $4",
                           {std::string_view(r.level), std::string_view(r.name), Opt(r.parent_id), r.id}),
                   "registry.congress_not_found", r.id);
  }
  Result<std::optional<CongressRecord>> FindCongress(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, SelectCongresses("WHERE id = $1", {id}));
    return First(std::move(all));
  }
  Result<std::vector<CongressRecord>> ListCongresses() override { return SelectCongresses("ORDER BY id", {}); }

  // --- terms
  Result<std::int64_t> InsertTerm(const TermRecord& r) override {
    return InsertedId(
        c_.Query("INSERT INTO terms (congress_id, number, start_date, end_date) VALUES ($1, $2, $3, $4) "
                 "RETURNING id",
                 {r.congress_id, std::int64_t{r.number}, std::string_view(r.start_date), std::string_view(r.end_date)}),
        "registry.term_exists", "term " + std::to_string(r.number) + " exists");
  }
  Status UpdateTerm(const TermRecord& r) override {
    return Changed(
        c_.Exec("UPDATE terms SET number = $1, start_date = $2, end_date = $3 WHERE id = $4",
                {std::int64_t{r.number}, std::string_view(r.start_date), std::string_view(r.end_date), r.id}),
        "registry.term_not_found", r.id);
  }
  Result<std::optional<TermRecord>> FindTerm(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, SelectTerms("WHERE id = $1", {id}));
    return First(std::move(all));
  }
  Result<std::vector<TermRecord>> ListTerms(std::optional<std::int64_t> congress_id) override {
    if (congress_id) return SelectTerms("WHERE congress_id = $1 ORDER BY number", {*congress_id});
    return SelectTerms("ORDER BY congress_id, number", {});
  }

  // --- constituencies
  Result<std::int64_t> InsertConstituency(const ConstituencyRecord& r) override {
    const std::string villages = JoinLines(r.villages);
    return InsertedId(
        c_.Query("INSERT INTO constituencies (congress_id, name, kind, villages) VALUES ($1, $2, $3, $4) "
                 "RETURNING id",
                 {r.congress_id, std::string_view(r.name), std::string_view(r.kind), std::string_view(villages)}),
        "registry.name_taken", "a constituency named " + r.name + " exists");
  }
  Status UpdateConstituency(const ConstituencyRecord& r) override {
    const std::string villages = JoinLines(r.villages);
    return Changed(c_.Exec("UPDATE constituencies SET name = $1, kind = $2, villages = $3 WHERE id = $4",
                           {std::string_view(r.name), std::string_view(r.kind), std::string_view(villages), r.id}),
                   "registry.constituency_not_found", r.id);
  }
  Result<std::optional<ConstituencyRecord>> FindConstituency(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, SelectConstituencies("WHERE id = $1", {id}));
    return First(std::move(all));
  }
  Result<std::vector<ConstituencyRecord>> ListConstituencies(std::optional<std::int64_t> congress_id) override {
    if (congress_id) return SelectConstituencies("WHERE congress_id = $1 ORDER BY id", {*congress_id});
    return SelectConstituencies("ORDER BY id", {});
  }

  // --- groups
  Result<std::int64_t> InsertGroup(const GroupRecord& r) override {
    return InsertedId(
        c_.Query("INSERT INTO deputy_groups (congress_id, name, leader_name, constituency_id, rotation_start_year, "
                 "rotation_years, rotation_seed, panel_min, panel_max, panel_targets) VALUES ($1, $2, $3, $4, $5, $6, "
                 "$7, $8, $9, $10) RETURNING id",
                 {r.congress_id, std::string_view(r.name), std::string_view(r.leader_name), Opt(r.constituency_id),
                  std::int64_t{r.rotation_start_year}, std::int64_t{r.rotation_years}, r.rotation_seed,
                  std::int64_t{r.panel_min}, std::int64_t{r.panel_max}, std::string_view(r.panel_targets)}),
        "registry.name_taken", "a group named " + r.name + " exists");
  }
  Status UpdateGroup(const GroupRecord& r) override {
    return Changed(
        c_.Exec(
            "UPDATE deputy_groups SET name = $1, leader_name = $2, constituency_id = $3, rotation_start_year = $4, "
            "rotation_years = $5, rotation_seed = $6, panel_min = $7, panel_max = $8, panel_targets = $9 WHERE id = "
            "$10",
            {std::string_view(r.name), std::string_view(r.leader_name), Opt(r.constituency_id),
             std::int64_t{r.rotation_start_year}, std::int64_t{r.rotation_years}, r.rotation_seed,
             std::int64_t{r.panel_min}, std::int64_t{r.panel_max}, std::string_view(r.panel_targets), r.id}),
        "registry.group_not_found", r.id);
  }
  Result<std::optional<GroupRecord>> FindGroup(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, SelectGroups("WHERE id = $1", {id}));
    return First(std::move(all));
  }
  Result<std::vector<GroupRecord>> ListGroups(std::optional<std::int64_t> congress_id) override {
    if (congress_id) return SelectGroups("WHERE congress_id = $1 ORDER BY id", {*congress_id});
    return SelectGroups("ORDER BY id", {});
  }

  // --- deputies
  Result<std::int64_t> InsertDeputy(const DeputyRecord& r) override {
    return InsertedId(
        c_.Query("INSERT INTO deputies (name, gender, birth_date, ethnicity, occupation, employer, title, "
                 "phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                 {std::string_view(r.name), std::string_view(r.gender), std::string_view(r.birth_date),
                  std::string_view(r.ethnicity), std::string_view(r.occupation), std::string_view(r.employer),
                  std::string_view(r.title), std::string_view(r.phone)}),
        "registry.duplicate", "duplicate deputy");
  }
  Status UpdateDeputy(const DeputyRecord& r) override {
    return Changed(c_.Exec("UPDATE deputies SET name = $1, gender = $2, birth_date = $3, ethnicity = $4, occupation = "
                           "$5, employer = $6, title = $7, phone = $8 WHERE id = $9",
                           {std::string_view(r.name), std::string_view(r.gender), std::string_view(r.birth_date),
                            std::string_view(r.ethnicity), std::string_view(r.occupation), std::string_view(r.employer),
                            std::string_view(r.title), std::string_view(r.phone), r.id}),
                   "registry.deputy_not_found", r.id);
  }
  Result<std::optional<DeputyRecord>> FindDeputy(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, SelectDeputies("WHERE d.id = $1", {id}));
    return First(std::move(all));
  }
  Result<std::vector<DeputyRecord>> FindDeputiesByPerson(const std::string& name, const std::string& birth) override {
    return SelectDeputies("WHERE d.name = $1 AND d.birth_date = $2 ORDER BY d.id",
                          {std::string_view(name), std::string_view(birth)});
  }

  // --- mandates
  Result<std::int64_t> InsertMandate(const MandateRecord& r) override {
    return InsertedId(
        c_.Query("INSERT INTO mandates (deputy_id, term_id, constituency_id, group_id, status, "
                 "status_date, by_election, elected_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                 "RETURNING id",
                 {r.deputy_id, r.term_id, Opt(r.constituency_id), Opt(r.group_id), std::string_view(r.status),
                  OptText(r.status_date), std::int64_t{r.by_election}, OptText(r.elected_date)}),
        "registry.mandate_exists", "the deputy already holds a mandate in this term");
  }
  Status UpdateMandate(const MandateRecord& r) override {
    return Changed(c_.Exec("UPDATE mandates SET constituency_id = $1, group_id = $2, status = $3, status_date = $4, "
                           "by_election = $5, elected_date = $6 WHERE id = $7",
                           {Opt(r.constituency_id), Opt(r.group_id), std::string_view(r.status), OptText(r.status_date),
                            std::int64_t{r.by_election}, OptText(r.elected_date), r.id}),
                   "registry.mandate_not_found", r.id);
  }
  Result<std::optional<MandateRecord>> FindMandate(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, SelectMandates("WHERE m.id = $1", {id}));
    return First(std::move(all));
  }
  Result<std::vector<MandateRecord>> ListMandatesOfDeputy(std::int64_t deputy_id) override {
    return SelectMandates("WHERE m.deputy_id = $1 ORDER BY m.id", {deputy_id});
  }
  Result<std::vector<MandateRecord>> ListMandatesOfGroup(std::int64_t group_id) override {
    return SelectMandates("WHERE m.group_id = $1 ORDER BY m.id", {group_id});
  }

  // --- roster
  Result<std::pair<std::vector<RosterRow>, std::int64_t>> ListRoster(const RosterFilter& f) override {
    SqlParams params;
    std::string pattern;
    const std::string where = RosterWhere(f, params, pattern);
    SHUZHI_ASSIGN_OR_RETURN(auto count, c_.Query("SELECT COUNT(*) " + std::string(kRosterFrom) + where, params));
    const std::int64_t total = count.at(0).Int(0);
    const std::string limit = " ORDER BY d.name, d.id, m.id LIMIT $" + std::to_string(params.size() + 1) + " OFFSET $" +
                              std::to_string(params.size() + 2);
    params.push_back(f.limit);
    params.push_back(f.offset);
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kMandateCols + ", " + kDeputyCols +
                                                    ", t.congress_id, c.name, c.level, t.number, g.name, k.name " +
                                                    kRosterFrom + where + limit,
                                                params));
    std::vector<RosterRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      RosterRow row;
      row.mandate = MandateAt(r, 0);
      row.deputy = DeputyAt(r, 9);
      row.congress_id = r.Int(18);
      row.congress_name = r.Text(19);
      row.congress_level = r.Text(20);
      row.term_number = static_cast<int>(r.Int(21));
      row.group_name = r.Text(22);
      row.constituency_name = r.Text(23);
      out.push_back(std::move(row));
    }
    return std::make_pair(std::move(out), total);
  }

  Result<std::vector<std::pair<std::string, std::int64_t>>> CountRoster(const RosterFilter& f,
                                                                        RosterDimension d) override {
    const char* column = "d.occupation";
    switch (d) {
      case RosterDimension::kOccupation:
        column = "d.occupation";
        break;
      case RosterDimension::kGender:
        column = "d.gender";
        break;
      case RosterDimension::kGroup:
        column = "COALESCE(g.name, '')";
        break;
      case RosterDimension::kLevel:
        column = "c.level";
        break;
      case RosterDimension::kConstituency:
        column = "COALESCE(k.name, '')";
        break;
      case RosterDimension::kStatus:
        column = "m.status";
        break;
    }
    SqlParams params;
    std::string pattern;
    const std::string where = RosterWhere(f, params, pattern);
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + column + ", COUNT(*) " + kRosterFrom + where +
                                                    " GROUP BY " + column + " ORDER BY 2 DESC, 1",
                                                params));
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& r : rows) out.emplace_back(r.Text(0), r.Int(1));
    return out;
  }

  // --- committee members
  Result<std::int64_t> InsertCommitteeMember(const CommitteeMemberRecord& r) override {
    return InsertedId(
        c_.Query("INSERT INTO committee_members (congress_id, name, gender, birth_year, occupation, "
                 "position, active) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                 {r.congress_id, std::string_view(r.name), std::string_view(r.gender), OptInt(r.birth_year),
                  std::string_view(r.occupation), std::string_view(r.position), std::int64_t{r.active}}),
        "registry.duplicate", "duplicate committee member");
  }
  Status UpdateCommitteeMember(const CommitteeMemberRecord& r) override {
    return Changed(
        c_.Exec("UPDATE committee_members SET name = $1, gender = $2, birth_year = $3, occupation = $4, "
                "position = $5, active = $6 WHERE id = $7",
                {std::string_view(r.name), std::string_view(r.gender), OptInt(r.birth_year),
                 std::string_view(r.occupation), std::string_view(r.position), std::int64_t{r.active}, r.id}),
        "registry.member_not_found", r.id);
  }
  Result<std::optional<CommitteeMemberRecord>> FindCommitteeMember(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, SelectMembers("WHERE id = $1", {id}));
    return First(std::move(all));
  }
  Result<std::vector<CommitteeMemberRecord>> ListCommitteeMembers(std::int64_t congress_id) override {
    return SelectMembers("WHERE congress_id = $1 ORDER BY id", {congress_id});
  }

  // --- voter representatives
  Result<std::int64_t> InsertVoterRep(const VoterRepRecord& r) override {
    return InsertedId(
        c_.Query("INSERT INTO voter_reps (group_id, name, gender, birth_year, occupation, village, phone, "
                 "active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                 {r.group_id, std::string_view(r.name), std::string_view(r.gender), OptInt(r.birth_year),
                  std::string_view(r.occupation), std::string_view(r.village), std::string_view(r.phone),
                  std::int64_t{r.active}}),
        "registry.duplicate", "duplicate voter representative");
  }
  Status UpdateVoterRep(const VoterRepRecord& r) override {
    return Changed(c_.Exec("UPDATE voter_reps SET name = $1, gender = $2, birth_year = $3, occupation = $4, village = "
                           "$5, phone = $6, active = $7 WHERE id = $8",
                           {std::string_view(r.name), std::string_view(r.gender), OptInt(r.birth_year),
                            std::string_view(r.occupation), std::string_view(r.village), std::string_view(r.phone),
                            std::int64_t{r.active}, r.id}),
                   "registry.voter_rep_not_found", r.id);
  }
  Result<std::optional<VoterRepRecord>> FindVoterRep(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto all, SelectVoterReps("WHERE id = $1", {id}));
    return First(std::move(all));
  }
  Result<std::vector<VoterRepRecord>> ListVoterReps(std::int64_t group_id) override {
    return SelectVoterReps("WHERE group_id = $1 ORDER BY id", {group_id});
  }

  // --- rotation
  Status UpsertRotationEntry(const RotationEntryRecord& r) override {
    return c_
        .Exec(
            "INSERT INTO rotation_entries (group_id, deputy_id, pinned_year, reported_year) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (group_id, deputy_id) DO UPDATE SET pinned_year = excluded.pinned_year, reported_year = "
            "excluded.reported_year",
            {r.group_id, r.deputy_id, OptInt(r.pinned_year), OptInt(r.reported_year)})
        .status();
  }
  Result<std::vector<RotationEntryRecord>> ListRotationEntries(std::int64_t group_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT group_id, deputy_id, pinned_year, reported_year FROM "
                                                "rotation_entries WHERE group_id = $1 ORDER BY deputy_id",
                                                {group_id}));
    std::vector<RotationEntryRecord> out;
    for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), RowOptInt(r, 2), RowOptInt(r, 3)});
    return out;
  }

 private:
  static constexpr const char* kRosterFrom =
      "FROM mandates m JOIN deputies d ON d.id = m.deputy_id JOIN terms t ON t.id = m.term_id "
      "JOIN congresses c ON c.id = t.congress_id LEFT JOIN deputy_groups g ON g.id = m.group_id "
      "LEFT JOIN constituencies k ON k.id = m.constituency_id ";

  // Builds the WHERE clause of a roster query, appending its parameters.
  // `pattern` holds the LIKE pattern that a parameter points into; it must
  // outlive the query.
  static std::string RosterWhere(const RosterFilter& f, SqlParams& params, std::string& pattern) {
    std::vector<std::string> clauses;
    auto param = [&](SqlParam p) {
      params.push_back(p);
      return "$" + std::to_string(params.size());
    };
    if (f.congress_scope) {
      std::vector<std::string> any;
      if (!f.congress_scope->empty()) {
        std::string list;
        for (auto id : *f.congress_scope) list += (list.empty() ? "" : ", ") + param(id);
        any.push_back("t.congress_id IN (" + list + ")");
        any.push_back("g.congress_id IN (" + list + ")");
      }
      if (!f.group_scope.empty()) {
        std::string list;
        for (auto id : f.group_scope) list += (list.empty() ? "" : ", ") + param(id);
        any.push_back("m.group_id IN (" + list + ")");
      }
      if (f.deputy_scope) any.push_back("m.deputy_id = " + param(*f.deputy_scope));
      if (any.empty()) any.push_back("1 = 0");
      std::string s;
      for (const auto& a : any) s += (s.empty() ? "" : " OR ") + a;
      clauses.push_back("(" + s + ")");
    }
    if (f.congress_id) clauses.push_back("t.congress_id = " + param(*f.congress_id));
    if (f.term_id) clauses.push_back("m.term_id = " + param(*f.term_id));
    if (f.group_id) clauses.push_back("m.group_id = " + param(*f.group_id));
    if (f.constituency_id) clauses.push_back("m.constituency_id = " + param(*f.constituency_id));
    if (f.occupation) clauses.push_back("d.occupation = " + param(std::string_view(*f.occupation)));
    if (f.status) clauses.push_back("m.status = " + param(std::string_view(*f.status)));
    if (!f.q.empty()) {
      pattern = "%";
      for (char ch : f.q) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
        pattern.push_back(ch);
      }
      pattern.push_back('%');
      clauses.push_back("d.name LIKE " + param(std::string_view(pattern)) + " ESCAPE '\\'");
    }
    std::string where;
    for (const auto& c : clauses) where += (where.empty() ? "WHERE " : " AND ") + c;
    return where + " ";
  }

  template <typename T>
  static Result<std::optional<T>> First(std::vector<T> v) {
    if (v.empty()) return std::optional<T>();
    return std::optional<T>(std::move(v.front()));
  }

  Result<std::vector<CongressRecord>> SelectCongresses(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT id, level, name, parent_id FROM congresses " + tail, p));
    std::vector<CongressRecord> out;
    for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptInt(3)});
    return out;
  }
  Result<std::vector<TermRecord>> SelectTerms(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT id, congress_id, number, start_date, end_date FROM terms " + tail, p));
    std::vector<TermRecord> out;
    for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), static_cast<int>(r.Int(2)), r.Text(3), r.Text(4)});
    return out;
  }
  Result<std::vector<ConstituencyRecord>> SelectConstituencies(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT id, congress_id, name, kind, villages FROM constituencies " + tail, p));
    std::vector<ConstituencyRecord> out;
    for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), SplitLines(r.Text(4))});
    return out;
  }
  Result<std::vector<GroupRecord>> SelectGroups(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT id, congress_id, name, leader_name, constituency_id, rotation_start_year, "
                                     "rotation_years, rotation_seed, panel_min, panel_max, panel_targets FROM "
                                     "deputy_groups " +
                                         tail,
                                     p));
    std::vector<GroupRecord> out;
    for (const auto& r : rows) {
      out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.OptInt(4), static_cast<int>(r.Int(5)),
                     static_cast<int>(r.Int(6)), r.Int(7), static_cast<int>(r.Int(8)), static_cast<int>(r.Int(9)),
                     r.Text(10)});
    }
    return out;
  }
  Result<std::vector<DeputyRecord>> SelectDeputies(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kDeputyCols + " FROM deputies d " + tail, p));
    std::vector<DeputyRecord> out;
    for (const auto& r : rows) out.push_back(DeputyAt(r, 0));
    return out;
  }
  Result<std::vector<MandateRecord>> SelectMandates(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kMandateCols + " FROM mandates m " + tail, p));
    std::vector<MandateRecord> out;
    for (const auto& r : rows) out.push_back(MandateAt(r, 0));
    return out;
  }
  Result<std::vector<CommitteeMemberRecord>> SelectMembers(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT id, congress_id, name, gender, birth_year, occupation, position, "
                                     "active FROM committee_members " +
                                         tail,
                                     p));
    std::vector<CommitteeMemberRecord> out;
    for (const auto& r : rows) {
      out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), RowOptInt(r, 4), r.Text(5), r.Text(6), r.Int(7) != 0});
    }
    return out;
  }
  Result<std::vector<VoterRepRecord>> SelectVoterReps(const std::string& tail, const SqlParams& p) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT id, group_id, name, gender, birth_year, occupation, village, "
                                                "phone, active FROM voter_reps " +
                                                    tail,
                                                p));
    std::vector<VoterRepRecord> out;
    for (const auto& r : rows) {
      out.push_back(
          {r.Int(0), r.Int(1), r.Text(2), r.Text(3), RowOptInt(r, 4), r.Text(5), r.Text(6), r.Text(7), r.Int(8) != 0});
    }
    return out;
  }

  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<RegistryRepo> MakeSqlRegistryRepo(SqlConnection& conn) {
  return std::make_unique<SqlRegistryRepo>(conn);
}

}  // namespace shuzhi::storage
