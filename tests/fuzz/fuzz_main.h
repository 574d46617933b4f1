// What every fuzz target shares: the libFuzzer entry point's signature and
// the one-time set-up of libsodium and the locale catalogue.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/crypto.h"

namespace shuzhi::fuzz {

inline std::string_view Bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Once per process, before the first input.
inline void InitOnce() {
  static const bool done = base::InitCrypto().ok();
  (void)done;
}

}  // namespace shuzhi::fuzz
