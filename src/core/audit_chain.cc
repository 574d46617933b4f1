#include "core/audit_chain.h"

namespace shuzhi::core {
namespace {

// Length-prefixed fields, so that ("ab","c") and ("a","bc") hash differently.
void Put(std::string& out, std::string_view field) {
  const std::uint64_t n = field.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out.append(field);
}

}  // namespace

base::Bytes GenesisHash() { return base::Bytes(32, '\0'); }

base::Bytes ChainHash(const base::Bytes& prev_hash, const AuditEntry& e) {
  std::string buf;
  Put(buf, "shuzhi.audit.v1");
  Put(buf, prev_hash);
  Put(buf, std::to_string(e.seq));
  Put(buf, std::to_string(e.at));
  Put(buf, e.actor);
  Put(buf, e.action);
  Put(buf, e.object);
  Put(buf, e.details);
  return base::Hash32(buf);
}

ChainCheck VerifyChain(const std::vector<AuditEntry>& entries, const std::optional<AuditHead>& expected_head) {
  ChainCheck result;
  base::Bytes prev = GenesisHash();
  bool head_seen = !expected_head || expected_head->count == 0;
  for (const auto& e : entries) {
    const std::int64_t want_seq = result.checked + 1;
    if (e.seq != want_seq) {
      result.ok = false;
      result.first_bad_seq = want_seq;
      result.problem = "gap";
      return result;
    }
    if (!base::ConstantTimeEqual(ChainHash(prev, e), e.hash)) {
      result.ok = false;
      result.first_bad_seq = e.seq;
      result.problem = "hash_mismatch";
      return result;
    }
    if (expected_head && e.seq == expected_head->count) {
      if (!base::ConstantTimeEqual(e.hash, expected_head->hash)) {
        result.ok = false;
        result.first_bad_seq = e.seq;
        result.problem = "head_mismatch";
        return result;
      }
      head_seen = true;
    }
    prev = e.hash;
    ++result.checked;
  }
  if (!head_seen) {
    result.ok = false;
    result.first_bad_seq = result.checked + 1;
    result.problem = "head_missing";
  }
  return result;
}

}  // namespace shuzhi::core
