// The server's front door: bytes as a client sends them, parsed with the
// server's limits (http::ParseRequest, as a connection reads), then routed
// and handled by the whole API over the demo data, so that every route's
// body decoding (ballots, paper sheets, import mappings, …) meets the input.
// The first byte picks who sends it: bit 0 set, the demo organizer (its
// session cookie and CSRF token are added); clear, nobody.
//
// Checked beyond the sanitizers: bad input is answered with a 4xx and the
// error envelope, never a 5xx (issue 15 §4), and a deferred reply (a
// ballot waiting for its group commit) always comes.
#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "app/demo/demo.h"
#include "app/testing/app_test_util.h"
#include "base/json.h"
#include "fuzz_main.h"
#include "http/api.h"
#include "http/server.h"

namespace {

using namespace shuzhi;

constexpr const char* kDemoPassword = "fuzz-demo-pass";

[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "http fuzz finding: %s\n", what.c_str());
  __builtin_trap();
}

class World {
 public:
  World() {
    if (!app::SeedDemo(t_.app(), kDemoPassword, app::DemoScope::kThisYear).ok()) Finding("the demo did not seed");
    api_ = std::make_unique<http::Api>(t_.app(), http::ApiOptions{});
    http::Request login;
    login.method = "POST";
    login.target = "/api/v1/session";
    login.body = std::string(R"({"username":"organizer","password":")") + kDemoPassword + "\"}";
    login.headers = {{"content-type", "application/json"}, {"host", "fuzz"}};
    login.remote_address = "127.0.0.1";
    const http::Response r = Run(login);
    const std::string set_cookie(r.Header("Set-Cookie"));
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = std::string(base::json::parse(r.body).at("csrf_token").as_string());
    if (cookie_.empty() || csrf_.empty()) Finding("the organizer could not log in");
  }

  http::Response Run(const http::Request& request) {
    const http::Routing routing = api_->Route(request);
    http::Response r = api_->Handle(request, routing);
    if (r.deferred) {
      auto reply = std::make_shared<std::promise<http::Response>>();
      auto later = reply->get_future();
      r.deferred([reply](http::Response done) { reply->set_value(std::move(done)); });
      if (later.wait_for(std::chrono::seconds(20)) != std::future_status::ready) Finding("a deferred reply never came");
      r = later.get();
    }
    if (r.events) (void)r.events->Next();
    return r;
  }

  const http::Api& api() const { return *api_; }
  const std::string& cookie() const { return cookie_; }
  const std::string& csrf() const { return csrf_; }

 private:
  app::testing::TestApp t_;
  std::unique_ptr<http::Api> api_;
  std::string cookie_, csrf_;
};

World& TheWorld() {
  static World* world = new World();  // lives as long as the process, as the server's App does
  return *world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shuzhi::fuzz::InitOnce();
  World& world = TheWorld();
  if (size == 0) return 0;
  auto request = http::ParseRequest(shuzhi::fuzz::Bytes(data + 1, size - 1), world.api(), std::size_t{1} << 20);
  if (!request.ok()) return 0;  // refused before any handler, as the server answers it
  if (data[0] & 1) {
    request->headers.emplace_back("cookie", world.cookie());
    request->headers.emplace_back("x-csrf-token", world.csrf());
  }
  const http::Response r = world.Run(*request);
  if (r.status >= 500)
    Finding(request->method + " " + request->target + " answered " + std::to_string(r.status) + ": " + r.body);
  if (r.status >= 400 && r.Header("Content-Type").find("json") != std::string_view::npos &&
      r.body.find("\"error\"") == std::string::npos) {
    Finding(request->method + " " + request->target + " answered " + std::to_string(r.status) +
            " without the envelope");
  }
  return 0;
}
