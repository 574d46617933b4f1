#include "final_check.h"

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "base/json.h"
#include "core/board.h"
#include "http_client.h"

namespace shuzhi::faults {
namespace {

namespace json = base::json;
using testing::HttpCall;
using testing::HttpResult;

json::value Parse(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  return ec ? json::value(nullptr) : v;
}

// The organizer's session on one server.
struct Organizer {
  std::uint16_t port = 0;
  std::string cookie, csrf;

  HttpResult Call(const char* method, const std::string& target) const {
    return HttpCall(port, method, target, "",
                    {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Content-Type", "application/json"}});
  }
};

bool LogIn(Organizer& o, const PreparedPoll& poll) {
  const json::object body{{"username", poll.organizer}, {"password", poll.password}};
  const auto r =
      HttpCall(o.port, "POST", "/api/v1/session", json::serialize(body), {{"Content-Type", "application/json"}});
  const auto v = Parse(r.body);
  if (r.status != 200 || !v.is_object()) return false;
  const std::string set = r.Header("set-cookie");
  o.cookie = set.substr(0, set.find(';'));
  o.csrf = std::string(v.at("csrf_token").as_string());
  return true;
}

// `shuzhi verify BOARD --key FP`: its exit status and output.
int RunVerify(const std::string& binary, const std::string& board, const std::string& fingerprint,
              std::string* output) {
  const std::string cmd = "'" + binary + "' --lang en verify '" + board + "' --key '" + fingerprint + "' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) output->append(buf, n);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> Strings(const json::value& v, const char* key) {
  std::vector<std::string> out;
  const auto* list = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  if (!list || !list->is_array()) return out;
  for (const auto& s : list->as_array()) out.emplace_back(s.is_string() ? std::string(s.as_string()) : "");
  return out;
}

// The board against what the phones were told and what they sent.
void CompareBoard(const Expected& expected, const json::value& board, Outcome& out) {
  auto receipts = Strings(board, "receipts");
  auto ballots = Strings(board, "ballots");
  out.board_receipts = receipts.size();
  out.board_ballots = ballots.size();
  std::vector<std::string> digests;
  for (const auto& r : expected.receipts) digests.push_back(core::ReceiptDigest(r));
  std::sort(digests.begin(), digests.end());
  std::sort(receipts.begin(), receipts.end());
  if (std::adjacent_find(receipts.begin(), receipts.end()) != receipts.end()) {
    out.problems.push_back("a receipt is listed twice on the board");
  }
  std::vector<std::string> missing, extra;
  std::set_difference(digests.begin(), digests.end(), receipts.begin(), receipts.end(), std::back_inserter(missing));
  std::set_difference(receipts.begin(), receipts.end(), digests.begin(), digests.end(), std::back_inserter(extra));
  if (!missing.empty()) {
    out.problems.push_back(std::to_string(missing.size()) + " acknowledged receipts are not on the board");
  }
  if (!extra.empty()) {
    out.problems.push_back(std::to_string(extra.size()) + " receipts on the board were never acknowledged");
  }
  auto sent = expected.ballots;
  std::sort(sent.begin(), sent.end());
  std::sort(ballots.begin(), ballots.end());
  if (sent != ballots) {
    out.problems.push_back("the board's ballots are not the acknowledged choices (" + std::to_string(ballots.size()) +
                           " on the board, " + std::to_string(sent.size()) + " acknowledged)");
  }
}

// Through the API: voted, the close, the result, the board and its check.
void CheckThroughApi(const Expected& expected, std::uint16_t port, const std::string& binary,
                     const std::string& work_dir, Outcome& out) {
  const auto& poll = expected.poll;
  const auto n = static_cast<std::int64_t>(expected.receipts.size());
  Organizer o{port, "", ""};
  if (!LogIn(o, poll)) {
    out.problems.push_back("the organizer cannot log in");
    return;
  }
  const auto meeting = Parse(o.Call("GET", "/api/v1/meetings/" + std::to_string(poll.meeting_id)).body);
  if (meeting.is_object()) out.voted = meeting.at("polls").at(0).at("voted").as_int64();
  if (out.voted != n) out.problems.push_back("voted is " + std::to_string(out.voted) + ", not " + std::to_string(n));

  const auto closed = o.Call("POST", "/api/v1/polls/" + std::to_string(poll.poll_id) + "/close");
  if (closed.status != 204) {
    out.problems.push_back("the close answered " + std::to_string(closed.status) + " " + closed.body);
    return;
  }
  const auto result = Parse(o.Call("GET", "/api/v1/polls/" + std::to_string(poll.poll_id) + "/result").body);
  if (result.is_object() && result.as_object().if_contains("result")) {
    out.returned = result.at("result").at("returned").as_int64();
    out.issued = result.at("result").at("issued").as_int64();
  }
  if (out.returned != n) out.problems.push_back("the result's returned is " + std::to_string(out.returned));
  if (out.issued != static_cast<std::int64_t>(poll.codes.size())) {
    out.problems.push_back("the result's issued is " + std::to_string(out.issued));
  }

  const auto board = o.Call("GET", "/api/v1/polls/" + std::to_string(poll.poll_id) + "/board");
  const std::string file = work_dir + "/board-" + std::to_string(poll.poll_id) + ".json";
  std::ofstream(file, std::ios::binary) << board.body;
  CompareBoard(expected, Parse(board.body), out);
  if (RunVerify(binary, file, poll.fingerprint, &out.verify_output) != 0) {
    out.problems.push_back("shuzhi verify rejects the board: " + out.verify_output);
  }
}

}  // namespace

Outcome CheckOutcome(const Expected& expected, Fleet& fleet, const Database& db, const std::string& binary,
                     const std::string& work_dir) {
  Outcome out;
  CheckThroughApi(expected, fleet.port(0), binary, work_dir, out);
  if (!fleet.Stop()) out.problems.push_back("a server did not stop cleanly (see " + fleet.logs() + ")");
  auto stored = CountStored(db, expected.poll.poll_id);
  if (!stored.ok()) {
    out.problems.push_back("cannot count the stored ballots: " + stored.status().ToString());
    return out;
  }
  out.stored = *stored;
  const auto n = static_cast<std::int64_t>(expected.receipts.size());
  const auto& s = out.stored;
  if (s.spends != n || s.ballots != n || s.receipts != n || s.voted != n) {
    out.problems.push_back("stored: " + std::to_string(s.spends) + " spends, " + std::to_string(s.ballots) +
                           " ballots, " + std::to_string(s.receipts) + " receipts, voted " + std::to_string(s.voted) +
                           "; acknowledged " + std::to_string(n));
  }
  if (!db.postgres() && s.integrity != "ok") out.problems.push_back("integrity_check: " + s.integrity);
  return out;
}

}  // namespace shuzhi::faults
