// The registry's entities (DESIGN.md §3): congresses and terms,
// constituencies, deputy groups, deputies (persons) and their mandates, the
// evaluator pools and the rotation entries, with the roster query. Plain
// values shared by storage (which persists them) and app (which returns
// them), so neither http nor app needs a storage type to speak of them.
// Codes such as level, gender, occupation and status hold the stable codes
// of core/registry.h; dates are 'YYYY-MM-DD'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shuzhi::core {

struct Congress {
  std::int64_t id = 0;
  std::string level;  // core::LevelCode
  std::string name;
  std::optional<std::int64_t> parent_id;
};

struct Term {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;
  int number = 0;  // 第 N 届
  std::string start_date;
  std::string end_date;
};

struct Constituency {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;
  std::string name;
  std::string kind;                   // "constituency" (选区) or "electoral_unit" (原选举单位)
  std::vector<std::string> villages;  // villages and communities it covers
};

struct DeputyGroup {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;  // the congress that organises the group
  std::string name;
  std::string leader_name;
  std::optional<std::int64_t> constituency_id;
  int rotation_start_year = 0;
  int rotation_years = 3;
  std::int64_t rotation_seed = 0;
  int panel_min = 25;
  int panel_max = 35;
  std::string panel_targets = "{}";  // JSON: {"gender":{"male":50,…},"occupation":{…},"age_band":{…},"tolerance":15}
};

struct Deputy {
  std::int64_t id = 0;
  std::string name;
  std::string gender;
  std::string birth_date;
  std::string ethnicity;
  std::string occupation;
  std::string employer;
  std::string title;
  std::string phone;
};

struct Mandate {
  std::int64_t id = 0;
  std::int64_t deputy_id = 0;
  std::int64_t term_id = 0;
  std::optional<std::int64_t> constituency_id;
  std::optional<std::int64_t> group_id;
  std::string status = "active";
  std::optional<std::string> status_date;
  bool by_election = false;
  std::optional<std::string> elected_date;
};

struct CommitteeMember {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;
  std::string name;
  std::string gender;
  std::optional<int> birth_year;
  std::string occupation;
  std::string position;  // 主任, 副主任, 委员 …
  bool active = true;
};

struct VoterRep {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::string name;
  std::string gender;
  std::optional<int> birth_year;
  std::string occupation;
  std::string village;
  std::string phone;
  bool active = true;
};

struct RotationEntry {
  std::int64_t group_id = 0;
  std::int64_t deputy_id = 0;
  std::optional<int> pinned_year;
  std::optional<int> reported_year;
};

// Which mandates a roster query sees and how it pages.
struct RosterFilter {
  // Scope: nullopt = every congress (admins). Otherwise a mandate is in scope
  // when its term's congress or its group's congress is listed, or its group
  // is in `group_scope`, or its deputy is `deputy_scope`.
  std::optional<std::vector<std::int64_t>> congress_scope;
  std::vector<std::int64_t> group_scope;
  std::optional<std::int64_t> deputy_scope;
  // Filters.
  std::optional<std::int64_t> congress_id;  // the term's congress
  std::optional<std::int64_t> term_id;
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> constituency_id;
  std::optional<std::string> occupation;
  std::optional<std::string> status;
  std::string q;  // name contains
  std::int64_t offset = 0;
  std::int64_t limit = 50;
};

struct RosterRow {
  Mandate mandate;
  Deputy deputy;
  std::int64_t congress_id = 0;
  std::string congress_name;
  std::string congress_level;
  int term_number = 0;
  std::string group_name;         // empty when not in a group
  std::string constituency_name;  // empty when none
};

// Counting dimensions for charts (a fixed list: no free-form SQL).
enum class RosterDimension { kOccupation, kGender, kGroup, kLevel, kConstituency, kStatus };

}  // namespace shuzhi::core
