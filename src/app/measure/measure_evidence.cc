// Progress notes and their evidence files.
#include <algorithm>

#include "app/audit/audit_internal.h"
#include "app/errors.h"
#include "app/measure/measure.h"
#include "app/measure/measure_internal.h"
#include "app/meeting/meeting_internal.h"
#include "base/crypto.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

constexpr std::size_t kMaxFileName = 200;

// What may be added to: the deputy's own measure, not yet accepted.
Status MayAddTo(const measure_detail::LoadedMeasure& l) {
  if (!l.scope.own.count(l.measure.deputy_id)) return Forbidden("only the deputy adds to their measures");
  if (l.measure.state == core::MeasureState::kAccepted) {
    return base::FailedPrecondition("measure.closed", "the measure is accepted");
  }
  return base::Ok();
}

// The file name for display: no control characters, no folders (a browser
// may send "C:\fakepath\x.png"), at most kMaxFileName bytes of whole UTF-8.
Result<std::string> DisplayName(const std::string& raw) {
  std::string name = raw.substr(raw.find_last_of("/\\") == std::string::npos ? 0 : raw.find_last_of("/\\") + 1);
  name.erase(std::remove_if(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
             name.end());
  if (name.empty()) return Invalid("name", "required");
  if (name.size() > kMaxFileName) return Invalid("name", "too_long");
  return name;
}

}  // namespace

Result<NoteView> MeasureService::AddNote(const Actor& actor, std::int64_t id, const std::string& text) {
  NoteView out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, measure_detail::LoadMeasure(tx, actor, id, true));
    SHUZHI_TRY(MayAddTo(l));
    if (text.empty()) return Invalid("text", "required");
    SHUZHI_TRY(meeting_detail::CheckText(text, "text"));
    out.note = {0, id, text, actor.username, clock_.Now(), {}};
    SHUZHI_ASSIGN_OR_RETURN(out.note.id, tx.measures().AddNote(out.note));
    measure_detail::Namer namer(tx, "");
    SHUZHI_ASSIGN_OR_RETURN(out.written_by_name, namer.UserName(actor.username));
    return RecordAudit(tx, clock_, actor.username, "measure.note", "measure:" + std::to_string(id),
                       {{"note_id", std::to_string(out.note.id)}});
  }));
  return out;
}

Result<core::EvidenceFile> MeasureService::Attach(const Actor& actor, std::int64_t id, std::int64_t note_id,
                                                  const EvidenceUpload& upload) {
  SHUZHI_ASSIGN_OR_RETURN(auto name, DisplayName(upload.name));
  if (upload.bytes.empty()) return Invalid("file", "empty");
  if (static_cast<std::int64_t>(upload.bytes.size()) > core::kMaxEvidenceFileBytes) {
    return base::InvalidArgument("request.too_large", "an evidence file is at most 10 MB");
  }
  // The declared type must be one we keep, and the content must be it.
  const auto sniffed = core::SniffEvidence(upload.bytes);
  if (!sniffed || *sniffed != upload.declared_type) {
    return base::InvalidArgument("evidence.unsupported_type",
                                 "evidence is a PNG or JPEG image or a PDF, and its content must be what it says");
  }
  const std::string digest = base::ToHex(base::Sha256(upload.bytes));
  core::EvidenceFile out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, measure_detail::LoadMeasure(tx, actor, id, true));
    SHUZHI_TRY(MayAddTo(l));
    SHUZHI_ASSIGN_OR_RETURN(auto notes, tx.measures().ListNotes(id));
    if (std::none_of(notes.begin(), notes.end(), [&](const auto& n) { return n.id == note_id; })) {
      return base::NotFound("measure.note_not_found", "no such note on this measure");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto held, tx.measures().EvidenceBytes(id));
    if (held + static_cast<std::int64_t>(upload.bytes.size()) > core::kMaxEvidencePerMeasure) {
      return base::InvalidArgument("evidence.measure_full", "a measure holds at most 50 MB of evidence");
    }
    SHUZHI_TRY(tx.measures().PutBlob(digest, upload.bytes));
    out = {0,      note_id,        id,          name, *sniffed, static_cast<std::int64_t>(upload.bytes.size()),
           digest, actor.username, clock_.Now()};
    SHUZHI_ASSIGN_OR_RETURN(out.id, tx.measures().AddFile(out));
    return RecordAudit(tx, clock_, actor.username, "measure.evidence", "measure:" + std::to_string(id),
                       {{"file_id", std::to_string(out.id)}, {"sha256", digest}});
  }));
  return out;
}

Result<EvidenceDownload> MeasureService::Download(const Actor& actor, std::int64_t id, std::int64_t file_id) {
  EvidenceDownload out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, measure_detail::LoadMeasure(tx, actor, id));
    SHUZHI_ASSIGN_OR_RETURN(auto f, tx.measures().FindFile(file_id));
    if (!f || f->measure_id != id) return base::NotFound("measure.file_not_found", "no such file on this measure");
    SHUZHI_ASSIGN_OR_RETURN(auto bytes, tx.measures().Blob(f->sha256));
    if (!bytes) return base::Internal("evidence.missing", "the file's content is not stored");
    out = {std::move(*f), std::move(*bytes)};
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
