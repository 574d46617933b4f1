#include "base/signing.h"

#include "base/gm_crypto.h"

namespace shuzhi::base {

const char* SignAlgName(SignAlg alg) { return alg == SignAlg::kSm2 ? "sm2" : "ed25519"; }

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

}  // namespace shuzhi::base
