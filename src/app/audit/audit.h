// The audit log: every state change by a logged-in user (or by the CLI, as
// "system") appends an entry in the same transaction as the change, chained
// by hash (core/audit_chain.h). Ballots never write audit entries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/exports/registry_export.h"
#include "base/i18n.h"
#include "base/json.h"
#include "core/audit_chain.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

// An entry in words, for people: who by name, what was done and to what,
// in the reader's language; the codes stay in `entry`.
struct AuditRow {
  core::AuditEntry entry;
  std::string actor_name;    // the user's display name; "系统" for "system"; empty when unknown
  std::string action_label;  // "开始投票"; the code when the catalogue has no words for it
  std::string object_label;  // "会议 2026年度述职会议"; the code when it names nothing that can be read
};

struct AuditQuery {
  core::AuditFilter filter;
  std::int64_t page = 1;
  std::int64_t page_size = 50;
};

struct AuditPage {
  std::vector<AuditRow> items;  // newest first
  std::int64_t total = 0;       // entries matching the filter
  core::AuditHead head;
};

// What the filters offer: every actor in the log and every action there are
// words for, each as (code, words).
struct AuditFacets {
  std::vector<std::pair<std::string, std::string>> actors;
  std::vector<std::pair<std::string, std::string>> actions;
};

class AuditService {
 public:
  AuditService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  // Organizers and admins; permission_denied otherwise.
  Result<AuditPage> List(const Actor& actor, const AuditQuery& query, base::Lang lang);
  Result<AuditFacets> Facets(const Actor& actor, base::Lang lang);
  // The entries matching `filter` (at most 100,000, newest first) as a
  // spreadsheet: words and codes side by side, details and hash, with the
  // export's provenance.
  Result<ExportFile> Export(const Actor& actor, const core::AuditFilter& filter, ExportFormat format, base::Lang lang);
  // Everyone who reads results (reviewers and up).
  Result<core::AuditHead> Head(const Actor& actor);
  // For the CLI (`shuzhi audit head`, `verify`), which acts as the system.
  Result<core::AuditHead> HeadAsSystem();
  // For `shuzhi audit verify`: checks the whole chain, and that an earlier
  // head is still in it when given.
  Result<core::ChainCheck> Verify(const std::optional<core::AuditHead>& expected_head);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
};

// Parses "COUNT:HEX" (as printed by the UI and `shuzhi audit head`).
Result<core::AuditHead> ParseAuditHead(std::string_view text);
std::string FormatAuditHead(const core::AuditHead& head);

}  // namespace shuzhi::app
