#include "app/audit.h"

#include "core/access.h"

namespace shuzhi::app {

Status RecordAudit(storage::Tx& tx, const base::Clock& clock, const std::string& actor, const std::string& action,
                   const std::string& object, const base::json::object& details) {
  SHUZHI_ASSIGN_OR_RETURN(core::AuditHead head, tx.audit().LockHead());
  core::AuditEntry e;
  e.seq = head.count + 1;
  e.at = clock.Now();
  e.actor = actor;
  e.action = action;
  e.object = object;
  e.details = base::json::serialize(details);
  e.hash = core::ChainHash(head.hash, e);
  return tx.audit().Append(e);
}

Result<AuditPage> AuditService::List(const Actor& actor, std::int64_t page, std::int64_t page_size) {
  if (!core::Allows(actor.roles, core::Action::kReadAudit)) {
    return base::PermissionDenied("auth.forbidden", "reading the audit log needs organizer or admin");
  }
  AuditPage out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out.head, tx.audit().Head());
    out.total = out.head.count;
    SHUZHI_ASSIGN_OR_RETURN(out.items, tx.audit().Page((page - 1) * page_size, page_size));
    return base::Ok();
  }));
  return out;
}

Result<core::AuditHead> AuditService::Head(const Actor& actor) {
  if (!core::Allows(actor.roles, core::Action::kReadAuditHead)) {
    return base::PermissionDenied("auth.forbidden", "reading the audit head needs reviewer or above");
  }
  core::AuditHead head;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(head, tx.audit().Head());
    return base::Ok();
  }));
  return head;
}

Result<core::ChainCheck> AuditService::Verify(const std::optional<core::AuditHead>& expected_head) {
  core::ChainCheck check;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.audit().All());
    SHUZHI_ASSIGN_OR_RETURN(core::AuditHead stored, tx.audit().Head());
    check = core::VerifyChain(entries, expected_head);
    // The stored head must match the last entry; a deleted tail shows here
    // even without an earlier head, unless the head row was rewritten too.
    if (check.ok && (stored.count != check.checked ||
                     (!entries.empty() && !base::ConstantTimeEqual(stored.hash, entries.back().hash)))) {
      check.ok = false;
      check.first_bad_seq = check.checked;
      check.problem = "head_mismatch";
    }
    return base::Ok();
  }));
  return check;
}

Result<core::AuditHead> ParseAuditHead(std::string_view text) {
  const auto colon = text.find(':');
  auto bad = base::InvalidArgument("audit.bad_head", "an audit head looks like COUNT:HASH (64 hex digits)");
  if (colon == std::string_view::npos) return bad;
  core::AuditHead head;
  try {
    head.count = std::stoll(std::string(text.substr(0, colon)));
  } catch (...) {
    return bad;
  }
  auto hash = base::FromHex(text.substr(colon + 1));
  if (!hash.ok() || hash->size() != 32 || head.count < 0) return bad;
  head.hash = *hash;
  return head;
}

std::string FormatAuditHead(const core::AuditHead& head) {
  return std::to_string(head.count) + ":" + base::ToHex(head.hash);
}

}  // namespace shuzhi::app
