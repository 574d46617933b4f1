// The server's long-lived secrets, kept in the database so that every
// shuzhi process over one PostgreSQL uses the same ones: the key of the
// carrier and spend hashes, the key receipts are derived with, and the seed
// of the key that signs poll results and archives, with its algorithm
// (Ed25519, or SM2 for 国密 installations). Created on first use.
//
// An installation keeps the algorithm it began with: every certificate,
// slip and archive printed so far names that key's fingerprint. A server
// asked for another (`--sign-alg`) refuses to start rather than sign with
// a key nobody has seen. An installation from before the choice existed
// signs with Ed25519.
//
// Keeping the hash key beside the hashes protects against a partial leak (a
// copy of the ballot tables), not against a full copy of the database; the
// 128-bit carrier secrets themselves are what cannot be guessed.
//
// Thread-safe; loads once.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/signing.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

class ServerKeys {
 public:
  // `wanted`: the signing algorithm asked for; unset, the installation's
  // own (Ed25519 for a new one).
  ServerKeys(storage::Store& store, const base::Clock& clock, std::optional<base::SignAlg> wanted = std::nullopt)
      : store_(store), clock_(clock), wanted_(wanted) {}

  // Loads (or creates) the keys; later calls return at once. Failed
  // precondition "keys.sign_alg_fixed" when the installation signs with
  // another algorithm than the one wanted.
  base::Status Load();

  // Keyed hash of a carrier's secret, as stored.
  base::Bytes CarrierHash(const base::Bytes& secret) const;
  // Keyed hash of (poll, secret): the spend's key.
  base::Bytes SpendKey(std::int64_t poll_id, const base::Bytes& secret) const;
  // The receipt for (poll, secret): random to everyone without the key,
  // the same every time the carrier asks, "ABCDE-FGHJK".
  std::string Receipt(std::int64_t poll_id, const base::Bytes& secret) const;
  // A hash keyed by the secret itself, to recognise an identical re-sent
  // ballot without letting anyone lacking the secret test a guess.
  static base::Bytes ResendCheck(std::int64_t poll_id, const base::Bytes& secret, const std::string& choices);

  const base::SigningKey& signing() const { return signing_; }
  base::SignAlg algorithm() const { return signing_.algorithm(); }
  std::string fingerprint() const { return signing_.fingerprint(); }

 private:
  base::Result<base::Bytes> LoadOne(const std::string& name, std::size_t size);
  base::Result<base::SigningKey> LoadSigning();

  storage::Store& store_;
  const base::Clock& clock_;
  const std::optional<base::SignAlg> wanted_;
  std::once_flag once_;
  base::Status loaded_;
  base::Bytes hash_key_;
  base::Bytes receipt_key_;
  base::SigningKey signing_;
};

}  // namespace shuzhi::app
