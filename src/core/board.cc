#include "core/board.h"

#include <algorithm>
#include <cctype>

#include "base/crypto.h"
#include "base/gm_crypto.h"
#include "base/json.h"
#include "core/tally.h"

namespace shuzhi::core {
namespace {

namespace json = base::json;

std::string Normalize(const std::string& fingerprint) {
  std::string out;
  for (char c : fingerprint) {
    if (c == ' ' || c == '-' || c == ':') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::int64_t Int(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : -1;
}

std::vector<std::string> Strings(const json::value* v, bool* ok) {
  std::vector<std::string> out;
  if (!v || !v->is_array()) {
    *ok = false;
    return out;
  }
  for (const auto& x : v->as_array()) {
    if (!x.is_string()) {
      *ok = false;
      return out;
    }
    out.emplace_back(x.as_string());
  }
  return out;
}

// The steps of VerifyBoard, in the order its problems are listed. Each adds
// its problems to the report; a step that returns false or nothing found the
// board too broken for the later steps to mean anything.

// Adds a problem once: one line per problem and deputy.
void AddProblem(BoardReport& r, const char* code, std::string detail, std::string subject = {}) {
  for (const auto& p : r.problems) {
    if (p.code == code && p.subject == subject) return;
  }
  r.problems.push_back({code, std::move(subject), std::move(detail)});
}

// The board file's fields, present and of the right type.
struct BoardFile {
  base::SignAlg algorithm = base::SignAlg::kEd25519;
  std::string result_text;  // the signed result record, as signed
  base::Bytes key, signature;
  std::vector<std::string> receipts, ballots;
};

std::optional<BoardFile> ReadBoardFile(const std::string& board_json, BoardReport& r) {
  boost::system::error_code ec;
  auto parsed = json::parse(board_json, ec);
  if (ec || !parsed.is_object()) {
    AddProblem(r, "board.malformed", "the file is not a JSON object");
    return std::nullopt;
  }
  const auto& board = parsed.as_object();
  const auto* result_text = board.if_contains("result");
  const auto* sig_hex = board.if_contains("signature");
  const auto* key_hex = board.if_contains("public_key");
  bool lists_ok = true;
  BoardFile file;
  file.receipts = Strings(board.if_contains("receipts"), &lists_ok);
  file.ballots = Strings(board.if_contains("ballots"), &lists_ok);
  if (!result_text || !result_text->is_string() || !sig_hex || !sig_hex->is_string() || !key_hex ||
      !key_hex->is_string() || !lists_ok) {
    AddProblem(r, "board.malformed", "result, signature, public_key, receipts and ballots are required");
    return std::nullopt;
  }
  if (const auto* alg = board.if_contains("algorithm")) {
    const auto parsed_alg = alg->is_string() ? base::ParseSignAlg(alg->as_string()) : std::nullopt;
    if (!parsed_alg) {
      AddProblem(r, "board.malformed", "the algorithm is not one shuzhi signs with (ed25519, sm2)");
      return std::nullopt;
    }
    file.algorithm = *parsed_alg;
  }
  auto key = base::FromHex(key_hex->as_string());
  auto sig = base::FromHex(sig_hex->as_string());
  if (!key.ok() || !sig.ok()) {
    AddProblem(r, "board.malformed", "public_key and signature must be hex");
    return std::nullopt;
  }
  file.result_text = std::string(result_text->as_string());
  file.key = std::move(*key);
  file.signature = std::move(*sig);
  return file;
}

// Checks 1 and 2; returns the fingerprint of the board's own key.
std::string CheckKeyAndSignature(const BoardFile& file, const std::string& fingerprint, BoardReport& r) {
  std::string actual_fp = base::Fingerprint(file.algorithm, file.key);
  if (Normalize(actual_fp) != Normalize(fingerprint)) {
    AddProblem(r, "board.wrong_key", "the board's key has fingerprint " + actual_fp + ", not the one given");
  }
  if (!base::VerifySignature(file.algorithm, file.result_text, file.signature, file.key)) {
    AddProblem(r, "board.bad_signature", "the signature does not match the result record");
  }
  return actual_fp;
}

// Check 3, and whether the record has what the recount needs.
bool CheckRecord(const json::object& rec, const BoardFile& file, BoardReport& r) {
  const auto* hash = rec.if_contains("board_hash");
  if (!hash || !hash->is_string() || hash->as_string() != BoardHash(file.receipts, file.ballots, file.algorithm)) {
    AddProblem(r, "board.hash_mismatch", "the receipts or ballots listed are not the ones the record was signed over");
  }
  const auto* scale_v = rec.if_contains("scale");
  const auto* deputies_v = rec.if_contains("deputies");
  if (!scale_v || !scale_v->is_array() || !deputies_v || !deputies_v->is_array()) {
    AddProblem(r, "board.malformed", "the record has no scale or deputies");
    return false;
  }
  return true;
}

std::vector<ScaleOption> ReadScale(const json::array& options) {
  std::vector<ScaleOption> scale;
  for (const auto& o : options) {
    if (!o.is_object()) continue;
    const auto* code = o.as_object().if_contains("code");
    const auto* label = o.as_object().if_contains("label");
    const auto* approval = o.as_object().if_contains("approval");
    scale.push_back({code && code->is_string() ? std::string(code->as_string()) : "",
                     label && label->is_string() ? std::string(label->as_string()) : "",
                     approval && approval->is_bool() && approval->as_bool()});
  }
  return scale;
}

// The record's totals, as it states them (-1 where it does not).
struct RecordTotals {
  std::int64_t invalid_sheets = -1, issued = -1, returned = -1;
  bool void_poll = false;
  std::string grade_base;
};

RecordTotals ReadTotals(const json::object& rec) {
  RecordTotals t;
  t.invalid_sheets = Int(rec, "invalid_ballots");
  t.issued = Int(rec, "issued");
  t.returned = Int(rec, "returned");
  t.void_poll = rec.if_contains("void") && rec.at("void").is_bool() && rec.at("void").as_bool();
  t.grade_base = rec.if_contains("grade_base") && rec.at("grade_base").is_string()
                     ? std::string(rec.at("grade_base").as_string())
                     : std::string("valid_votes");
  return t;
}

// Check 4's recount: withheld columns ('-') are read as invalid marks.
base::Result<PollTally> Recount(const RecordTotals& totals, const std::vector<ScaleOption>& scale, std::size_t deputies,
                                const std::vector<std::string>& ballots) {
  TallyInput in;
  for (std::size_t d = 0; d < deputies; ++d) in.poll.deputy_ids.push_back(static_cast<std::int64_t>(d));
  in.poll.scale = scale;
  in.grade_base = ParseGradeBase(totals.grade_base).value_or(GradeBase::kValidVotes);
  in.min_valid_votes = 0;
  in.issued = totals.issued;
  in.invalid_sheets = totals.invalid_sheets < 0 ? 0 : totals.invalid_sheets;
  std::vector<std::string> readable = ballots;
  for (auto& b : readable) std::replace(b.begin(), b.end(), '-', kInvalidMark);
  return Tally(in, readable);
}

// Check 5, and the receipts against the phone ballots recorded.
void CheckTotals(const json::object& rec, const RecordTotals& totals, const PollTally& t, std::size_t receipts,
                 BoardReport& r) {
  if (totals.returned != t.returned) {
    AddProblem(r, "board.returned_mismatch",
               "the record says " + std::to_string(totals.returned) + " returned, the board holds " +
                   std::to_string(t.returned));
  }
  if (totals.returned > totals.issued && !totals.void_poll) {
    AddProblem(r, "board.returned_over_issued",
               "more ballots returned (" + std::to_string(totals.returned) + ") than issued (" +
                   std::to_string(totals.issued) + ") in a poll not marked void");
  }
  if (Int(rec, "phone_ballots") != static_cast<std::int64_t>(receipts)) {
    AddProblem(r, "board.receipts_mismatch", "the number of receipts differs from the phone ballots recorded");
  }
}

// Check 4 for one deputy's row of the record against the recount; adds the
// deputy to the report.
void CheckDeputy(const json::object& row, const DeputyTally& got, const std::vector<ScaleOption>& scale,
                 BoardReport& r) {
  const std::string name =
      row.if_contains("name") && row.at("name").is_string() ? std::string(row.at("name").as_string()) : "?";
  if (row.if_contains("withheld") && row.at("withheld").is_bool() && row.at("withheld").as_bool()) {
    r.deputies.push_back({name, true, {}, "", ""});
    return;
  }
  std::vector<std::int64_t> votes;
  if (const auto* v = row.if_contains("votes"); v && v->is_array()) {
    for (const auto& x : v->as_array()) votes.push_back(x.is_int64() ? x.as_int64() : -1);
  }
  // In the signed record invalid counts include invalid sheets; so does the recount.
  if (votes != got.votes || Int(row, "valid") != got.valid || Int(row, "abstentions") != got.abstentions ||
      Int(row, "invalid") != got.invalid || Int(row, "base") != got.base) {
    AddProblem(r, "board.count_mismatch", name + ": the ballots do not add up to the recorded counts", name);
  }
  const bool graded = got.grade >= 0 && static_cast<std::size_t>(got.grade) < scale.size();
  const auto* grade = row.if_contains("grade");
  const std::string expected = graded ? scale[static_cast<std::size_t>(got.grade)].code : "";
  if (!grade || !grade->is_string() || grade->as_string() != expected) {
    AddProblem(r, "board.grade_mismatch", name + ": the grade is not what the rule gives for these votes", name);
  }
  const auto* approval = row.if_contains("approval");
  if (!approval || !approval->is_object() || Int(approval->as_object(), "num") != got.approval.num ||
      Int(approval->as_object(), "den") != got.approval.den) {
    AddProblem(r, "board.count_mismatch", name + ": the approval rate does not match the votes", name);
  }
  const auto tenths = got.approval.PercentTenths();
  r.deputies.push_back({name, false, got.votes,
                        tenths < 0 ? std::string() : std::to_string(tenths / 10) + "." + std::to_string(tenths % 10),
                        graded ? scale[static_cast<std::size_t>(got.grade)].label : ""});
}

}  // namespace

std::string ReceiptDigest(const std::string& receipt) {
  return base::ToHex(base::Hash32("shuzhi receipt " + receipt)).substr(0, 32);
}

std::optional<std::string> NormalizeReceipt(const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (out.size() != 10) return std::nullopt;
  out.insert(5, "-");
  return out;
}

std::optional<bool> BoardListsReceipt(const std::string& board_json, const std::string& receipt) {
  const auto normalized = NormalizeReceipt(receipt);
  if (!normalized) return std::nullopt;
  boost::system::error_code ec;
  const auto v = json::parse(board_json, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* list = v.as_object().if_contains("receipts");
  if (!list || !list->is_array()) return std::nullopt;
  const std::string digest = ReceiptDigest(*normalized);
  for (const auto& r : list->as_array()) {
    if (r.is_string() && r.as_string() == digest) return true;
  }
  return false;
}

std::string BoardHash(const std::vector<std::string>& receipts, const std::vector<std::string>& ballots,
                      base::SignAlg alg) {
  std::string canonical = "receipts\n";
  for (const auto& r : receipts) canonical += r + "\n";
  canonical += "ballots\n";
  for (const auto& b : ballots) canonical += b + "\n";
  return base::ToHex(alg == base::SignAlg::kSm2 ? base::Sm3(canonical) : base::Hash32(canonical));
}

std::string EncodeBoard(const BoardDocument& board) {
  json::array receipts;
  for (const auto& r : board.receipts) receipts.push_back(json::value(r));
  json::array ballots;
  for (const auto& b : board.ballots) ballots.push_back(json::value(b));
  json::object o{{"format", "shuzhi.board/1"},       {"result", board.signed_record},
                 {"signature", board.signature_hex}, {"public_key", board.public_key_hex},
                 {"receipts", std::move(receipts)},  {"ballots", std::move(ballots)}};
  // Named only when not Ed25519: the bytes of every Ed25519 board, and so
  // the digests printed on their certificates, stay what they were.
  if (board.algorithm != base::SignAlg::kEd25519) o["algorithm"] = base::SignAlgName(board.algorithm);
  return json::serialize(o);
}

std::string BoardDigest(std::string_view board_bytes, base::SignAlg alg) {
  return base::ToHex(alg == base::SignAlg::kSm2 ? base::Sm3(board_bytes) : base::Sha256(board_bytes));
}

std::optional<base::SignAlg> BoardAlgorithm(const std::string& board_json) {
  boost::system::error_code ec;
  auto parsed = json::parse(board_json, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto* alg = parsed.as_object().if_contains("algorithm");
  if (!alg) return base::SignAlg::kEd25519;
  return alg->is_string() ? base::ParseSignAlg(alg->as_string()) : std::nullopt;
}

std::optional<std::string> NormalizeDigest(const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == ':' || c == '\t' || c == '\n' || c == '\r') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (out.size() != 64) return std::nullopt;
  return out;
}

BoardReport VerifyBoard(const std::string& board_json, const std::string& fingerprint) {
  BoardReport r;
  const auto file = ReadBoardFile(board_json, r);
  if (!file) return r;
  const std::string actual_fp = CheckKeyAndSignature(*file, fingerprint, r);
  boost::system::error_code ec;
  const auto rec_v = json::parse(file->result_text, ec);
  if (ec || !rec_v.is_object()) {
    AddProblem(r, "board.malformed", "the result record is not a JSON object");
    return r;
  }
  const auto& rec = rec_v.as_object();
  if (!CheckRecord(rec, *file, r)) return r;
  const auto scale = ReadScale(rec.at("scale").as_array());
  const auto& deputies = rec.at("deputies").as_array();
  const RecordTotals totals = ReadTotals(rec);
  auto t = Recount(totals, scale, deputies.size(), file->ballots);
  if (!t.ok()) {
    AddProblem(r, "board.malformed", "a ballot does not fit the poll: " + t.status().message());
    return r;
  }
  CheckTotals(rec, totals, *t, file->receipts.size(), r);
  for (std::size_t d = 0; d < deputies.size(); ++d) {
    if (deputies[d].is_object()) CheckDeputy(deputies[d].as_object(), t->deputies[d], scale, r);
  }
  r.poll_id = Int(rec, "poll_id");
  r.ballots = static_cast<std::int64_t>(file->ballots.size());
  r.receipts = static_cast<std::int64_t>(file->receipts.size());
  r.issued = totals.issued;
  r.returned = totals.returned;
  r.void_poll = totals.void_poll;
  r.fingerprint = actual_fp;
  r.algorithm = file->algorithm;
  r.ok = r.problems.empty();
  return r;
}

}  // namespace shuzhi::core
