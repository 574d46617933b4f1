// Ballots and credential codes, as pure rules (DESIGN.md §4–5).
//
// A poll lists deputies in a fixed order and a scale of options, best first.
// A ballot's choices are stored compactly, one character per deputy in the
// poll's order: '0'…'9' the option's index, 'a' an explicit abstention, 'x'
// a paper row left blank or marked more than once (invalid for that deputy
// only). Nothing else about a ballot is stored (DESIGN.md §5).
//
// A credential carrier (phone slip or paper sheet) holds a 128-bit secret,
// printed for typing as 26 Crockford base32 characters in groups of four.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/campaign.h"

namespace shuzhi::core {

inline constexpr char kAbstain = 'a';
inline constexpr char kInvalidMark = 'x';
inline constexpr std::size_t kSecretBytes = 16;
inline constexpr std::size_t kMaxScaleOptions = 10;

enum class Channel { kPhone, kPaper };
const char* ChannelCode(Channel c);
std::optional<Channel> ParseChannel(std::string_view s);

// What a poll asks: its deputies in order and the campaign's scale.
struct PollBallotSpec {
  std::vector<std::int64_t> deputy_ids;
  std::vector<ScaleOption> scale;  // best first; at most kMaxScaleOptions
  bool abstention_allowed = false;
};

// One deputy's choice as a client sends it: an option code, "abstain", or —
// on paper only — "blank" / "multiple".
struct ChoiceInput {
  std::int64_t deputy_id = 0;
  std::string option;
};

// Encodes a phone ballot: every deputy of the poll exactly once, each with an
// option of the scale (or "abstain" when allowed). invalid_argument with
// reason ballot.unknown_deputy, ballot.missing_choice, ballot.duplicate_choice,
// ballot.unknown_option or ballot.abstention_not_allowed otherwise.
base::Result<std::string> EncodePhoneChoices(const PollBallotSpec& poll, const std::vector<ChoiceInput>& choices);
// Encodes a paper sheet as a teller keys it: like a phone ballot, but a row
// may also be "blank" or "multiple" (invalid for that deputy).
base::Result<std::string> EncodePaperChoices(const PollBallotSpec& poll, const std::vector<ChoiceInput>& choices);
// The choices back as option codes ("abstain", "invalid" for 'x'), in the
// poll's deputy order; invalid_argument "ballot.corrupt" for a string that
// does not fit the poll.
base::Result<std::vector<std::string>> DecodeChoices(const PollBallotSpec& poll, std::string_view encoded);

// 16 bytes → "ABCD-EFGH-…" (26 Crockford base32 characters, groups of 4).
std::string FormatSecret(std::string_view secret);
// Accepts the printed form typed by a person: case-insensitive, hyphens and
// spaces ignored, I/L read as 1 and O as 0; or a scanned slip's whole link
// (the code is its #fragment). invalid_argument
// "credential.malformed" for anything that is not 16 bytes' worth.
base::Result<std::string> ParseSecret(std::string_view typed);

}  // namespace shuzhi::core
