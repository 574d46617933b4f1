// 国密 (Chinese commercial cryptography) through OpenSSL 3: the SM3 digest
// (GB/T 32905-2016) and SM2 signatures (GB/T 32918.2-2016) over SM3, for
// installations assessed under 商用密码应用安全性评估 (issue 16 §4).
// libsodium, which does the rest of base/crypto.h, has neither.
//
// An SM2 key pair is derived from a 32-byte seed, as an Ed25519 one is
// (crypto.h), so that storing the seed stores the key: the private scalar
// is d = (seed mod (n − 2)) + 1, in [1, n − 2] as the standard requires.
// Public keys are the 65-byte uncompressed point 04 ‖ x ‖ y; signatures
// are DER, SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276-2017), made with
// the default signer ID of GB/T 35276 / GM/T 0009, "1234567812345678".
//
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/crypto.h"
#include "base/status.h"

namespace shuzhi::base {

inline constexpr std::string_view kSm2DefaultId = "1234567812345678";

// SM3 of `data`: 32 bytes.
Bytes Sm3(std::string_view data);

struct Sm2KeyPair {
  Bytes seed;        // 32 bytes, what is stored
  Bytes public_key;  // 65 bytes, 04 ‖ x ‖ y
};

// Invalid argument "crypto.bad_seed" unless the seed has 32 bytes.
Result<Sm2KeyPair> Sm2KeyPairFromSeed(std::string_view seed);
// SM2 with SM3 over `message`, signer ID kSm2DefaultId; DER. Randomised:
// two signatures of one message differ, and both verify.
Result<Bytes> Sm2Sign(std::string_view message, const Sm2KeyPair& key);
bool Sm2Verify(std::string_view message, std::string_view signature, std::string_view public_key);

}  // namespace shuzhi::base
