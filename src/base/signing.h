// The signature algorithms an installation may sign results and archives
// with (issue 16 §4): Ed25519 (libsodium, crypto.h), the default, and SM2
// with SM3 (OpenSSL, gm_crypto.h) for installations assessed under 商用密码
// 应用安全性评估. Each algorithm brings its own digests: a board signed with
// SM2 has its lists hashed and its file digested with SM3, and its key's
// fingerprint is taken with SM3; an Ed25519 board keeps BLAKE2b and
// SHA-256, so that boards made before SM2 existed verify as they did.
//
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/crypto.h"
#include "base/gm_crypto.h"
#include "base/status.h"

namespace shuzhi::base {

enum class SignAlg { kEd25519, kSm2 };

// "ed25519", "sm2": as the board file and --sign-alg spell them; and
// "Ed25519", "SM2": as printed pages name them.
const char* SignAlgName(SignAlg alg);
const char* SignAlgLabel(SignAlg alg);
std::optional<SignAlg> ParseSignAlg(std::string_view name);

// What people compare by eye: the first 16 bytes of the algorithm's hash
// of the public key (BLAKE2b for Ed25519, as KeyFingerprint; SM3 for SM2)
// in upper-case hex, in groups of four ("1A2B 3C4D …", 8 groups).
std::string Fingerprint(SignAlg alg, std::string_view public_key);

bool VerifySignature(SignAlg alg, std::string_view message, std::string_view signature, std::string_view public_key);

// The algorithm's digest of files it vouches for (an archive's files):
// SHA-256 for Ed25519, SM3 for SM2; 32 bytes either way.
Bytes FileDigest(SignAlg alg, std::string_view data);
// What a manifest calls that digest: "sha256" or "sm3"; and what a
// printed page calls it: "SHA-256" or "SM3".
const char* FileDigestName(SignAlg alg);
const char* FileDigestLabel(SignAlg alg);

// A signing key of either algorithm, derived from a 32-byte seed, so that
// storing the seed (and the algorithm's name) stores the key.
class SigningKey {
 public:
  SigningKey() = default;
  // invalid_argument "crypto.bad_seed" unless the seed has 32 bytes.
  static Result<SigningKey> FromSeed(SignAlg alg, std::string_view seed);

  SignAlg algorithm() const { return alg_; }
  const Bytes& public_key() const { return public_key_; }
  std::string fingerprint() const { return Fingerprint(alg_, public_key_); }
  // A detached signature over `message` (64 bytes for Ed25519, DER for
  // SM2); internal "crypto.sm2_failed" if OpenSSL fails.
  Result<Bytes> Sign(std::string_view message) const;

 private:
  SignAlg alg_ = SignAlg::kEd25519;
  Bytes public_key_;
  SignKeyPair ed25519_;
  Sm2KeyPair sm2_;
};

}  // namespace shuzhi::base
