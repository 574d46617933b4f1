#include "core/ballot.h"

#include <algorithm>
#include <array>

namespace shuzhi::core {

using base::Result;
using base::Status;

const char* ChannelCode(Channel c) { return c == Channel::kPhone ? "phone" : "paper"; }

std::optional<Channel> ParseChannel(std::string_view s) {
  if (s == "phone") return Channel::kPhone;
  if (s == "paper") return Channel::kPaper;
  return std::nullopt;
}

namespace {

Status Bad(const char* reason, const std::string& detail) { return base::InvalidArgument(reason, detail); }

Result<std::string> Encode(const PollBallotSpec& poll, const std::vector<ChoiceInput>& choices, bool paper) {
  if (poll.scale.empty() || poll.scale.size() > kMaxScaleOptions) return Bad("ballot.corrupt", "scale");
  std::string out(poll.deputy_ids.size(), '\0');
  for (const auto& c : choices) {
    // A linear search: a poll has a few dozen deputies at most, and this
    // runs for every ballot.
    const auto it = std::find(poll.deputy_ids.begin(), poll.deputy_ids.end(), c.deputy_id);
    if (it == poll.deputy_ids.end()) return Bad("ballot.unknown_deputy", std::to_string(c.deputy_id));
    char& slot = out[static_cast<std::size_t>(it - poll.deputy_ids.begin())];
    if (slot != '\0') return Bad("ballot.duplicate_choice", std::to_string(c.deputy_id));
    if (c.option == "abstain") {
      if (!poll.abstention_allowed) return Bad("ballot.abstention_not_allowed", std::to_string(c.deputy_id));
      slot = kAbstain;
      continue;
    }
    if (paper && (c.option == "blank" || c.option == "multiple")) {
      slot = kInvalidMark;
      continue;
    }
    std::size_t k = 0;
    while (k < poll.scale.size() && poll.scale[k].code != c.option) ++k;
    if (k == poll.scale.size()) return Bad("ballot.unknown_option", c.option);
    slot = static_cast<char>('0' + k);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\0') return Bad("ballot.missing_choice", std::to_string(poll.deputy_ids[i]));
  }
  return out;
}

// Crockford's base32 alphabet: no I, L, O or U, so a typed code survives
// the usual misreadings. Hand-written because Debian ships no C++ base32
// library, and the whole codec is these two small loops.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int DecodeDigit(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'I' || c == 'L') c = '1';
  if (c == 'O') c = '0';
  const auto p = kAlphabet.find(c);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

}  // namespace

Result<std::string> EncodePhoneChoices(const PollBallotSpec& poll, const std::vector<ChoiceInput>& choices) {
  return Encode(poll, choices, false);
}

Result<std::string> EncodePaperChoices(const PollBallotSpec& poll, const std::vector<ChoiceInput>& choices) {
  return Encode(poll, choices, true);
}

Result<std::vector<std::string>> DecodeChoices(const PollBallotSpec& poll, std::string_view encoded) {
  if (encoded.size() != poll.deputy_ids.size()) return Bad("ballot.corrupt", "length");
  std::vector<std::string> out;
  out.reserve(encoded.size());
  for (char c : encoded) {
    if (c == kAbstain) {
      out.emplace_back("abstain");
    } else if (c == kInvalidMark) {
      out.emplace_back("invalid");
    } else if (c >= '0' && static_cast<std::size_t>(c - '0') < poll.scale.size()) {
      out.push_back(poll.scale[static_cast<std::size_t>(c - '0')].code);
    } else {
      return Bad("ballot.corrupt", "mark");
    }
  }
  return out;
}

std::string FormatSecret(std::string_view secret) {
  std::string digits;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : secret) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      digits.push_back(kAlphabet[(buffer >> (bits - 5)) & 31u]);
      bits -= 5;
    }
  }
  if (bits > 0) digits.push_back(kAlphabet[(buffer << (5 - bits)) & 31u]);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(digits[i]);
  }
  return out;
}

Result<std::string> ParseSecret(std::string_view typed) {
  // A scanned QR code gives the whole link; the code is its #fragment.
  if (const auto hash = typed.rfind('#'); hash != std::string_view::npos) typed.remove_prefix(hash + 1);
  constexpr std::size_t kDigits = (kSecretBytes * 8 + 4) / 5;  // 26
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t digits = 0;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    const int d = DecodeDigit(c);
    if (d < 0 || ++digits > kDigits) return Bad("credential.malformed", "");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(d);
    bits += 5;
    if (bits >= 8) {
      bytes.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xffu));
      bits -= 8;
    }
  }
  // The last digit carries 3 padding bits, which must be zero.
  if (digits != kDigits || bytes.size() != kSecretBytes || (buffer & ((1u << bits) - 1)) != 0) {
    return Bad("credential.malformed", "");
  }
  return bytes;
}

}  // namespace shuzhi::core
