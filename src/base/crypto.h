// Thin wrappers over libsodium: randomness, hashing, password hashing.
// Every function here is thread-safe once InitCrypto() has returned ok.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shuzhi::base {

using Bytes = std::string;  // raw bytes; std::string for cheap moves and SSO

// Must be called once before any other function here.
[[nodiscard]] Status InitCrypto();

Bytes RandomBytes(std::size_t n);
// `n` random bytes as unpadded URL-safe base64: session ids, CSRF tokens.
std::string RandomToken(std::size_t n);

std::string ToHex(std::string_view bytes);
// Returns the decoded bytes or invalid_argument "crypto.bad_hex".
Result<Bytes> FromHex(std::string_view hex);

// SHA-256 (libsodium), for digests other programs check: evidence files and
// archive manifests name their content by it.
Bytes Sha256(std::string_view data);

// BLAKE2b with a 32-byte output; `key` may be empty (unkeyed).
Bytes Hash32(std::string_view data, std::string_view key = {});

bool ConstantTimeEqual(std::string_view a, std::string_view b);

// A uniformly random integer in [0, upper) (libsodium; no modulo bias).
std::uint32_t RandomBelow(std::uint32_t upper);

// Uniform random numbers below a bound from one 256-bit seed drawn from the
// system, expanded with ChaCha20 (libsodium's randombytes_buf_deterministic)
// in blocks: for the million draws of a large shuffle, where RandomBelow's
// system call per draw took half a second (bench/ballots, close). As
// unpredictable as RandomBelow: libsodium itself expands its seed so.
class RandomStream {
 public:
  RandomStream();
  std::uint32_t Below(std::uint32_t upper);

 private:
  void Refill();
  std::vector<std::uint32_t> block_;
  std::size_t next_ = 0;
};

// Puts `v` in a uniformly random order (Fisher–Yates over a RandomStream),
// for orders that must reveal nothing, such as ballots after a poll's close.
template <typename T>
void RandomShuffle(std::vector<T>& v) {
  RandomStream random;
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[random.Below(static_cast<std::uint32_t>(i))]);
}

// Ed25519 (libsodium crypto_sign). A key pair is derived from a 32-byte
// seed, so storing the seed stores the key.
inline constexpr std::size_t kSignSeedBytes = 32;
struct SignKeyPair {
  Bytes public_key;  // 32 bytes
  Bytes secret_key;  // 64 bytes (libsodium's seed ‖ public key form)
};
SignKeyPair SignKeyPairFromSeed(std::string_view seed);
Bytes SignDetached(std::string_view message, const SignKeyPair& key);  // 64 bytes
bool VerifyDetached(std::string_view message, std::string_view signature, std::string_view public_key);
// What people compare by eye: the first 16 bytes of BLAKE2b(public key) in
// hex, upper case, in groups of four ("1A2B 3C4D …", 8 groups).
std::string KeyFingerprint(std::string_view public_key);
// The same form for any digest of at least 16 bytes (signing.h uses it
// for SM2 keys, with SM3).
std::string GroupedFingerprint(std::string_view digest);

// Cost of argon2id. kInteractive follows libsodium's interactive limits
// (2 passes, 64 MiB), above OWASP/ASVS's minimum (m=19 MiB, t=2); kTestOnly
// is the smallest libsodium allows and must never be used outside tests.
enum class PasswordCost { kInteractive, kTestOnly };

// Returns the encoded argon2id string, or internal "crypto.hash_failed" when
// memory could not be allocated.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost);
bool VerifyPassword(std::string_view encoded, std::string_view password);

}  // namespace shuzhi::base
