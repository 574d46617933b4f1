// What the benchmarks that write their data straight into the schema share:
// their own connection to the database (SQLite or PostgreSQL, with the same
// SQL where the two agree), and a fresh store to write into — a new SQLite
// database in a folder, or the PostgreSQL database SHUZHI_TEST_PG_URL names
// (tests/pg/with-postgres.sh starts one), emptied first. Only the reading
// the benchmark measures goes through the use cases.
//
// Header-only; a benchmark using it links SQLite::SQLite3 and
// PostgreSQL::PostgreSQL.
#pragma once

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "storage/store.h"

namespace shuzhi::bench {

class Sql {
 public:
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;
  static std::unique_ptr<Sql> Sqlite(const std::filesystem::path& path, const char* who) {
    auto out = std::unique_ptr<Sql>(new Sql(who));
    if (sqlite3_open(path.c_str(), &out->lite_) != SQLITE_OK) return nullptr;
    return out;
  }
  static std::unique_ptr<Sql> Postgres(const std::string& url, const char* who) {
    auto out = std::unique_ptr<Sql>(new Sql(who));
    out->pg_ = PQconnectdb(url.c_str());
    if (PQstatus(out->pg_) != CONNECTION_OK) {
      std::fprintf(stderr, "%s: %s\n", who, PQerrorMessage(out->pg_));
      return nullptr;
    }
    return out;
  }
  ~Sql() {
    if (lite_) sqlite3_close(lite_);
    if (pg_) PQfinish(pg_);
  }

  bool Exec(const std::string& sql) {
    if (pg_) {
      PGresult* r = PQexec(pg_, sql.c_str());
      const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
      if (!ok) std::fprintf(stderr, "%s: %s  in %s\n", who_, PQerrorMessage(pg_), sql.substr(0, 200).c_str());
      PQclear(r);
      return ok;
    }
    char* err = nullptr;
    if (sqlite3_exec(lite_, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return true;
    std::fprintf(stderr, "%s: %s\n  in %s\n", who_, err ? err : "?", sql.substr(0, 200).c_str());
    sqlite3_free(err);
    return false;
  }

  // 1..n as a table `n(i)`.
  std::string Series(int n) const {
    if (pg_) return "WITH n(i) AS (SELECT generate_series(1, " + std::to_string(n) + ")) ";
    return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(n) + ") ";
  }

  bool postgres() const { return pg_ != nullptr; }

 private:
  explicit Sql(const char* who) : who_(who) {}
  const char* who_;
  sqlite3* lite_ = nullptr;
  PGconn* pg_ = nullptr;
};

// The store the benchmark's data is written into, and its own connection.
struct BenchStore {
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<Sql> sql;
};

// A fresh SQLite database in `dir`, or the emptied PostgreSQL test database.
inline std::optional<BenchStore> OpenBenchStore(const std::filesystem::path& dir, bool postgres, const char* who) {
  BenchStore y;
  std::string url;
  if (postgres) {
    const char* env = std::getenv("SHUZHI_TEST_PG_URL");
    if (!env || !*env) {
      std::fprintf(stderr, "%s: --postgres needs SHUZHI_TEST_PG_URL (run it through tests/pg/with-postgres.sh)\n", who);
      return std::nullopt;
    }
    url = env;
    y.sql = Sql::Postgres(url, who);
    if (!y.sql || !y.sql->Exec("SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
      return std::nullopt;
  }
  auto store = storage::OpenStore({postgres ? "" : dir.string(), url, 2});
  if (!store.ok()) {
    std::fprintf(stderr, "%s: %s\n", who, store.status().ToString().c_str());
    return std::nullopt;
  }
  y.store = std::move(store).value();
  if (!postgres) y.sql = Sql::Sqlite(dir / "shuzhi.db", who);
  if (!y.sql) return std::nullopt;
  return y;
}

}  // namespace shuzhi::bench
