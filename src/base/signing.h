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

namespace shuzhi::base {

enum class SignAlg { kEd25519, kSm2 };

// "ed25519", "sm2": as the board file and --sign-alg spell them.
const char* SignAlgName(SignAlg alg);
std::optional<SignAlg> ParseSignAlg(std::string_view name);

// What people compare by eye: the first 16 bytes of the algorithm's hash
// of the public key (BLAKE2b for Ed25519, as KeyFingerprint; SM3 for SM2)
// in upper-case hex, in groups of four ("1A2B 3C4D …", 8 groups).
std::string Fingerprint(SignAlg alg, std::string_view public_key);

bool VerifySignature(SignAlg alg, std::string_view message, std::string_view signature, std::string_view public_key);

}  // namespace shuzhi::base
