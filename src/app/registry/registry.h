// The registry's use cases: congresses and terms, constituencies, deputy
// groups, deputies and their mandates, the evaluator pools, the panel check
// and the rotation plan. Every call checks the actor's scope first
// (core/access.h): organizers and reviewers within their congresses, group
// leaders within their groups, deputies themselves; 403 otherwise.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/actor.h"
#include "storage/store.h"
#include "core/panel.h"
#include "core/rotation.h"
#include "storage/registry_repo.h"

namespace shuzhi::app {

struct GroupView {
  storage::GroupRecord group;
  std::int64_t member_count = 0;  // persons with a mandate in the group
};

struct DeputyView {
  storage::DeputyRecord deputy;
  std::vector<storage::MandateRecord> mandates;
};

struct RosterPage {
  std::vector<storage::RosterRow> items;
  std::int64_t total = 0;
};

struct RotationPersonView {
  core::RotationSlot slot;
  core::RotationPerson person;
  std::string name;
  std::string occupation;
  std::vector<std::string> levels;  // congress levels of the person's mandates in the group
};

struct RotationView {
  storage::GroupRecord group;
  core::RotationWindow window;
  core::RotationPlan plan;
  std::vector<RotationPersonView> persons;  // same order as plan.slots
};

struct MoveResult {
  core::MoveCheck check;
  RotationView view;  // after the move when applied, else the current plan
};

struct PanelView {
  storage::GroupRecord group;
  core::PanelTargets targets;
  core::PanelReport report;
};

class RegistryService {
 public:
  RegistryService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  // Reference data every logged-in staff member may read.
  Result<std::vector<storage::CongressRecord>> ListCongresses(const Actor& actor);
  Result<storage::CongressRecord> CreateCongress(const Actor& actor, storage::CongressRecord r);  // admins
  Result<storage::CongressRecord> UpdateCongress(const Actor& actor, const storage::CongressRecord& r);
  Result<std::vector<storage::TermRecord>> ListTerms(const Actor& actor, std::int64_t congress_id);
  Result<storage::TermRecord> CreateTerm(const Actor& actor, storage::TermRecord r);
  Result<storage::TermRecord> UpdateTerm(const Actor& actor, const storage::TermRecord& r);
  Result<std::vector<storage::ConstituencyRecord>> ListConstituencies(const Actor& actor, std::int64_t congress_id);
  Result<storage::ConstituencyRecord> CreateConstituency(const Actor& actor, storage::ConstituencyRecord r);
  Result<storage::ConstituencyRecord> UpdateConstituency(const Actor& actor, const storage::ConstituencyRecord& r);

  // Groups the actor may see; `congress_id` narrows.
  Result<std::vector<GroupView>> ListGroups(const Actor& actor, std::optional<std::int64_t> congress_id);
  Result<GroupView> GetGroup(const Actor& actor, std::int64_t id);
  Result<storage::GroupRecord> CreateGroup(const Actor& actor, storage::GroupRecord r);
  Result<storage::GroupRecord> UpdateGroup(const Actor& actor, const storage::GroupRecord& r);

  // The roster in the actor's scope (filters and paging in `filter`).
  Result<RosterPage> ListRoster(const Actor& actor, storage::RosterFilter filter);
  Result<std::vector<std::pair<std::string, std::int64_t>>> CountRoster(const Actor& actor,
                                                                        storage::RosterFilter filter,
                                                                        storage::RosterDimension dimension);

  Result<DeputyView> GetDeputy(const Actor& actor, std::int64_t id);
  Result<DeputyView> CreateDeputy(const Actor& actor, storage::DeputyRecord d, storage::MandateRecord m);
  Result<DeputyView> UpdateDeputy(const Actor& actor, const storage::DeputyRecord& d);
  Result<storage::MandateRecord> CreateMandate(const Actor& actor, storage::MandateRecord m);
  Result<storage::MandateRecord> UpdateMandate(const Actor& actor, const storage::MandateRecord& m);

  // A group's membership, kept by the organizer of the congress that runs
  // the group, which may hold deputies of higher congresses (plan 2: a town's
  // groups hold district deputies; plan 1: a county's group holds city
  // deputies). Candidates are the active mandates of the group's congress
  // and of the congresses above it (by parent), whose name contains `q`: read
  // only, for the search. Adding sets the mandate's group and nothing else;
  // a mandate in a group the actor does not run is refused
  // ("registry.mandate_in_other_group"), one of another congress than those
  // "registry.mandate_outside_group_congresses". Both are audited.
  Result<std::vector<storage::RosterRow>> ListGroupCandidates(const Actor& actor, std::int64_t group_id,
                                                              const std::string& q);
  Result<storage::MandateRecord> AddGroupMember(const Actor& actor, std::int64_t group_id, std::int64_t mandate_id);
  Result<storage::MandateRecord> RemoveGroupMember(const Actor& actor, std::int64_t group_id,
                                                   std::int64_t mandate_id);

  Result<std::vector<storage::CommitteeMemberRecord>> ListCommitteeMembers(const Actor& actor, std::int64_t congress_id);
  Result<storage::CommitteeMemberRecord> CreateCommitteeMember(const Actor& actor, storage::CommitteeMemberRecord r);
  Result<storage::CommitteeMemberRecord> UpdateCommitteeMember(const Actor& actor,
                                                               const storage::CommitteeMemberRecord& r);

  Result<std::vector<storage::VoterRepRecord>> ListVoterReps(const Actor& actor, std::int64_t group_id);
  Result<storage::VoterRepRecord> CreateVoterRep(const Actor& actor, storage::VoterRepRecord r);
  Result<storage::VoterRepRecord> UpdateVoterRep(const Actor& actor, const storage::VoterRepRecord& r);
  Result<PanelView> GetPanel(const Actor& actor, std::int64_t group_id);

  Result<RotationView> GetRotation(const Actor& actor, std::int64_t group_id);
  // Moves a deputy to `to_year` (nullopt: back to the planner's choice).
  // With `dry_run` nothing is stored. A refused move is failed_precondition
  // "rotation.move_refused" naming the refusals, unless `dry_run`.
  Result<MoveResult> MoveInRotation(const Actor& actor, std::int64_t group_id, std::int64_t deputy_id,
                                    std::optional<int> to_year, bool dry_run);
  // Records that a deputy reported (or not, with nullopt) in `year`.
  Result<RotationView> SetReported(const Actor& actor, std::int64_t group_id, std::int64_t deputy_id,
                                   std::optional<int> year);

  // The year "now" in China Standard Time.
  int CurrentYear() const;

 private:
  storage::Store& store_;
  const base::Clock& clock_;
};

// Shared with the importer: validation of single records.
Status ValidateDeputy(const storage::DeputyRecord& d);
Status ValidateMandate(const storage::MandateRecord& m);
Status ValidateTerm(const storage::TermRecord& t);
// Parses a group's panel_targets JSON into targets (with its min/max).
core::PanelTargets PanelTargetsOf(const storage::GroupRecord& g);
Status ValidatePanelTargets(const std::string& json);

// The congresses where a person holds a mandate: each mandate's term's
// congress and its group's (core::PersonCongresses). Empty for a person with
// no mandate; not_found "registry.deputy_not_found" for no such person.
Result<std::vector<std::int64_t>> CongressesOfPerson(storage::Tx& tx, std::int64_t deputy_id);

// Builds the planner's persons for a group from its mandates and entries.
// Pure; exposed for tests and the benchmark.
std::vector<core::RotationPerson> RotationPersons(const std::vector<storage::MandateRecord>& mandates,
                                                  const std::vector<storage::RotationEntryRecord>& entries);

}  // namespace shuzhi::app
