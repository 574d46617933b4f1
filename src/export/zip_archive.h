// ZIP files that shuzhi writes (the campaign archive) and reads back whole
// to check them (`shuzhi verify-archive`). Office files from outside are read
// through OfficeZip (office_zip.h), which this reuses with its limits.
//
// Thread-safe: pure functions.
#pragma once

#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "export/office_zip.h"

namespace shuzhi::exports {

struct ZipEntry {
  std::string name;  // a relative path with '/' separators, UTF-8
  std::string bytes;
};

// A ZIP of `entries` in the order given, each dated `mtime`, with no folder
// entries. Files already compressed (.pdf, .png, .jpg, .xlsx, .zip) are
// stored, the rest deflated. internal "export.zip_failed" if libzip fails.
base::Result<std::string> WriteZip(const std::vector<ZipEntry>& entries, std::time_t mtime);

// What `shuzhi verify-archive` accepts: a campaign's whole archive, evidence
// included, read into memory (8 GiB inflated, 200,000 entries).
inline constexpr ZipLimits kArchiveReadLimits{std::uint64_t{8} << 30, 200'000};

// Every entry of a ZIP, by name, within `limits` (errors as OfficeZip's);
// invalid_argument "archive.duplicate_entry" naming an entry that occurs
// twice (a reader would see only one of them).
base::Result<std::map<std::string, std::string>> ReadZipEntries(std::string_view bytes, const ZipLimits& limits);

}  // namespace shuzhi::exports
