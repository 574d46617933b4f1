// The servers the crash harness breaks: one or more `shuzhi serve` over one
// database, and with PostgreSQL the database server itself.
//
// A fault is a `kill -9` of one server, of every server at once, or (with
// a way to run pg_ctl, SHUZHI_TEST_PG_CTL from tests/pg/with-postgres.sh) a
// stop of PostgreSQL followed, a moment later, by its start: an immediate
// stop (its processes end at once, as in a crash; it recovers from its WAL
// when it starts again) or a fast one (as an administrator's restart: each
// session is ended with an error, 57P01). A killed server is started again at once on the same
// data and port; the harness does not wait for it, the phones do. Supervise
// restarts a server that ended without being killed (one that started while
// PostgreSQL was down exits, as it should) and counts it.
//
// Not thread-safe: the harness's main thread drives it.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "serve_process.h"

namespace shuzhi::faults {

struct FleetConfig {
  std::string binary;
  std::vector<std::string> store_args;  // --data DIR, or --db URL
  int servers = 1;
  std::string log_dir;
  std::string pg_ctl;  // a command line running pg_ctl for the test cluster; "" for none
  std::vector<std::pair<std::string, std::string>> env;  // set for the servers
};

class Fleet {
 public:
  explicit Fleet(FleetConfig config);

  // Starts every server and waits until each answers; false if one does not.
  bool Start();
  // Makes every strike a power cut: every server killed, then `cut` run on
  // the data they left (power_cut.h), then every server started again.
  void set_power_cut(std::function<void()> cut) { power_cut_ = std::move(cut); }
  // Inflicts one fault, of a kind this fleet can suffer (each kind once per
  // round, in a random order), and starts again what it stopped.
  void Strike(std::mt19937& rng);
  // Restarts PostgreSQL (a fast stop) while the servers sit idle, when the
  // fleet can: their pooled connections are then all closed by PostgreSQL
  // and must be reset when next handed out, not fail the next request.
  void RestartPostgresWhileIdle(std::mt19937& rng);
  // Starts again a server that exited by itself, and notes when the
  // servers started again answer (call it often: it times their downtime).
  void Supervise();
  // Waits until every server answers (starting those that exited).
  bool WaitHealthy(int timeout_ms);
  // Stops every server with SIGTERM; false if one did not exit cleanly.
  bool Stop();

  // Whether every server killed or exited has answered since (as
  // Supervise last saw).
  bool AllAnswering() const { return down_.empty(); }
  std::vector<std::uint16_t> ports() const;
  std::uint16_t port(std::size_t i) const { return servers_[i]->port(); }
  // Faults inflicted, by kind ("kill one server", …), and the servers' own
  // exits.
  const std::map<std::string, int>& faults() const { return faults_; }
  int kills() const { return kills_; }
  int unexpected_exits() const { return unexpected_exits_; }
  // From each kill to the moment the server started again answered
  // /api/v1/health, in milliseconds (as seen by Supervise).
  const std::vector<double>& downtimes_ms() const { return downtimes_ms_; }
  std::string logs() const;

 private:
  // pg_ctl stop -m MODE, a pause of 0.2 to 1 s, pg_ctl start.
  bool RestartPostgres(const std::string& mode, std::mt19937& rng);
  void Restart(testing::ServeProcess* s, std::chrono::steady_clock::time_point down_since);

  struct Down {
    testing::ServeProcess* server;
    std::chrono::steady_clock::time_point since;
  };

  FleetConfig config_;
  std::function<void()> power_cut_;
  std::vector<std::unique_ptr<testing::ServeProcess>> servers_;
  std::map<std::string, int> faults_;
  std::vector<std::string> round_;  // the kinds of strike left in this round
  int kills_ = 0;                   // server processes killed
  int unexpected_exits_ = 0;
  std::vector<Down> down_;
  std::vector<double> downtimes_ms_;
};

}  // namespace shuzhi::faults
