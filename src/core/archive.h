// The campaign archive (归档): per campaign and deputy group, one ZIP of
// every document and table of the year's evaluation, with a manifest of
// each file's SHA-256 and size signed by the server's Ed25519 key, so that
// a copy filed away can be checked offline years later (`shuzhi
// verify-archive`; the format is in docs/design/archive.md).
//
// This header holds the pure parts: the stored archive value and its
// states, who may build one when, the file names, and the manifest's
// encoding and verification over the ZIP's entries. Reading and writing the
// ZIP itself is export's (export/zip.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/signing.h"
#include "base/status.h"
#include "core/campaign.h"

namespace shuzhi::core {

// building → done, or building → failed. A done archive never changes.
enum class ArchiveState { kBuilding, kDone, kFailed };
const char* ArchiveStateCode(ArchiveState s);
// An unknown code reads as failed: the state that offers least.
ArchiveState ParseArchiveState(std::string_view code);

// One numbered archive of a campaign's group (or of the whole campaign when
// `group_id` is empty). `number` counts from 1 per campaign and group.
struct Archive {
  std::int64_t id = 0;
  std::int64_t campaign_id = 0;
  std::optional<std::int64_t> group_id;
  int number = 0;
  ArchiveState state = ArchiveState::kBuilding;
  std::string created_by;  // username
  base::Micros created_at = 0;
  base::Micros updated_at = 0;  // last progress written
  std::optional<base::Micros> finished_at;
  std::int64_t files_done = 0;
  std::int64_t files_total = 0;
  std::int64_t size = 0;  // bytes of the ZIP, once done
  std::string sha256;     // lower-case hex of the ZIP, once done
  std::string error;      // the reason code, once failed
};

// A build that has written no progress for this long is taken as
// interrupted (its server stopped): shown failed, and no longer blocking a
// new build.
inline constexpr base::Micros kArchiveStaleAfter = 10LL * 60 * base::kMicrosPerSecond;
// The state as readers see it at `now` (a stale build is failed).
ArchiveState EffectiveArchiveState(const Archive& a, base::Micros now);

// An archive may be built only of a closed (or already archived) campaign:
// failed_precondition "archive.campaign_active" (draft or active) otherwise.
base::Status MayBuildArchive(CampaignState state);

// Moving a campaign to archived needs a done archive of every group that has
// deputies listed in it, or a done archive of the whole campaign (which
// covers every group). `groups`: the groups with listed deputies (and
// whether any listed deputy has no group); `done`: the groups with a done
// archive, std::nullopt standing for the whole campaign.
// failed_precondition "campaign.archive_missing" naming the first group
// without one.
base::Status CheckArchivedCovered(const std::set<std::int64_t>& groups, bool ungrouped_deputies,
                                  const std::set<std::optional<std::int64_t>>& done);

// A display name made safe as part of a file name in the archive: letters
// and digits of any script, '-' and '_' kept; every other character (path
// separators, dots, spaces, control characters, invalid UTF-8) becomes '_';
// at most 40 characters; "_" when nothing is left.
std::string SafeFileName(std::string_view display_name);

// ---- the manifest ----

inline constexpr const char* kManifestPath = "manifest.json";
inline constexpr const char* kManifestSigPath = "manifest.sig";
inline constexpr const char* kArchiveFormat = "shuzhi-archive/1";

struct ManifestFile {
  std::string path;
  std::string digest;  // lower-case hex: SHA-256 ("sha256"), or SM3 ("sm3") under SM2
  std::int64_t size = 0;
};

struct Manifest {
  std::int64_t campaign_id = 0;
  std::string campaign_title;
  int campaign_year = 0;
  std::optional<std::int64_t> group_id;
  std::string group_name;  // "" for the whole campaign
  std::int64_t archive_id = 0;
  int number = 0;
  std::string created_at;  // ISO 8601 in China Standard Time
  std::string created_by;
  base::SignAlg algorithm = base::SignAlg::kEd25519;  // named in the file only when not Ed25519
  std::string public_key_hex;                         // the server's public key
  std::string key_fingerprint;
  std::vector<ManifestFile> files;  // in ZIP order
};

// The manifest as the archive holds it: UTF-8 JSON, keys in a fixed order,
// two-space indented, ending in a newline. The signature covers these
// exact bytes.
std::string EncodeManifest(const Manifest& m);
// invalid_argument "archive.bad_manifest" for anything else.
base::Result<Manifest> ParseManifest(std::string_view json);
// manifest.sig: {"algorithm":"ed25519"|"sm2","public_key":hex,"signature":hex}
// over the bytes of manifest.json, followed by a newline. Internal
// "crypto.sm2_failed" if OpenSSL cannot sign.
base::Result<std::string> SignManifest(std::string_view manifest_json, const base::SigningKey& key);

struct ArchiveCheck {
  bool ok = false;
  // What failed first: "archive.no_manifest", "archive.bad_manifest",
  // "archive.bad_signature", "archive.wrong_key", "archive.missing_file",
  // "archive.size_mismatch", "archive.hash_mismatch", "archive.extra_file".
  std::string problem;
  std::string file;         // the file it names ("" for the signature)
  std::string fingerprint;  // of the manifest's key, when it could be read
  std::size_t files = 0;    // files checked
  std::optional<Manifest> manifest;
};

// Checks the ZIP's entries (path → bytes) against its manifest: the
// signature in manifest.sig over manifest.json verifies with the key the
// manifest names, with the algorithm it names, whose fingerprint is
// `fingerprint` when that is not empty (case, spaces and '-' ignored);
// every listed file is present with its size and digest (SHA-256, or SM3
// under SM2); no other entry is there. Stops at the first problem.
ArchiveCheck VerifyArchive(const std::map<std::string, std::string>& entries, const std::string& fingerprint);

}  // namespace shuzhi::core
