#include "app/testing/app_test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>

#include "storage/store.h"

namespace shuzhi::app::testing {

TestApp::TestApp(AppOptions options) {
  static std::atomic<int> n{0};
  EXPECT_TRUE(base::InitCrypto().ok());
  dir_ = std::filesystem::temp_directory_path() /
         ("shuzhi-app-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  std::filesystem::remove_all(dir_);
  auto s = storage::OpenStore({dir_.string(), "", 2});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(s).value();
  options.password_cost = base::PasswordCost::kTestOnly;
  app_ = std::make_unique<App>(*store_, clock_, options);
}

TestApp::~TestApp() {
  app_.reset();
  store_.reset();
  std::filesystem::remove_all(dir_);
}

Actor TestApp::AddUser(const std::string& username, const std::vector<core::RoleGrant>& grants) {
  auto u = app_->users().CreateAsSystem({username, username, kPassword, grants}, false);
  EXPECT_TRUE(u.ok()) << u.status().ToString();
  return Actor{u.ok() ? u->id : 0, username, grants};
}

std::int64_t TestApp::AddPerson(const std::string& name, std::int64_t congress_id,
                                std::optional<std::int64_t> group_congress_id) {
  std::int64_t deputy = 0;
  auto st = store_->Write([&](storage::Tx& tx) -> Status {
    auto& r = tx.registry();
    SHUZHI_ASSIGN_OR_RETURN(auto congresses, r.ListCongresses());
    const auto wanted = std::max(congress_id, group_congress_id.value_or(0));
    for (auto next = static_cast<std::int64_t>(congresses.size()) + 1; next <= wanted; ++next) {
      SHUZHI_TRY(r.InsertCongress({0, "county", "人大" + std::to_string(next), std::nullopt}).status());
    }
    SHUZHI_ASSIGN_OR_RETURN(auto terms, r.ListTerms(congress_id));
    std::int64_t term = terms.empty() ? 0 : terms[0].id;
    if (!term) {
      SHUZHI_ASSIGN_OR_RETURN(term, r.InsertTerm({0, congress_id, 1, "2022-01-01", "2027-01-01"}));
    }
    std::optional<std::int64_t> group;
    if (group_congress_id) {
      core::DeputyGroup g;
      g.congress_id = *group_congress_id;
      g.name = name + "所在小组";
      SHUZHI_ASSIGN_OR_RETURN(group, r.InsertGroup(g));
    }
    core::Deputy d;
    d.name = name;
    d.gender = "female";
    d.birth_date = "1970-01-0" + std::to_string(1 + name.size() % 9);
    d.occupation = "other";
    SHUZHI_ASSIGN_OR_RETURN(deputy, r.InsertDeputy(d));
    core::Mandate m;
    m.deputy_id = deputy;
    m.term_id = term;
    m.group_id = group;
    m.status = "active";
    return r.InsertMandate(m).status();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return deputy;
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
