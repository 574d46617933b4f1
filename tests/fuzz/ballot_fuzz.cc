// The carrier code a voter types or scans (ParseSecret), and a ballot's
// choices as a phone sends them: encoded against the poll, then decoded as
// the tally and `shuzhi verify` read them, which must give back exactly the
// choices sent. The first byte picks the poll's shape; then each pair of
// bytes is one choice (a deputy, maybe not the poll's, and an option).
#include <map>
#include <string>
#include <vector>

#include "core/ballot.h"
#include "fuzz_main.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)shuzhi::core::ParseSecret(shuzhi::fuzz::Bytes(data, size));
  if (size == 0) return 0;
  shuzhi::core::PollBallotSpec poll;
  const int deputies = 1 + data[0] % 12;
  for (int i = 0; i < deputies; ++i) poll.deputy_ids.push_back(100 + i);
  poll.scale = {{"excellent", "优秀", true},
                {"competent", "称职", true},
                {"basically", "基本称职", true},
                {"incompetent", "不称职", false}};
  poll.abstention_allowed = (data[0] & 0x80) != 0;
  const char* options[] = {"excellent", "competent", "basically", "incompetent", "abstain", "blank", "bogus"};
  std::vector<shuzhi::core::ChoiceInput> sent;
  for (std::size_t i = 1; i + 1 < size; i += 2) {
    sent.push_back({100 + data[i] % 14, options[data[i + 1] % 7]});
  }
  auto encoded = shuzhi::core::EncodePhoneChoices(poll, sent);
  (void)shuzhi::core::DecodeChoices(poll, shuzhi::fuzz::Bytes(data + 1, size - 1));
  if (!encoded.ok()) return 0;
  auto decoded = shuzhi::core::DecodeChoices(poll, *encoded);
  if (!decoded.ok() || decoded->size() != poll.deputy_ids.size()) __builtin_trap();
  std::map<std::int64_t, std::string> by_deputy;
  for (const auto& c : sent) by_deputy[c.deputy_id] = c.option;
  for (std::size_t d = 0; d < poll.deputy_ids.size(); ++d) {
    if (by_deputy[poll.deputy_ids[d]] != (*decoded)[d]) __builtin_trap();  // a choice came back changed
  }
  return 0;
}
