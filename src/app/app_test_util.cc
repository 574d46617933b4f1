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

Status SeatEvaluators(storage::Store& store, std::int64_t meeting_id, std::int64_t n) {
  for (std::int64_t done = 0; done < n;) {
    const std::int64_t batch = std::min<std::int64_t>(n - done, 50'000);
    SHUZHI_TRY(store.Write([&](storage::Tx& tx) -> Status {
      for (std::int64_t i = 0; i < batch; ++i) {
        storage::AttendeeRecord a;
        a.meeting_id = meeting_id;
        a.name = "测评人 " + std::to_string(done + i + 1);
        a.checked_in = true;
        SHUZHI_TRY(tx.meetings().InsertAttendee(a).status());
      }
      return base::Ok();
    }));
    done += batch;
  }
  return base::Ok();
}

}  // namespace shuzhi::app::testing
