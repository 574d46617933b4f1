#include "base/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <memory>
#include <vector>

namespace shuzhi::base {

void InitLogging(const std::string& level, const std::string& file) {
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  // With a file, the access lines go there only: standard error is written
  // line by line (a system call per request, ballots included) and keeps
  // the warnings and errors an operator watching it needs.
  if (!file.empty()) console->set_level(spdlog::level::warn);
  sinks.push_back(console);
  if (!file.empty()) sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, false));
  auto logger = std::make_shared<spdlog::logger>("shuzhi", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(level));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  // Flushing every line would cost a write per request on hot paths; warnings
  // and errors flush at once, the rest at least every second.
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace shuzhi::base
