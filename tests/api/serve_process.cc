#include "serve_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "http_client.h"

namespace shuzhi::testing {

ServeProcess::ServeProcess(ServeConfig config) : config_(std::move(config)) {}

ServeProcess::~ServeProcess() { Kill(); }

bool ServeProcess::Spawn() {
  Kill();
  // Everything the child needs, built before fork: only async-signal-safe
  // calls may follow it in a threaded parent.
  std::vector<std::string> argv_s = {config_.binary, "serve"};
  argv_s.insert(argv_s.end(), config_.args.begin(), config_.args.end());
  argv_s.push_back("--listen");
  argv_s.push_back("127.0.0.1:" + std::to_string(config_.port));
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& kv : config_.env) replaced = replaced || kv.first == name;
    if (!replaced) env_s.push_back(entry);
  }
  for (const auto& [k, v] : config_.env) env_s.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  const pid_t parent = ::getpid();
  const int log = ::open(config_.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return false;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log);
    return false;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) _exit(127);  // the parent died before prctl
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  ::close(log);
  ::setpgid(pid, pid);  // also here: the kill must not race the child's own call
  pid_ = pid;
  return true;
}

bool ServeProcess::WaitHealthy(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (pid_ > 0) {
    if (HttpCall(config_.port, "GET", "/api/v1/health").status == 200) return true;
    if (Exited()) return false;  // it could not start
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

bool ServeProcess::Exited() {
  int status = 0;
  if (pid_ <= 0 || ::waitpid(pid_, &status, WNOHANG) != pid_) return false;
  ::kill(-pid_, SIGKILL);  // anything it left in its group
  pid_ = 0;
  return true;
}

void ServeProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

int ServeProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  ::kill(-pid_, SIGKILL);  // anything it left in its group
  pid_ = 0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::uint16_t FreePort() {
  // Below the kernel's ephemeral range: a port from that range may be
  // handed to a client's connection as its own, and a client reconnecting
  // to a server that is down could then connect to itself.
  int low = 32768;
  if (FILE* f = std::fopen("/proc/sys/net/ipv4/ip_local_port_range", "r")) {
    if (std::fscanf(f, "%d", &low) != 1) low = 32768;
    std::fclose(f);
  }
  low = std::clamp(low, 12000, 65535);
  std::mt19937 pick(static_cast<unsigned>(::getpid()) ^ static_cast<unsigned>(std::random_device{}()));
  for (int attempt = 0; attempt < 200; ++attempt) {
    const auto port = static_cast<std::uint16_t>(10000 + pick() % static_cast<unsigned>(low - 10000));
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (free) return port;
  }
  return 0;
}

}  // namespace shuzhi::testing
