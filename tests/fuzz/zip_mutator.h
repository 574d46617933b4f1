// A structure-aware mutation for targets whose input is a ZIP (the archive,
// .xlsx, .docx): byte mutations of a ZIP seldom leave one (its CRCs and
// lengths no longer agree), so the readers behind the container saw few
// inputs. MutateZipEntry reads the ZIP with shuzhi's own reader, mutates the
// bytes of one entry with libFuzzer's mutator, lets the target adjust the
// entries (`adjust`: the archive signs its manifest again), and writes the
// ZIP again. One input in eight, and anything that is no ZIP, gets plain
// byte mutations, so the container itself is still fuzzed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "export/zip_archive.h"
#include "fuzz_main.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace shuzhi::fuzz {

// Smaller than the readers' own limits, so that a bomb stays within the
// fuzzer's memory; the checks are the same.
inline const exports::ZipLimits kFuzzZipLimits{std::uint64_t{64} << 20, 10'000};

template <typename Adjust>
std::size_t MutateZipEntry(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned int seed,
                           Adjust adjust) {
  InitOnce();
  std::minstd_rand rng(seed);
  auto entries = exports::ReadZipEntries(Bytes(data, size), kFuzzZipLimits);
  if (!entries.ok() || entries->empty() || rng() % 8 == 0) return LLVMFuzzerMutate(data, size, max_size);
  auto entry = std::next(entries->begin(), static_cast<std::ptrdiff_t>(rng() % entries->size()));
  std::string& bytes = entry->second;
  const std::size_t old_size = bytes.size();
  bytes.resize(old_size + 64);
  bytes.resize(LLVMFuzzerMutate(reinterpret_cast<std::uint8_t*>(bytes.data()), old_size, bytes.size()));
  adjust(*entries, rng);
  std::vector<exports::ZipEntry> list;
  for (auto& [name, content] : *entries) list.push_back({name, std::move(content)});
  auto zip = exports::WriteZip(list, 0);
  if (!zip.ok() || zip->size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::copy(zip->begin(), zip->end(), data);
  return zip->size();
}

// For targets that need no adjustment.
inline void NoAdjust(std::map<std::string, std::string>& /*entries*/, std::minstd_rand& /*rng*/) {}

}  // namespace shuzhi::fuzz
