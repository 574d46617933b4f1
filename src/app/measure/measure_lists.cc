// The lists across campaigns: a deputy's own measures and what they may
// write against, and the to-dos of the bell.
#include <algorithm>

#include "app/campaign/campaign_access.h"
#include "app/errors.h"
#include "app/measure/measure.h"
#include "app/measure/measure_internal.h"
#include "app/meeting/meeting_internal.h"
#include "core/access.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

using measure_detail::CampaignScope;
using measure_detail::Namer;

// The final polls of the campaign that `deputy_id` was evaluated in.
Status AddTargets(storage::Tx& tx, const CampaignScope& s, std::int64_t deputy_id, std::vector<MeasureTarget>& out) {
  SHUZHI_ASSIGN_OR_RETURN(auto meetings, tx.meetings().ListForCampaign(s.campaign.id));
  for (const auto& m : meetings) {
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m.id));
    for (const auto& p : polls) {
      if (p.state != core::PollState::kFinal) continue;
      if (std::find(p.deputy_ids.begin(), p.deputy_ids.end(), deputy_id) == p.deputy_ids.end()) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto name, meeting_detail::DeputyName(tx, deputy_id));
      out.push_back(
          {p.id, deputy_id, std::move(name), m.id, m.title, base::FormatCst(m.starts_at).substr(0, 10), s.title});
    }
  }
  return base::Ok();
}

}  // namespace

Result<MyMeasures> MeasureService::Mine(const Actor& actor) {
  MyMeasures out;
  const auto mine = core::OwnDeputies(actor.roles);
  if (mine.empty()) return out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    Namer namer(tx, measure_detail::Today(clock_));
    std::map<std::int64_t, CampaignScope> scopes;
    auto scope_of = [&](std::int64_t campaign_id) -> Result<const CampaignScope*> {
      if (!scopes.count(campaign_id)) {
        SHUZHI_ASSIGN_OR_RETURN(scopes[campaign_id], measure_detail::ScopeOf(tx, actor, campaign_id));
      }
      return &scopes[campaign_id];
    };
    for (auto deputy_id : mine) {
      SHUZHI_ASSIGN_OR_RETURN(auto measures, tx.measures().ListForDeputy(deputy_id));
      for (const auto& m : measures) {
        SHUZHI_ASSIGN_OR_RETURN(const CampaignScope* s, scope_of(m.campaign_id));
        SHUZHI_ASSIGN_OR_RETURN(auto v, namer.View(*s, m));
        out.items.push_back(std::move(v));
      }
    }
    // What they may write against: final polls of the campaigns they are
    // listed to report in.
    SHUZHI_ASSIGN_OR_RETURN(auto campaigns, tx.campaigns().List(std::nullopt));
    for (const auto& c : campaigns) {
      SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(c.id));
      for (const auto& e : listed) {
        if (!mine.count(e.deputy_id)) continue;
        SHUZHI_ASSIGN_OR_RETURN(const CampaignScope* s, scope_of(c.id));
        SHUZHI_TRY(AddTargets(tx, *s, e.deputy_id, out.targets));
      }
    }
    return base::Ok();
  }));
  return out;
}

Result<std::vector<MeasureView>> MeasureService::ToReview(const Actor& actor) {
  std::vector<MeasureView> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto campaigns, tx.campaigns().List(std::nullopt));
    Namer namer(tx, measure_detail::Today(clock_));
    for (const auto& c : campaigns) {
      if (c.state == core::CampaignState::kArchived || !campaign_access::MayRead(actor, c)) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto all, tx.measures().ListForCampaign(c.id));
      if (all.empty()) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto scope, measure_detail::ScopeOf(tx, actor, c.id));
      for (const auto& m : all) {
        if (m.state != core::MeasureState::kDone || !scope.MayReview(m.deputy_id)) continue;
        SHUZHI_ASSIGN_OR_RETURN(auto v, namer.View(scope, m));
        out.push_back(std::move(v));
      }
    }
    return base::Ok();
  }));
  return out;
}

Result<std::vector<MeasureView>> MeasureService::OwedByMe(const Actor& actor) {
  SHUZHI_ASSIGN_OR_RETURN(auto mine, Mine(actor));
  std::vector<MeasureView> out;
  for (auto& v : mine.items) {
    if (v.measure.state == core::MeasureState::kReturned || v.overdue) out.push_back(std::move(v));
  }
  return out;
}

}  // namespace shuzhi::app
