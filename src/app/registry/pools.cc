// The evaluator pools: committee members and voter representatives, and the
// panel check against a group's targets.
#include <algorithm>
#include <map>
#include <set>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/errors.h"
#include "app/registry/registry.h"
#include "app/registry/registry_internal.h"
#include "base/json.h"
#include "core/access.h"
#include "core/registry.h"
#include "storage/store.h"

namespace shuzhi::app {

using namespace registry_detail;

// --- evaluator pools

namespace {
Status ValidateMember(const std::string& name, const std::string& gender, const std::string& occupation,
                      std::optional<int> birth_year) {
  if (!ValidName(name, 64)) return Invalid("name", "required");
  SHUZHI_TRY(CheckCodes(gender, occupation));
  if (birth_year && (*birth_year < 1900 || *birth_year > 2100)) return Invalid("birth_year", "invalid");
  return base::Ok();
}
}  // namespace

Result<std::vector<core::CommitteeMember>> RegistryService::ListCommitteeMembers(const Actor& actor,
                                                                                 std::int64_t congress_id) {
  if (!MayRead(actor, congress_id)) return Forbidden("not your congress");
  std::vector<core::CommitteeMember> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out, tx.registry().ListCommitteeMembers(congress_id));
    return base::Ok();
  }));
  return out;
}

Result<core::CommitteeMember> RegistryService::CreateCommitteeMember(const Actor& actor, core::CommitteeMember r) {
  if (!MayManage(actor, r.congress_id)) return Forbidden("not your congress");
  SHUZHI_TRY(ValidateMember(r.name, r.gender, r.occupation, r.birth_year));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(r.congress_id));
    if (!c) return NotFoundOf("congress", r.congress_id);
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.registry().InsertCommitteeMember(r));
    return RecordAudit(tx, clock_, actor.username, "committee_member.create",
                       "committee_member:" + std::to_string(r.id), Details(r.name));
  }));
  return r;
}

Result<core::CommitteeMember> RegistryService::UpdateCommitteeMember(const Actor& actor,
                                                                     const core::CommitteeMember& r) {
  SHUZHI_TRY(ValidateMember(r.name, r.gender, r.occupation, r.birth_year));
  core::CommitteeMember out = r;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindCommitteeMember(r.id));
    if (!cur) return NotFoundOf("member", r.id);
    if (!MayManage(actor, cur->congress_id)) return Forbidden("not your congress");
    out.congress_id = cur->congress_id;
    SHUZHI_TRY(tx.registry().UpdateCommitteeMember(out));
    return RecordAudit(tx, clock_, actor.username, "committee_member.update",
                       "committee_member:" + std::to_string(r.id), Details(r.name));
  }));
  return out;
}

namespace {}  // namespace

Result<std::vector<core::VoterRep>> RegistryService::ListVoterReps(const Actor& actor, std::int64_t group_id) {
  std::vector<core::VoterRep> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, group_id));
    if (!MayReadGroup(actor, g)) return Forbidden("not your group");
    SHUZHI_ASSIGN_OR_RETURN(out, tx.registry().ListVoterReps(group_id));
    return base::Ok();
  }));
  return out;
}

Result<core::VoterRep> RegistryService::CreateVoterRep(const Actor& actor, core::VoterRep r) {
  SHUZHI_TRY(ValidateMember(r.name, r.gender, r.occupation, r.birth_year));
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, r.group_id));
    if (!MayManageGroup(actor, g)) return Forbidden("not your group");
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.registry().InsertVoterRep(r));
    return RecordAudit(tx, clock_, actor.username, "voter_rep.create", "voter_rep:" + std::to_string(r.id),
                       Details(r.name));
  }));
  return r;
}

Result<core::VoterRep> RegistryService::UpdateVoterRep(const Actor& actor, const core::VoterRep& r) {
  SHUZHI_TRY(ValidateMember(r.name, r.gender, r.occupation, r.birth_year));
  core::VoterRep out = r;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cur, tx.registry().FindVoterRep(r.id));
    if (!cur) return NotFoundOf("voter_rep", r.id);
    SHUZHI_ASSIGN_OR_RETURN(auto g, LoadGroup(tx, cur->group_id));
    if (!MayManageGroup(actor, g)) return Forbidden("not your group");
    out.group_id = cur->group_id;
    SHUZHI_TRY(tx.registry().UpdateVoterRep(out));
    return RecordAudit(tx, clock_, actor.username, "voter_rep.update", "voter_rep:" + std::to_string(r.id),
                       Details(r.name));
  }));
  return out;
}

Result<PanelView> RegistryService::GetPanel(const Actor& actor, std::int64_t group_id) {
  PanelView out;
  const int year = CurrentYear();
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out.group, LoadGroup(tx, group_id));
    if (!MayReadGroup(actor, out.group)) return Forbidden("not your group");
    SHUZHI_ASSIGN_OR_RETURN(auto reps, tx.registry().ListVoterReps(group_id));
    std::vector<core::PanelMember> members;
    for (const auto& r : reps) {
      if (!r.active) continue;
      members.push_back({r.gender, r.birth_year ? core::AgeBand(*r.birth_year, year) : "", r.occupation, r.village});
    }
    std::vector<std::string> villages;
    if (out.group.constituency_id) {
      SHUZHI_ASSIGN_OR_RETURN(auto k, tx.registry().FindConstituency(*out.group.constituency_id));
      if (k) villages = k->villages;
    }
    out.targets = PanelTargetsOf(out.group);
    out.report = core::CheckPanel(members, villages, out.targets);
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
