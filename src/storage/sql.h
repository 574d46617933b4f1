// Internal to src/storage: the small driver interface both backends
// implement, so that every repository is written once (sql_repos.cc).
//
// SQL uses $1, $2, … placeholders in both dialects: PostgreSQL natively,
// SQLite as named parameters bound by name. Integers are 64-bit, booleans are
// stored as 0/1 integers, times as microseconds since the epoch, and byte
// strings as BLOB (SQLite) or BYTEA (PostgreSQL).
//
// A connection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"

namespace shuzhi::storage {

struct BlobParam {
  std::string_view bytes;
};
using SqlParam = std::variant<std::nullptr_t, std::int64_t, std::string_view, BlobParam>;
using SqlParams = std::vector<SqlParam>;

// Nullable parameters: the value, or NULL.
inline SqlParam Opt(const std::optional<std::int64_t>& v) { return v ? SqlParam(*v) : SqlParam(nullptr); }
inline SqlParam OptInt(const std::optional<int>& v) { return v ? SqlParam(std::int64_t{*v}) : SqlParam(nullptr); }
// `v` must outlive the call that binds it.
inline SqlParam OptText(const std::optional<std::string>& v) {
  return v ? SqlParam(std::string_view(*v)) : SqlParam(nullptr);
}

// One result row; every cell is its raw bytes (integers in decimal).
class SqlRow {
 public:
  explicit SqlRow(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  bool IsNull(std::size_t i) const { return !cells_.at(i).has_value(); }
  std::int64_t Int(std::size_t i) const;
  std::optional<std::int64_t> OptInt(std::size_t i) const;
  const std::string& Text(std::size_t i) const;  // also for blobs
  std::size_t size() const { return cells_.size(); }

 private:
  std::vector<std::optional<std::string>> cells_;
};

enum class Dialect { kSqlite, kPostgres };

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement and returns its rows. Driver errors are translated:
  // a unique-key violation is conflict "storage.unique_violation", a foreign
  // key violation failed_precondition "storage.foreign_key", a busy database
  // unavailable "storage.busy", a lost connection unavailable
  // "storage.disconnected", anything else internal "storage.error".
  virtual base::Result<std::vector<SqlRow>> Query(std::string_view sql, const SqlParams& params) = 0;
  // Runs one statement; returns the number of rows it changed.
  virtual base::Result<std::int64_t> Exec(std::string_view sql, const SqlParams& params) = 0;
  // Runs several statements without parameters (migrations, BEGIN/COMMIT).
  virtual base::Status ExecScript(std::string_view sql) = 0;
  // Rows inserted, updated or deleted on this connection since it opened,
  // where the connection counts them (SQLite's own count; PostgreSQL's
  // connection adds up the command tags, and counts a failed statement,
  // which aborts the transaction, as a change); nullopt otherwise.
  virtual std::optional<std::int64_t> RowsChanged() { return std::nullopt; }
};

}  // namespace shuzhi::storage
