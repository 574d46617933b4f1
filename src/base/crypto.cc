#include "base/crypto.h"

#include <sodium.h>

namespace shuzhi::base {

Status InitCrypto() {
  if (sodium_init() < 0) return Internal("crypto.init_failed", "libsodium could not be initialised");
  return Ok();
}

Bytes RandomBytes(std::size_t n) {
  Bytes out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(std::size_t n) {
  const Bytes raw = RandomBytes(n);
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string ToHex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.pop_back();
  return out;
}

Result<Bytes> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return InvalidArgument("crypto.bad_hex", "odd number of hex digits");
  Bytes out(hex.size() / 2, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr,
                     &len, &end) != 0 ||
      end != hex.data() + hex.size()) {
    return InvalidArgument("crypto.bad_hex", "not a hex string");
  }
  out.resize(len);
  return out;
}

Bytes Hash32(std::string_view data, std::string_view key) {
  Bytes out(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return out;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  const unsigned long long ops =
      cost == PasswordCost::kInteractive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN;
  const size_t mem =
      cost == PasswordCost::kInteractive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("crypto.hash_failed", "argon2id ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  const std::string enc(encoded);
  return crypto_pwhash_str_verify(enc.c_str(), password.data(), password.size()) == 0;
}

}  // namespace shuzhi::base
