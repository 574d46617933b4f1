// The `shuzhi` command: wires storage, app and http together.
//   shuzhi serve | user add|passwd|disable|enable | backup | restore | audit verify|head | verify BOARD --key FP
//   | verify-archive FILE.zip [--key FP]
// Each subcommand's options and its work are in commands.h; this file reads
// the language and the configuration file, declares the command line,
// parses it and runs the subcommand given.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "base/crypto.h"
#include "base/i18n.h"
#include "cli/commands.h"
#include "cli/options.h"

namespace shuzhi::cli {
namespace {

// --config and --lang were read before parsing (they decide the help
// language and the environment); remove them so that they may stand
// anywhere on the line, before or after the subcommand. CLI11 takes the
// arguments in reverse order.
std::vector<std::string> ArgsToParse(int argc, char** argv) {
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
  return args;
}

}  // namespace

int Main(int argc, char** argv) {
  // The database holds password hashes and the log names users: neither is
  // for other accounts on the machine to read.
  ::umask(077);
  if (auto st = base::InitCrypto(); !st.ok()) return Fail(st);
  const Words t{CliLang(argc, argv), base::Catalog::Get()};
  if (auto st = LoadConfigFile(argc, argv); !st.ok()) return Fail(st);

  CLI::App cli{t("about"), "shuzhi"};
  cli.set_help_flag("-h,--help", t.lang == base::Lang::kEn ? "Print this help" : "显示帮助");
  cli.require_subcommand(0, 1);
  bool show_version = false;
  std::string lang_flag, config_flag;
  cli.add_flag("--version", show_version, t("version"));
  cli.add_option("--lang", lang_flag, t("lang"));
  cli.add_option("--config", config_flag, t("config"));

  ServeOptions serve;
  UserOptions user;
  BackupOptions backup;
  RestoreOptions restore;
  VerifyOptions verify;
  VerifyArchiveOptions verify_archive;
  AuditOptions audit;
  auto* serve_cmd = DeclareServe(cli, t, serve);
  auto* user_cmd = DeclareUser(cli, t, user);
  auto* backup_cmd = DeclareBackup(cli, t, backup);
  auto* restore_cmd = DeclareRestore(cli, t, restore);
  auto* verify_cmd = DeclareVerify(cli, t, verify);
  auto* verify_archive_cmd = DeclareVerifyArchive(cli, t, verify_archive);
  auto* audit_cmd = DeclareAudit(cli, t, audit);
  try {
    cli.parse(ArgsToParse(argc, argv));
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  if (show_version) {
    std::cout << "shuzhi " << SHUZHI_VERSION << "\n";
    return 0;
  }
  if (serve_cmd->parsed()) return RunServe(t, serve);
  if (user_cmd->parsed()) return RunUser(t, user);
  if (backup_cmd->parsed()) return RunBackup(t, backup);
  if (restore_cmd->parsed()) return RunRestore(t, restore);
  if (audit_cmd->parsed()) return RunAudit(t, audit);
  if (verify_cmd->parsed()) return RunVerify(t, verify);
  if (verify_archive_cmd->parsed()) return RunVerifyArchive(t, verify_archive);
  std::cout << cli.help();
  return 0;
}

}  // namespace shuzhi::cli

int main(int argc, char** argv) {
  // Errors are Status values; what still throws (out of memory, a library's
  // exception) ends the run with its message and a failure code, not abort().
  try {
    return shuzhi::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "shuzhi: " << e.what() << "\n";
    return 1;
  }
}
