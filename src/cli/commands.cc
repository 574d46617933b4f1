#include "cli/commands.h"

#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/app.h"
#include "app/audit/audit.h"
#include "app/ballot/server_keys.h"
#include "app/demo/demo.h"
#include "app/users/bootstrap.h"
#include "app/users/users.h"
#include "base/log.h"
#include "cli/backup_folder.h"
#include "cli/options.h"
#include "core/archive.h"
#include "core/board.h"
#include "export/zip_archive.h"
#include "http/api.h"
#include "http/server.h"
#include "storage/store.h"

namespace shuzhi::cli {

std::string Words::operator()(const char* key) const { return catalog.Translate(lang, std::string("cli.") + key); }

std::string Words::Format(std::string_view key, const std::map<std::string, std::string>& args) const {
  return catalog.Translate(lang, key, args);
}

int Fail(const base::Status& st) {
  std::cerr << "shuzhi: " << st.ToString() << "\n";
  return 1;
}

namespace {

void AddStoreFlags(CLI::App* sub, const Words& t, StoreFlags& f) {
  sub->add_option("--data", f.data, t("data"))->envname("SHUZHI_DATA")->capture_default_str();
  sub->add_option("--db", f.db, t("db"))->envname("SHUZHI_DB");
}

base::Result<std::unique_ptr<storage::Store>> Open(const StoreFlags& f, int pool, bool create_if_missing,
                                                   int checkpoint_frames = 0) {
  return storage::OpenStore({f.data, f.db, pool, create_if_missing, checkpoint_frames});
}

std::string ReadPassword(const std::string& prompt) {
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// serve's checks that need no database: the log level and the TLS pair.
base::Status CheckServeOptions(const ServeOptions& o) {
  if (o.log_level != "trace" && o.log_level != "debug" && o.log_level != "info" && o.log_level != "warn" &&
      o.log_level != "error") {
    return base::InvalidArgument("cli.bad_log_level", "--log-level must be trace, debug, info, warn or error");
  }
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return base::InvalidArgument("cli.tls_incomplete", "give both --tls-cert and --tls-key, or neither");
  }
  return base::Ok();
}

app::AppOptions AppOptionsFrom(const ServeOptions& o) {
  app::AppOptions options;
  options.session_idle = static_cast<base::Micros>(o.idle_minutes) * 60 * base::kMicrosPerSecond;
  options.session_absolute = static_cast<base::Micros>(o.absolute_hours) * 3600 * base::kMicrosPerSecond;
  options.login_failures_per_user = o.login_per_user;
  options.login_failures_per_address = o.login_per_address;
  options.throttle_window = static_cast<base::Micros>(o.login_window_minutes) * 60 * base::kMicrosPerSecond;
  if (!o.sign_alg.empty()) options.sign_alg = base::ParseSignAlg(o.sign_alg);  // checked by the parser
  return options;
}

// The first administrator on a fresh installation and, with --demo, the
// demo data; prints the passwords made.
base::Status SeedAccounts(const Words& t, const ServeOptions& o, app::App& application) {
  const char* admin_password = std::getenv("SHUZHI_ADMIN_PASSWORD");
  auto admin = app::EnsureAdmin(application, admin_password ? admin_password : "");
  if (!admin.ok()) return admin.status();
  // The generated password goes to the terminal only, never to the log.
  if (admin->has_value()) std::cout << t("admin_created") << "\n  " << **admin << "\n" << std::flush;
  if (!o.demo) return base::Ok();
  const char* demo_password = std::getenv("SHUZHI_DEMO_PASSWORD");
  const std::string password = demo_password && *demo_password ? demo_password : "shuzhi-demo-pass";
  auto seeded = app::SeedDemo(application, password, app::DemoScope::kWithLastYear);
  if (!seeded.ok()) return seeded.status();
  if (seeded->accounts_created > 0) std::cout << t.Format("cli.demo_created", {{"password", password}}) << "\n";
  return base::Ok();
}

// --listen ("127.0.0.1:8080", "[::1]:8080") and the other server flags.
base::Result<http::ServerOptions> ServerOptionsFrom(const ServeOptions& o) {
  const auto colon = o.listen.rfind(':');
  http::ServerOptions server_options;
  server_options.address = colon == std::string::npos ? o.listen : o.listen.substr(0, colon);
  if (!server_options.address.empty() && server_options.address.front() == '[') {
    server_options.address = server_options.address.substr(1, server_options.address.size() - 2);
  }
  try {
    server_options.port =
        static_cast<std::uint16_t>(colon == std::string::npos ? 8080 : std::stoi(o.listen.substr(colon + 1)));
  } catch (...) {
    return base::InvalidArgument("cli.bad_listen", "--listen must look like 127.0.0.1:8080");
  }
  server_options.io_threads = o.io_threads;
  server_options.workers = o.workers;
  server_options.body_limit = o.body_limit;
  server_options.tls_cert = o.tls_cert;
  server_options.tls_key = o.tls_key;
  SHUZHI_ASSIGN_OR_RETURN(server_options.trusted_proxies, http::TrustedProxies::Parse(o.trust_proxy));
  return server_options;
}

void PrintBoardDeputies(const Words& t, const core::BoardReport& report) {
  for (const auto& d : report.deputies) {
    if (d.withheld) {
      std::cout << "  " << t.Format("cli.verify_withheld", {{"name", d.name}}) << "\n";
      continue;
    }
    std::string votes;
    for (std::size_t k = 0; k < d.votes.size(); ++k) votes += (k ? "/" : "") + std::to_string(d.votes[k]);
    std::cout << "  "
              << t.Format("cli.verify_deputy",
                          {{"name", d.name}, {"votes", votes}, {"rate", d.approval_percent}, {"grade", d.grade_label}})
              << "\n";
  }
}

// A voter's own check, offline: is my receipt's digest on this board?
// Returns whether it is missing (or is not a receipt).
bool ReceiptMissing(const Words& t, const std::string& board_json, const std::string& receipt) {
  const auto listed = core::BoardListsReceipt(board_json, receipt);
  const auto shown = core::NormalizeReceipt(receipt).value_or(receipt);
  if (!listed) {
    std::cout << t.Format("cli.verify_receipt_malformed", {{"receipt", receipt}}) << "\n";
    return true;
  }
  if (*listed) {
    std::cout << t.Format("cli.verify_receipt_listed", {{"receipt", shown}}) << "\n";
    return false;
  }
  std::cout << t.Format("cli.verify_receipt_missing", {{"receipt", shown}}) << "\n";
  return true;
}

// Whether the board file is not the one the tally certificate names: its
// SHA-256 (SM3) differs from the digest typed off the paper (or that is no digest).
bool DigestMismatch(const Words& t, const std::string& board_bytes, const std::string& typed) {
  const auto expected = core::NormalizeDigest(typed);
  if (!expected) {
    std::cout << t.Format("cli.verify_digest_malformed", {{"digest", typed}}) << "\n";
    return true;
  }
  // SM3 for a board signed with SM2, SHA-256 otherwise (core/board.h).
  const auto alg = core::BoardAlgorithm(board_bytes).value_or(base::SignAlg::kEd25519);
  const std::string actual = core::BoardDigest(board_bytes, alg);
  const std::string name = base::FileDigestLabel(alg);
  if (actual == *expected) {
    std::cout << t.Format("cli.verify_digest_ok", {{"digest", actual}, {"alg", name}}) << "\n";
    return false;
  }
  std::cout << t.Format("cli.verify_digest_bad", {{"digest", *expected}, {"actual", actual}, {"alg", name}}) << "\n";
  return true;
}

void PrintBoardVerdict(const Words& t, const core::BoardReport& report) {
  if (report.ok) {
    const std::string summary = t.Format(report.void_poll ? "cli.verify_summary_void" : "cli.verify_summary",
                                         {{"poll", std::to_string(report.poll_id)},
                                          {"ballots", std::to_string(report.ballots)},
                                          {"receipts", std::to_string(report.receipts)},
                                          {"issued", std::to_string(report.issued)},
                                          {"returned", std::to_string(report.returned)},
                                          {"key", report.fingerprint}});
    std::cout << t.Format("cli.verify_ok", {{"summary", summary}}) << "\n";
    return;
  }
  std::cout << t.Format("cli.verify_bad", {{"count", std::to_string(report.problems.size())}}) << "\n";
  for (const auto& p : report.problems) {
    std::cout << "  " << p.code << ": " << t.Format("errors." + p.code, {});
    if (!p.subject.empty()) std::cout << " (" << p.subject << ")";
    std::cout << "\n";
  }
}

}  // namespace

CLI::App* DeclareServe(CLI::App& cli, const Words& t, ServeOptions& o) {
  auto* serve = cli.add_subcommand("serve", t("serve"));
  AddStoreFlags(serve, t, o.store);
  serve->add_option("--listen", o.listen, t("listen"))->envname("SHUZHI_LISTEN")->capture_default_str();
  serve->add_option("--tls-cert", o.tls_cert, t("tls_cert"))->envname("SHUZHI_TLS_CERT");
  serve->add_option("--tls-key", o.tls_key, t("tls_key"))->envname("SHUZHI_TLS_KEY");
  serve->add_option("--io-threads", o.io_threads, t("io_threads"))->envname("SHUZHI_IO_THREADS");
  serve->add_option("--workers", o.workers, t("workers"))->envname("SHUZHI_WORKERS")->capture_default_str();
  serve->add_option("--log-level", o.log_level, t("log_level"))->envname("SHUZHI_LOG_LEVEL")->capture_default_str();
  serve->add_option("--log-file", o.log_file, t("log_file"))->envname("SHUZHI_LOG_FILE");
  serve->add_option("--session-idle-minutes", o.idle_minutes, t("session_idle"))
      ->envname("SHUZHI_SESSION_IDLE_MINUTES")
      ->capture_default_str();
  serve->add_option("--session-absolute-hours", o.absolute_hours, t("session_absolute"))
      ->envname("SHUZHI_SESSION_ABSOLUTE_HOURS")
      ->capture_default_str();
  serve->add_option("--login-failures-per-user", o.login_per_user, t("login_per_user"))
      ->envname("SHUZHI_LOGIN_FAILURES_PER_USER")
      ->capture_default_str();
  serve->add_option("--login-failures-per-address", o.login_per_address, t("login_per_address"))
      ->envname("SHUZHI_LOGIN_FAILURES_PER_ADDRESS")
      ->capture_default_str();
  serve->add_option("--login-window-minutes", o.login_window_minutes, t("login_window"))
      ->envname("SHUZHI_LOGIN_WINDOW_MINUTES")
      ->capture_default_str();
  serve->add_option("--wal-checkpoint-mb", o.wal_checkpoint_mb, t("wal_checkpoint_mb"))
      ->envname("SHUZHI_WAL_CHECKPOINT_MB")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve->add_option("--body-limit", o.body_limit, t("body_limit"))->envname("SHUZHI_BODY_LIMIT")->capture_default_str();
  serve->add_flag("--demo", o.demo, t("demo"))->envname("SHUZHI_DEMO");
  // Repeatable; the environment and the config file give a comma-separated list.
  serve->add_option("--trust-proxy", o.trust_proxy, t("trust_proxy"))->envname("SHUZHI_TRUST_PROXY")->delimiter(',');
  serve->add_option("--sign-alg", o.sign_alg, t("sign_alg"))
      ->envname("SHUZHI_SIGN_ALG")
      ->check(CLI::IsMember({"ed25519", "sm2"}));
  return serve;
}

// Every connection is a descriptor, and a hall's projectors and phones, or a
// city's, are thousands; systemd and login shells start a service with a soft
// limit of 1,024 and a far higher hard one, which is there to be raised to
// (getrlimit(2)). The server's I/O is epoll, so high descriptors cost nothing.
void RaiseOpenFileLimit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur >= r.rlim_max) return;
  const auto was = r.rlim_cur;
  r.rlim_cur = r.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &r) == 0) {
    base::LogInfo("open files: limit raised from {} to {}", static_cast<unsigned long long>(was),
                  static_cast<unsigned long long>(r.rlim_max));
  }
}

int RunServe(const Words& t, const ServeOptions& o) {
  if (auto st = CheckServeOptions(o); !st.ok()) return Fail(st);
  base::InitLogging(o.log_level, o.log_file);
  RaiseOpenFileLimit();
  // SQLite readers are cheap: one per worker. A PostgreSQL connection is a
  // server process; ballots share one connection per group commit, so 16
  // serve a server's workers and leave room for several servers within
  // PostgreSQL's default max_connections (100).
  constexpr int kFramesPerMb = 256;  // of 4 KB pages
  auto store =
      Open(o.store, o.store.db.empty() ? o.workers : std::min(o.workers, 16), true, o.wal_checkpoint_mb * kFramesPerMb);
  if (!store.ok()) return Fail(store.status());
  base::SystemClock clock;
  app::App application(**store, clock, AppOptionsFrom(o));
  // Ballots are cast on the I/O threads, which must not wait for the
  // database to read the server keys: read them now, and before anything
  // is seeded, so that a refused --sign-alg changes nothing.
  if (auto keys = application.keys().Load(); !keys.ok()) return Fail(keys);
  base::LogInfo("results and archives are signed with {}, key {}", base::SignAlgName(application.keys().algorithm()),
                application.keys().fingerprint());
  if (auto st = SeedAccounts(t, o, application); !st.ok()) return Fail(st);
  auto server_options = ServerOptionsFrom(o);
  if (!server_options.ok()) return Fail(server_options.status());
  const bool tls = !o.tls_cert.empty() && !o.tls_key.empty();
  http::Api api(application, {tls, SHUZHI_VERSION});
  http::Server server(api, *server_options);
  auto port = server.Start();
  if (!port.ok()) return Fail(port.status());
  const std::string url =
      std::string(tls ? "https://" : "http://") + server_options->address + ":" + std::to_string(*port);
  std::cout << t.Format("cli.listening", {{"url", url}}) << "\n" << std::flush;
  base::LogInfo("listening on {} ({}, schema {})", url, (*store)->backend(), (*store)->schema_version());
  if (!o.trust_proxy.empty()) {
    std::string networks;
    for (const auto& n : o.trust_proxy) networks += (networks.empty() ? "" : ", ") + n;
    base::LogInfo("believing X-Forwarded-For and X-Forwarded-Proto from {}", networks);
  }
  server.WaitForSignal();
  base::LogInfo("stopped");
  return 0;
}

CLI::App* DeclareUser(CLI::App& cli, const Words& t, UserOptions& o) {
  auto* user = cli.add_subcommand("user", t("user"));
  user->require_subcommand(1);
  o.add = user->add_subcommand("add", t("user_add"));
  AddStoreFlags(o.add, t, o.store);
  o.add->add_option("username", o.username, t("username"))->required();
  o.add->add_option("--display-name", o.display_name, t("display_name"));
  o.add->add_option("--role", o.roles, t("role"));
  o.passwd = user->add_subcommand("passwd", t("user_passwd"));
  AddStoreFlags(o.passwd, t, o.store);
  o.passwd->add_option("username", o.username, t("username"))->required();
  o.disable = user->add_subcommand("disable", t("user_disable"));
  AddStoreFlags(o.disable, t, o.store);
  o.disable->add_option("username", o.username, t("username"))->required();
  auto* enable = user->add_subcommand("enable", t("user_enable"));
  AddStoreFlags(enable, t, o.store);
  enable->add_option("username", o.username, t("username"))->required();
  return user;
}

int RunUser(const Words& t, const UserOptions& o) {
  // `user add` may set up a fresh installation; the others need one.
  auto store = Open(o.store, 1, o.add->parsed());
  if (!store.ok()) return Fail(store.status());
  base::SystemClock clock;
  app::App application(**store, clock, {});
  base::Status st;
  if (o.add->parsed()) {
    app::NewUser input{o.username, o.display_name.empty() ? o.username : o.display_name, "", {}};
    for (const auto& r : o.roles) {
      auto g = ParseGrant(r);
      if (!g.ok()) return Fail(g.status());
      input.roles.push_back(*g);
    }
    input.password = ReadPassword(t("password_prompt"));
    st = application.users().CreateAsSystem(input, false).status();
  } else if (o.passwd->parsed()) {
    st = application.users().SetPasswordAsSystem(o.username, ReadPassword(t("password_prompt")));
  } else {
    st = application.users().SetDisabledAsSystem(o.username, o.disable->parsed());
  }
  if (!st.ok()) return Fail(st);
  std::cout << t("user_done") << "\n";
  return 0;
}

CLI::App* DeclareBackup(CLI::App& cli, const Words& t, BackupOptions& o) {
  auto* backup = cli.add_subcommand("backup", t("backup"));
  backup->add_option("file", o.file, t("backup_file"))->required();
  backup->add_option("--keep", o.keep, t("backup_keep"))->check(CLI::PositiveNumber);
  backup->add_option("--data", o.data, t("data"))->envname("SHUZHI_DATA")->capture_default_str();
  return backup;
}

int RunBackup(const Words& t, const BackupOptions& o) {
  std::error_code ec;
  const bool folder = std::filesystem::is_directory(o.file, ec);
  if (o.keep > 0 && !folder) {
    return Fail(base::InvalidArgument("backup.keep_needs_folder",
                                      o.file + " is not a folder; --keep counts the dated backups in a folder"));
  }
  const std::string dest =
      folder ? (std::filesystem::path(o.file) / DatedBackupName(std::time(nullptr))).string() : o.file;
  auto st = storage::BackupSqlite(o.data, dest);
  if (!st.ok()) return Fail(st);
  std::cout << t.Format("cli.backup_done", {{"file", dest}}) << "\n";
  if (o.keep == 0) return 0;
  // Only after the new backup is complete: a failed backup removes nothing.
  auto removed = PruneBackups(o.file, o.keep);
  if (!removed.ok()) return Fail(removed.status());
  for (const auto& file : *removed) std::cout << t.Format("cli.backup_removed", {{"file", file}}) << "\n";
  return 0;
}

CLI::App* DeclareRestore(CLI::App& cli, const Words& t, RestoreOptions& o) {
  auto* restore = cli.add_subcommand("restore", t("restore"));
  restore->add_option("backup", o.backup, t("restore_file"))->required();
  restore->add_option("--data", o.data, t("data"))->envname("SHUZHI_DATA")->capture_default_str();
  return restore;
}

int RunRestore(const Words& t, const RestoreOptions& o) {
  auto done = storage::RestoreSqlite(o.backup, o.data);
  if (!done.ok()) {
    // What an administrator meets (a running server, a wrong or damaged
    // file) in their language, then the details.
    const std::string& reason = done.status().reason();
    const std::string key = "cli.restore_refused." + reason.substr(reason.find('.') + 1);
    std::cerr << "shuzhi: " << t.Format(key, {{"file", o.backup}, {"data", o.data}}) << "\n";
    return Fail(done.status());
  }
  std::cout << t.Format("cli.restore_done",
                        {{"file", o.backup}, {"data", o.data}, {"version", std::to_string(done->schema_version)}})
            << "\n";
  if (!done->replaced.empty()) std::cout << t.Format("cli.restore_kept", {{"file", done->replaced}}) << "\n";
  return 0;
}

CLI::App* DeclareVerify(CLI::App& cli, const Words& t, VerifyOptions& o) {
  auto* verify = cli.add_subcommand("verify", t("verify"));
  verify->add_option("board", o.board_file, t("verify_board"))->required();
  verify->add_option("--key", o.key, t("verify_key"))->required();
  verify->add_option("--receipt", o.receipt, t("verify_receipt"));
  verify->add_option("--digest", o.digest, t("verify_digest"));
  return verify;
}

int RunVerify(const Words& t, const VerifyOptions& o) {
  std::ifstream in(o.board_file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::cerr << t.Format("cli.verify_read_failed", {{"file", o.board_file}}) << "\n";
    return 2;
  }
  const auto report = core::VerifyBoard(text.str(), o.key);
  PrintBoardDeputies(t, report);
  const bool receipt_missing = !o.receipt.empty() && ReceiptMissing(t, text.str(), o.receipt);
  const bool digest_mismatch = !o.digest.empty() && DigestMismatch(t, text.str(), o.digest);
  PrintBoardVerdict(t, report);
  if (!report.ok) return 1;
  return receipt_missing || digest_mismatch ? 1 : 0;
}

CLI::App* DeclareVerifyArchive(CLI::App& cli, const Words& t, VerifyArchiveOptions& o) {
  auto* verify = cli.add_subcommand("verify-archive", t("verify_archive"));
  verify->add_option("file", o.file, t("verify_archive_file"))->required();
  verify->add_option("--key", o.key, t("verify_archive_key"));
  return verify;
}

int RunVerifyArchive(const Words& t, const VerifyArchiveOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    std::cerr << t.Format("cli.verify_read_failed", {{"file", o.file}}) << "\n";
    return 2;
  }
  auto entries = exports::ReadZipEntries(bytes.str(), exports::kArchiveReadLimits);
  if (!entries.ok()) {
    std::cerr << t.Format("cli.verify_archive_unreadable", {{"file", o.file}, {"reason", entries.status().message()}})
              << "\n";
    return 2;
  }
  const auto check = core::VerifyArchive(*entries, o.key);
  const auto alg = check.manifest ? check.manifest->algorithm : base::SignAlg::kEd25519;
  if (!check.ok) {
    // "archive.hash_mismatch" → cli.verify_archive_problems.hash_mismatch
    const std::string key = "cli.verify_archive_problems." + check.problem.substr(check.problem.find('.') + 1);
    std::cout << t.Format("cli.verify_archive_bad",
                          {{"problem", t.Format(key, {{"file", check.file}, {"alg", base::FileDigestLabel(alg)}})}})
              << "\n";
    if (!check.fingerprint.empty()) {
      std::cout << t.Format("cli.verify_archive_key_was", {{"key", check.fingerprint}}) << "\n";
    }
    return 1;
  }
  const auto& m = *check.manifest;
  std::cout << t.Format("cli.verify_archive_ok", {{"files", std::to_string(check.files)},
                                                  {"campaign", m.campaign_title},
                                                  {"group", m.group_name},
                                                  {"number", std::to_string(m.number)},
                                                  {"created_at", m.created_at},
                                                  {"key", check.fingerprint},
                                                  {"alg", base::SignAlgLabel(alg)}})
            << "\n";
  if (o.key.empty()) std::cout << t("verify_archive_no_key") << "\n";
  return 0;
}

CLI::App* DeclareAudit(CLI::App& cli, const Words& t, AuditOptions& o) {
  auto* audit = cli.add_subcommand("audit", t("audit"));
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", t("audit_verify"));
  AddStoreFlags(verify, t, o.store);
  verify->add_option("--head", o.head_text, t("head"));
  o.head = audit->add_subcommand("head", t("audit_head"));
  AddStoreFlags(o.head, t, o.store);
  return audit;
}

int RunAudit(const Words& t, const AuditOptions& o) {
  auto store = Open(o.store, 1, false);
  if (!store.ok()) return Fail(store.status());
  base::SystemClock clock;
  app::App application(**store, clock, {});
  if (o.head->parsed()) {
    auto head = application.audit().HeadAsSystem();
    if (!head.ok()) return Fail(head.status());
    std::cout << app::FormatAuditHead(*head) << "\n";
    return 0;
  }
  std::optional<core::AuditHead> expected;
  if (!o.head_text.empty()) {
    auto parsed = app::ParseAuditHead(o.head_text);
    if (!parsed.ok()) return Fail(parsed.status());
    expected = *parsed;
  }
  auto check = application.audit().Verify(expected);
  if (!check.ok()) return Fail(check.status());
  if (!check->ok) {
    std::cout << t.Format("cli.audit_bad",
                          {{"seq", std::to_string(check->first_bad_seq.value_or(0))}, {"problem", check->problem}})
              << "\n";
    return 1;
  }
  auto head = application.audit().HeadAsSystem();
  if (!head.ok()) return Fail(head.status());
  std::cout << t.Format("cli.audit_ok",
                        {{"count", std::to_string(check->checked)}, {"head", app::FormatAuditHead(*head)}})
            << "\n";
  return 0;
}

}  // namespace shuzhi::cli
