#include "app/ballot/server_keys.h"

#include "core/ballot.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

std::string Le64(std::int64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i)
    out[static_cast<std::size_t>(i)] = static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
  return out;
}

}  // namespace

base::Result<base::Bytes> ServerKeys::LoadOne(const std::string& name, std::size_t size) {
  base::Bytes key;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> base::Status {
    SHUZHI_ASSIGN_OR_RETURN(auto found, tx.ballots().FindServerKey(name));
    if (!found) {
      SHUZHI_TRY(tx.ballots().InsertServerKey(name, base::RandomBytes(size), clock_.Now()));
      SHUZHI_ASSIGN_OR_RETURN(found, tx.ballots().FindServerKey(name));
    }
    if (!found || found->size() != size) return base::Internal("keys.corrupt", "server key " + name + " is damaged");
    key = *found;
    return base::Ok();
  }));
  return key;
}

// The algorithm and the seed are created in one transaction, so that two
// servers starting on one new database agree on both (the second insert of
// each does nothing, and both read what the first wrote).
base::Result<base::SigningKey> ServerKeys::LoadSigning() {
  std::optional<base::Bytes> alg_name;
  std::optional<base::Bytes> seed;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> base::Status {
    auto& keys = tx.ballots();
    SHUZHI_ASSIGN_OR_RETURN(alg_name, keys.FindServerKey("signing_alg"));
    SHUZHI_ASSIGN_OR_RETURN(seed, keys.FindServerKey("signing_seed"));
    if (!alg_name) {
      const auto chosen = seed ? base::SignAlg::kEd25519 : wanted_.value_or(base::SignAlg::kEd25519);
      SHUZHI_TRY(keys.InsertServerKey("signing_alg", base::SignAlgName(chosen), clock_.Now()));
      SHUZHI_ASSIGN_OR_RETURN(alg_name, keys.FindServerKey("signing_alg"));
    }
    if (!seed) {
      SHUZHI_TRY(keys.InsertServerKey("signing_seed", base::RandomBytes(base::kSignSeedBytes), clock_.Now()));
      SHUZHI_ASSIGN_OR_RETURN(seed, keys.FindServerKey("signing_seed"));
    }
    return base::Ok();
  }));
  const auto alg = alg_name ? base::ParseSignAlg(*alg_name) : std::nullopt;
  if (!alg || !seed || seed->size() != base::kSignSeedBytes)
    return base::Internal("keys.corrupt", "the server's signing key is damaged");
  if (wanted_ && *wanted_ != *alg) {
    return base::FailedPrecondition(
        "keys.sign_alg_fixed", std::string("this installation signs with ") + base::SignAlgName(*alg) +
                                   ", and every document it has printed names that key; it cannot sign with " +
                                   base::SignAlgName(*wanted_) + " (start without --sign-alg, or on a new database)");
  }
  return base::SigningKey::FromSeed(*alg, *seed);
}

base::Status ServerKeys::Load() {
  std::call_once(once_, [&] {
    auto hash = LoadOne("carrier_hash", 32);
    auto receipt = hash.ok() ? LoadOne("receipt", 32) : hash;
    auto signing = receipt.ok() ? LoadSigning() : base::Result<base::SigningKey>(receipt.status());
    if (!signing.ok()) {
      loaded_ = signing.status();
      return;
    }
    hash_key_ = *hash;
    receipt_key_ = *receipt;
    signing_ = std::move(*signing);
  });
  return loaded_;
}

base::Bytes ServerKeys::CarrierHash(const base::Bytes& secret) const {
  return base::Hash32("carrier" + secret, hash_key_);
}

base::Bytes ServerKeys::SpendKey(std::int64_t poll_id, const base::Bytes& secret) const {
  return base::Hash32("spend" + Le64(poll_id) + secret, hash_key_);
}

std::string ServerKeys::Receipt(std::int64_t poll_id, const base::Bytes& secret) const {
  const std::string digits = core::FormatSecret(base::Hash32(Le64(poll_id) + secret, receipt_key_).substr(0, 16));
  std::string plain;
  for (char c : digits) {
    if (c != '-') plain.push_back(c);
  }
  return plain.substr(0, 5) + "-" + plain.substr(5, 5);
}

base::Bytes ServerKeys::ResendCheck(std::int64_t poll_id, const base::Bytes& secret, const std::string& choices) {
  return base::Hash32(Le64(poll_id) + choices, secret).substr(0, 16);
}

}  // namespace shuzhi::app
