// MeetingService::TallyCertificatePdf: the tally certificate (计票结果报告单)
// of a final poll, the sheet the tellers and scrutineers sign after the count.
//
// Every figure on it comes from the signed result record, never from a
// recount here, so the paper and the board agree by construction. Which rows
// show figures is decided by ResultIn, the rule ResultFor applies: the
// certificate never shows more than the result page would. The board's
// digest (printed and as a QR code) is SHA-256 over the exact bytes GET
// /api/v1/polls/{id}/board returns (core::EncodeBoard makes both), so
// `shuzhi verify BOARD --key FP --digest HEX` ties the downloaded file to the
// signed paper. Like the carrier PDFs, printing it is not audited: it
// changes nothing.
#include <algorithm>
#include <map>

#include "app/errors.h"
#include "app/exports/document_text.h"
#include "app/meeting/meeting_internal.h"
#include "base/json.h"
#include "core/board.h"
#include "export/pdf.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

namespace {

namespace json = base::json;
using exports::PdfBlock;
using Kind = exports::PdfBlock::Kind;
using document_text::T;

// What the certificate prints, gathered in one read transaction.
struct CertificateFacts {
  std::int64_t poll_id = 0;
  std::string meeting_title;
  std::string venue;
  Micros starts_at = 0;
  int position = 0;
  int round = 1;
  std::optional<Micros> opened_at;
  std::optional<Micros> closed_at;
  MeetingDoc officials;
  PollResultView result;
  std::string board_digest;  // only for readers of the whole result, as the board itself
  std::string digest_name;   // "SHA-256", or "SM3" under SM2
  std::string sign_name;     // "Ed25519" or "SM2"
  std::string fingerprint;
};

// Hex in groups of `n`, so that it wraps between groups and reads aloud.
std::string Grouped(const std::string& hex, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += n) out += (i ? " " : "") + hex.substr(i, n);
  return out;
}

void MeetingPart(std::vector<PdfBlock>& b, const CertificateFacts& f, base::Lang lang) {
  b.push_back({Kind::kHeading, T(lang, "cert_meeting_heading")});
  b.push_back({Kind::kParagraph, T(lang, "cert_meeting", {{"title", f.meeting_title}})});
  b.push_back(
      {Kind::kParagraph, T(lang, "cert_when_where", {{"when", DocWhen(lang, f.starts_at)}, {"venue", f.venue}})});
  b.push_back({Kind::kParagraph, T(lang, "cert_poll",
                                   {{"n", std::to_string(f.position + 1)},
                                    {"round", std::to_string(f.round)},
                                    {"opened", DocWhen(lang, f.opened_at)},
                                    {"closed", DocWhen(lang, f.closed_at)}})});
}

void CountsPart(std::vector<PdfBlock>& b, const json::object& rec, base::Lang lang) {
  b.push_back({Kind::kHeading, T(lang, "cert_counts_heading")});
  b.push_back({Kind::kParagraph, T(lang, "cert_issued",
                                   {{"issued", RecordNum(rec, "issued")},
                                    {"phone", RecordNum(rec, "issued_phone")},
                                    {"paper", RecordNum(rec, "issued_paper")}})});
  b.push_back({Kind::kParagraph, T(lang, "cert_returned",
                                   {{"returned", RecordNum(rec, "returned")},
                                    {"phone", RecordNum(rec, "returned_phone")},
                                    {"paper", RecordNum(rec, "returned_paper")},
                                    {"invalid", RecordNum(rec, "invalid_ballots")},
                                    {"valid", RecordNum(rec, "valid_ballots")}})});
}

// One deputy's line: figures only where the record publishes them and the
// reader is shown that row.
std::string DeputyLine(const json::object& d, const json::object& rec, bool shown,
                       const std::map<std::string, std::string>& labels, base::Lang lang) {
  const std::string name = RecordStr(d, "name");
  if (!shown) return T(lang, "cert_row_not_shown", {{"name", name}});
  const auto* w = d.if_contains("withheld");
  if (w && w->is_bool() && w->as_bool()) {
    return T(lang, "cert_row_withheld", {{"name", name}, {"min", RecordNum(rec, "min_valid_votes")}});
  }
  std::string votes;
  const auto* vs = d.if_contains("votes");
  const auto* scale = rec.if_contains("scale");
  if (vs && vs->is_array() && scale && scale->is_array()) {
    for (std::size_t i = 0; i < vs->as_array().size() && i < scale->as_array().size(); ++i) {
      const auto& opt = scale->as_array()[i];
      const std::string label = opt.is_object() ? RecordStr(opt.as_object(), "label") : "";
      const auto& v = vs->as_array()[i];
      votes += (i ? T(lang, "list_separator") : "") +
               T(lang, "cert_votes", {{"label", label}, {"n", v.is_int64() ? std::to_string(v.as_int64()) : "0"}});
    }
  }
  if (RecordNum(d, "abstentions") != "0") {
    votes += T(lang, "list_separator") + T(lang, "cert_abstentions", {{"n", RecordNum(d, "abstentions")}});
  }
  const auto grade = labels.find(RecordStr(d, "grade"));
  return T(lang, "cert_row",
           {{"name", name},
            {"votes", votes},
            {"valid", RecordNum(d, "valid")},
            {"invalid", RecordNum(d, "invalid")},
            {"rate", RecordStr(d, "approval_percent")},
            {"grade", grade == labels.end() ? RecordStr(d, "grade") : grade->second}});
}

void RowsPart(std::vector<PdfBlock>& b, const json::object& rec, const PollResultView& r, base::Lang lang) {
  b.push_back({Kind::kHeading, T(lang, "cert_rows_heading")});
  std::map<std::string, std::string> labels;
  const auto* scale = rec.if_contains("scale");
  if (scale && scale->is_array()) {
    for (const auto& o : scale->as_array()) {
      if (o.is_object()) labels[RecordStr(o.as_object(), "code")] = RecordStr(o.as_object(), "label");
    }
  }
  const auto* deputies = rec.if_contains("deputies");
  if (!deputies || !deputies->is_array()) return;
  int n = 0;
  for (const auto& dv : deputies->as_array()) {
    if (!dv.is_object()) continue;
    const auto& d = dv.as_object();
    const auto* id = d.if_contains("deputy_id");
    const bool shown = r.complete || (id && id->is_int64() && r.rows.count(id->as_int64()) > 0);
    b.push_back({Kind::kItem,
                 T(lang, "cert_row_number", {{"n", std::to_string(++n)}}) + DeputyLine(d, rec, shown, labels, lang)});
  }
}

void IntegrityPart(std::vector<PdfBlock>& b, const CertificateFacts& f, base::Lang lang) {
  b.push_back({Kind::kHeading, T(lang, "cert_integrity_heading")});
  if (f.board_digest.empty() || !f.result.signature_hex) {
    b.push_back({Kind::kParagraph, T(lang, "cert_integrity_partial")});
  } else {
    b.push_back(
        {Kind::kParagraph, T(lang, "cert_digest", {{"poll", std::to_string(f.poll_id)}, {"alg", f.digest_name}})});
    b.push_back({Kind::kParagraph, Grouped(f.board_digest, 8)});
    b.push_back({Kind::kQrCode, f.board_digest});
    b.push_back({Kind::kParagraph, T(lang, "cert_signature", {{"alg", f.sign_name}})});
    b.push_back({Kind::kParagraph, Grouped(*f.result.signature_hex, 16)});
  }
  b.push_back({Kind::kParagraph, T(lang, "cert_fingerprint", {{"fp", f.fingerprint}})});
  if (!f.board_digest.empty()) {
    b.push_back({Kind::kParagraph,
                 T(lang, "cert_how_to_verify", {{"poll", std::to_string(f.poll_id)}, {"fp", f.fingerprint}})});
  }
}

// For each official recorded on the meeting, their name and, right-aligned
// below it, a line to sign and date; blank names where none is recorded, to
// be filled in by hand.
void SignaturePart(std::vector<PdfBlock>& b, const MeetingDoc& o, base::Lang lang) {
  b.push_back({Kind::kHeading, T(lang, "cert_sign_heading")});
  auto lines = [&](const char* role, const std::vector<std::string>& names, std::size_t blanks) {
    const std::string who = T(lang, role);
    for (std::size_t i = 0; i < std::max(names.size(), blanks); ++i) {
      const std::string name = i < names.size() ? names[i] : T(lang, "cert_blank_name");
      b.push_back({Kind::kItem, T(lang, "cert_sign_name", {{"role", who}, {"name", name}})});
      b.push_back({Kind::kRight, T(lang, "cert_sign_line")});
    }
  };
  lines("cert_chair", o.chair.empty() ? std::vector<std::string>{} : std::vector<std::string>{o.chair}, 1);
  lines("cert_teller", o.tellers, 2);
  lines("cert_scrutineer", o.scrutineers, 2);
}

}  // namespace

Result<std::string> MeetingService::TallyCertificatePdf(const Actor& actor, std::int64_t poll_id, base::Lang lang) {
  SHUZHI_TRY(keys_.Load());
  CertificateFacts f;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto pl, LoadPoll(tx, actor, poll_id));
    auto& [p, l] = pl;
    SHUZHI_ASSIGN_OR_RETURN(f.result, ResultIn(tx, actor, l, p));  // permission_denied outside the meeting
    if (p.state == core::PollState::kVoid) {
      return base::FailedPrecondition("poll.void", "a void poll has no result to certify");
    }
    if (p.result.empty() || p.state != core::PollState::kFinal) {
      return base::FailedPrecondition("poll.no_result", "the result does not exist yet");
    }
    if (!f.result.available) return Forbidden("the result is not shown to you");
    if (f.result.complete) {
      SHUZHI_ASSIGN_OR_RETURN(auto board, BoardOf(tx, keys_, p));
      f.board_digest = core::BoardDigest(core::EncodeBoard(board), board.algorithm);
      f.digest_name = base::FileDigestLabel(board.algorithm);
    }
    f.poll_id = p.id;
    f.meeting_title = l.meeting.title;
    f.venue = l.meeting.venue;
    f.starts_at = l.meeting.starts_at;
    f.position = p.position;
    f.round = p.round;
    f.opened_at = p.opened_at;
    f.closed_at = p.closed_at;
    f.officials = ReadMeetingDoc(l.meeting.record);
    return base::Ok();
  }));
  f.fingerprint = keys_.fingerprint();
  f.sign_name = base::SignAlgLabel(keys_.algorithm());
  const auto record = ParseObject(f.result.signed_record);
  exports::PdfDocument doc;
  doc.title = T(lang, "cert_title");
  doc.metadata_title =
      T(lang, "cert_metadata_title", {{"title", f.meeting_title}, {"n", std::to_string(f.position + 1)}});
  auto& b = doc.blocks;
  MeetingPart(b, f, lang);
  CountsPart(b, record, lang);
  RowsPart(b, record, f.result, lang);
  IntegrityPart(b, f, lang);
  SignaturePart(b, f.officials, lang);
  b.push_back({Kind::kRight, T(lang, "cert_printed", {{"when", DocWhen(lang, clock_.Now())}})});
  return exports::RenderPdf(doc);
}

}  // namespace shuzhi::app
