#include "base/signing.h"

#include "base/gm_crypto.h"

namespace shuzhi::base {

const char* SignAlgName(SignAlg alg) { return alg == SignAlg::kSm2 ? "sm2" : "ed25519"; }

const char* SignAlgLabel(SignAlg alg) { return alg == SignAlg::kSm2 ? "SM2" : "Ed25519"; }

std::optional<SignAlg> ParseSignAlg(std::string_view name) {
  if (name == "ed25519") return SignAlg::kEd25519;
  if (name == "sm2") return SignAlg::kSm2;
  return std::nullopt;
}

std::string Fingerprint(SignAlg alg, std::string_view public_key) {
  return alg == SignAlg::kSm2 ? GroupedFingerprint(Sm3(public_key)) : KeyFingerprint(public_key);
}

bool VerifySignature(SignAlg alg, std::string_view message, std::string_view signature, std::string_view public_key) {
  return alg == SignAlg::kSm2 ? Sm2Verify(message, signature, public_key)
                              : VerifyDetached(message, signature, public_key);
}

Bytes FileDigest(SignAlg alg, std::string_view data) { return alg == SignAlg::kSm2 ? Sm3(data) : Sha256(data); }

const char* FileDigestName(SignAlg alg) { return alg == SignAlg::kSm2 ? "sm3" : "sha256"; }

const char* FileDigestLabel(SignAlg alg) { return alg == SignAlg::kSm2 ? "SM3" : "SHA-256"; }

Result<SigningKey> SigningKey::FromSeed(SignAlg alg, std::string_view seed) {
  if (seed.size() != kSignSeedBytes) return InvalidArgument("crypto.bad_seed", "a signing seed has 32 bytes");
  SigningKey k;
  k.alg_ = alg;
  if (alg == SignAlg::kSm2) {
    SHUZHI_ASSIGN_OR_RETURN(k.sm2_, Sm2KeyPairFromSeed(seed));
    k.public_key_ = k.sm2_.public_key;
  } else {
    k.ed25519_ = SignKeyPairFromSeed(seed);
    k.public_key_ = k.ed25519_.public_key;
  }
  return k;
}

Result<Bytes> SigningKey::Sign(std::string_view message) const {
  if (alg_ == SignAlg::kSm2) return Sm2Sign(message, sm2_);
  return SignDetached(message, ed25519_);
}

}  // namespace shuzhi::base
