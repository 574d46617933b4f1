#include "app/app_test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>

namespace shuzhi::app::testing {

TestApp::TestApp() {
  static std::atomic<int> n{0};
  EXPECT_TRUE(base::InitCrypto().ok());
  dir_ = std::filesystem::temp_directory_path() /
         ("shuzhi-app-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  std::filesystem::remove_all(dir_);
  auto s = storage::OpenStore({dir_.string(), "", 2});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(s).value();
  AppOptions options;
  options.password_cost = base::PasswordCost::kTestOnly;
  app_ = std::make_unique<App>(*store_, clock_, options);
}

TestApp::~TestApp() {
  app_.reset();
  store_.reset();
  std::filesystem::remove_all(dir_);
}

Actor TestApp::AddUser(const std::string& username, std::vector<core::RoleGrant> grants) {
  auto u = app_->users().CreateAsSystem({username, username, kPassword, grants}, false);
  EXPECT_TRUE(u.ok()) << u.status().ToString();
  return Actor{u.ok() ? u->id : 0, username, grants};
}

}  // namespace shuzhi::app::testing
