// The power-cut log's record format, shared by the shim that writes it
// (powercut_shim.cc, inside `shuzhi serve`) and the cut that reads it
// (power_cut.cc, in the harness).
#pragma once

#include <cstdint>

namespace shuzhi::faults::powercut {

inline constexpr std::uint32_t kMagic = 0x54554350;  // "PCUT"

enum class RecordType : std::uint32_t {
  kWrite = 1,     // a = offset, b = length written, c = the file's size before; data = the bytes replaced
  kTruncate = 2,  // a = new size, c = the size before; data = the bytes cut off
  kSync = 3,      // the file's records before record number a are durable
  kDirSync = 4,   // the directory's entries created before record number a are durable
  kCreate = 5,    // the file did not exist before this record (number a)
};

struct RecordHeader {
  std::uint32_t magic;
  std::uint32_t type;
  std::uint32_t path_len;
  std::uint32_t reserved;
  std::uint64_t a, b, c;
  std::uint64_t data_len;
};

}  // namespace shuzhi::faults::powercut
