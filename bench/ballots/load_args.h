// The command lines of the separate load generators (ballot_load,
// meetings_bench): `--name value` pairs, repeatable `--flag NAME=PID`
// pairs naming the processes to account, and the database to prepare in.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::bench {

// Prints "PROGRAM: what" and exits with status 1 (PROGRAM as set by ParseArgs).
[[noreturn]] void Fail(const std::string& what);

struct LoadArgs {
  std::map<std::string, std::string> one;  // --name value
  // Each repeatable flag (as given to ParseArgs) with its NAME=PID pairs, in order.
  std::map<std::string, std::vector<std::pair<std::string, pid_t>>> processes;

  // The value of --name, or Fail.
  std::string Need(const std::string& name) const;
  int IntOr(const std::string& name, int fallback) const;
  const std::vector<std::pair<std::string, pid_t>>& Processes(const std::string& flag) const;
};

// Reads argv[2…] (argv[1] is the command); `process_flags` are the
// repeatable ones taking NAME=PID.
LoadArgs ParseArgs(const char* program, int argc, char** argv, const std::vector<std::string>& process_flags);

// "8080,8081" as ports, or Fail.
std::vector<std::uint16_t> PortList(const std::string& list);

// The store a benchmark prepares in: --db URL (PostgreSQL) or --data DIR
// (SQLite), with the crypto library set up; or Fail.
std::unique_ptr<storage::Store> OpenPrepareStore(const LoadArgs& a);

}  // namespace shuzhi::bench
