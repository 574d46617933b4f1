// Inside app: who may manage or read a campaign, and loading one. The
// campaign, report, meeting and document use cases all ask here, so that one
// rule lives in one place. Not for http (it names the storage transaction).
#pragma once

#include <cstdint>

#include "app/actor.h"
#include "app/campaign/campaign.h"
#include "storage/store.h"

namespace shuzhi::app {

// The campaign access rules, shared with the meeting use cases so that one
// rule lives in one place.
namespace campaign_access {
// Organizers (and admins) of the campaign's congress.
bool MayManage(const Actor& a, const core::Campaign& c);
// Reviewers and organizers of its congress: everything in it.
bool MayReadAll(const Actor& a, const core::Campaign& c);
// MayReadAll, or the leader of a covered group.
bool MayRead(const Actor& a, const core::Campaign& c);
// MayRead, or a deputy listed to report in it.
Result<bool> MayReadIn(storage::Tx& tx, const Actor& a, const core::Campaign& c);
Result<CampaignView> ViewOf(const core::Campaign& r);
// not_found "campaign.not_found".
Result<core::Campaign> Load(storage::Tx& tx, std::int64_t id);
}  // namespace campaign_access

}  // namespace shuzhi::app
