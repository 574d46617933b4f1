// The audit log's hash chain. Each entry's hash covers the previous entry's
// hash and every field of the entry, so an edited or deleted entry breaks
// the chain from that point, and a head (count, hash) recorded earlier
// detects truncation. Pure: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"

namespace shuzhi::core {

struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, 3, ... without gaps
  base::Micros at = 0;
  std::string actor;    // username, or "system" for the CLI and start-up
  std::string action;   // "user.create"
  std::string object;   // "user:5"
  std::string details;  // compact JSON object
  base::Bytes hash;     // 32 bytes
};

struct AuditHead {
  std::int64_t count = 0;
  base::Bytes hash;  // 32 zero bytes when count is 0
};

base::Bytes GenesisHash();
// Hash of `entry` (its hash field ignored) chained to `prev_hash`.
base::Bytes ChainHash(const base::Bytes& prev_hash, const AuditEntry& entry);

struct ChainCheck {
  bool ok = true;
  std::int64_t checked = 0;
  std::optional<std::int64_t> first_bad_seq;  // where the chain breaks
  std::string problem;                        // "hash_mismatch", "gap", "head_missing", "head_mismatch"
};

// Checks entries (ordered by seq, starting at 1) and, when given, that an
// earlier recorded head is still part of the chain.
ChainCheck VerifyChain(const std::vector<AuditEntry>& entries, const std::optional<AuditHead>& expected_head);

// Which audit entries a page shows. Empty fields do not narrow.
struct AuditFilter {
  std::string actor;                 // the username exactly ("system" for the CLI)
  std::string action;                // "poll.open" exactly, or "poll." for every poll action
  std::optional<base::Micros> from;  // at >= from
  std::optional<base::Micros> to;    // at < to
};

}  // namespace shuzhi::core
