// JSON shapes of the audit log (docs/openapi.json): a page of entries with
// their words for people, the chain's head and the filters on offer; and
// the log's filters from the query string.
#pragma once

#include "app/audit/audit.h"
#include "http/json_io.h"

namespace shuzhi::http {

// {"items": [...], "total": n, "head": {...}}.
json::object AuditPageJson(const app::AuditPage& page);
json::object AuditHeadJson(const core::AuditHead& h);
json::object AuditFacetsJson(const app::AuditFacets& f);

// The audit log's filters from the query: actor (a username), action ("poll.open",
// or "poll." for an area), from and to (days "YYYY-MM-DD" in China Standard
// Time, both included). 400 naming the field when one is malformed.
base::Result<core::AuditFilter> AuditFilterFrom(const Request& request);

}  // namespace shuzhi::http
