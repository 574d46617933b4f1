#include "app/assessment/assessment.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/errors.h"
#include "app/registry/registry_internal.h"
#include "core/access.h"
#include "core/campaign.h"
#include "storage/store.h"

namespace shuzhi::app {

namespace {

// Every grade code a criterion may name: the year's scales, then the
// built-in templates', each once, best first within its scale.
std::vector<std::string> KnownGrades(const std::vector<core::CampaignRow>& campaigns, int year) {
  std::vector<std::string> out;
  auto add = [&](const std::string& code) {
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  };
  for (const auto& c : campaigns)
    for (const auto& g : c.scale) add(g);
  for (const auto& t : {core::CommitteeTemplate(year), core::VoterTemplate(year)})
    for (const auto& o : t.scale) add(o.code);
  return out;
}

std::vector<AssessmentGroup> GroupsOf(const std::vector<core::DeputyFacts>& facts) {
  std::map<std::int64_t, std::string> by_id;
  for (const auto& f : facts)
    for (std::size_t i = 0; i < f.group_ids.size(); ++i) by_id.emplace(f.group_ids[i], f.group_names[i]);
  std::vector<AssessmentGroup> out;
  for (const auto& [id, name] : by_id) out.push_back({id, name});
  return out;
}

bool MayReadCongress(const Actor& a, std::int64_t congress_id) {
  return core::Allows(a.roles, core::Action::kReadCongress, core::Scope{congress_id, {}, {}});
}

}  // namespace

Result<AssessmentView> AssessmentService::Assess(const Actor& actor, std::int64_t congress_id,
                                                 const AssessmentQuery& q) {
  if (q.year < 2000 || q.year > 2100) {
    return base::InvalidArgument("assessment.bad_year", "the year must be within 2000–2100");
  }
  AssessmentView out;
  out.congress_id = congress_id;
  out.year = q.year;
  core::AssessmentRows rows;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.registry().FindCongress(congress_id));
    if (!c) return base::NotFound("registry.congress_not_found", "no such congress");
    if (!MayReadCongress(actor, congress_id)) return Forbidden("not your congress");
    out.congress_name = c->name;
    SHUZHI_ASSIGN_OR_RETURN(rows, tx.assessment().ForYear(congress_id, q.year));
    return base::Ok();
  }));
  out.grades = KnownGrades(rows.campaigns, q.year);
  SHUZHI_TRY(core::ValidateCriteria(q.criteria, std::set<std::string>(out.grades.begin(), out.grades.end())));
  auto facts = core::AssessmentFacts(rows);
  out.groups = GroupsOf(facts);
  out.deputies = static_cast<std::int64_t>(facts.size());
  out.candidates = std::count_if(facts.begin(), facts.end(),
                                 [&](const core::DeputyFacts& f) { return core::MeetsCriteria(f, q.criteria); });
  out.rows = core::RankAssessment(std::move(facts), q.criteria, q.filter);
  out.campaigns = std::move(rows.campaigns);
  return out;
}

Result<DutyRecordView> AssessmentService::Record(const Actor& actor, std::int64_t deputy_id) {
  DutyRecordView out;
  out.deputy_id = deputy_id;
  core::AssessmentRows rows;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(deputy_id));
    if (!d) return base::NotFound("registry.deputy_not_found", "no such deputy");
    out.name = d->name;
    SHUZHI_ASSIGN_OR_RETURN(rows, tx.assessment().ForDeputy(deputy_id));
    out.own = core::OwnDeputies(actor.roles).count(deputy_id) > 0;
    if (out.own) return base::Ok();
    SHUZHI_ASSIGN_OR_RETURN(auto congresses, CongressesOfPerson(tx, deputy_id));
    bool may =
        std::any_of(congresses.begin(), congresses.end(), [&](std::int64_t c) { return MayReadCongress(actor, c); });
    for (const auto& r : rows.roster) may = may || (r.group_id && core::LeadsGroup(actor.roles, r.group_id));
    if (!may) return Forbidden("not a deputy of yours");
    return base::Ok();
  }));
  out.entries = core::RecordFor(deputy_id, rows, out.own);
  return out;
}

}  // namespace shuzhi::app
