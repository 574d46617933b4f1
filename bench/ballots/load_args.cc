#include "bench/ballots/load_args.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "base/crypto.h"
#include "storage/store.h"

namespace shuzhi::bench {
namespace {
std::string program_name =
    "bench";  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables): set once by ParseArgs
}  // namespace

void Fail(const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", program_name.c_str(), what.c_str());
  std::exit(1);
}

std::string LoadArgs::Need(const std::string& name) const {
  const auto it = one.find(name);
  if (it == one.end()) Fail("missing " + name);
  return it->second;
}

int LoadArgs::IntOr(const std::string& name, int fallback) const {
  const auto it = one.find(name);
  return it == one.end() ? fallback : std::atoi(it->second.c_str());
}

const std::vector<std::pair<std::string, pid_t>>& LoadArgs::Processes(const std::string& flag) const {
  static const std::vector<std::pair<std::string, pid_t>> kNone;
  const auto it = processes.find(flag);
  return it == processes.end() ? kNone : it->second;
}

LoadArgs ParseArgs(const char* program, int argc, char** argv, const std::vector<std::string>& process_flags) {
  program_name = program;
  LoadArgs a;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string name = argv[i], value = argv[i + 1];
    bool process = false;
    for (const auto& f : process_flags) process = process || f == name;
    if (!process) {
      a.one[name] = value;
      continue;
    }
    const auto eq = value.find('=');
    if (eq == std::string::npos) Fail(name + " takes NAME=PID");
    a.processes[name].emplace_back(value.substr(0, eq), std::atoi(value.c_str() + eq + 1));
  }
  return a;
}

std::vector<std::uint16_t> PortList(const std::string& list) {
  std::vector<std::uint16_t> out;
  std::stringstream in(list);
  for (std::string p; std::getline(in, p, ',');) out.push_back(static_cast<std::uint16_t>(std::atoi(p.c_str())));
  if (out.empty()) Fail("no ports");
  return out;
}

std::unique_ptr<storage::Store> OpenPrepareStore(const LoadArgs& a) {
  if (!base::InitCrypto().ok()) Fail("crypto");
  storage::StoreOptions so;
  if (a.one.count("--db"))
    so.db_url = a.one.at("--db");
  else
    so.data_dir = a.Need("--data");
  auto store = storage::OpenStore(so);
  if (!store.ok()) Fail(store.status().ToString());
  return std::move(*store);
}

}  // namespace shuzhi::bench
