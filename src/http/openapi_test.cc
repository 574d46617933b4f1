// Every route the router serves is in docs/openapi.json, and every
// documented operation is served.
#include <gtest/gtest.h>

#include <set>

#include "app/testing/app_test_util.h"
#include "base/embedded.h"
#include "base/json.h"
#include "http/api.h"

const shuzhi::base::EmbeddedFile* FindDocFile(std::string_view path);

namespace shuzhi::http {
namespace {

namespace json = base::json;

TEST(OpenApiTest, RoutesAndDocumentAgree) {
  app::testing::TestApp t;
  Api api(t.app(), {false, "test"});
  const base::EmbeddedFile* doc = FindDocFile("openapi.json");
  ASSERT_NE(doc, nullptr);
  const json::value spec = json::parse(doc->data);
  const std::string base_url(spec.at("servers").at(0).at("url").as_string());
  ASSERT_EQ(base_url, "/api/v1");

  std::set<std::string> documented, served;
  for (const auto& [path, item] : spec.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(m + " " + base_url + std::string(path));
    }
  }
  for (const auto& r : api.router().routes()) served.insert(r.method + " " + r.pattern);
  for (const auto& s : served) EXPECT_TRUE(documented.count(s)) << "served but not documented: " << s;
  for (const auto& d : documented) EXPECT_TRUE(served.count(d)) << "documented but not served: " << d;
  EXPECT_GE(served.size(), 12u);
}

}  // namespace
}  // namespace shuzhi::http
