// Reporting meetings and the secret ballot over a real socket, on the demo
// data: carriers printed and read back from their PDF, check-in counts,
// phone ballots, re-sends, paper double entry, results by disclosure and
// role, the signed board, void polls and repeats, the refusals, and the
// results overview.
// The rules found from outside are in meeting_rules_api_test.cc.
#include <algorithm>
#include <functional>
#include <regex>
#include <set>

#include "base/crypto.h"
#include "base/gm_crypto.h"
#include "base/signing.h"
#include "core/board.h"
#include "export/xlsx_reader.h"
#include "meeting_api_fixture.h"

namespace shuzhi::testing {
namespace {

// A board re-signed with SM2, as an installation that signs with it would
// sign it (issue 16 §4): the record's board hash in SM3, the key's
// fingerprint in the record, the SM2 signature, the algorithm named.
std::string ResignWithSm2(const std::string& board_text, const base::Sm2KeyPair& key) {
  const auto board = json::parse(board_text).as_object();
  auto record = json::parse(board.at("result").as_string()).as_object();
  core::BoardDocument d;
  d.algorithm = base::SignAlg::kSm2;
  for (const auto& r : board.at("receipts").as_array()) d.receipts.emplace_back(r.as_string());
  for (const auto& b : board.at("ballots").as_array()) d.ballots.emplace_back(b.as_string());
  record["board_hash"] = core::BoardHash(d.receipts, d.ballots, base::SignAlg::kSm2);
  record["key_fingerprint"] = base::Fingerprint(base::SignAlg::kSm2, key.public_key);
  d.signed_record = json::serialize(record);
  d.signature_hex = base::ToHex(base::Sm2Sign(d.signed_record, key).value());
  d.public_key_hex = base::ToHex(key.public_key);
  return core::EncodeBoard(d);
}

TEST_F(MeetingApiTest, CommitteeMeetingAnnouncedOnTheSpot) {
  std::vector<std::int64_t> deputies;
  auto m = PerDeputyMeeting(3, deputies);
  const auto mid = m.at("id").as_int64();
  const std::string mbase = "/api/v1/meetings/" + std::to_string(mid);
  ASSERT_EQ(m.at("polls").as_array().size(), 3u);
  ASSERT_EQ(m.at("attendance").at("entitled").as_int64(),
            25);  // every committee member evaluates
  ASSERT_EQ(m.at("agenda").as_array().size(), 3u);
  const auto poll = m.at("polls").at(0).at("id").as_int64();
  const std::string pbase = "/api/v1/polls/" + std::to_string(poll);
  const auto d0 = deputies[0];

  // Nobody holds a carrier yet: the poll cannot open.
  EXPECT_EQ(Code(Send(org_, "POST", pbase + "/open", "")), "poll.no_evaluators");
  // A guest attends but never evaluates.
  HttpResult guest = Send(org_, "POST", mbase + "/attendees", R"({"role":"guest","name":"列席 张局长"})");
  ASSERT_EQ(guest.status, 201);
  const auto guest_id = Json(guest).at("id").as_int64();
  EXPECT_EQ(Code(Send(org_, "POST", mbase + "/attendees/" + std::to_string(guest_id) + "/check-in",
                      R"({"channel":"phone"})")),
            "meeting.guest_no_carrier");
  EXPECT_EQ(Send(org_, "POST", mbase + "/attendees/" + std::to_string(guest_id) + "/check-in", "{}").status, 204);

  auto codes = Print(org_, mid, "phone", 30);
  std::set<std::string> unique(codes.begin(), codes.end());
  EXPECT_EQ(unique.size(), 30u);
  CheckInAll(org_, m, "phone", 25);
  // The five leftovers are voided by their codes.
  std::vector<std::string> leftovers(codes.begin() + 25, codes.end());
  json::array lo;
  for (const auto& c : leftovers) lo.push_back(json::value(c));
  HttpResult voided = Send(org_, "POST", mbase + "/carriers/void", json::serialize(json::object{{"codes", lo}}));
  ASSERT_EQ(voided.status, 200) << voided.body;
  EXPECT_EQ(Json(voided).at("voided").as_int64(), 5);
  EXPECT_EQ(Code(Send(org_, "POST", mbase + "/carriers/void", R"({"codes":["ABCD"]})")), "credential.malformed");

  m = Meeting(org_, mid);
  EXPECT_EQ(m.at("carriers").at("issued").at("phone").as_int64(), 25);
  EXPECT_EQ(m.at("carriers").at("printed").at("phone").as_int64(), 30);
  EXPECT_EQ(m.at("carriers").at("voided").at("phone").as_int64(), 5);
  EXPECT_EQ(m.at("attendance").at("present").as_int64(), 25);
  EXPECT_EQ(m.at("attendance").at("guests").as_int64(), 1);
  // No attendee row says which kind of carrier, let alone which one.
  for (const auto& a : m.at("attendees").as_array()) EXPECT_EQ(a.as_object().size(), 5u);
  const std::string token(m.at("projector_token").as_string());

  // The chair's console drives the projector.
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"goto","item":0,"stage":"report"})").status, 200);
  ASSERT_EQ(Send(org_, "POST", mbase + "/console", R"({"kind":"timer_start"})").status, 200);
  auto proj = Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token));
  EXPECT_EQ(proj.at("speaker").at("index").as_int64(), 0);
  EXPECT_TRUE(proj.at("live").at("timer").at("running").as_bool());
  EXPECT_EQ(proj.at("live").at("timer").at("duration_ms").as_int64(), 10 * 60 * 1000);
  EXPECT_EQ(HttpCall(port_, "GET", "/api/v1/public/projector/not-the-token").status, 404);
  HttpResult q =
      Send(org_, "POST", mbase + "/console",
           R"({"kind":"question","item":0,"asked_by":"李委员","question":"如何联系选民？","answer":"每季度走访"})");
  ASSERT_EQ(q.status, 200);
  EXPECT_EQ(Json(q).at("agenda").at(0).at("questions").at(0).at("asked_by").as_string(), "李委员");
  EXPECT_EQ(Code(Send(org_, "POST", mbase + "/console", R"({"kind":"goto","item":9,"stage":"report"})")),
            "request.invalid");

  ASSERT_EQ(Send(org_, "POST", pbase + "/open", "").status, 204);
  EXPECT_EQ(Code(Send(org_, "POST", pbase + "/open", "")), "poll.not_pending");
  // Evaluators cast: 18 满意, 4 基本满意, 3 不满意.
  const auto scale = m.at("scale").as_array();
  std::vector<std::string> receipts;
  for (int i = 0; i < 25; ++i) {
    const auto& option = scale.at(i < 18 ? 0 : (i < 22 ? 1 : 2)).at("code").as_string();
    HttpResult r = Cast(codes[static_cast<std::size_t>(i)], poll, {{d0, std::string(option)}});
    ASSERT_EQ(r.status, 200) << r.body;
    receipts.push_back(std::string(Json(r).at("receipt").as_string()));
    if (i == 5) {
      // While open: how many voted, never a count of choices, to anyone.
      auto p = Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token));
      EXPECT_EQ(p.at("polls").at(0).at("voted").as_int64(), 6);
      EXPECT_EQ(p.at("polls").at(0).at("issued").as_int64(), 25);
      EXPECT_FALSE(p.at("polls").at(0).as_object().contains("result"));
      EXPECT_FALSE(Json(Get(org_, pbase + "/result")).at("available").as_bool());
      EXPECT_EQ(Code(Get(org_, pbase + "/board")), "poll.no_result");
      // Nor does any other role: a reviewer reads the campaign but sees no count.
      auto open_view = Json(Get(LogIn("reviewer"), pbase + "/result"));
      EXPECT_FALSE(open_view.at("available").as_bool());
      EXPECT_FALSE(open_view.as_object().contains("result"));
      EXPECT_EQ(Get(LogIn("leader"), pbase + "/result").status, 403);  // another congress's group
    }
  }
  std::set<std::string> unique_receipts(receipts.begin(), receipts.end());
  EXPECT_EQ(unique_receipts.size(), 25u);
  // The identical ballot again: the same receipt, no second ballot.
  const std::string satisfied(scale.at(0).at("code").as_string()), unsatisfied(scale.at(2).at("code").as_string());
  HttpResult again = Cast(codes[0], poll, {{d0, satisfied}});
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(Json(again).at("receipt").as_string(), receipts[0]);
  // A different ballot on a spent carrier is refused.
  EXPECT_EQ(Code(Cast(codes[0], poll, {{d0, unsatisfied}})), "ballot.credential_spent");
  // Voided, forged, mistyped codes; a deputy not in the poll; an option not on
  // the scale.
  EXPECT_EQ(Code(Cast(leftovers[0], poll, {{d0, satisfied}})), "credential.voided");
  std::string forged = codes[1];
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Code(Cast(forged, poll, {{d0, satisfied}})), "credential.unknown");
  EXPECT_EQ(Code(Cast("1234", poll, {{d0, satisfied}})), "credential.malformed");
  EXPECT_EQ(Code(Cast(codes[1], poll, {{deputies[1], satisfied}})), "ballot.unknown_deputy");
  EXPECT_EQ(Code(Cast(codes[1], poll, {{d0, "excellent"}})), "ballot.unknown_option");
  EXPECT_EQ(Code(Cast(codes[1], poll, {})), "ballot.missing_choice");
  // A poll not open yet.
  EXPECT_EQ(Code(Cast(codes[1], m.at("polls").at(1).at("id").as_int64(), {{deputies[1], satisfied}})),
            "ballot.poll_not_open");
  // Re-opening the slip: "voted" and the receipt, never the choices.
  auto look = Json(Public("/api/v1/public/ballot/lookup", {{"code", codes[3]}}));
  ASSERT_EQ(look.at("polls").as_array().size(), 1u);
  EXPECT_TRUE(look.at("polls").at(0).at("voted").as_bool());
  EXPECT_EQ(look.at("polls").at(0).at("receipt").as_string(), receipts[3]);
  // Exactly these fields: never the choices.
  std::set<std::string> fields;
  for (const auto& [k, v] : look.at("polls").at(0).as_object()) fields.insert(std::string(k));
  EXPECT_EQ(fields, (std::set<std::string>{"id", "position", "round", "state", "voted", "receipt", "deputies"}));

  ASSERT_EQ(Send(org_, "POST", pbase + "/close", "").status, 204);
  EXPECT_EQ(Code(Cast(codes[1], poll, {{d0, satisfied}})), "ballot.poll_not_open");
  // Announced: the projector, the organizer, a reviewer all see it now.
  proj = Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token));
  const auto& result = proj.at("polls").at(0).at("result");
  EXPECT_EQ(result.at("issued").as_int64(), 25);
  EXPECT_EQ(result.at("returned").as_int64(), 25);
  const auto& row = result.at("deputies").at(0);
  EXPECT_EQ(row.at("votes"), (json::array{18, 4, 3}));
  EXPECT_EQ(row.at("approval_percent").as_string(), "88.0");  // (18 + 4) / 25
  EXPECT_EQ(row.at("grade").as_string(), satisfied);          // 18 > 12.5
  Login reviewer = LogIn("reviewer");
  auto seen = Json(Get(reviewer, pbase + "/result"));
  EXPECT_TRUE(seen.at("available").as_bool());
  EXPECT_EQ(seen.at("result").at("deputies").at(0).at("valid").as_int64(), 25);

  // The board: the signed record, all receipts, the ballots; the signature
  // checks against the key whose fingerprint the projector shows.
  auto board = Json(Get(org_, pbase + "/board"));
  const auto pk = base::FromHex(board.at("public_key").as_string());
  const auto sig = base::FromHex(board.at("signature").as_string());
  ASSERT_TRUE(pk.ok() && sig.ok());
  EXPECT_TRUE(base::VerifyDetached(board.at("result").as_string(), *sig, *pk));
  EXPECT_EQ(base::KeyFingerprint(*pk), proj.at("key_fingerprint").as_string());
  EXPECT_EQ(board.at("ballots").as_array().size(), 25u);
  // The board lists each receipt's digest, never the receipt itself.
  std::set<std::string> on_board, digests;
  for (const auto& r : board.at("receipts").as_array()) on_board.insert(std::string(r.as_string()));
  for (const auto& r : unique_receipts) digests.insert(core::ReceiptDigest(r));
  EXPECT_EQ(on_board, digests);
  EXPECT_EQ(Get(org_, pbase + "/board").body.find(receipts[0]), std::string::npos);
  auto check = [&](const std::string& receipt) {
    return Json(Public("/api/v1/public/receipts/check", {{"poll_id", poll}, {"receipt", receipt}})).at("included");
  };
  EXPECT_EQ(check(receipts[7]), json::value(true));
  EXPECT_EQ(check("00000-00000"), json::value(false));
  // The voter's own check needs no server (`shuzhi verify board.json
  // --receipt …`, issue 11): the board lists digests, and the receipt's
  // digest is computed offline, whatever its typing.
  const std::string board_text = Get(org_, pbase + "/board").body;
  std::string typed = receipts[7];
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(core::BoardListsReceipt(board_text, receipts[7]), std::optional<bool>(true));
  EXPECT_EQ(core::BoardListsReceipt(board_text, typed.substr(0, 5) + " " + typed.substr(6)), std::optional<bool>(true));
  EXPECT_EQ(core::BoardListsReceipt(board_text, "00000-00000"), std::optional<bool>(false));

  // The same board signed with SM2 verifies offline with its SM3
  // fingerprint, its digest is SM3's, and a change is found.
  const auto sm2 = base::Sm2KeyPairFromSeed(std::string(base::kSignSeedBytes, '\x05')).value();
  const std::string sm2_board = ResignWithSm2(board_text, sm2);
  const std::string sm2_fp = base::Fingerprint(base::SignAlg::kSm2, sm2.public_key);
  const auto sm2_checked = core::VerifyBoard(sm2_board, sm2_fp);
  EXPECT_TRUE(sm2_checked.ok) << (sm2_checked.problems.empty() ? "" : sm2_checked.problems[0].detail);
  EXPECT_EQ(sm2_checked.algorithm, base::SignAlg::kSm2);
  EXPECT_EQ(sm2_checked.ballots, 25);
  EXPECT_EQ(core::BoardAlgorithm(sm2_board), std::optional<base::SignAlg>(base::SignAlg::kSm2));
  EXPECT_EQ(core::BoardAlgorithm(board_text), std::optional<base::SignAlg>(base::SignAlg::kEd25519));
  EXPECT_EQ(core::BoardDigest(sm2_board, base::SignAlg::kSm2), base::ToHex(base::Sm3(sm2_board)));
  EXPECT_EQ(board_text.find("\"algorithm\""), std::string::npos);  // Ed25519 boards keep their bytes
  auto problem = [](const core::BoardReport& r) { return r.problems.empty() ? "" : r.problems[0].code; };
  EXPECT_EQ(problem(core::VerifyBoard(sm2_board, base::KeyFingerprint(sm2.public_key))), "board.wrong_key");
  auto edited = json::parse(sm2_board).as_object();
  auto& listed = edited["ballots"].as_array();
  const auto other = std::find_if(listed.begin(), listed.end(), [&](const auto& b) { return b != listed.front(); });
  ASSERT_NE(other, listed.end());
  std::swap(listed.front(), *other);  // the same ballots in another order than was signed
  EXPECT_EQ(problem(core::VerifyBoard(json::serialize(edited), sm2_fp)), "board.hash_mismatch");
  auto altered = json::parse(sm2_board).as_object();
  std::string record_text(altered["result"].as_string());
  record_text.replace(record_text.find("\"issued\":"), 9, "\"issued\":1");
  altered["result"] = record_text;
  EXPECT_EQ(problem(core::VerifyBoard(json::serialize(altered), sm2_fp)), "board.bad_signature");
  auto renamed = json::parse(sm2_board).as_object();
  renamed["algorithm"] = "ed25519";
  EXPECT_FALSE(core::VerifyBoard(json::serialize(renamed), sm2_fp).ok);
  renamed["algorithm"] = "rsa";
  EXPECT_EQ(problem(core::VerifyBoard(json::serialize(renamed), sm2_fp)), "board.malformed");
  EXPECT_EQ(core::BoardListsReceipt(board_text, "1234"), std::nullopt);
  EXPECT_EQ(core::BoardListsReceipt("not a board", receipts[7]), std::nullopt);

  // With a poll opened, the campaign's scale and rule are locked (#4).
  auto campaign = Json(Get(org_, "/api/v1/campaigns/" + std::to_string(committee_)));
  auto spec = campaign.at("spec").as_object();
  spec["min_valid_votes"] = 3;
  EXPECT_EQ(Code(Send(org_, "PUT", "/api/v1/campaigns/" + std::to_string(committee_),
                      json::serialize(json::object{{"spec", spec}}))),
            "campaign.rule_locked");
  spec["min_valid_votes"] = campaign.at("spec").at("min_valid_votes");
  spec["purpose"] = "修改目的（仍可修改）";
  EXPECT_EQ(Send(org_, "PUT", "/api/v1/campaigns/" + std::to_string(committee_),
                 json::serialize(json::object{{"spec", spec}}))
                .status,
            200);

  // A deputy outside this campaign sees nothing of it.
  Login deputy = LogIn("deputy");
  EXPECT_EQ(Get(deputy, pbase + "/result").status, 403);
  EXPECT_EQ(Get(deputy, mbase).status, 403);
}

TEST_F(MeetingApiTest, VoterMeetingPrivateWithPaperDoubleEntry) {
  Login leader = LogIn("leader");
  const auto me = Json(Get(leader, "/api/v1/me"));
  const auto group = me.at("user").at("roles").at(0).at("group_id").as_int64();
  auto deputies = Reporting(voter_, group);
  ASSERT_GE(deputies.size(), 2u);
  auto m = CreateMeeting(leader, voter_, {{"group_id", group}, {"poll_mode", "sheet"}});
  const auto mid = m.at("id").as_int64();
  ASSERT_EQ(m.at("polls").as_array().size(), 1u);  // one sheet for all deputies
  const auto poll = m.at("polls").at(0).at("id").as_int64();
  const std::string pbase = "/api/v1/polls/" + std::to_string(poll);
  ASSERT_EQ(m.at("disclosure").as_string(), "private");
  ASSERT_GE(m.at("attendance").at("entitled").as_int64(), 15);

  auto slips = Print(leader, mid, "phone", 10);
  auto sheets = Print(leader, mid, "paper", 5);
  CheckInAll(leader, m, "phone", 10);
  CheckInAll(leader, Meeting(leader, mid), "paper", 5);
  ASSERT_EQ(Send(leader, "POST", pbase + "/open", "").status, 204);
  const auto scale = m.at("scale").as_array();
  auto opt = [&](int k) { return std::string(scale.at(static_cast<std::size_t>(k)).at("code").as_string()); };
  // Ten phones: everyone rates deputy A 优秀 and deputy B 称职.
  std::vector<std::pair<std::int64_t, std::string>> ballot;
  for (auto d : deputies) ballot.push_back({d, d == deputies[0] ? opt(0) : opt(1)});
  for (const auto& s : slips) ASSERT_EQ(Cast(s, poll, ballot).status, 200);
  // One paper sheet was also used to vote by phone: its sheet will be invalid.
  ASSERT_EQ(Cast(sheets[4], poll, ballot).status, 200);
  ASSERT_EQ(Send(leader, "POST", pbase + "/close", "").status, 204);
  EXPECT_EQ(Json(Get(leader, pbase + "/result")).at("available").as_bool(),
            false);  // sheets not counted yet
  for (const char* who : {"reviewer", "deputy", "organizer"}) {
    auto v = Json(Get(LogIn(who), pbase + "/result"));
    EXPECT_FALSE(v.at("available").as_bool()) << who;
    EXPECT_FALSE(v.as_object().contains("result")) << who;
  }

  // Tellers: the leader and the organizer key each sheet.
  std::vector<std::pair<std::int64_t, std::string>> paper;
  for (auto d : deputies) paper.push_back({d, opt(3)});
  EXPECT_EQ(Code(Key(leader, poll, sheets[0], paper)), "paper.count_first");
  ASSERT_EQ(Send(leader, "PUT", pbase + "/paper-count", R"({"sheets":5})").status, 204);
  for (int s = 0; s < 3; ++s) {
    EXPECT_EQ(Json(Key(leader, poll, sheets[static_cast<std::size_t>(s)], paper)).at("outcome").as_string(),
              "waiting_second");
    EXPECT_EQ(Code(Key(leader, poll, sheets[static_cast<std::size_t>(s)], paper)), "paper.already_keyed");
    EXPECT_EQ(Json(Key(org_, poll, sheets[static_cast<std::size_t>(s)], paper)).at("outcome").as_string(),
              "reconciled");
  }
  // Sheet 4: a blank row for deputy B; the second teller reads it differently.
  auto blank = paper;
  blank[1].second = "blank";
  EXPECT_EQ(Json(Key(leader, poll, sheets[3], blank)).at("outcome").as_string(), "waiting_second");
  auto status = Json(Get(leader, pbase + "/paper-sheets"));
  EXPECT_EQ(status.at("waiting").as_array().size(), 1u);
  EXPECT_FALSE(status.at("waiting").at(0).as_object().contains("choices"));  // the second keying stays independent
  EXPECT_EQ(Json(Key(org_, poll, sheets[3], paper)).at("outcome").as_string(), "mismatch");
  status = Json(Get(leader, pbase + "/paper-sheets"));
  ASSERT_EQ(status.at("mismatches").as_array().size(), 1u);
  EXPECT_EQ(status.at("mismatches").at(0).at("versions").at(0).at("choices").at(1).as_string(), "invalid");
  EXPECT_EQ(Code(Send(leader, "POST", pbase + "/finalize", "")), "paper.not_reconciled");
  json::array resolved;
  for (const auto& [d, o] : blank) resolved.push_back(json::object{{"deputy_id", d}, {"option", o}});
  const auto resolve_body = json::serialize(json::object{{"code", sheets[3]}, {"choices", resolved}});
  EXPECT_EQ(Send(leader, "POST", pbase + "/paper-sheets/resolve", resolve_body).status,
            403);  // organizers resolve
  EXPECT_EQ(Json(Send(org_, "POST", pbase + "/paper-sheets/resolve", resolve_body)).at("outcome").as_string(),
            "reconciled");
  // Sheet 5's code already voted by phone: the sheet is invalid.
  EXPECT_EQ(Json(Key(leader, poll, sheets[4], paper)).at("outcome").as_string(), "waiting_second");
  EXPECT_EQ(Json(Key(org_, poll, sheets[4], paper)).at("outcome").as_string(), "invalid_sheet");
  // No more sheets than counted.
  EXPECT_EQ(Code(Key(leader, poll, slips[0], paper)), "paper.too_many_sheets");
  ASSERT_EQ(Send(leader, "POST", pbase + "/finalize", "").status, 204);

  // Private: the leader, the organizer and a reviewer see it; the deputy only
  // after release.
  auto full = Json(Get(leader, pbase + "/result"));
  ASSERT_TRUE(full.at("available").as_bool());
  const auto& r = full.at("result");
  EXPECT_EQ(r.at("issued").as_int64(), 15);
  EXPECT_EQ(r.at("returned").as_int64(),
            16);  // 11 phone ballots + 5 sheets: more than issued
  EXPECT_TRUE(r.at("void").as_bool());
  EXPECT_EQ(full.at("state").as_string(), "void");
  // Why it is void, by channel; and nothing else (issue 14: a void poll
  // published every deputy's votes and grade).
  EXPECT_EQ(r.at("issued_phone").as_int64(), 10);
  EXPECT_EQ(r.at("issued_paper").as_int64(), 5);
  EXPECT_EQ(r.at("returned_phone").as_int64(), 11);
  EXPECT_EQ(r.at("returned_paper").as_int64(), 5);
  EXPECT_FALSE(r.as_object().contains("valid_ballots"));
  for (const auto& row : r.at("deputies").as_array()) {
    EXPECT_TRUE(row.at("withheld").as_bool());
    for (const char* field : {"votes", "valid", "invalid", "approval", "approval_percent", "grade"}) {
      EXPECT_FALSE(row.as_object().contains(field)) << field;
    }
  }
  auto void_board = Json(Get(leader, pbase + "/board"));
  EXPECT_EQ(void_board.at("ballots").as_array().size(), 15u);  // 11 phone, 4 valid sheets
  for (const auto& b : void_board.at("ballots").as_array()) {
    EXPECT_EQ(b.as_string().find_first_not_of('-'), std::string::npos) << b;  // every mark blanked
  }
  // Offline, the void board still verifies: signed, returned recounted, and
  // more returned than issued in a poll marked void.
  const auto void_key = base::FromHex(void_board.at("public_key").as_string());
  ASSERT_TRUE(void_key.ok());
  const auto checked = core::VerifyBoard(Get(leader, pbase + "/board").body, base::KeyFingerprint(*void_key));
  EXPECT_TRUE(checked.ok) << (checked.problems.empty() ? "" : checked.problems[0].detail);
  EXPECT_TRUE(checked.void_poll);
  EXPECT_EQ(checked.returned, 16);
  EXPECT_EQ(Code(Send(leader, "POST", pbase + "/release", json::serialize(json::object{{"deputy_id", deputies[0]}}))),
            "poll.void");

  // The void poll is repeated with a new round of carriers.
  HttpResult rep = Send(leader, "POST", pbase + "/repeat", "");
  ASSERT_EQ(rep.status, 201) << rep.body;
  const auto poll2 = Json(rep).at("poll_id").as_int64();
  EXPECT_EQ(Code(Send(leader, "POST", "/api/v1/polls/" + std::to_string(poll2) + "/open", "")), "poll.no_evaluators");
  ASSERT_EQ(
      Send(leader, "POST", "/api/v1/meetings/" + std::to_string(mid) + "/issue", R"({"channel":"phone","count":6})")
          .status,
      204);
  auto round2 = Print(leader, mid, "phone", 6);
  ASSERT_EQ(Send(leader, "POST", "/api/v1/polls/" + std::to_string(poll2) + "/open", "").status, 204);
  EXPECT_EQ(Code(Cast(slips[1], poll2, ballot)), "credential.wrong_round");
  for (const auto& s : round2) ASSERT_EQ(Cast(s, poll2, ballot).status, 200);
  ASSERT_EQ(Send(leader, "POST", "/api/v1/polls/" + std::to_string(poll2) + "/close", "").status, 204);
  const std::string p2 = "/api/v1/polls/" + std::to_string(poll2);
  auto res2 = Json(Get(leader, p2 + "/result"));
  ASSERT_TRUE(res2.at("available").as_bool());
  EXPECT_EQ(res2.at("state").as_string(), "final");
  EXPECT_EQ(res2.at("result").at("deputies").at(0).at("grade").as_string(), opt(0));

  Login deputy = LogIn("deputy");
  const auto deputy_id = Json(Get(deputy, "/api/v1/me")).at("user").at("roles").at(0).at("deputy_id").as_int64();
  ASSERT_NE(std::find(deputies.begin(), deputies.end(), deputy_id), deputies.end());
  EXPECT_FALSE(Json(Get(deputy, p2 + "/result")).at("available").as_bool());
  auto mine_before = Json(Get(deputy, "/api/v1/me/results"));
  for (const auto& r : mine_before.at("items").as_array()) EXPECT_NE(r.at("poll_id").as_int64(), poll2);
  EXPECT_EQ(Get(deputy, p2 + "/board").status, 403);
  EXPECT_EQ(Send(deputy, "POST", p2 + "/release", json::serialize(json::object{{"deputy_id", deputy_id}})).status, 403);
  ASSERT_EQ(Send(leader, "POST", p2 + "/release", json::serialize(json::object{{"deputy_id", deputy_id}})).status, 204);
  auto own = Json(Get(deputy, p2 + "/result"));
  ASSERT_TRUE(own.at("available").as_bool());
  ASSERT_EQ(own.at("result").at("deputies").as_array().size(),
            1u);  // their own row only
  EXPECT_EQ(own.at("result").at("deputies").at(0).at("deputy_id").as_int64(), deputy_id);
  EXPECT_FALSE(own.as_object().contains("signature"));
  // The deputy's own results page lists it now, their row only.
  auto mine = Json(Get(deputy, "/api/v1/me/results"));
  bool listed = false;
  for (const auto& r : mine.at("items").as_array()) {
    if (r.at("poll_id").as_int64() != poll2) continue;
    listed = true;
    EXPECT_EQ(r.at("row").at("deputy_id").as_int64(), deputy_id);
  }
  EXPECT_TRUE(listed);
  Login reviewer = LogIn("reviewer");
  EXPECT_TRUE(Json(Get(reviewer, p2 + "/result")).at("complete").as_bool());
  // Private results never reach the projector.
  const std::string token(Meeting(leader, mid).at("projector_token").as_string());
  auto proj = Json(HttpCall(port_, "GET", "/api/v1/public/projector/" + token));
  for (const auto& p : proj.at("polls").as_array()) EXPECT_FALSE(p.as_object().contains("result"));
}

TEST_F(MeetingApiTest, WithheldBelowTheMinimumForEveryRole) {
  auto deputies = Reporting(committee_);
  json::array ids{deputies.at(0)};
  auto m = CreateMeeting(org_, committee_, {{"deputy_ids", ids}});
  const auto mid = m.at("id").as_int64();
  const auto poll = m.at("polls").at(0).at("id").as_int64();
  auto codes = Print(org_, mid, "phone", 4);
  CheckInAll(org_, m, "phone", 4);
  ASSERT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(poll) + "/open", "").status, 204);
  for (const auto& c : codes) {
    ASSERT_EQ(Cast(c, poll, {{deputies[0], std::string(m.at("scale").at(0).at("code").as_string())}}).status, 200);
  }
  ASSERT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(poll) + "/close", "").status, 204);
  // 4 valid votes < 5: nothing about this deputy, for anyone — and on the board
  // his marks are blanked.
  auto res = Json(Get(org_, "/api/v1/polls/" + std::to_string(poll) + "/result"));
  const auto& row = res.at("result").at("deputies").at(0).as_object();
  EXPECT_TRUE(row.at("withheld").as_bool());
  EXPECT_FALSE(row.contains("votes"));
  EXPECT_FALSE(row.contains("grade"));
  auto board = Json(Get(org_, "/api/v1/polls/" + std::to_string(poll) + "/board"));
  for (const auto& b : board.at("ballots").as_array()) EXPECT_EQ(b.as_string(), "-");
  EXPECT_EQ(board.at("result").as_string().find("\"votes\""), std::string::npos);
}

// Plan 1 evaluates each deputy in a poll of their own: the results overview
// puts every deputy's counts, rate and grade on one sheet, in the office's
// language, and marks a withheld result; a poll not yet held has no row.
TEST_F(MeetingApiTest, ResultsOverviewExportsEveryDeputyOnOneSheet) {
  std::vector<std::int64_t> deputies;
  auto m = PerDeputyMeeting(3, deputies);
  const auto mid = m.at("id").as_int64();
  const auto codes = Print(org_, mid, "phone", 25);
  CheckInAll(org_, m, "phone", 25);
  const auto scale = m.at("scale").as_array();
  auto code_of = [&](int i) { return std::string(scale.at(static_cast<std::size_t>(i)).at("code").as_string()); };
  // Poll 1: 20 满意, 5 基本满意; poll 2: only 2 of 25 vote (withheld); poll 3 never opens.
  for (int p = 0; p < 2; ++p) {
    const auto poll = m.at("polls").at(static_cast<std::size_t>(p)).at("id").as_int64();
    ASSERT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(poll) + "/open", "").status, 204);
    const int voters = p == 0 ? 25 : 2;
    for (int i = 0; i < voters; ++i) {
      ASSERT_EQ(Cast(codes[static_cast<std::size_t>(i)], poll,
                     {{deputies[static_cast<std::size_t>(p)], code_of(i < 20 ? 0 : 1)}})
                    .status,
                200);
    }
    ASSERT_EQ(Send(org_, "POST", "/api/v1/polls/" + std::to_string(poll) + "/close", "").status, 204);
  }
  const std::string url = "/api/v1/meetings/" + std::to_string(mid) + "/results/export";
  HttpResult x = Get(org_, url);
  ASSERT_EQ(x.status, 200) << x.body.substr(0, 300);
  EXPECT_NE(x.Header("content-disposition").find(".xlsx"), std::string::npos);
  auto table = exports::ReadXlsxFirstSheet(x.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const auto& rows = table->rows;
  ASSERT_EQ(rows.size(), 3u);  // the header, poll 1's deputy, poll 2's (withheld)
  std::vector<std::string> header{"测评序号", "轮次", "代表"};
  for (const auto& o : scale) header.emplace_back(o.at("label").as_string());
  for (const char* h : {"有效票", "无效票", "满意率（%）", "等次", "结果状态"}) header.emplace_back(h);
  EXPECT_EQ(rows[0], header);
  auto cell = [&](std::size_t row, const std::string& column) -> std::string {
    const auto at = static_cast<std::size_t>(std::find(header.begin(), header.end(), column) - header.begin());
    return at < rows[row].size() ? rows[row][at] : "";  // the reader drops empty cells at a row's end
  };
  EXPECT_EQ(cell(1, "测评序号"), "1");
  EXPECT_EQ(cell(1, header[3]), "20");
  EXPECT_EQ(cell(1, header[4]), "5");
  EXPECT_EQ(cell(1, "有效票"), "25");
  EXPECT_EQ(cell(1, "满意率（%）"), "100.0");  // 满意 and 基本满意 both approve
  EXPECT_EQ(cell(1, "等次"), scale.at(0).at("label").as_string());
  EXPECT_EQ(cell(1, "结果状态"), "");  // announced on the spot: nothing to note
  EXPECT_EQ(cell(2, "测评序号"), "2");
  EXPECT_EQ(cell(2, "结果状态"), "有效票不足，不公布");
  EXPECT_EQ(cell(2, header[3]), "");  // a withheld row shows no count
  EXPECT_EQ(cell(2, "等次"), "");

  // The same as CSV; refused to another congress's leader and for no meeting.
  HttpResult csv = Get(org_, url + "?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("有效票不足，不公布"), std::string::npos);
  EXPECT_EQ(Get(LogIn("leader"), url).status, 403);
  EXPECT_EQ(Code(Get(org_, "/api/v1/meetings/999999/results/export")), "meeting.not_found");
  EXPECT_EQ(Code(Get(org_, url + "?format=pdf")), "request.invalid");
}

}  // namespace
}  // namespace shuzhi::testing
