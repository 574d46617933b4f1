// User replies name each role grant's scope (congress, deputy group, person)
// so that no page shows or looks up an id.
#include <gtest/gtest.h>

#include "app/testing/app_test_util.h"
#include "base/json.h"
#include "http/api.h"

namespace shuzhi::http {
namespace {

using app::testing::kPassword;
using app::testing::TestApp;
namespace json = base::json;

class UsersApiTest : public ::testing::Test {
 protected:
  UsersApiTest() : api_(t_.app(), {false, "test"}) {
    // Congress 1 "人大1" with the group 1 "马振宇所在小组" and its deputy.
    deputy_ = t_.AddPerson("马振宇", 1, 1);
    t_.AddUser("org", {{core::Role::kOrganizer, 1, {}, {}}});
  }

  Response Call(const std::string& method, const std::string& target, const std::string& body = "") {
    Request r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.headers = {{"host", "127.0.0.1:8080"}, {"origin", "http://127.0.0.1:8080"}};
    if (!cookie_.empty()) r.headers.insert(r.headers.end(), {{"cookie", cookie_}, {"x-csrf-token", csrf_}});
    r.remote_address = "127.0.0.1";
    return api_.Handle(r);
  }

  json::value Login() {
    Response r = Call("POST", "/api/v1/session", R"({"username":"org","password":")" + std::string(kPassword) + "\"}");
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie(r.Header("Set-Cookie"));
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    json::value body = json::parse(r.body);
    csrf_ = std::string(body.at("csrf_token").as_string());
    return body;
  }

  TestApp t_;
  Api api_;
  std::int64_t deputy_ = 0;
  std::string cookie_, csrf_;
};

// The names of a grant as {congress, group, deputy}, "-" for null.
std::vector<std::string> Names(const json::value& grant) {
  std::vector<std::string> out;
  for (const char* field : {"congress_name", "group_name", "deputy_name"}) {
    const auto& v = grant.at(field);
    out.push_back(v.is_null() ? "-" : std::string(v.as_string()));
  }
  return out;
}

TEST_F(UsersApiTest, SessionRepliesNameTheOwnGrants) {
  const json::value login = Login();
  EXPECT_EQ(Names(login.at("user").at("roles").at(0)), (std::vector<std::string>{"人大1", "-", "-"}));
  Response me = Call("GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Names(json::parse(me.body).at("user").at("roles").at(0)), (std::vector<std::string>{"人大1", "-", "-"}));
}

TEST_F(UsersApiTest, UserRepliesNameEveryGrant) {
  Login();
  const std::string body = R"({"username":"lead","display_name":"马振宇","password":"password-1111","roles":[)"
                           R"({"role":"group_leader","congress_id":1,"group_id":1},{"role":"deputy","deputy_id":)" +
                           std::to_string(deputy_) + "}]}";
  Response created = Call("POST", "/api/v1/users", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json::value user = json::parse(created.body);
  const std::vector<std::string> leader{"人大1", "马振宇所在小组", "-"}, deputy{"-", "-", "马振宇"};
  EXPECT_EQ(Names(user.at("roles").at(0)), leader);
  EXPECT_EQ(Names(user.at("roles").at(1)), deputy);
  EXPECT_EQ(user.at("roles").at(1).at("deputy_id").as_int64(), deputy_);

  const std::string id = std::to_string(user.at("id").as_int64());
  Response list = Call("GET", "/api/v1/users?q=lead");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Names(json::parse(list.body).at("items").at(0).at("roles").at(1)), deputy);
  Response one = Call("GET", "/api/v1/users/" + id);
  EXPECT_EQ(Names(json::parse(one.body).at("roles").at(0)), leader);
  Response patched = Call("PATCH", "/api/v1/users/" + id, R"({"roles":[{"role":"reviewer","congress_id":1}]})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Names(json::parse(patched.body).at("roles").at(0)), (std::vector<std::string>{"人大1", "-", "-"}));
}

}  // namespace
}  // namespace shuzhi::http
