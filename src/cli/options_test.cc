#include "cli/options.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace shuzhi::cli {
namespace {

TEST(OptionsTest, ParsesGrants) {
  auto admin = ParseGrant("admin");
  ASSERT_TRUE(admin.ok());
  EXPECT_EQ(admin->role, core::Role::kAdmin);
  auto leader = ParseGrant("group_leader:1:3");
  ASSERT_TRUE(leader.ok());
  EXPECT_EQ(leader->congress_id, 1);
  EXPECT_EQ(leader->group_id, 3);
  auto deputy = ParseGrant("deputy:9");
  ASSERT_TRUE(deputy.ok());
  EXPECT_EQ(deputy->deputy_id, 9);
  EXPECT_FALSE(deputy->congress_id.has_value());
  EXPECT_FALSE(ParseGrant("deputy:2:9").ok());  // the person only, no congress
  EXPECT_FALSE(ParseGrant("deputy").ok());
  EXPECT_FALSE(ParseGrant("organizer").ok());  // needs a congress
  EXPECT_FALSE(ParseGrant("king:1").ok());
  EXPECT_FALSE(ParseGrant("organizer:x").ok());
  EXPECT_FALSE(ParseGrant("organizer:1:2:3").ok());
}

TEST(OptionsTest, ChoosesLanguage) {
  char a0[] = "shuzhi", a1[] = "--lang", a2[] = "en";
  char* en[] = {a0, a1, a2};
  EXPECT_EQ(CliLang(3, en), base::Lang::kEn);
  char b2[] = "zh-CN";
  char* zh[] = {a0, a1, b2};
  EXPECT_EQ(CliLang(3, zh), base::Lang::kZhCn);
  unsetenv("SHUZHI_LANG");
  setenv("LC_ALL", "zh_CN.UTF-8", 1);
  char* none[] = {a0};
  EXPECT_EQ(CliLang(1, none), base::Lang::kZhCn);
  setenv("LC_ALL", "C.UTF-8", 1);
  EXPECT_EQ(CliLang(1, none), base::Lang::kEn);
}

TEST(OptionsTest, ConfigFileFillsUnsetEnvironment) {
  const auto path = std::filesystem::temp_directory_path() / "shuzhi-options-test.toml";
  {
    std::ofstream f(path);
    f << "listen = \"0.0.0.0:9000\"\nworkers = 3\ndemo = true\nlog-level = \"warn\"\n";
  }
  unsetenv("SHUZHI_LISTEN");
  unsetenv("SHUZHI_WORKERS");
  setenv("SHUZHI_LOG_LEVEL", "debug", 1);  // the environment wins over the file
  const std::string arg = "--config=" + path.string();
  char a0[] = "shuzhi";
  std::string a1 = arg;
  char* argv[] = {a0, a1.data()};
  ASSERT_TRUE(LoadConfigFile(2, argv).ok());
  EXPECT_STREQ(std::getenv("SHUZHI_LISTEN"), "0.0.0.0:9000");
  EXPECT_STREQ(std::getenv("SHUZHI_WORKERS"), "3");
  EXPECT_STREQ(std::getenv("SHUZHI_DEMO"), "true");
  EXPECT_STREQ(std::getenv("SHUZHI_LOG_LEVEL"), "debug");

  // A repeatable option's list: comma-separated, as its variable takes it.
  unsetenv("SHUZHI_TRUST_PROXY");
  std::ofstream(path) << "trust-proxy = [\"10.0.0.0/8\", \"fd00::/8\"]\n";
  ASSERT_TRUE(LoadConfigFile(2, argv).ok());
  EXPECT_STREQ(std::getenv("SHUZHI_TRUST_PROXY"), "10.0.0.0/8,fd00::/8");
  unsetenv("SHUZHI_TRUST_PROXY");

  std::ofstream(path) << "listen = [1, 2]\n";
  EXPECT_EQ(LoadConfigFile(2, argv).reason(), "config.bad_value");
  std::ofstream(path) << "listen = \n";
  EXPECT_EQ(LoadConfigFile(2, argv).reason(), "config.bad_file");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace shuzhi::cli
