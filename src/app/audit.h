// The audit log: every state change by a logged-in user (or by the CLI, as
// "system") appends an entry in the same transaction as the change, chained
// by hash (core/audit_chain.h). Ballots never write audit entries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "base/json.h"
#include "core/audit_chain.h"

namespace shuzhi::app {

// Appends one entry inside `tx`. `actor` is a username or "system".
Status RecordAudit(storage::Tx& tx, const base::Clock& clock, const std::string& actor, const std::string& action,
                   const std::string& object, const base::json::object& details = {});

struct AuditPage {
  std::vector<core::AuditEntry> items;  // newest first
  std::int64_t total = 0;
  core::AuditHead head;
};

class AuditService {
 public:
  AuditService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  // Organizers and admins; permission_denied otherwise.
  Result<AuditPage> List(const Actor& actor, std::int64_t page, std::int64_t page_size);
  // Everyone who reads results (reviewers and up).
  Result<core::AuditHead> Head(const Actor& actor);
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
