// JSON shapes of the registry (docs/openapi.json): records to JSON and
// request bodies to records, with field-level validation errors.
#pragma once

#include "app/registry/registry.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object CongressJson(const core::Congress& r);
json::object TermJson(const core::Term& r);
json::object ConstituencyJson(const core::Constituency& r);
json::object GroupJson(const app::GroupView& v);
json::object DeputyJson(const core::Deputy& r);
json::object MandateJson(const core::Mandate& r);
json::object DeputyDetailJson(const app::DeputyView& v);
json::object RosterRowJson(const core::RosterRow& r);
json::object CommitteeMemberJson(const core::CommitteeMember& r);
json::object VoterRepJson(const core::VoterRep& r);
json::object PanelJson(const app::PanelView& v);
json::object RotationJson(const app::RotationView& v);

base::Result<core::Congress> CongressFrom(const json::object& o);
base::Result<core::Term> TermFrom(const json::object& o);
base::Result<core::Constituency> ConstituencyFrom(const json::object& o);
base::Result<core::DeputyGroup> GroupFrom(const json::object& o);
base::Result<core::Deputy> DeputyFrom(const json::object& o);
base::Result<core::Mandate> MandateFrom(const json::object& o);
base::Result<core::CommitteeMember> CommitteeMemberFrom(const json::object& o);
base::Result<core::VoterRep> VoterRepFrom(const json::object& o);

// Roster filters and paging from the query string.
base::Result<core::RosterFilter> RosterFilterFrom(const Request& request);

}  // namespace shuzhi::http
