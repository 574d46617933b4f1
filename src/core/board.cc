#include "core/board.h"

#include <algorithm>
#include <cctype>

#include "base/crypto.h"
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

std::string BoardHash(const std::vector<std::string>& receipts, const std::vector<std::string>& ballots) {
  std::string canonical = "receipts\n";
  for (const auto& r : receipts) canonical += r + "\n";
  canonical += "ballots\n";
  for (const auto& b : ballots) canonical += b + "\n";
  return base::ToHex(base::Hash32(canonical));
}

BoardReport VerifyBoard(const std::string& board_json, const std::string& fingerprint) {
  BoardReport r;
  auto problem = [&](const char* code, std::string detail, std::string subject = {}) {
    for (const auto& p : r.problems) {
      if (p.code == code && p.subject == subject) return;  // one line per problem and deputy
    }
    r.problems.push_back({code, std::move(subject), std::move(detail)});
  };
  boost::system::error_code ec;
  auto parsed = json::parse(board_json, ec);
  if (ec || !parsed.is_object()) {
    problem("board.malformed", "the file is not a JSON object");
    return r;
  }
  const auto& board = parsed.as_object();
  const auto* result_text = board.if_contains("result");
  const auto* sig_hex = board.if_contains("signature");
  const auto* key_hex = board.if_contains("public_key");
  bool lists_ok = true;
  const auto receipts = Strings(board.if_contains("receipts"), &lists_ok);
  const auto ballots = Strings(board.if_contains("ballots"), &lists_ok);
  if (!result_text || !result_text->is_string() || !sig_hex || !sig_hex->is_string() || !key_hex ||
      !key_hex->is_string() || !lists_ok) {
    problem("board.malformed", "result, signature, public_key, receipts and ballots are required");
    return r;
  }
  const auto key = base::FromHex(key_hex->as_string());
  const auto sig = base::FromHex(sig_hex->as_string());
  if (!key.ok() || !sig.ok()) {
    problem("board.malformed", "public_key and signature must be hex");
    return r;
  }
  const std::string actual_fp = base::KeyFingerprint(*key);
  if (Normalize(actual_fp) != Normalize(fingerprint)) {
    problem("board.wrong_key", "the board's key has fingerprint " + actual_fp + ", not the one given");
  }
  const std::string text(result_text->as_string());
  if (!base::VerifyDetached(text, *sig, *key)) {
    problem("board.bad_signature", "the signature does not match the result record");
  }
  auto rec_v = json::parse(text, ec);
  if (ec || !rec_v.is_object()) {
    problem("board.malformed", "the result record is not a JSON object");
    return r;
  }
  const auto& rec = rec_v.as_object();
  const auto* hash = rec.if_contains("board_hash");
  if (!hash || !hash->is_string() || hash->as_string() != BoardHash(receipts, ballots)) {
    problem("board.hash_mismatch", "the receipts or ballots listed are not the ones the record was signed over");
  }
  const auto* scale_v = rec.if_contains("scale");
  const auto* deputies_v = rec.if_contains("deputies");
  if (!scale_v || !scale_v->is_array() || !deputies_v || !deputies_v->is_array()) {
    problem("board.malformed", "the record has no scale or deputies");
    return r;
  }
  std::vector<ScaleOption> scale;
  for (const auto& o : scale_v->as_array()) {
    if (!o.is_object()) continue;
    const auto* code = o.as_object().if_contains("code");
    const auto* label = o.as_object().if_contains("label");
    const auto* approval = o.as_object().if_contains("approval");
    scale.push_back({code && code->is_string() ? std::string(code->as_string()) : "",
                     label && label->is_string() ? std::string(label->as_string()) : "",
                     approval && approval->is_bool() && approval->as_bool()});
  }
  const auto& deputies = deputies_v->as_array();
  const auto invalid_sheets = Int(rec, "invalid_ballots");
  const auto issued = Int(rec, "issued");
  const auto returned = Int(rec, "returned");
  const bool void_poll = rec.if_contains("void") && rec.at("void").is_bool() && rec.at("void").as_bool();
  const auto base_code = rec.if_contains("grade_base") && rec.at("grade_base").is_string()
                             ? std::string(rec.at("grade_base").as_string())
                             : std::string("valid_votes");

  // The recount: withheld columns ('-') are read as invalid marks and skipped below.
  TallyInput in;
  for (std::size_t d = 0; d < deputies.size(); ++d) in.poll.deputy_ids.push_back(static_cast<std::int64_t>(d));
  in.poll.scale = scale;
  in.grade_base = ParseGradeBase(base_code).value_or(GradeBase::kValidVotes);
  in.min_valid_votes = 0;
  in.issued = issued;
  in.invalid_sheets = invalid_sheets < 0 ? 0 : invalid_sheets;
  std::vector<std::string> readable = ballots;
  for (auto& b : readable) std::replace(b.begin(), b.end(), '-', kInvalidMark);
  auto t = Tally(in, readable);
  if (!t.ok()) {
    problem("board.malformed", "a ballot does not fit the poll: " + t.status().message());
    return r;
  }
  if (returned != t->returned) {
    problem("board.returned_mismatch", "the record says " + std::to_string(returned) + " returned, the board holds " +
                                           std::to_string(t->returned));
  }
  if (returned > issued && !void_poll) {
    problem("board.returned_over_issued", "more ballots returned (" + std::to_string(returned) + ") than issued (" +
                                              std::to_string(issued) + ") in a poll not marked void");
  }
  if (Int(rec, "phone_ballots") != static_cast<std::int64_t>(receipts.size())) {
    problem("board.receipts_mismatch", "the number of receipts differs from the phone ballots recorded");
  }
  for (std::size_t d = 0; d < deputies.size(); ++d) {
    if (!deputies[d].is_object()) continue;
    const auto& row = deputies[d].as_object();
    const std::string name =
        row.if_contains("name") && row.at("name").is_string() ? std::string(row.at("name").as_string()) : "?";
    if (row.if_contains("withheld") && row.at("withheld").is_bool() && row.at("withheld").as_bool()) {
      r.deputies.push_back({name, true, {}, "", ""});
      continue;
    }
    const auto& got = t->deputies[d];
    std::vector<std::int64_t> votes;
    if (const auto* v = row.if_contains("votes"); v && v->is_array()) {
      for (const auto& x : v->as_array()) votes.push_back(x.is_int64() ? x.as_int64() : -1);
    }
    // In the signed record invalid counts include invalid sheets; so does the recount.
    if (votes != got.votes || Int(row, "valid") != got.valid || Int(row, "abstentions") != got.abstentions ||
        Int(row, "invalid") != got.invalid || Int(row, "base") != got.base) {
      problem("board.count_mismatch", name + ": the ballots do not add up to the recorded counts", name);
    }
    const auto* grade = row.if_contains("grade");
    const std::string expected = got.grade >= 0 && static_cast<std::size_t>(got.grade) < scale.size()
                                     ? scale[static_cast<std::size_t>(got.grade)].code
                                     : "";
    if (!grade || !grade->is_string() || grade->as_string() != expected) {
      problem("board.grade_mismatch", name + ": the grade is not what the rule gives for these votes", name);
    }
    const auto* approval = row.if_contains("approval");
    if (!approval || !approval->is_object() || Int(approval->as_object(), "num") != got.approval.num ||
        Int(approval->as_object(), "den") != got.approval.den) {
      problem("board.count_mismatch", name + ": the approval rate does not match the votes", name);
    }
    const auto tenths = got.approval.PercentTenths();
    r.deputies.push_back({name, false, got.votes,
                          tenths < 0 ? std::string() : std::to_string(tenths / 10) + "." + std::to_string(tenths % 10),
                          got.grade >= 0 && static_cast<std::size_t>(got.grade) < scale.size()
                              ? scale[static_cast<std::size_t>(got.grade)].label
                              : ""});
  }
  r.poll_id = Int(rec, "poll_id");
  r.ballots = static_cast<std::int64_t>(ballots.size());
  r.receipts = static_cast<std::int64_t>(receipts.size());
  r.issued = issued;
  r.returned = returned;
  r.void_poll = void_poll;
  r.fingerprint = actual_fp;
  r.ok = r.problems.empty();
  return r;
}

}  // namespace shuzhi::core
