// The server's long-lived secrets, kept in the database so that every
// shuzhi process over one PostgreSQL uses the same ones: the key of the
// carrier and spend hashes, the key receipts are derived with, and the
// Ed25519 seed that signs poll results. Created on first use.
//
// Keeping the hash key beside the hashes protects against a partial leak (a
// copy of the ballot tables), not against a full copy of the database; the
// 128-bit carrier secrets themselves are what cannot be guessed.
//
// Thread-safe; loads once.
#pragma once

#include <mutex>
#include <string>

#include "base/clock.h"
#include "base/crypto.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

class ServerKeys {
 public:
  ServerKeys(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  // Loads (or creates) the keys; later calls return at once.
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

  const base::SignKeyPair& signing() const { return signing_; }
  std::string fingerprint() const { return base::KeyFingerprint(signing_.public_key); }

 private:
  base::Result<base::Bytes> LoadOne(const std::string& name, std::size_t size);

  storage::Store& store_;
  const base::Clock& clock_;
  std::once_flag once_;
  base::Status loaded_;
  base::Bytes hash_key_;
  base::Bytes receipt_key_;
  base::SignKeyPair signing_;
};

}  // namespace shuzhi::app
