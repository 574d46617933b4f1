// JSON shapes of the registry (docs/openapi.json): records to JSON and
// request bodies to records, with field-level validation errors.
#pragma once

#include "app/registry/registry.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object CongressJson(const storage::CongressRecord& r);
json::object TermJson(const storage::TermRecord& r);
json::object ConstituencyJson(const storage::ConstituencyRecord& r);
json::object GroupJson(const app::GroupView& v);
json::object DeputyJson(const storage::DeputyRecord& r);
json::object MandateJson(const storage::MandateRecord& r);
json::object DeputyDetailJson(const app::DeputyView& v);
json::object RosterRowJson(const storage::RosterRow& r);
json::object CommitteeMemberJson(const storage::CommitteeMemberRecord& r);
json::object VoterRepJson(const storage::VoterRepRecord& r);
json::object PanelJson(const app::PanelView& v);
json::object RotationJson(const app::RotationView& v);

base::Result<storage::CongressRecord> CongressFrom(const json::object& o);
base::Result<storage::TermRecord> TermFrom(const json::object& o);
base::Result<storage::ConstituencyRecord> ConstituencyFrom(const json::object& o);
base::Result<storage::GroupRecord> GroupFrom(const json::object& o);
base::Result<storage::DeputyRecord> DeputyFrom(const json::object& o);
base::Result<storage::MandateRecord> MandateFrom(const json::object& o);
base::Result<storage::CommitteeMemberRecord> CommitteeMemberFrom(const json::object& o);
base::Result<storage::VoterRepRecord> VoterRepFrom(const json::object& o);

// Roster filters and paging from the query string.
base::Result<storage::RosterFilter> RosterFilterFrom(const Request& request);

}  // namespace shuzhi::http
