// `shuzhi verify-archive`: a campaign archive from anywhere, read whole and
// checked against its signed manifest.
//
// Byte mutations of a ZIP rarely leave a ZIP, and a changed manifest never
// keeps a valid signature, so a plain run stops at the reader and the
// signature check. The custom mutator (zip_mutator.h) works on the
// archive's entries instead: it mutates one entry's bytes, and half of the
// time Resign below signs the manifest again with a key of its own (the
// algorithm the manifest names), so that the checks behind the signature —
// each file's presence, size and digest, the extra entries, the fingerprint
// — see inputs too.
#include <random>

#include "base/signing.h"
#include "core/archive.h"
#include "zip_mutator.h"

namespace {

// The manifest, claimed by the mutator's own key and signed with it; at
// random with the other algorithm, and with the listed files' digests made
// true again, so that an archive may also pass.
void Resign(std::map<std::string, std::string>& entries, std::minstd_rand& rng) {
  namespace core = shuzhi::core;
  namespace base = shuzhi::base;
  const auto manifest_json = entries.find(core::kManifestPath);
  if (manifest_json == entries.end()) return;
  auto manifest = core::ParseManifest(manifest_json->second);
  if (!manifest.ok()) return;
  if (rng() % 4 == 0) {
    manifest->algorithm = manifest->algorithm == base::SignAlg::kSm2 ? base::SignAlg::kEd25519 : base::SignAlg::kSm2;
  }
  if (rng() % 2 == 0) {
    for (auto& f : manifest->files) {
      const auto file = entries.find(f.path);
      if (file == entries.end()) continue;
      f.digest = base::ToHex(base::FileDigest(manifest->algorithm, file->second));
      f.size = static_cast<std::int64_t>(file->second.size());
    }
  }
  auto key = base::SigningKey::FromSeed(manifest->algorithm, std::string(base::kSignSeedBytes, '\x42'));
  if (!key.ok()) return;
  manifest->public_key_hex = base::ToHex(key->public_key());
  manifest_json->second = core::EncodeManifest(*manifest);
  auto sig = core::SignManifest(manifest_json->second, *key);
  if (sig.ok()) entries[core::kManifestSigPath] = std::move(*sig);
}

}  // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  return shuzhi::fuzz::MutateZipEntry(data, size, max_size, seed,
                                      [](std::map<std::string, std::string>& entries, std::minstd_rand& rng) {
                                        if (rng() % 2 == 0) Resign(entries, rng);
                                      });
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shuzhi::fuzz::InitOnce();
  auto entries = shuzhi::exports::ReadZipEntries(shuzhi::fuzz::Bytes(data, size), shuzhi::fuzz::kFuzzZipLimits);
  if (entries.ok()) (void)shuzhi::core::VerifyArchive(*entries, "");
  return 0;
}
