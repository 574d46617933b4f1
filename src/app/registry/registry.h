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
#include "core/panel.h"
#include "core/roster.h"
#include "core/rotation.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

struct GroupView {
  core::DeputyGroup group;
  std::int64_t member_count = 0;  // persons with a mandate in the group
};

struct DeputyView {
  core::Deputy deputy;
  std::vector<core::Mandate> mandates;
};

struct RosterPage {
  std::vector<core::RosterRow> items;
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
  core::DeputyGroup group;
  core::RotationWindow window;
  core::RotationPlan plan;
  std::vector<RotationPersonView> persons;  // same order as plan.slots
};

struct MoveResult {
  core::MoveCheck check;
  RotationView view;  // after the move when applied, else the current plan
};

struct PanelView {
  core::DeputyGroup group;
  core::PanelTargets targets;
  core::PanelReport report;
};

class RegistryService {
 public:
  RegistryService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  // Reference data every logged-in staff member may read.
  Result<std::vector<core::Congress>> ListCongresses(const Actor& actor);
  Result<core::Congress> CreateCongress(const Actor& actor, core::Congress r);  // admins
  Result<core::Congress> UpdateCongress(const Actor& actor, const core::Congress& r);
  // The terms and the constituencies of a congress; not_found
  // "registry.congress_not_found" when there is no such congress.
  Result<std::vector<core::Term>> ListTerms(const Actor& actor, std::int64_t congress_id);
  Result<core::Term> CreateTerm(const Actor& actor, core::Term r);
  Result<core::Term> UpdateTerm(const Actor& actor, const core::Term& r);
  Result<std::vector<core::Constituency>> ListConstituencies(const Actor& actor, std::int64_t congress_id);
  Result<core::Constituency> CreateConstituency(const Actor& actor, core::Constituency r);
  Result<core::Constituency> UpdateConstituency(const Actor& actor, const core::Constituency& r);

  // Groups the actor may see; `congress_id` narrows.
  Result<std::vector<GroupView>> ListGroups(const Actor& actor, std::optional<std::int64_t> congress_id);
  Result<GroupView> GetGroup(const Actor& actor, std::int64_t id);
  Result<core::DeputyGroup> CreateGroup(const Actor& actor, core::DeputyGroup r);
  Result<core::DeputyGroup> UpdateGroup(const Actor& actor, const core::DeputyGroup& r);

  // The roster in the actor's scope (filters and paging in `filter`).
  Result<RosterPage> ListRoster(const Actor& actor, core::RosterFilter filter);
  Result<std::vector<std::pair<std::string, std::int64_t>>> CountRoster(const Actor& actor, core::RosterFilter filter,
                                                                        core::RosterDimension dimension);

  Result<DeputyView> GetDeputy(const Actor& actor, std::int64_t id);
  Result<DeputyView> CreateDeputy(const Actor& actor, core::Deputy d, core::Mandate m);
  Result<DeputyView> UpdateDeputy(const Actor& actor, const core::Deputy& d);
  Result<core::Mandate> CreateMandate(const Actor& actor, core::Mandate m);
  Result<core::Mandate> UpdateMandate(const Actor& actor, const core::Mandate& m);

  // A group's membership, kept by the organizer of the congress that runs
  // the group, which may hold deputies of higher congresses (plan 2: a town's
  // groups hold district deputies; plan 1: a county's group holds city
  // deputies). Candidates are the active mandates of the group's congress
  // and of the congresses above it (by parent), whose name contains `q`: read
  // only, for the search. Adding sets the mandate's group and nothing else;
  // a mandate in a group the actor does not run is refused
  // ("registry.mandate_in_other_group"), one of another congress than those
  // "registry.mandate_outside_group_congresses". Both are audited.
  Result<std::vector<core::RosterRow>> ListGroupCandidates(const Actor& actor, std::int64_t group_id,
                                                           const std::string& q);
  Result<core::Mandate> AddGroupMember(const Actor& actor, std::int64_t group_id, std::int64_t mandate_id);
  Result<core::Mandate> RemoveGroupMember(const Actor& actor, std::int64_t group_id, std::int64_t mandate_id);

  Result<std::vector<core::CommitteeMember>> ListCommitteeMembers(const Actor& actor, std::int64_t congress_id);
  Result<core::CommitteeMember> CreateCommitteeMember(const Actor& actor, core::CommitteeMember r);
  Result<core::CommitteeMember> UpdateCommitteeMember(const Actor& actor, const core::CommitteeMember& r);

  Result<std::vector<core::VoterRep>> ListVoterReps(const Actor& actor, std::int64_t group_id);
  Result<core::VoterRep> CreateVoterRep(const Actor& actor, core::VoterRep r);
  Result<core::VoterRep> UpdateVoterRep(const Actor& actor, const core::VoterRep& r);
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
Status ValidateDeputy(const core::Deputy& d);
Status ValidateMandate(const core::Mandate& m);
Status ValidateTerm(const core::Term& t);
// Parses a group's panel_targets JSON into targets (with its min/max).
core::PanelTargets PanelTargetsOf(const core::DeputyGroup& g);
Status ValidatePanelTargets(const std::string& json);

// Builds the planner's persons for a group from its mandates and entries.
// Pure; exposed for tests and the benchmark.
std::vector<core::RotationPerson> RotationPersons(const std::vector<core::Mandate>& mandates,
                                                  const std::vector<core::RotationEntry>& entries);

}  // namespace shuzhi::app
