// Logging facade over spdlog. Callers use LogInfo/LogWarn/LogError with fmt
// format strings. Never pass a secret, a session id, a password, a receipt or
// a ballot choice (STYLE.md §12): the log is readable by operators.
//
// Thread-safe: spdlog loggers synchronise internally.
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace shuzhi::base {

// Sends logs to stderr, or, when `file` is non-empty, to that file, with
// warnings and errors also to stderr.
// `level` is one of trace, debug, info, warn, error, off.
void InitLogging(const std::string& level, const std::string& file);

template <typename... Args>
void LogInfo(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::info(fmt, std::forward<Args>(args)...);
}
template <typename... Args>
void LogWarn(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::warn(fmt, std::forward<Args>(args)...);
}
template <typename... Args>
void LogError(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::error(fmt, std::forward<Args>(args)...);
}

}  // namespace shuzhi::base
