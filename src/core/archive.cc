#include "core/archive.h"

#include <cctype>

#include "base/json.h"

namespace shuzhi::core {
namespace {

namespace json = base::json;

std::string NormalizeFingerprint(std::string_view fingerprint) {
  std::string out;
  for (char c : fingerprint) {
    if (c == ' ' || c == '-' || c == ':') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

// The code point at `s[i]` and its length; {U+FFFD, 1} for invalid UTF-8.
std::pair<char32_t, std::size_t> Decode(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return {0xFFFD, 1};
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1};
  return {cp, n};
}

bool KeptInName(char32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) || cp == '-' || cp == '_';
  const bool latin = cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
  const bool cjk = (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                   (cp >= 0x20000 && cp <= 0x2FFFF);
  return latin || cjk;
}

std::string HexOf(std::string_view bytes) { return base::ToHex(bytes); }

json::object FileJson(const ManifestFile& f, base::SignAlg alg) {
  json::object o;
  o["path"] = f.path;
  o[base::FileDigestName(alg)] = f.digest;
  o["size"] = f.size;
  return o;
}

// Boost.JSON keeps insertion order; the output is indented by hand so that
// a person reading the file sees one file per line.
std::string Line(const json::object& o) { return json::serialize(o); }

ArchiveCheck Fail(ArchiveCheck r, const char* problem, std::string file = "") {
  r.ok = false;
  r.problem = problem;
  r.file = std::move(file);
  return r;
}

const std::string* Entry(const std::map<std::string, std::string>& entries, const std::string& name) {
  auto it = entries.find(name);
  return it == entries.end() ? nullptr : &it->second;
}

}  // namespace

const char* ArchiveStateCode(ArchiveState s) {
  switch (s) {
    case ArchiveState::kBuilding:
      return "building";
    case ArchiveState::kDone:
      return "done";
    case ArchiveState::kFailed:
      return "failed";
  }
  return "failed";
}

ArchiveState ParseArchiveState(std::string_view code) {
  if (code == "building") return ArchiveState::kBuilding;
  if (code == "done") return ArchiveState::kDone;
  return ArchiveState::kFailed;
}

ArchiveState EffectiveArchiveState(const Archive& a, base::Micros now) {
  if (a.state == ArchiveState::kBuilding && now - a.updated_at > kArchiveStaleAfter) return ArchiveState::kFailed;
  return a.state;
}

base::Status MayBuildArchive(CampaignState state) {
  if (state == CampaignState::kClosed || state == CampaignState::kArchived) return base::Ok();
  return base::FailedPrecondition(
      "archive.campaign_active",
      std::string("close the campaign before archiving it (it is ") + CampaignStateCode(state) + ")");
}

base::Status CheckArchivedCovered(const std::set<std::int64_t>& groups, bool ungrouped_deputies,
                                  const std::set<std::optional<std::int64_t>>& done) {
  if (done.count(std::nullopt)) return base::Ok();
  for (auto g : groups) {
    if (!done.count(g)) {
      return base::FailedPrecondition("campaign.archive_missing",
                                      "group " + std::to_string(g) + " has no finished archive yet");
    }
  }
  if (ungrouped_deputies) {
    return base::FailedPrecondition("campaign.archive_missing",
                                    "deputies without a group are covered only by an archive of the whole campaign");
  }
  return base::Ok();
}

std::string SafeFileName(std::string_view name) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size() && chars < 40;) {
    auto [cp, n] = Decode(name, i);
    const bool keep = KeptInName(cp);
    if (keep) {
      out.append(name.substr(i, n));
    } else if (out.empty() || out.back() != '_') {
      out.push_back('_');
    }
    ++chars;
    i += n;
  }
  if (out.empty()) out = "_";
  return out;
}

std::string EncodeManifest(const Manifest& m) {
  json::object head;
  head["format"] = kArchiveFormat;
  head["campaign"] = json::object{{"id", m.campaign_id}, {"title", m.campaign_title}, {"year", m.campaign_year}};
  head["group"] = m.group_id ? json::value(json::object{{"id", *m.group_id}, {"name", m.group_name}}) : nullptr;
  head["archive_id"] = m.archive_id;
  head["number"] = m.number;
  head["created_at"] = m.created_at;
  head["created_by"] = m.created_by;
  head["public_key"] = m.public_key_hex;
  head["key_fingerprint"] = m.key_fingerprint;
  // Named only when not Ed25519, so that manifests made before SM2 existed
  // are what they were.
  if (m.algorithm != base::SignAlg::kEd25519) head["algorithm"] = base::SignAlgName(m.algorithm);
  std::string out = "{\n";
  for (const auto& [k, v] : head) out += "  " + json::serialize(json::string(k)) + ": " + json::serialize(v) + ",\n";
  out += "  \"files\": [";
  for (std::size_t i = 0; i < m.files.size(); ++i) {
    out += (i ? ",\n    " : "\n    ") + Line(FileJson(m.files[i], m.algorithm));
  }
  out += m.files.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

base::Result<Manifest> ParseManifest(std::string_view text) {
  const auto bad = [](const std::string& why) { return base::InvalidArgument("archive.bad_manifest", why); };
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return bad("manifest.json is not a JSON object");
  const auto& o = v.as_object();
  const auto str = [&](const json::object& from, const char* k) -> const json::string* {
    const auto* x = from.if_contains(k);
    return x && x->is_string() ? &x->as_string() : nullptr;
  };
  const auto* format = str(o, "format");
  if (!format || *format != kArchiveFormat) return bad("not a shuzhi-archive/1 manifest");
  Manifest m;
  const auto* campaign = o.if_contains("campaign");
  if (campaign && campaign->is_object()) {
    const auto& c = campaign->as_object();
    if (const auto* id = c.if_contains("id"); id && id->is_int64()) m.campaign_id = id->as_int64();
    if (const auto* t = str(c, "title")) m.campaign_title = std::string(*t);
  }
  const auto* group = o.if_contains("group");
  if (group && group->is_object()) {
    if (const auto* id = group->as_object().if_contains("id"); id && id->is_int64()) m.group_id = id->as_int64();
    if (const auto* n = str(group->as_object(), "name")) m.group_name = std::string(*n);
  }
  if (const auto* n = o.if_contains("number"); n && n->is_int64()) m.number = static_cast<int>(n->as_int64());
  if (const auto* alg = o.if_contains("algorithm")) {
    const auto parsed = alg->is_string() ? base::ParseSignAlg(alg->as_string()) : std::nullopt;
    if (!parsed) return bad("manifest.json names an unknown algorithm");
    m.algorithm = *parsed;
  }
  const char* digest_key = base::FileDigestName(m.algorithm);
  const auto* key = str(o, "public_key");
  const auto* files = o.if_contains("files");
  if (!key || !files || !files->is_array()) return bad("manifest.json lacks public_key or files");
  m.public_key_hex = std::string(*key);
  if (const auto* fp = str(o, "key_fingerprint")) m.key_fingerprint = std::string(*fp);
  if (const auto* at = str(o, "created_at")) m.created_at = std::string(*at);
  if (const auto* by = str(o, "created_by")) m.created_by = std::string(*by);
  for (const auto& f : files->as_array()) {
    if (!f.is_object()) return bad("a file entry is not an object");
    const auto* path = str(f.as_object(), "path");
    const auto* sha = str(f.as_object(), digest_key);
    const auto* size = f.as_object().if_contains("size");
    if (!path || !sha || !size || !size->is_int64())
      return bad(std::string("a file entry lacks path, ") + digest_key + " or size");
    m.files.push_back({std::string(*path), std::string(*sha), size->as_int64()});
  }
  return m;
}

base::Result<std::string> SignManifest(std::string_view manifest_json, const base::SigningKey& key) {
  SHUZHI_ASSIGN_OR_RETURN(auto signature, key.Sign(manifest_json));
  json::object sig;
  sig["algorithm"] = base::SignAlgName(key.algorithm());
  sig["public_key"] = HexOf(key.public_key());
  sig["signature"] = HexOf(signature);
  return json::serialize(sig) + "\n";
}

namespace {

// The signature file's key and signature, checked against the manifest's.
ArchiveCheck CheckSignature(ArchiveCheck r, const std::string& manifest_json, const std::string& sig_text,
                            const std::string& fingerprint) {
  boost::system::error_code ec;
  auto v = json::parse(sig_text, ec);
  const json::object* sig = !ec && v.is_object() ? &v.as_object() : nullptr;
  const auto hex = [&](const char* k) -> std::optional<std::string> {
    const auto* x = sig ? sig->if_contains(k) : nullptr;
    if (!x || !x->is_string()) return std::nullopt;
    auto bytes = base::FromHex(std::string(x->as_string()));
    return bytes.ok() ? std::optional<std::string>(*bytes) : std::nullopt;
  };
  const base::SignAlg alg = r.manifest->algorithm;
  auto manifest_key = base::FromHex(r.manifest->public_key_hex);
  const std::size_t key_size = alg == base::SignAlg::kSm2 ? 65 : 32;
  if (!manifest_key.ok() || manifest_key->size() != key_size) return Fail(std::move(r), "archive.bad_manifest");
  r.fingerprint = base::Fingerprint(alg, *manifest_key);
  const auto sig_key = hex("public_key");
  const auto signature = hex("signature");
  // The signature file must name the manifest's algorithm: neither file
  // alone decides how the other is read.
  const auto* sig_alg = sig ? sig->if_contains("algorithm") : nullptr;
  if (!sig_alg || !sig_alg->is_string() || sig_alg->as_string() != base::SignAlgName(alg) || !sig_key ||
      *sig_key != *manifest_key || !signature ||
      !base::VerifySignature(alg, manifest_json, *signature, *manifest_key)) {
    return Fail(std::move(r), "archive.bad_signature", kManifestSigPath);
  }
  if (!fingerprint.empty() && NormalizeFingerprint(fingerprint) != NormalizeFingerprint(r.fingerprint)) {
    return Fail(std::move(r), "archive.wrong_key", kManifestSigPath);
  }
  return r;
}

}  // namespace

ArchiveCheck VerifyArchive(const std::map<std::string, std::string>& entries, const std::string& fingerprint) {
  ArchiveCheck r;
  const std::string* manifest_json = Entry(entries, kManifestPath);
  if (!manifest_json) return Fail(std::move(r), "archive.no_manifest", kManifestPath);
  auto manifest = ParseManifest(*manifest_json);
  if (!manifest.ok()) return Fail(std::move(r), "archive.bad_manifest", kManifestPath);
  r.manifest = std::move(*manifest);
  const std::string* sig = Entry(entries, kManifestSigPath);
  if (!sig) return Fail(std::move(r), "archive.bad_signature", kManifestSigPath);
  r = CheckSignature(std::move(r), *manifest_json, *sig, fingerprint);
  if (!r.problem.empty()) return r;
  std::set<std::string> listed{kManifestPath, kManifestSigPath};
  for (const auto& f : r.manifest->files) {
    const std::string* bytes = Entry(entries, f.path);
    if (!bytes || !listed.insert(f.path).second) return Fail(std::move(r), "archive.missing_file", f.path);
    if (static_cast<std::int64_t>(bytes->size()) != f.size) return Fail(std::move(r), "archive.size_mismatch", f.path);
    if (HexOf(base::FileDigest(r.manifest->algorithm, *bytes)) != f.digest)
      return Fail(std::move(r), "archive.hash_mismatch", f.path);
    ++r.files;
  }
  for (const auto& [name, bytes] : entries) {
    if (!listed.count(name)) return Fail(std::move(r), "archive.extra_file", name);
  }
  r.ok = true;
  return r;
}

}  // namespace shuzhi::core
