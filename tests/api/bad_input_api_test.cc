// Bad input is refused with a 4xx and the error envelope, never a 5xx
// (issue 15 §4): every route of the router, taken from the router's own
// table, with an empty body, a wrong Content-Type (text/plain, multipart,
// urlencoded) and bodies of the wrong JSON type (an array, a string, a
// number, null or malformed JSON for the object; for every field of the
// body's documented schema a value of another type — a number for a string,
// a string for a number, an object for an array, an array element of the
// wrong type). Each route is called as a user who may call it, found by
// trying the demo's users until the reply shows the body was read (a
// "request.*" reason), so that a refusal for want of a role or a session does
// not hide what the handler does with the body. Routes that take no body
// must not fail on one either.
#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

struct Case {
  std::string name;
  std::string type;  // Content-Type
  std::string body;
  // Of the right JSON types, but extreme values (the largest integers): the
  // route may refuse them for what they mean or, where it only reports on
  // them, answer; never a 5xx.
  bool extreme = false;
};

// The request body a route documents in docs/openapi.json: JSON (with its
// schema), a raw upload, or none.
struct BodyDoc {
  enum Kind { kNone, kJson, kUpload } kind = kNone;
  json::object schema;
};

// Resolves "$ref": "#/components/schemas/X" against the document.
class Schemas {
 public:
  explicit Schemas(json::value doc) : doc_(std::move(doc)) {}

  json::object Resolve(const json::value& s) const {
    if (!s.is_object()) return {};
    const auto& o = s.as_object();
    if (const auto* ref = o.if_contains("$ref")) {
      const std::string name(ref->as_string());
      return Resolve(doc_.at("components").at("schemas").at(name.substr(name.rfind('/') + 1)));
    }
    return o;
  }

  BodyDoc BodyOf(const std::string& method, const std::string& pattern) const {
    BodyDoc out;
    std::string m = method;
    std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto& paths = doc_.at("paths").as_object();
    const auto* item = paths.if_contains(pattern.substr(std::string("/api/v1").size()));
    if (item == nullptr || !item->as_object().contains(m)) return out;
    const auto* body = item->at(m).as_object().if_contains("requestBody");
    if (body == nullptr) return out;
    const auto& content = body->at("content").as_object();
    if (const auto* j = content.if_contains("application/json")) {
      out.kind = BodyDoc::kJson;
      out.schema = Resolve(j->at("schema"));
    } else {
      out.kind = BodyDoc::kUpload;
    }
    return out;
  }

 private:
  json::value doc_;
};

std::string TypeOf(const json::object& s) { return s.contains("type") ? std::string(s.at("type").as_string()) : ""; }

// A value of another JSON type than the schema asks for.
json::value Wrong(const json::object& s) {
  const std::string t = TypeOf(s);
  if (t == "string") return 12345;
  if (t == "integer" || t == "number") return "not a number";
  if (t == "boolean") return "yes";
  if (t == "array") return json::object{{"not", "an array"}};
  return json::array{1, 2};  // object, or untyped
}

// A value the schema accepts, as far as types go (an enum's first value, a
// time where a date-time is asked for); the base into which one wrong field
// is put, so that a handler's checks of the fields before it pass.
json::value Valid(const Schemas& schemas, const json::object& s) {
  const std::string t = TypeOf(s);
  if (const auto* e = s.if_contains("enum"); e != nullptr && !e->as_array().empty()) return e->as_array().front();
  if (t == "string") {
    const std::string format = s.contains("format") ? std::string(s.at("format").as_string()) : "";
    if (format == "date-time") return "2026-11-28T09:00:00+08:00";
    if (format == "date") return "2026-11-28";
    return "述职";
  }
  if (t == "integer" || t == "number") return 1;
  if (t == "boolean") return true;
  if (t == "array") {
    return s.contains("items") ? json::array{Valid(schemas, schemas.Resolve(s.at("items")))} : json::array{};
  }
  json::object out;
  if (const auto* props = s.if_contains("properties")) {
    for (const auto& [k, v] : props->as_object()) out[k] = Valid(schemas, schemas.Resolve(v));
  }
  return out;
}

// For each field of `schema` (and one level into its arrays and objects), a
// body of valid fields but that one, of the wrong type; and one with every
// field wrong at once.
void FieldCases(const Schemas& schemas, const json::object& schema, std::vector<Case>& out) {
  const auto* props = schema.if_contains("properties");
  if (props == nullptr) return;
  const json::object base = Valid(schemas, schema).as_object();
  json::object all;
  auto add = [&](const std::string& name, const std::string& field, json::value wrong, bool extreme = false) {
    json::object body = base;
    body[field] = std::move(wrong);
    out.push_back({name, "application/json", json::serialize(body), extreme});
  };
  for (const auto& [key, raw] : props->as_object()) {
    const std::string field(key);
    const json::object s = schemas.Resolve(raw);
    all[field] = Wrong(s);
    add(field + ": wrong type", field, Wrong(s));
    if (TypeOf(s) == "integer") {
      add(field + ": largest int64", field, std::numeric_limits<std::int64_t>::max(), true);
      add(field + ": smallest int64", field, std::numeric_limits<std::int64_t>::min(), true);
      add(field + ": beyond int64", field, std::numeric_limits<std::uint64_t>::max());
      add(field + ": fraction", field, 1.5);
    }
    if (TypeOf(s) == "array" && s.contains("items")) {
      add(field + "[0]: wrong type", field, json::array{Wrong(schemas.Resolve(s.at("items")))});
    }
    const auto* sub = s.if_contains("properties");
    if (TypeOf(s) == "object" && sub != nullptr) {
      for (const auto& [k, v] : sub->as_object()) {
        json::object inner = Valid(schemas, s).as_object();
        inner[k] = Wrong(schemas.Resolve(v));
        add(field + "." + std::string(k) + ": wrong type", field, std::move(inner));
      }
    }
    if (s.contains("additionalProperties") && s.at("additionalProperties").is_object()) {
      add(field + ".x: wrong type", field, json::object{{"x", Wrong(schemas.Resolve(s.at("additionalProperties")))}});
    }
  }
  out.push_back({"every field of the wrong type", "application/json", json::serialize(all)});
}

// What a body of the wrong kind looks like, for any route.
std::vector<Case> GenericCases() {
  return {
      {"empty body", "application/json", ""},
      {"text/plain JSON", "text/plain", "{}"},
      {"text/plain JSON, charset", "text/plain;charset=UTF-8", R"({"a":1})"},
      {"multipart", "multipart/form-data; boundary=b",
       "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n{}\r\n--b--\r\n"},
      {"urlencoded", "application/x-www-form-urlencoded", "a=1&b=2"},
      {"array", "application/json", "[]"},
      {"array of objects", "application/json", R"([{"a":1}])"},
      {"string", "application/json", R"("text")"},
      {"number", "application/json", "42"},
      {"null", "application/json", "null"},
      {"boolean", "application/json", "true"},
      {"malformed", "application/json", R"({"a":)"},
  };
}

bool IsWrongType(const Case& c) { return c.type.rfind("application/json", 0) != 0; }

class BadInputApiTest : public MeetingApiTest {
 protected:
  void SetUp() override {
    MeetingApiTest::SetUp();
    t_->AddUser("admin", {{core::Role::kAdmin, {}, {}, {}}});
    for (const char* name : {"organizer", "admin", "leader", "deputy", "reviewer"}) users_.push_back(LogIn(name));
    // Records the organizer may act on, so that what the app checks after
    // the body (scope, state) runs on it too; other ids are the first record.
    const auto campaign = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(voter_))).as_object();
    const auto meetings = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(committee_) + "/meetings"));
    const auto meeting =
        Json(Get(org_, "/api/v1/meetings/" + std::to_string(meetings.at("items").at(0).at("id").as_int64())));
    const auto groups = Json(Get(org_, "/api/v1/groups"));
    ids_ = {{"congresses", campaign.at("congress_id").as_int64()},    {"campaigns", voter_},
            {"groups", groups.at("items").at(0).at("id").as_int64()}, {"meetings", meeting.at("id").as_int64()},
            {"polls", meeting.at("polls").at(0).at("id").as_int64()}, {"deputies", Reporting(voter_).at(0)}};
  }

  // The route's pattern with its parameters filled in: "{id}" after a
  // collection in ids_ and "{deputy_id}" from ids_, a token that names
  // nothing, 1 for the rest.
  std::string Target(const std::string& pattern) const {
    std::string out;
    for (std::size_t i = 0; i < pattern.size();) {
      if (pattern[i] != '{') {
        out += pattern[i++];
        continue;
      }
      const auto end = pattern.find('}', i);
      const std::string name = pattern.substr(i + 1, end - i - 1);
      const auto slash = out.rfind('/', out.size() - 2);
      const std::string collection = out.substr(slash + 1, out.size() - slash - 2);  // "campaigns"
      const auto known = ids_.find(name == "deputy_id" ? "deputies" : name == "id" ? collection : "");
      out += name == "token" ? "Zz9xNoSuchToken" : known != ids_.end() ? std::to_string(known->second) : "1";
      i = end + 1;
    }
    return out;
  }

  HttpResult Call(const http::Route& route, const Login* who, const Case& c) {
    return CallTarget(route.method, Target(route.pattern), who, c);
  }
  HttpResult CallTarget(const std::string& method, const std::string& target, const Login* who, const Case& c) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!c.type.empty()) headers.emplace_back("Content-Type", c.type);
    if (who != nullptr) {
      headers.emplace_back("Cookie", who->cookie);
      headers.emplace_back("X-CSRF-Token", who->csrf);
    }
    ++requests_;
    return HttpCall(port_, method, target, c.body, headers);
  }

  // Empty when `r` is a 4xx with the error envelope; what is wrong otherwise.
  static std::string EnvelopeProblem(const HttpResult& r) {
    if (r.status < 400 || r.status >= 500) return "status " + std::to_string(r.status);
    if (r.Header("content-type").rfind("application/json", 0) != 0) return "not JSON: " + r.Header("content-type");
    const auto v = Json(r);
    if (!v.is_object() || !v.as_object().contains("error")) return "no error envelope";
    const auto& e = v.at("error");
    if (!e.is_object() || !e.as_object().contains("code") || !e.at("code").is_string() ||
        !e.as_object().contains("message") || !e.at("message").is_string() || e.at("message").as_string().empty()) {
      return "malformed envelope";
    }
    return "";
  }

  void Fail(const http::Route& route, const Case& c, const HttpResult& r, const std::string& what) {
    failures_.push_back(route.method + " " + route.pattern + " [" + c.name + "]: " + what + " " + Code(r) + " " +
                        r.body.substr(0, 160));
  }

  // The user for whom the route reads the body (public routes: nobody), or
  // nullopt when no user gets that far.
  std::optional<const Login*> Reader(const http::Route& route) {
    if (route.access != http::Access::kSession) return nullptr;
    for (const auto& u : users_) {
      if (Code(Call(route, &u, {"probe", "application/json", "[]"})).rfind("request.", 0) == 0) return &u;
    }
    return std::nullopt;
  }

  void CheckJsonRoute(const http::Route& route, const Schemas& schemas, const BodyDoc& doc) {
    const auto who = Reader(route);
    if (!who) {
      failures_.push_back(route.method + " " + route.pattern + ": no demo user gets its body read");
      return;
    }
    std::vector<Case> cases = GenericCases();
    FieldCases(schemas, doc.schema, cases);
    for (const auto& c : cases) {
      const HttpResult r = Call(route, *who, c);
      if (c.extreme) {
        CheckNo5xx(route, c, r);
        continue;
      }
      if (const auto p = EnvelopeProblem(r); !p.empty()) Fail(route, c, r, p);
      if (IsWrongType(c) && r.status != 415) Fail(route, c, r, "not 415 for a body that is not JSON");
      if (!IsWrongType(c) && Code(r).rfind("request.", 0) != 0) Fail(route, c, r, "not a request.* refusal");
    }
    ++json_routes_;
  }

  // Not a 5xx, and an error carries the envelope.
  void CheckNo5xx(const http::Route& route, const Case& c, const HttpResult& r) {
    if (r.status == 0 || r.status >= 500) Fail(route, c, r, "status " + std::to_string(r.status));
    if (r.status >= 400) {
      if (const auto p = EnvelopeProblem(r); !p.empty()) Fail(route, c, r, p);
    }
  }

  // Uploads (a roster file, a report's .docx, an evidence image), as every
  // demo user: none of the cases is a file of the kind, so each is refused.
  // A roster file is read by its import job, after the 202: the job must
  // then end failed with the reason, or list the problems (which keep it
  // from being applied).
  void CheckUploadRoute(const http::Route& route) {
    std::string target = Target(route.pattern);
    if (route.pattern == "/api/v1/imports") target += "?kind=voter_reps&group_id=" + std::to_string(ids_["groups"]);
    if (route.pattern.ends_with("/files")) target += "?name=evidence.png";
    for (const auto& u : users_) {
      for (const auto& c : GenericCases()) {
        const HttpResult r = CallTarget(route.method, target, &u, c);
        if (r.status == 202 && route.pattern == "/api/v1/imports") {
          const auto job = AwaitImport(u, std::string(Json(r).at("id").as_string()));
          const bool failed = job.at("state") == "failed" && job.at("error").is_object();
          const bool refused = job.at("state") == "ready" && !job.at("problems").as_array().empty();
          if (!failed && !refused) Fail(route, c, r, "the job neither failed nor listed problems");
          ++import_jobs_;
          continue;
        }
        if (const auto p = EnvelopeProblem(r); !p.empty()) Fail(route, c, r, p);
      }
    }
    ++upload_routes_;
  }

  json::value AwaitImport(const Login& who, const std::string& id) {
    for (int i = 0; i < 400; ++i) {
      json::value v = Json(Get(who, "/api/v1/imports/" + id));
      if (!v.is_object() || v.at("state") != "validating") return v;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return nullptr;
  }

  // Routes without a body ignore one: whatever they answer, it is not a
  // 5xx, and an error carries the envelope. GET routes get one case (their
  // replies are documents), the others every case.
  void CheckBodylessRoute(const http::Route& route, const Login& who) {
    auto cases = GenericCases();
    if (route.method == "GET") cases = {{"array", "text/plain", "[1,2]"}};
    for (const auto& c : cases) {
      CheckNo5xx(route, c, Call(route, route.access == http::Access::kSession ? &who : nullptr, c));
    }
    ++bodyless_routes_;
  }

  // Hostile path parameters (too large for an id, negative, not a number,
  // an overlong or NUL encoding) are refused with a 4xx envelope; a hostile
  // query string is refused or ignored, never a 5xx.
  void CheckPathAndQuery(const http::Route& route) {
    const Login* who = route.access == http::Access::kSession ? &users_.front() : nullptr;
    const Case json{"hostile path", "application/json", "{}"};
    if (route.pattern.find('{') != std::string::npos) {
      for (const std::string bad :
           {"99999999999999999999999", "999999999", "-1", "0", "abc", "%C0%80", "%00", "1%2F2"}) {
        std::string target = route.pattern;
        for (auto at = target.find('{'); at != std::string::npos; at = target.find('{')) {
          target.replace(at, target.find('}', at) - at + 1, bad);
        }
        const HttpResult r = CallTarget(route.method, target, who, json);
        if (const auto p = EnvelopeProblem(r); !p.empty()) Fail(route, {"path " + bad, "", ""}, r, p);
      }
    }
    if (route.method != "GET") return;
    const HttpResult r = CallTarget(route.method,
                                    Target(route.pattern) +
                                        "?page=0&page_size=-5&format=bogus&lang=%FF&year=abc&congress_id=x&kind=no"
                                        "&term_id=-1&group_id=99999999999999999999&q=%00&from=bad&to=bad&state=x",
                                    who, {"hostile query", "", ""});
    CheckNo5xx(route, {"hostile query", "", ""}, r);
  }

  std::vector<Login> users_;
  std::map<std::string, std::int64_t> ids_;  // "campaigns" → an id
  std::vector<std::string> failures_;
  int requests_ = 0, import_jobs_ = 0, json_routes_ = 0, upload_routes_ = 0, bodyless_routes_ = 0;
};

TEST_F(BadInputApiTest, EveryRouteRefusesBadBodiesWithA4xxEnvelope) {
  const Schemas schemas(Json(HttpCall(port_, "GET", "/api/v1/openapi.json")));
  const auto& routes = api_->router().routes();
  ASSERT_GE(routes.size(), 100u);
  // Routes with bodies first: the body-less ones change state (they open
  // polls, log out), which must not stand in the way of the others.
  std::vector<const http::Route*> later;
  for (const auto& route : routes) {
    const BodyDoc doc = schemas.BodyOf(route.method, route.pattern);
    if (doc.kind == BodyDoc::kJson) {
      CheckJsonRoute(route, schemas, doc);
    } else if (doc.kind == BodyDoc::kUpload) {
      CheckUploadRoute(route);
    } else {
      later.push_back(&route);
    }
  }
  for (const auto& route : routes) CheckPathAndQuery(route);
  for (const auto* route : later) {
    // Logging out ends the session it is called with: a session of its own.
    const bool logout = route->method == "DELETE" && route->pattern == "/api/v1/session";
    CheckBodylessRoute(*route, logout ? LogIn("reviewer") : users_.front());
  }
  for (const auto& f : failures_) ADD_FAILURE() << f;
  EXPECT_EQ(json_routes_ + upload_routes_ + bodyless_routes_, static_cast<int>(routes.size()));
  std::printf(
      "bad input: %zu routes (%d JSON, %d uploads, %d without a body), %d requests, %d import jobs, %zu failures\n",
      routes.size(), json_routes_, upload_routes_, bodyless_routes_, requests_, import_jobs_, failures_.size());
}

}  // namespace
}  // namespace shuzhi::testing
