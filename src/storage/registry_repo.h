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
#include "core/roster.h"

namespace shuzhi::storage {

// The registry's entities are core values (core/roster.h); storage keeps
// its record names for them.
using CongressRecord = core::Congress;
using TermRecord = core::Term;
using ConstituencyRecord = core::Constituency;
using GroupRecord = core::DeputyGroup;
using DeputyRecord = core::Deputy;
using MandateRecord = core::Mandate;
using CommitteeMemberRecord = core::CommitteeMember;
using VoterRepRecord = core::VoterRep;
using RotationEntryRecord = core::RotationEntry;
using core::RosterDimension;
using core::RosterFilter;
using core::RosterRow;

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
