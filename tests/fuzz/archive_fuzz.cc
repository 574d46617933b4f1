// `shuzhi verify-archive`: a campaign archive from anywhere, read whole and
// checked against its signed manifest.
#include "core/archive.h"
#include "export/zip_archive.h"
#include "fuzz_main.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shuzhi::fuzz::InitOnce();
  // Smaller than the command's limits, so that a bomb stays within the
  // fuzzer's memory; the reader's checks are the same.
  const shuzhi::exports::ZipLimits limits{std::uint64_t{64} << 20, 10'000};
  auto entries = shuzhi::exports::ReadZipEntries(shuzhi::fuzz::Bytes(data, size), limits);
  if (entries.ok()) (void)shuzhi::core::VerifyArchive(*entries, "");
  return 0;
}
