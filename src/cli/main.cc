// The `shuzhi` command: wires storage, app and http together.
//   shuzhi serve | user add|passwd|disable|enable | backup | audit verify|head | verify BOARD --key FP
#include <CLI/CLI.hpp>
#include <termios.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <iostream>
#include <memory>

#include "app/app.h"
#include "app/audit/audit.h"
#include "app/users/bootstrap.h"
#include "app/demo/demo.h"
#include "app/ballot/server_keys.h"
#include "app/users/users.h"
#include "base/crypto.h"
#include "base/i18n.h"
#include "base/log.h"
#include "core/board.h"
#include "cli/options.h"
#include "http/api.h"
#include "http/server.h"
#include "storage/store.h"

namespace shuzhi::cli {
namespace {

struct StoreFlags {
  std::string data = "data";
  std::string db;
};

int Fail(const base::Status& st) {
  std::cerr << "shuzhi: " << st.ToString() << "\n";
  return 1;
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

base::Result<std::unique_ptr<storage::Store>> Open(const StoreFlags& f, int pool, bool create_if_missing) {
  return storage::OpenStore({f.data, f.db, pool, create_if_missing});
}

}  // namespace

int Main(int argc, char** argv) {
  // The database holds password hashes and the log names users: neither is
  // for other accounts on the machine to read.
  ::umask(077);
  if (auto st = base::InitCrypto(); !st.ok()) return Fail(st);
  const base::Lang lang = CliLang(argc, argv);
  const auto& cat = base::Catalog::Get();
  auto t = [&](const char* key) { return cat.Translate(lang, std::string("cli.") + key); };
  if (auto st = LoadConfigFile(argc, argv); !st.ok()) return Fail(st);

  CLI::App cli{t("about"), "shuzhi"};
  cli.set_help_flag("-h,--help", lang == base::Lang::kEn ? "Print this help" : "显示帮助");
  cli.require_subcommand(0, 1);
  bool show_version = false;
  std::string lang_flag, config_flag;
  cli.add_flag("--version", show_version, t("version"));
  cli.add_option("--lang", lang_flag, t("lang"));
  cli.add_option("--config", config_flag, t("config"));

  auto store_flags = [&](CLI::App* sub, StoreFlags& f) {
    sub->add_option("--data", f.data, t("data"))->envname("SHUZHI_DATA")->capture_default_str();
    sub->add_option("--db", f.db, t("db"))->envname("SHUZHI_DB");
  };

  // serve
  StoreFlags serve_store;
  std::string listen = "127.0.0.1:8080", tls_cert, tls_key, log_level = "info", log_file;
  int io_threads = 0, workers = 16, idle_minutes = 120, absolute_hours = 12;
  int login_per_user = 5, login_per_address = 30, login_window_minutes = 15;
  std::size_t body_limit = 1 << 20;
  bool demo = false;
  auto* serve = cli.add_subcommand("serve", t("serve"));
  store_flags(serve, serve_store);
  serve->add_option("--listen", listen, t("listen"))->envname("SHUZHI_LISTEN")->capture_default_str();
  serve->add_option("--tls-cert", tls_cert, t("tls_cert"))->envname("SHUZHI_TLS_CERT");
  serve->add_option("--tls-key", tls_key, t("tls_key"))->envname("SHUZHI_TLS_KEY");
  serve->add_option("--io-threads", io_threads, t("io_threads"))->envname("SHUZHI_IO_THREADS");
  serve->add_option("--workers", workers, t("workers"))->envname("SHUZHI_WORKERS")->capture_default_str();
  serve->add_option("--log-level", log_level, t("log_level"))->envname("SHUZHI_LOG_LEVEL")->capture_default_str();
  serve->add_option("--log-file", log_file, t("log_file"))->envname("SHUZHI_LOG_FILE");
  serve->add_option("--session-idle-minutes", idle_minutes, t("session_idle"))
      ->envname("SHUZHI_SESSION_IDLE_MINUTES")
      ->capture_default_str();
  serve->add_option("--session-absolute-hours", absolute_hours, t("session_absolute"))
      ->envname("SHUZHI_SESSION_ABSOLUTE_HOURS")
      ->capture_default_str();
  serve->add_option("--login-failures-per-user", login_per_user, t("login_per_user"))
      ->envname("SHUZHI_LOGIN_FAILURES_PER_USER")
      ->capture_default_str();
  serve->add_option("--login-failures-per-address", login_per_address, t("login_per_address"))
      ->envname("SHUZHI_LOGIN_FAILURES_PER_ADDRESS")
      ->capture_default_str();
  serve->add_option("--login-window-minutes", login_window_minutes, t("login_window"))
      ->envname("SHUZHI_LOGIN_WINDOW_MINUTES")
      ->capture_default_str();
  serve->add_option("--body-limit", body_limit, t("body_limit"))->envname("SHUZHI_BODY_LIMIT")->capture_default_str();
  serve->add_flag("--demo", demo, t("demo"))->envname("SHUZHI_DEMO");

  // user
  StoreFlags user_store;
  std::string username, display_name;
  std::vector<std::string> roles;
  auto* user = cli.add_subcommand("user", t("user"));
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", t("user_add"));
  store_flags(user_add, user_store);
  user_add->add_option("username", username, t("username"))->required();
  user_add->add_option("--display-name", display_name, t("display_name"));
  user_add->add_option("--role", roles, t("role"));
  auto* user_passwd = user->add_subcommand("passwd", t("user_passwd"));
  store_flags(user_passwd, user_store);
  user_passwd->add_option("username", username, t("username"))->required();
  auto* user_disable = user->add_subcommand("disable", t("user_disable"));
  store_flags(user_disable, user_store);
  user_disable->add_option("username", username, t("username"))->required();
  auto* user_enable = user->add_subcommand("enable", t("user_enable"));
  store_flags(user_enable, user_store);
  user_enable->add_option("username", username, t("username"))->required();

  // backup
  std::string backup_data = "data", backup_file;
  auto* backup = cli.add_subcommand("backup", t("backup"));
  backup->add_option("file", backup_file, t("backup_file"))->required();
  backup->add_option("--data", backup_data, t("data"))->envname("SHUZHI_DATA")->capture_default_str();

  // verify
  std::string verify_file, verify_key, verify_receipt;
  auto* verify = cli.add_subcommand("verify", t("verify"));
  verify->add_option("board", verify_file, t("verify_board"))->required();
  verify->add_option("--key", verify_key, t("verify_key"))->required();
  verify->add_option("--receipt", verify_receipt, t("verify_receipt"));

  // audit
  StoreFlags audit_store;
  std::string head_text;
  auto* audit = cli.add_subcommand("audit", t("audit"));
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", t("audit_verify"));
  store_flags(audit_verify, audit_store);
  audit_verify->add_option("--head", head_text, t("head"));
  auto* audit_head = audit->add_subcommand("head", t("audit_head"));
  store_flags(audit_head, audit_store);

  // --config and --lang were read before parsing (they decide the help
  // language and the environment); remove them so that they may stand
  // anywhere on the line, before or after the subcommand.
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i) {
    const std::string a = argv[i];
    if (a.rfind("--config=", 0) == 0 || a.rfind("--lang=", 0) == 0) continue;
    if ((a == "--config" || a == "--lang") && !args.empty()) {
      args.pop_back();
      continue;
    }
    args.push_back(a);
  }
  try {
    cli.parse(std::move(args));
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  if (show_version) {
    std::cout << "shuzhi " << SHUZHI_VERSION << "\n";
    return 0;
  }

  base::SystemClock clock;
  if (serve->parsed()) {
    if (log_level != "trace" && log_level != "debug" && log_level != "info" && log_level != "warn" &&
        log_level != "error") {
      return Fail(base::InvalidArgument("cli.bad_log_level", "--log-level must be trace, debug, info, warn or error"));
    }
    if (tls_cert.empty() != tls_key.empty()) {
      return Fail(base::InvalidArgument("cli.tls_incomplete", "give both --tls-cert and --tls-key, or neither"));
    }
    base::InitLogging(log_level, log_file);
    // SQLite readers are cheap: one per worker. A PostgreSQL connection is a
    // server process; ballots share one connection per group commit, so 16
    // serve a server's workers and leave room for several servers within
    // PostgreSQL's default max_connections (100).
    auto store = Open(serve_store, serve_store.db.empty() ? workers : std::min(workers, 16), true);
    if (!store.ok()) return Fail(store.status());
    app::AppOptions options;
    options.session_idle = static_cast<base::Micros>(idle_minutes) * 60 * base::kMicrosPerSecond;
    options.session_absolute = static_cast<base::Micros>(absolute_hours) * 3600 * base::kMicrosPerSecond;
    options.login_failures_per_user = login_per_user;
    options.login_failures_per_address = login_per_address;
    options.throttle_window = static_cast<base::Micros>(login_window_minutes) * 60 * base::kMicrosPerSecond;
    app::App application(**store, clock, options);
    const char* admin_password = std::getenv("SHUZHI_ADMIN_PASSWORD");
    auto admin = app::EnsureAdmin(application, admin_password ? admin_password : "");
    if (!admin.ok()) return Fail(admin.status());
    // The generated password goes to the terminal only, never to the log.
    if (admin->has_value()) std::cout << t("admin_created") << "\n  " << **admin << "\n" << std::flush;
    if (demo) {
      const char* demo_password = std::getenv("SHUZHI_DEMO_PASSWORD");
      const std::string password = demo_password && *demo_password ? demo_password : "shuzhi-demo-pass";
      auto seeded = app::SeedDemo(application, password, true);
      if (!seeded.ok()) return Fail(seeded.status());
      if (seeded->accounts_created > 0) std::cout << cat.Translate(lang, "cli.demo_created", {{"password", password}}) << "\n";
    }
    const auto colon = listen.rfind(':');
    http::ServerOptions server_options;
    server_options.address = colon == std::string::npos ? listen : listen.substr(0, colon);
    if (!server_options.address.empty() && server_options.address.front() == '[') {
      server_options.address = server_options.address.substr(1, server_options.address.size() - 2);
    }
    try {
      server_options.port = static_cast<std::uint16_t>(colon == std::string::npos ? 8080 : std::stoi(listen.substr(colon + 1)));
    } catch (...) {
      return Fail(base::InvalidArgument("cli.bad_listen", "--listen must look like 127.0.0.1:8080"));
    }
    server_options.io_threads = io_threads;
    server_options.workers = workers;
    server_options.body_limit = body_limit;
    server_options.tls_cert = tls_cert;
    server_options.tls_key = tls_key;
    const bool tls = !tls_cert.empty() && !tls_key.empty();
    // Ballots are cast on the I/O threads, which must not wait for the
    // database to read the server keys: read them now.
    if (auto keys = application.keys().Load(); !keys.ok()) return Fail(keys);
    http::Api api(application, {tls, SHUZHI_VERSION});
    http::Server server(api, server_options);
    auto port = server.Start();
    if (!port.ok()) return Fail(port.status());
    const std::string url = std::string(tls ? "https://" : "http://") + server_options.address + ":" + std::to_string(*port);
    std::cout << cat.Translate(lang, "cli.listening", {{"url", url}}) << "\n" << std::flush;
    base::LogInfo("listening on {} ({}, schema {})", url, (*store)->backend(), (*store)->schema_version());
    server.WaitForSignal();
    base::LogInfo("stopped");
    return 0;
  }

  if (user->parsed()) {
    // `user add` may set up a fresh installation; the others need one.
    auto store = Open(user_store, 1, user_add->parsed());
    if (!store.ok()) return Fail(store.status());
    app::App application(**store, clock, {});
    base::Status st;
    if (user_add->parsed()) {
      app::NewUser input{username, display_name.empty() ? username : display_name, "", {}};
      for (const auto& r : roles) {
        auto g = ParseGrant(r);
        if (!g.ok()) return Fail(g.status());
        input.roles.push_back(*g);
      }
      input.password = ReadPassword(t("password_prompt"));
      st = application.users().CreateAsSystem(input, false).status();
    } else if (user_passwd->parsed()) {
      st = application.users().SetPasswordAsSystem(username, ReadPassword(t("password_prompt")));
    } else {
      st = application.users().SetDisabledAsSystem(username, user_disable->parsed());
    }
    if (!st.ok()) return Fail(st);
    std::cout << t("user_done") << "\n";
    return 0;
  }

  if (backup->parsed()) {
    auto st = storage::BackupSqlite(backup_data, backup_file);
    if (!st.ok()) return Fail(st);
    std::cout << cat.Translate(lang, "cli.backup_done", {{"file", backup_file}}) << "\n";
    return 0;
  }

  if (audit->parsed()) {
    auto store = Open(audit_store, 1, false);
    if (!store.ok()) return Fail(store.status());
    app::App application(**store, clock, {});
    if (audit_head->parsed()) {
      auto head = application.audit().HeadAsSystem();
      if (!head.ok()) return Fail(head.status());
      std::cout << app::FormatAuditHead(*head) << "\n";
      return 0;
    }
    std::optional<core::AuditHead> expected;
    if (!head_text.empty()) {
      auto parsed = app::ParseAuditHead(head_text);
      if (!parsed.ok()) return Fail(parsed.status());
      expected = *parsed;
    }
    auto check = application.audit().Verify(expected);
    if (!check.ok()) return Fail(check.status());
    if (!check->ok) {
      std::cout << cat.Translate(lang, "cli.audit_bad",
                                 {{"seq", std::to_string(check->first_bad_seq.value_or(0))}, {"problem", check->problem}})
                << "\n";
      return 1;
    }
    auto head = application.audit().HeadAsSystem();
    if (!head.ok()) return Fail(head.status());
    std::cout << cat.Translate(lang, "cli.audit_ok",
                               {{"count", std::to_string(check->checked)}, {"head", app::FormatAuditHead(*head)}})
              << "\n";
    return 0;
  }

  if (verify->parsed()) {
    std::ifstream in(verify_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::cerr << cat.Translate(lang, "cli.verify_read_failed", {{"file", verify_file}}) << "\n";
      return 2;
    }
    const auto report = core::VerifyBoard(text.str(), verify_key);
    for (const auto& d : report.deputies) {
      if (d.withheld) {
        std::cout << "  " << cat.Translate(lang, "cli.verify_withheld", {{"name", d.name}}) << "\n";
        continue;
      }
      std::string votes;
      for (std::size_t k = 0; k < d.votes.size(); ++k) votes += (k ? "/" : "") + std::to_string(d.votes[k]);
      std::cout << "  "
                << cat.Translate(lang, "cli.verify_deputy",
                                 {{"name", d.name}, {"votes", votes}, {"rate", d.approval_percent}, {"grade", d.grade_label}})
                << "\n";
    }
    // A voter's own check, offline: is my receipt's digest on this board?
    bool receipt_missing = false;
    if (!verify_receipt.empty()) {
      const auto listed = core::BoardListsReceipt(text.str(), verify_receipt);
      const auto shown = core::NormalizeReceipt(verify_receipt).value_or(verify_receipt);
      if (!listed) {
        std::cout << cat.Translate(lang, "cli.verify_receipt_malformed", {{"receipt", verify_receipt}}) << "\n";
        receipt_missing = true;
      } else if (*listed) {
        std::cout << cat.Translate(lang, "cli.verify_receipt_listed", {{"receipt", shown}}) << "\n";
      } else {
        std::cout << cat.Translate(lang, "cli.verify_receipt_missing", {{"receipt", shown}}) << "\n";
        receipt_missing = true;
      }
    }
    if (report.ok) {
      const std::string summary = cat.Translate(
          lang, report.void_poll ? "cli.verify_summary_void" : "cli.verify_summary",
          {{"poll", std::to_string(report.poll_id)}, {"ballots", std::to_string(report.ballots)},
           {"receipts", std::to_string(report.receipts)}, {"issued", std::to_string(report.issued)},
           {"returned", std::to_string(report.returned)}, {"key", report.fingerprint}});
      std::cout << cat.Translate(lang, "cli.verify_ok", {{"summary", summary}}) << "\n";
      return receipt_missing ? 1 : 0;
    }
    std::cout << cat.Translate(lang, "cli.verify_bad", {{"count", std::to_string(report.problems.size())}}) << "\n";
    for (const auto& p : report.problems) {
      std::cout << "  " << p.code << ": " << cat.Translate(lang, "errors." + p.code);
      if (!p.subject.empty()) std::cout << " (" << p.subject << ")";
      std::cout << "\n";
    }
    return 1;
  }

  std::cout << cli.help();
  return 0;
}

}  // namespace shuzhi::cli

int main(int argc, char** argv) { return shuzhi::cli::Main(argc, argv); }
