// `shuzhi verify` and the receipt check: a poll's board (JSON from anywhere)
// with its signed result, and a receipt as a person types it. The input is
// the board; its first line, when there is one, is also tried as a receipt.
#include <string>

#include "core/board.h"
#include "core/result_record.h"
#include "fuzz_main.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shuzhi::fuzz::InitOnce();
  const std::string board(shuzhi::fuzz::Bytes(data, size));
  (void)shuzhi::core::VerifyBoard(board, "");
  (void)shuzhi::core::ReadResultRecord(board);
  const std::string first_line = board.substr(0, board.find('\n'));
  (void)shuzhi::core::NormalizeReceipt(first_line);
  (void)shuzhi::core::BoardListsReceipt(board, first_line);
  return 0;
}
