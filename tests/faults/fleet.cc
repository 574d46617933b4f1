#include "fleet.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "http_client.h"

namespace shuzhi::faults {

Fleet::Fleet(FleetConfig config) : config_(std::move(config)) {
  for (int i = 0; i < config_.servers; ++i) {
    testing::ServeConfig s;
    s.binary = config_.binary;
    s.args = config_.store_args;
    s.args.insert(s.args.end(), {"--log-file", config_.log_dir + "/server-" + std::to_string(i) + ".log"});
    s.port = testing::FreePort();
    s.log = config_.log_dir + "/server-" + std::to_string(i) + ".out";
    // The first start creates an administrator; its password is not needed.
    s.env = {{"SHUZHI_ADMIN_PASSWORD", "faults-admin-password"}};
    s.env.insert(s.env.end(), config_.env.begin(), config_.env.end());
    servers_.push_back(std::make_unique<testing::ServeProcess>(s));
  }
}

bool Fleet::Start() {
  for (auto& s : servers_) {
    if (!s->Start()) return false;
  }
  return true;
}

std::vector<std::uint16_t> Fleet::ports() const {
  std::vector<std::uint16_t> out;
  for (const auto& s : servers_) out.push_back(s->port());
  return out;
}

void Fleet::Strike(std::mt19937& rng) {
  std::vector<std::string> kinds;
  if (power_cut_) {
    kinds.push_back("power cut");
  } else if (servers_.size() == 1) {
    kinds.push_back("kill -9 the server");
  } else {
    kinds.insert(kinds.end(), {"kill -9 one server", "kill -9 every server"});
  }
  if (!config_.pg_ctl.empty()) {
    kinds.insert(kinds.end(), {"restart PostgreSQL (immediate stop)", "restart PostgreSQL (fast stop)"});
  }
  // Every kind once in each round of strikes, in a random order.
  if (round_.empty()) {
    round_ = kinds;
    std::shuffle(round_.begin(), round_.end(), rng);
  }
  const std::string kind = round_.back();
  round_.pop_back();
  ++faults_[kind];
  if (kind.rfind("restart PostgreSQL", 0) == 0) {
    const bool immediate = kind.find("immediate") != std::string::npos;
    if (!RestartPostgres(immediate ? "immediate" : "fast", rng)) ++faults_["pg_ctl failed"];
    return;
  }
  std::vector<testing::ServeProcess*> victims;
  if (kind == "kill -9 one server") {
    victims.push_back(servers_[rng() % servers_.size()].get());
  } else {
    for (auto& s : servers_) victims.push_back(s.get());
  }
  const auto now = std::chrono::steady_clock::now();
  for (auto* s : victims) {
    if (s->running()) ++kills_;
    s->Kill();
  }
  if (power_cut_) power_cut_();
  for (auto* s : victims) Restart(s, now);
}

void Fleet::Restart(testing::ServeProcess* s, std::chrono::steady_clock::time_point down_since) {
  s->Spawn();
  for (const auto& d : down_) {
    if (d.server == s) return;  // killed again before it answered: timed from the first kill
  }
  down_.push_back({s, down_since});
}

bool Fleet::RestartPostgres(const std::string& mode, std::mt19937& rng) {
  const std::string log = " >>" + config_.log_dir + "/pg_ctl.log 2>&1";
  const bool stopped = std::system((config_.pg_ctl + " stop -m " + mode + " -w" + log).c_str()) == 0;
  // Down for a moment: the servers' next statements fail, as ballots keep
  // arriving.
  std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 800));
  const bool started = std::system((config_.pg_ctl + " start -w" + log).c_str()) == 0;
  return stopped && started;
}

void Fleet::RestartPostgresWhileIdle(std::mt19937& rng) {
  if (config_.pg_ctl.empty()) return;
  ++faults_["restart PostgreSQL while the servers are idle"];
  if (!RestartPostgres("fast", rng)) ++faults_["pg_ctl failed"];
}

void Fleet::Supervise() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& s : servers_) {
    if (s->Exited()) {
      ++unexpected_exits_;
      Restart(s.get(), now);
    }
  }
  for (auto it = down_.begin(); it != down_.end();) {
    if (testing::HttpCall(it->server->port(), "GET", "/api/v1/health").status == 200) {
      downtimes_ms_.push_back(std::chrono::duration<double, std::milli>(now - it->since).count());
      it = down_.erase(it);
    } else {
      ++it;
    }
  }
}

bool Fleet::WaitHealthy(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (auto& s : servers_) {
    for (;;) {
      if (!s->running()) s->Spawn();
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      if (s->WaitHealthy(static_cast<int>(left.count()))) break;
    }
  }
  return true;
}

bool Fleet::Stop() {
  bool clean = true;
  for (auto& s : servers_) {
    if (s->running() && s->Stop() != 0) clean = false;
  }
  return clean;
}

std::string Fleet::logs() const {
  std::string out;
  for (const auto& s : servers_) out += (out.empty() ? "" : ", ") + s->log();
  return out;
}

}  // namespace shuzhi::faults
