// The GUARDED_BY rules of src/, checked by clang's thread-safety analysis.
// The server is built with gcc, to which base/mutex.h's annotations are
// empty; this test compiles each source that locks a base::Mutex once more
// with clang (-fsyntax-only -Wthread-safety -Werror), using the flags the
// build recorded in compile_commands.json. A planted read of a guarded
// member without its mutex must fail the same way, so the check cannot pass
// by checking nothing.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.h"

namespace {

namespace fs = std::filesystem;
namespace json = shuzhi::base::json;

struct ShellRun {
  int status = 0;
  std::string output;
};

ShellRun Shell(const std::string& command) {
  ShellRun r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) r.output += buf.data();
  r.status = ::pclose(p);
  return r;
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kCheck = " -fsyntax-only -Wthread-safety -Werror=thread-safety -Wno-unknown-warning-option";

// The command that compiled `file`, with clang in gcc's place, checking only.
std::string ClangCommand(const json::object& entry) {
  std::istringstream words(std::string(entry.at("command").as_string()));
  std::vector<std::string> args;
  for (std::string w; words >> w;) args.push_back(w);
  std::string cmd = "cd " + Quote(std::string(entry.at("directory").as_string())) + " && " + SHUZHI_CLANGXX;
  bool compiler_seen = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!compiler_seen) {  // the launcher (ccache) and the compiler
      compiler_seen = a.find("ccache") == std::string::npos;
      continue;
    }
    if (a == "-o") {
      ++i;
      continue;
    }
    if (a == "-c") continue;
    cmd += " " + a;  // CMake's words carry no spaces of their own here
  }
  return cmd + kCheck;
}

// Sources that lock a base::Mutex, directly or through their own header.
std::vector<std::string> LockingSources() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(SHUZHI_SOURCE_DIR) / "src")) {
    if (!e.is_regular_file() || e.path().extension() != ".cc") continue;
    auto header = e.path();
    header.replace_extension(".h");
    const bool uses = Read(e.path()).find("base/mutex.h") != std::string::npos ||
                      (fs::exists(header) && Read(header).find("base/mutex.h") != std::string::npos);
    if (uses && e.path().filename() != "mutex.h") out.push_back(fs::canonical(e.path()).string());
  }
  return out;
}

TEST(ThreadSafetyTest, EverySourceThatLocksPassesClangsAnalysis) {
  const auto text = Read(fs::path(SHUZHI_BINARY_DIR) / "compile_commands.json");
  ASSERT_FALSE(text.empty()) << "no compile_commands.json in the build folder";
  const auto db = json::parse(text).as_array();
  const auto sources = LockingSources();
  ASSERT_GE(sources.size(), 4u) << "expected the stores, the group commit and the server to lock";
  for (const auto& file : sources) {
    const json::object* entry = nullptr;
    for (const auto& e : db) {
      if (fs::path(std::string(e.as_object().at("file").as_string())) == fs::path(file)) entry = &e.as_object();
    }
    ASSERT_NE(entry, nullptr) << file << " is not in compile_commands.json";
    const ShellRun r = Shell(ClangCommand(*entry));
    EXPECT_EQ(r.status, 0) << file << ":\n" << r.output;
  }
}

TEST(ThreadSafetyTest, APlantedUnguardedReadIsReported) {
  const fs::path dir = fs::temp_directory_path() / ("shuzhi-tsa-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string head =
      "#include \"base/mutex.h\"\nstruct Box {\n  shuzhi::base::Mutex mu;\n"
      "  int n SHUZHI_GUARDED_BY(mu) = 0;\n";
  std::ofstream(dir / "good.cc") << head << "  int Get() { shuzhi::base::MutexLock l(mu); return n; }\n};\n";
  std::ofstream(dir / "bad.cc") << head << "  int Get() { return n; }\n};\n";
  const std::string cc = std::string(SHUZHI_CLANGXX) + " -std=c++20 -I " + Quote(SHUZHI_SOURCE_DIR "/src") + kCheck;
  const ShellRun good = Shell(cc + " " + Quote((dir / "good.cc").string()));
  const ShellRun bad = Shell(cc + " " + Quote((dir / "bad.cc").string()));
  fs::remove_all(dir);
  EXPECT_EQ(good.status, 0) << good.output;
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.output.find("requires holding mutex 'mu'"), std::string::npos) << bad.output;
}

}  // namespace
