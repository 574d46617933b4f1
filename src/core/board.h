// Checking a poll's bulletin board offline (`shuzhi verify`, DESIGN.md §5):
// the board is the signed result record, the receipts, and the ballots in
// random order. The check needs nothing from the server but the key's
// fingerprint, read off a slip, the projector or the minutes:
//   1. the public key in the board has that fingerprint;
//   2. the signature over the result record verifies with it;
//   3. the record's board hash matches the receipts and ballots listed;
//   4. a recount of the ballots gives the record's counts, approvals and
//      grades (withheld deputies' marks are blanked and not recounted);
//   5. returned = ballots + invalid sheets, and returned ≤ issued unless the
//      record says the poll is void.
// Pure (the signature check is libsodium's or OpenSSL's, through
// base/signing.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/signing.h"

namespace shuzhi::core {

struct BoardProblem {
  std::string code;     // board.malformed, board.wrong_key, board.bad_signature, board.hash_mismatch,
                        // board.count_mismatch, board.grade_mismatch, board.returned_mismatch,
                        // board.returned_over_issued, board.receipts_mismatch
  std::string subject;  // the deputy concerned, if any
  std::string detail;   // English, for logs and test failures; the CLI shows the code's translation
};

// The board as GET /api/v1/polls/{id}/board serves it and `shuzhi verify`
// reads it. Encoded here, once, so that the digest printed on the tally
// certificate is a digest of exactly the bytes a reader downloads.
struct BoardDocument {
  base::SignAlg algorithm = base::SignAlg::kEd25519;  // named in the file only when not Ed25519
  std::string signed_record;
  std::string signature_hex;
  std::string public_key_hex;
  std::vector<std::string> receipts;  // sorted
  std::vector<std::string> ballots;   // stored (random) order, withheld marks blanked
};

// The board file's bytes (JSON, format "shuzhi.board/1").
std::string EncodeBoard(const BoardDocument& board);

// The board's digest as the tally certificate prints it (and its QR code
// carries): lowercase hex SHA-256 of the board file's bytes (SM3 for a
// board signed with SM2).
std::string BoardDigest(std::string_view board_bytes, base::SignAlg alg = base::SignAlg::kEd25519);
// The algorithm a board file names (Ed25519 when it names none), or
// nullopt for a file that is not a board or names an unknown one.
std::optional<base::SignAlg> BoardAlgorithm(const std::string& board_json);

// A digest as typed off a certificate: lowercase, spaces, dashes and colons
// dropped; nullopt unless 64 hex digits remain.
std::optional<std::string> NormalizeDigest(const std::string& typed);

// One deputy as recounted, for the terminal.
struct BoardDeputy {
  std::string name;
  bool withheld = false;
  std::vector<std::int64_t> votes;  // per scale option
  std::string approval_percent;     // "88.0", or "" with no base
  std::string grade_label;          // as printed on the ballot
};

struct BoardReport {
  bool ok = false;
  std::vector<BoardProblem> problems;
  // What was checked.
  std::int64_t poll_id = 0;
  std::int64_t ballots = 0, receipts = 0, issued = 0, returned = 0;
  bool void_poll = false;
  std::string fingerprint;  // of the board's key
  base::SignAlg algorithm = base::SignAlg::kEd25519;
  std::vector<BoardDeputy> deputies;
};

// What the database and the board hold for a receipt: its digest, the
// first 32 hex characters of the unkeyed BLAKE2b-256 hash of the UTF-8 text
// "shuzhi receipt " followed by the receipt as printed ("7KQ2M-X9D4P").
// Neither a copy of the database nor a copy of the board then holds a
// receipt a voter could be asked to match; the receipt check hashes the
// receipt typed and looks the digest up.
std::string ReceiptDigest(const std::string& receipt);

// A receipt as typed (any case, spaces and dashes anywhere) in its printed
// form "XXXXX-XXXXX"; nullopt unless it has 10 letters and digits.
std::optional<std::string> NormalizeReceipt(const std::string& typed);

// Whether the board lists the digest of `receipt` (any typing of it):
// checked offline, without trusting the server. nullopt for a board that is
// not a board or a receipt that is not one.
std::optional<bool> BoardListsReceipt(const std::string& board_json, const std::string& receipt);

// The hash the result record signs over the board's lists: BLAKE2b-256,
// or SM3 for a board signed with SM2.
std::string BoardHash(const std::vector<std::string>& receipts, const std::vector<std::string>& ballots,
                      base::SignAlg alg = base::SignAlg::kEd25519);

// `fingerprint` as printed (case and spaces ignored).
BoardReport VerifyBoard(const std::string& board_json, const std::string& fingerprint);

}  // namespace shuzhi::core
