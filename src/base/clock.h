// Time: an injectable clock and the China Standard Time formatting that
// DESIGN.md §4 asks for. All stored times are microseconds since the Unix
// epoch (UTC); they are shown in UTC+8.
//
// Clock implementations are safe for concurrent use.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shuzhi::base {

using Micros = std::int64_t;  // microseconds since 1970-01-01T00:00:00Z

constexpr Micros kMicrosPerSecond = 1'000'000;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Micros Now() const override;
};

// A clock that only moves when told to; tests use it to expire sessions and
// throttles without waiting.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Micros start = 1'795'000'000LL * kMicrosPerSecond) : now_(start) {}
  Micros Now() const override { return now_.load(); }
  void Advance(Micros d) { now_ += d; }
  void Set(Micros t) { now_ = t; }

 private:
  std::atomic<Micros> now_;
};

// "2026-11-27T16:38:05+08:00" (seconds precision, China Standard Time).
std::string FormatCst(Micros t);
// Parses the format above or any "YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)"; nullopt if malformed.
std::optional<Micros> ParseIso8601(std::string_view s);

}  // namespace shuzhi::base
