// Registry records and their repository (see store.h for the transaction
// and threading rules). Codes such as level, gender, occupation and status
// are stored as the stable codes of core/registry.h; dates as 'YYYY-MM-DD'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shuzhi::storage {

struct CongressRecord {
  std::int64_t id = 0;
  std::string level;  // core::LevelCode
  std::string name;
  std::optional<std::int64_t> parent_id;
};

struct TermRecord {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;
  int number = 0;  // 第 N 届
  std::string start_date;
  std::string end_date;
};

struct ConstituencyRecord {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;
  std::string name;
  std::string kind;  // "constituency" (选区) or "electoral_unit" (原选举单位)
  std::vector<std::string> villages;  // villages and communities it covers
};

struct GroupRecord {
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

struct DeputyRecord {
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

struct MandateRecord {
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

struct CommitteeMemberRecord {
  std::int64_t id = 0;
  std::int64_t congress_id = 0;
  std::string name;
  std::string gender;
  std::optional<int> birth_year;
  std::string occupation;
  std::string position;  // 主任, 副主任, 委员 …
  bool active = true;
};

struct VoterRepRecord {
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

struct RotationEntryRecord {
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
  MandateRecord mandate;
  DeputyRecord deputy;
  std::int64_t congress_id = 0;
  std::string congress_name;
  std::string congress_level;
  int term_number = 0;
  std::string group_name;         // empty when not in a group
  std::string constituency_name;  // empty when none
};

// Counting dimensions for charts (a fixed list: no free-form SQL).
enum class RosterDimension { kOccupation, kGender, kGroup, kLevel, kConstituency, kStatus };

class RegistryRepo {
 public:
  virtual ~RegistryRepo() = default;

  virtual base::Result<std::int64_t> InsertCongress(const CongressRecord& r) = 0;  // conflict registry.name_taken
  virtual base::Status UpdateCongress(const CongressRecord& r) = 0;
  virtual base::Result<std::optional<CongressRecord>> FindCongress(std::int64_t id) = 0;
  virtual base::Result<std::vector<CongressRecord>> ListCongresses() = 0;

  virtual base::Result<std::int64_t> InsertTerm(const TermRecord& r) = 0;  // conflict registry.term_exists
  virtual base::Status UpdateTerm(const TermRecord& r) = 0;
  virtual base::Result<std::optional<TermRecord>> FindTerm(std::int64_t id) = 0;
  virtual base::Result<std::vector<TermRecord>> ListTerms(std::optional<std::int64_t> congress_id) = 0;

  virtual base::Result<std::int64_t> InsertConstituency(const ConstituencyRecord& r) = 0;
  virtual base::Status UpdateConstituency(const ConstituencyRecord& r) = 0;
  virtual base::Result<std::optional<ConstituencyRecord>> FindConstituency(std::int64_t id) = 0;
  virtual base::Result<std::vector<ConstituencyRecord>> ListConstituencies(std::optional<std::int64_t> congress_id) = 0;

  virtual base::Result<std::int64_t> InsertGroup(const GroupRecord& r) = 0;
  virtual base::Status UpdateGroup(const GroupRecord& r) = 0;
  virtual base::Result<std::optional<GroupRecord>> FindGroup(std::int64_t id) = 0;
  virtual base::Result<std::vector<GroupRecord>> ListGroups(std::optional<std::int64_t> congress_id) = 0;

  virtual base::Result<std::int64_t> InsertDeputy(const DeputyRecord& r) = 0;
  virtual base::Status UpdateDeputy(const DeputyRecord& r) = 0;
  virtual base::Result<std::optional<DeputyRecord>> FindDeputy(std::int64_t id) = 0;
  // Persons with this name and birth date (the registry's identity rule).
  virtual base::Result<std::vector<DeputyRecord>> FindDeputiesByPerson(const std::string& name,
                                                                        const std::string& birth_date) = 0;

  virtual base::Result<std::int64_t> InsertMandate(const MandateRecord& r) = 0;  // conflict registry.mandate_exists
  virtual base::Status UpdateMandate(const MandateRecord& r) = 0;
  virtual base::Result<std::optional<MandateRecord>> FindMandate(std::int64_t id) = 0;
  virtual base::Result<std::vector<MandateRecord>> ListMandatesOfDeputy(std::int64_t deputy_id) = 0;
  virtual base::Result<std::vector<MandateRecord>> ListMandatesOfGroup(std::int64_t group_id) = 0;

  virtual base::Result<std::pair<std::vector<RosterRow>, std::int64_t>> ListRoster(const RosterFilter& f) = 0;
  virtual base::Result<std::vector<std::pair<std::string, std::int64_t>>> CountRoster(const RosterFilter& f,
                                                                                      RosterDimension d) = 0;

  virtual base::Result<std::int64_t> InsertCommitteeMember(const CommitteeMemberRecord& r) = 0;
  virtual base::Status UpdateCommitteeMember(const CommitteeMemberRecord& r) = 0;
  virtual base::Result<std::optional<CommitteeMemberRecord>> FindCommitteeMember(std::int64_t id) = 0;
  virtual base::Result<std::vector<CommitteeMemberRecord>> ListCommitteeMembers(std::int64_t congress_id) = 0;

  virtual base::Result<std::int64_t> InsertVoterRep(const VoterRepRecord& r) = 0;
  virtual base::Status UpdateVoterRep(const VoterRepRecord& r) = 0;
  virtual base::Result<std::optional<VoterRepRecord>> FindVoterRep(std::int64_t id) = 0;
  virtual base::Result<std::vector<VoterRepRecord>> ListVoterReps(std::int64_t group_id) = 0;

  virtual base::Status UpsertRotationEntry(const RotationEntryRecord& r) = 0;
  virtual base::Result<std::vector<RotationEntryRecord>> ListRotationEntries(std::int64_t group_id) = 0;
};

}  // namespace shuzhi::storage
