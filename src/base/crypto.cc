#include "base/crypto.h"

#include <sodium.h>

#include <cctype>
#include <semaphore>

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
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr, &len,
                     &end) != 0 ||
      end != hex.data() + hex.size()) {
    return InvalidArgument("crypto.bad_hex", "not a hex string");
  }
  out.resize(len);
  return out;
}

Bytes Sha256(std::string_view data) {
  Bytes out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return out;
}

Bytes Hash32(std::string_view data, std::string_view key) {
  Bytes out(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return out;
}

std::uint32_t RandomBelow(std::uint32_t upper) { return randombytes_uniform(upper); }

RandomStream::RandomStream() : block_(4096) { Refill(); }

void RandomStream::Refill() {
  unsigned char seed[randombytes_SEEDBYTES];
  randombytes_buf(seed, sizeof seed);
  randombytes_buf_deterministic(block_.data(), block_.size() * sizeof(std::uint32_t), seed);
  sodium_memzero(seed, sizeof seed);
  next_ = 0;
}

std::uint32_t RandomStream::Below(std::uint32_t upper) {
  if (upper < 2) return 0;
  // Rejection below 2^32 mod upper, as randombytes_uniform does, so that
  // every value is equally likely.
  const std::uint32_t floor = static_cast<std::uint32_t>(-upper) % upper;
  for (;;) {
    if (next_ == block_.size()) Refill();
    const std::uint32_t r = block_[next_++];
    if (r >= floor) return r % upper;
  }
}

SignKeyPair SignKeyPairFromSeed(std::string_view seed) {
  SignKeyPair k{Bytes(crypto_sign_PUBLICKEYBYTES, '\0'), Bytes(crypto_sign_SECRETKEYBYTES, '\0')};
  if (seed.size() != crypto_sign_SEEDBYTES) return {};
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(k.public_key.data()),
                           reinterpret_cast<unsigned char*>(k.secret_key.data()),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return k;
}

Bytes SignDetached(std::string_view message, const SignKeyPair& key) {
  Bytes sig(crypto_sign_BYTES, '\0');
  if (key.secret_key.size() != crypto_sign_SECRETKEYBYTES) return {};
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return sig;
}

bool VerifyDetached(std::string_view message, std::string_view signature, std::string_view public_key) {
  if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

std::string KeyFingerprint(std::string_view public_key) { return GroupedFingerprint(Hash32(public_key)); }

std::string GroupedFingerprint(std::string_view digest) {
  const std::string hex = ToHex(digest.substr(0, 16));
  std::string out;
  for (std::size_t i = 0; i < hex.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i]))));
  }
  return out;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

// argon2id takes 64 MiB per call: however many requests wait on the worker
// pool (which is large so that many ballots can share one commit), at most
// this many hashes run at once.
std::counting_semaphore<4> password_slots(4);

struct Slot {
  Slot() { password_slots.acquire(); }
  ~Slot() { password_slots.release(); }
};

}  // namespace

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  Slot slot;
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
  Slot slot;
  const std::string enc(encoded);
  return crypto_pwhash_str_verify(enc.c_str(), password.data(), password.size()) == 0;
}

}  // namespace shuzhi::base
