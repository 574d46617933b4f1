#include "app/archive/archive.h"

#include <chrono>

#include "app/app.h"
#include "app/archive/archive_files.h"
#include "app/audit/audit_internal.h"
#include "app/ballot/server_keys.h"
#include "app/campaign/campaign_access.h"
#include "app/errors.h"
#include "core/access.h"
#include "export/zip_archive.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

using archive_detail::PendingFile;
using archive_detail::Scope;

bool MayReadArchive(const Actor& a, const core::Campaign& c, const core::Archive& archive) {
  if (campaign_access::MayReadAll(a, c)) return true;
  return archive.group_id && core::LeadsGroup(a.roles, *archive.group_id);
}

Result<ArchiveView> ViewOf(storage::Tx& tx, const core::Archive& a, Micros now) {
  ArchiveView v{a, "", a.created_by};
  v.archive.state = core::EffectiveArchiveState(a, now);
  if (v.archive.state == core::ArchiveState::kFailed && v.archive.error.empty())
    v.archive.error = "archive.interrupted";
  if (a.group_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*a.group_id));
    if (g) v.group_name = g->name;
  }
  SHUZHI_ASSIGN_OR_RETURN(auto u, tx.users().FindByUsername(a.created_by));
  if (u) v.created_by_name = u->display_name;
  return v;
}

// Writes the build's progress at most every 200 ms (and always the last).
class Progress {
 public:
  Progress(storage::Store& store, const base::Clock& clock, std::int64_t id) : store_(store), clock_(clock), id_(id) {}
  void Set(std::int64_t done, std::int64_t total, bool force = false) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    // Progress is advice for the screen; a failed write is not the build's failure.
    (void)store_.Write([&](storage::Tx& tx) { return tx.archives().Progress(id_, done, total, clock_.Now()); });
  }

 private:
  storage::Store& store_;
  const base::Clock& clock_;
  std::int64_t id_;
  std::chrono::steady_clock::time_point last_{};
};

struct Built {
  std::string zip;
  std::int64_t files = 0;
};

Result<Scope> ScopeOf(App& app, const Actor& actor, const core::Archive& a, base::Lang lang) {
  Scope s{a.campaign_id, a.group_id, {}, lang};
  SHUZHI_ASSIGN_OR_RETURN(auto listed, app.campaigns().Deputies(actor, a.campaign_id));
  for (const auto& d : listed) {
    if (!a.group_id || d.entry.group_id == a.group_id) s.deputies[d.entry.deputy_id] = d.name;
  }
  return s;
}

Result<core::Manifest> ManifestHead(App& app, const Actor& actor, const core::Archive& a) {
  SHUZHI_TRY(app.keys().Load());
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, app.campaigns().Get(actor, a.campaign_id));
  core::Manifest m;
  m.campaign_id = a.campaign_id;
  m.campaign_title = campaign.record.title;
  m.campaign_year = campaign.record.year;
  m.group_id = a.group_id;
  m.archive_id = a.id;
  m.number = a.number;
  m.created_at = base::FormatCst(a.created_at);
  m.created_by = a.created_by;
  m.algorithm = app.keys().algorithm();
  m.public_key_hex = base::ToHex(app.keys().signing().public_key());
  m.key_fingerprint = app.keys().fingerprint();
  SHUZHI_TRY(app.store().Read([&](storage::Tx& tx) -> Status {
    if (!a.group_id) return base::Ok();
    SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*a.group_id));
    if (g) m.group_name = g->name;
    return base::Ok();
  }));
  return m;
}

// Lists every producer's files, makes each in turn, then the signed
// manifest, and zips them.
Result<Built> Assemble(App& app, const Actor& actor, const core::Archive& a, base::Lang lang, Progress& progress) {
  SHUZHI_ASSIGN_OR_RETURN(auto scope, ScopeOf(app, actor, a, lang));
  std::vector<PendingFile> pending;
  for (const auto& p : archive_detail::Producers()) {
    SHUZHI_ASSIGN_OR_RETURN(auto files, p.producer(app, actor, scope));
    for (auto& f : files) pending.push_back(std::move(f));
  }
  const auto total = static_cast<std::int64_t>(pending.size()) + 1;  // and the manifest
  progress.Set(0, total, true);
  SHUZHI_ASSIGN_OR_RETURN(auto manifest, ManifestHead(app, actor, a));
  std::vector<exports::ZipEntry> entries;
  entries.reserve(pending.size() + 2);
  for (auto& f : pending) {
    SHUZHI_ASSIGN_OR_RETURN(auto bytes, f.make());
    manifest.files.push_back(
        {f.path, base::ToHex(base::FileDigest(manifest.algorithm, bytes)), static_cast<std::int64_t>(bytes.size())});
    entries.push_back({std::move(f.path), std::move(bytes)});
    progress.Set(static_cast<std::int64_t>(entries.size()), total);
  }
  std::string manifest_json = core::EncodeManifest(manifest);
  SHUZHI_ASSIGN_OR_RETURN(std::string sig, core::SignManifest(manifest_json, app.keys().signing()));
  entries.insert(entries.begin(),
                 {{core::kManifestPath, std::move(manifest_json)}, {core::kManifestSigPath, std::move(sig)}});
  SHUZHI_ASSIGN_OR_RETURN(auto zip, exports::WriteZip(entries, a.created_at / base::kMicrosPerSecond));
  return Built{std::move(zip), total};
}

// The build's end: done with the ZIP (audited with its digest), or failed
// with the reason.
void Finish(App& app, const Actor& actor, core::Archive a, const Result<Built>& built) {
  const Micros now = app.clock().Now();
  a.updated_at = now;
  a.finished_at = now;
  if (!built.ok()) {
    a.state = core::ArchiveState::kFailed;
    a.error = built.status().reason().empty() ? "archive.failed" : built.status().reason();
    (void)app.store().Write([&](storage::Tx& tx) { return tx.archives().Finish(a, ""); });
    return;
  }
  a.state = core::ArchiveState::kDone;
  a.files_done = a.files_total = built->files;
  a.size = static_cast<std::int64_t>(built->zip.size());
  a.sha256 = base::ToHex(base::Sha256(built->zip));
  const Status st = app.store().Write([&](storage::Tx& tx) -> Status {
    SHUZHI_TRY(tx.archives().Finish(a, built->zip));
    base::json::object details{{"campaign_id", a.campaign_id},
                               {"number", a.number},
                               {"sha256", a.sha256},
                               {"size", a.size},
                               {"files", a.files_total}};
    if (a.group_id) details["group_id"] = *a.group_id;
    return RecordAudit(tx, app.clock(), actor.username, "archive.build", "archive:" + std::to_string(a.id), details);
  });
  if (!st.ok()) {
    a.state = core::ArchiveState::kFailed;
    a.error = st.reason().empty() ? "archive.failed" : st.reason();
    a.sha256.clear();
    a.size = 0;
    (void)app.store().Write([&](storage::Tx& tx) { return tx.archives().Finish(a, ""); });
  }
}

}  // namespace

ArchiveService::ArchiveService(App& app) : app_(app) {}

Result<ArchiveView> ArchiveService::Build(const Actor& actor, std::int64_t campaign_id,
                                          std::optional<std::int64_t> group_id, base::Lang lang) {
  core::Archive a;
  ArchiveView view;
  const Micros now = app_.clock().Now();
  SHUZHI_TRY(app_.store().Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, campaign_id));
    if (!campaign_access::MayManage(actor, c)) return Forbidden("only the campaign's organizers build archives");
    SHUZHI_TRY(core::MayBuildArchive(c.state));
    SHUZHI_ASSIGN_OR_RETURN(auto listed, tx.campaigns().ListDeputies(campaign_id));
    if (group_id && std::none_of(listed.begin(), listed.end(), [&](const auto& d) { return d.group_id == group_id; })) {
      return base::InvalidArgument("archive.unknown_group", "no deputy of that group is listed in the campaign");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto existing, tx.archives().List(campaign_id));
    for (const auto& e : existing) {
      if (e.group_id == group_id && core::EffectiveArchiveState(e, now) == core::ArchiveState::kBuilding) {
        return base::FailedPrecondition("archive.building", "an archive of this group is being built");
      }
    }
    SHUZHI_ASSIGN_OR_RETURN(int last, tx.archives().LastNumber(campaign_id, group_id));
    a.campaign_id = campaign_id;
    a.group_id = group_id;
    a.number = last + 1;
    a.created_by = actor.username;
    a.created_at = a.updated_at = now;
    SHUZHI_ASSIGN_OR_RETURN(a.id, tx.archives().Insert(a));
    SHUZHI_ASSIGN_OR_RETURN(view, ViewOf(tx, a, now));
    return base::Ok();
  }));
  background_.Run([this, actor, a, lang] {
    Progress progress(app_.store(), app_.clock(), a.id);
    Finish(app_, actor, a, Assemble(app_, actor, a, lang, progress));
  });
  return view;
}

Result<std::vector<ArchiveView>> ArchiveService::List(const Actor& actor, std::int64_t campaign_id) {
  std::vector<ArchiveView> out;
  const Micros now = app_.clock().Now();
  SHUZHI_TRY(app_.store().Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, campaign_id));
    if (!campaign_access::MayRead(actor, c)) return Forbidden("campaign outside your scope");
    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.archives().List(campaign_id));
    for (const auto& a : all) {
      if (!MayReadArchive(actor, c, a)) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto v, ViewOf(tx, a, now));
      out.push_back(std::move(v));
    }
    return base::Ok();
  }));
  return out;
}

Result<ArchiveView> ArchiveService::Get(const Actor& actor, std::int64_t id) {
  ArchiveView out;
  SHUZHI_TRY(app_.store().Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto a, tx.archives().Find(id));
    if (!a) return base::NotFound("archive.not_found", "no such archive");
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, a->campaign_id));
    if (!MayReadArchive(actor, c, *a)) return base::NotFound("archive.not_found", "no such archive");
    SHUZHI_ASSIGN_OR_RETURN(out, ViewOf(tx, *a, app_.clock().Now()));
    return base::Ok();
  }));
  return out;
}

Result<ArchiveService::Download> ArchiveService::Fetch(const Actor& actor, std::int64_t id) {
  Download out;
  SHUZHI_ASSIGN_OR_RETURN(out.view, Get(actor, id));
  if (out.view.archive.state != core::ArchiveState::kDone) {
    return base::FailedPrecondition("archive.not_ready", "the archive is not finished");
  }
  SHUZHI_TRY(app_.store().Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto bytes, tx.archives().Bytes(id));
    if (!bytes) return base::NotFound("archive.not_found", "no such archive");
    out.bytes = std::move(*bytes);
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, out.view.archive.campaign_id));
    const auto& group = out.view.group_name;
    out.file_name = core::SafeFileName(c.title) + (group.empty() ? "" : "-" + core::SafeFileName(group)) + "-" +
                    std::to_string(out.view.archive.number) + ".zip";
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
