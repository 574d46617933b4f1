#include "base/gm_crypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <memory>

namespace shuzhi::base {
namespace {

template <auto Fn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Fn(p);
  }
};
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Deleter<BN_CTX_free>>;
using GroupPtr = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

constexpr std::size_t kPublicKeyBytes = 65;

const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// The private scalar of a seed: (seed mod (n − 2)) + 1.
BnPtr PrivateScalar(std::string_view seed, const EC_GROUP* group, BN_CTX* ctx) {
  BnPtr s(BN_bin2bn(U(seed), static_cast<int>(seed.size()), nullptr));
  BnPtr modulus(BN_dup(EC_GROUP_get0_order(group)));
  BnPtr d(BN_new());
  if (!s || !modulus || !d || BN_sub_word(modulus.get(), 2) != 1 ||
      BN_nnmod(d.get(), s.get(), modulus.get(), ctx) != 1 || BN_add_word(d.get(), 1) != 1) {
    return nullptr;
  }
  return d;
}

// An SM2 EVP_PKEY from its public point and, when given, its scalar.
PkeyPtr MakeKey(std::string_view public_key, const BIGNUM* d) {
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, SN_sm2, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, public_key.data(), public_key.size()) != 1 ||
      (d && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1)) {
    return nullptr;
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  PkeyPtr key(raw);
  // A point off the curve must not reach the verifier.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return key;
}

// A digest-sign or digest-verify context over SM3 with the default signer ID.
struct SignContext {
  MdCtxPtr md{EVP_MD_CTX_new()};
  PkeyCtxPtr pkey;
};

bool InitContext(SignContext& c, EVP_PKEY* key, bool sign) {
  c.pkey.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!c.md || !c.pkey ||
      EVP_PKEY_CTX_set1_id(c.pkey.get(), kSm2DefaultId.data(), static_cast<int>(kSm2DefaultId.size())) != 1) {
    return false;
  }
  EVP_MD_CTX_set_pkey_ctx(c.md.get(), c.pkey.get());
  return (sign ? EVP_DigestSignInit(c.md.get(), nullptr, EVP_sm3(), nullptr, key)
               : EVP_DigestVerifyInit(c.md.get(), nullptr, EVP_sm3(), nullptr, key)) == 1;
}

}  // namespace

Bytes Sm3(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, EVP_sm3(), nullptr) != 1) return {};
  return Bytes(reinterpret_cast<const char*>(out), len);
}

Result<Sm2KeyPair> Sm2KeyPairFromSeed(std::string_view seed) {
  if (seed.size() != kSignSeedBytes) return InvalidArgument("crypto.bad_seed", "an SM2 seed has 32 bytes");
  GroupPtr group(EC_GROUP_new_by_curve_name(NID_sm2));
  BnCtxPtr ctx(BN_CTX_new());
  if (!group || !ctx) return Internal("crypto.sm2_failed", "OpenSSL has no SM2 curve");
  BnPtr d = PrivateScalar(seed, group.get(), ctx.get());
  PointPtr point(EC_POINT_new(group.get()));
  unsigned char bytes[kPublicKeyBytes];
  if (!d || !point || EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr, ctx.get()) != 1 ||
      EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, bytes, sizeof bytes, ctx.get()) !=
          sizeof bytes) {
    return Internal("crypto.sm2_failed", "cannot derive the SM2 public key");
  }
  return Sm2KeyPair{Bytes(seed), Bytes(reinterpret_cast<const char*>(bytes), sizeof bytes)};
}

Result<Bytes> Sm2Sign(std::string_view message, const Sm2KeyPair& key) {
  GroupPtr group(EC_GROUP_new_by_curve_name(NID_sm2));
  BnCtxPtr ctx(BN_CTX_new());
  BnPtr d = group && ctx ? PrivateScalar(key.seed, group.get(), ctx.get()) : nullptr;
  PkeyPtr pkey = d ? MakeKey(key.public_key, d.get()) : nullptr;
  SignContext c;
  std::size_t len = 0;
  if (!pkey || !InitContext(c, pkey.get(), true) ||
      EVP_DigestSign(c.md.get(), nullptr, &len, U(message), message.size()) != 1) {
    return Internal("crypto.sm2_failed", "cannot sign with SM2");
  }
  Bytes sig(len, '\0');
  if (EVP_DigestSign(c.md.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, U(message), message.size()) != 1) {
    return Internal("crypto.sm2_failed", "cannot sign with SM2");
  }
  sig.resize(len);
  return sig;
}

bool Sm2Verify(std::string_view message, std::string_view signature, std::string_view public_key) {
  if (public_key.size() != kPublicKeyBytes || signature.empty()) return false;
  PkeyPtr pkey = MakeKey(public_key, nullptr);
  SignContext c;
  return pkey && InitContext(c, pkey.get(), false) &&
         EVP_DigestVerify(c.md.get(), U(signature), signature.size(), U(message), message.size()) == 1;
}

}  // namespace shuzhi::base
