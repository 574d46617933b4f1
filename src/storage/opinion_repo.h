// Constituents' opinions and the public form links (see store.h for the
// transaction and threading rules).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/status.h"
#include "core/opinion.h"

namespace shuzhi::storage {

using OpinionRecord = core::Opinion;  // core/opinion.h

class OpinionRepo {
 public:
  virtual ~OpinionRepo() = default;
  virtual base::Result<std::int64_t> Insert(const OpinionRecord& r) = 0;
  // Writes status, answer, answered_at, category.
  virtual base::Status Update(const OpinionRecord& r) = 0;
  virtual base::Result<std::optional<OpinionRecord>> Find(std::int64_t id) = 0;
  virtual base::Result<std::vector<OpinionRecord>> ListForDeputy(std::int64_t deputy_id) = 0;
  virtual base::Result<std::vector<OpinionRecord>> ListByStatus(const std::string& status) = 0;

  // The deputy's public form: one token per deputy (stored hashed).
  virtual base::Status SetLink(std::int64_t deputy_id, const base::Bytes& token_hash, base::Micros at) = 0;
  virtual base::Result<std::optional<std::int64_t>> FindLink(const base::Bytes& token_hash) = 0;
};

}  // namespace shuzhi::storage
