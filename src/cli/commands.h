// The subcommands of `shuzhi`, one each: a struct of its options, a function
// that declares them on the command line (CLI11) and one that runs the
// subcommand once the line is parsed. main.cc declares them in the order the
// help lists them, parses, and runs the one given.
//
// A Run function returns the process's exit code: 0 done, 1 failed (the
// reason on stderr, or a failed check on stdout), 2 for `verify` when the
// board file cannot be read. Not thread-safe: one command runs per process.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/i18n.h"
#include "base/status.h"

namespace shuzhi::cli {

// The command's messages in the language chosen for it (CliLang).
struct Words {
  base::Lang lang;
  const base::Catalog& catalog;

  // The text of "cli.<key>".
  std::string operator()(const char* key) const;
  // The text of `key` with each "{name}" replaced from `args`.
  std::string Format(std::string_view key, const std::map<std::string, std::string>& args) const;
};

// Prints "shuzhi: <status>" to stderr; returns 1, the exit code.
int Fail(const base::Status& st);

// Where the database is: --data (SQLite's folder) or --db (a PostgreSQL URL).
struct StoreFlags {
  std::string data = "data";
  std::string db;
};

struct ServeOptions {
  StoreFlags store;
  std::string listen = "127.0.0.1:8080", tls_cert, tls_key, log_level = "info", log_file;
  int io_threads = 0, workers = 16, idle_minutes = 120, absolute_hours = 12;
  int login_per_user = 5, login_per_address = 30, login_window_minutes = 15;
  int wal_checkpoint_mb = 64;  // SQLite: WAL written between checkpoints
  std::size_t body_limit = 1 << 20;
  bool demo = false;
  std::vector<std::string> trust_proxy;  // CIDRs whose X-Forwarded-For/-Proto are believed
  std::string sign_alg;                  // "ed25519" or "sm2"; empty: the installation's own
};
CLI::App* DeclareServe(CLI::App& cli, const Words& t, ServeOptions& o);
// Runs the server until SIGINT or SIGTERM.
int RunServe(const Words& t, const ServeOptions& o);

// `user add|passwd|disable|enable USERNAME`; the subcommand given is the one
// whose parsed() is true after the parse.
struct UserOptions {
  StoreFlags store;
  std::string username, display_name;
  std::vector<std::string> roles;
  CLI::App* add = nullptr;
  CLI::App* passwd = nullptr;
  CLI::App* disable = nullptr;
};
CLI::App* DeclareUser(CLI::App& cli, const Words& t, UserOptions& o);
int RunUser(const Words& t, const UserOptions& o);

// `backup FILE|FOLDER [--keep N] [--data DIR]`: into a folder, the backup
// gets a dated name (backup_folder.h), and --keep N then removes the oldest
// dated backups there beyond N; --keep with a file target is refused
// (invalid_argument "backup.keep_needs_folder") before anything is written.
struct BackupOptions {
  std::string data = "data", file;
  int keep = 0;  // 0: remove nothing
};
CLI::App* DeclareBackup(CLI::App& cli, const Words& t, BackupOptions& o);
int RunBackup(const Words& t, const BackupOptions& o);

// `restore BACKUP [--data DIR]`: replaces the SQLite database with a backup
// (storage::RestoreSqlite); refused while a server runs on DIR.
struct RestoreOptions {
  std::string data = "data", backup;
};
CLI::App* DeclareRestore(CLI::App& cli, const Words& t, RestoreOptions& o);
int RunRestore(const Words& t, const RestoreOptions& o);

struct VerifyOptions {
  std::string board_file, key, receipt;
  std::string digest;  // as typed off the tally certificate; empty: not checked
};
CLI::App* DeclareVerify(CLI::App& cli, const Words& t, VerifyOptions& o);
int RunVerify(const Words& t, const VerifyOptions& o);

// `verify-archive FILE.zip [--key FINGERPRINT]`: checks a campaign archive
// offline (core::VerifyArchive). Exit 1 when a check fails, 2 when the file
// cannot be read or is not a ZIP.
struct VerifyArchiveOptions {
  std::string file, key;
};
CLI::App* DeclareVerifyArchive(CLI::App& cli, const Words& t, VerifyArchiveOptions& o);
int RunVerifyArchive(const Words& t, const VerifyArchiveOptions& o);

// `audit verify [--head H]` or `audit head`.
struct AuditOptions {
  StoreFlags store;
  std::string head_text;
  CLI::App* head = nullptr;
};
CLI::App* DeclareAudit(CLI::App& cli, const Words& t, AuditOptions& o);
int RunAudit(const Words& t, const AuditOptions& o);

}  // namespace shuzhi::cli
