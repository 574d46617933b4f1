// The TOML configuration file (`--config`): parsed, and its keys exported
// as SHUZHI_* variables. The input is written to a file, as the server
// reads it from one; the variables set are cleared after each input.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "cli/options.h"
#include "fuzz_main.h"

extern char** environ;

namespace {

void ClearShuzhiVariables() {
  for (;;) {
    std::string name;
    for (char** e = environ; *e; ++e) {
      const std::string entry(*e);
      if (entry.rfind("SHUZHI_", 0) == 0) {
        name = entry.substr(0, entry.find('='));
        break;
      }
    }
    if (name.empty()) return;
    ::unsetenv(name.c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/shuzhi-config-fuzz-" + std::to_string(::getpid()) + ".toml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  char arg0[] = "shuzhi", arg1[] = "serve", arg2[] = "--config";
  std::string arg3 = path;
  char* argv[] = {arg0, arg1, arg2, arg3.data(), nullptr};
  (void)shuzhi::cli::LoadConfigFile(4, argv);
  ClearShuzhiVariables();
  return 0;
}
