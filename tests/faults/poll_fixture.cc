#include "poll_fixture.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "app/app.h"
#include "app/campaign/campaign.h"
#include "app/demo/demo.h"
#include "app/meeting/meeting.h"
#include "app/testing/app_test_util.h"
#include "base/clock.h"
#include "base/json.h"
#include "storage/sql_repos.h"
#include "storage/store.h"

namespace shuzhi::faults {
namespace {

constexpr const char* kDemoPassword = "faults-demo-password";

base::Status DropPostgresSchema(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  const bool connected = PQstatus(c) == CONNECTION_OK;
  if (connected) {
    PQclear(PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
  }
  const std::string error = PQerrorMessage(c);
  PQfinish(c);
  return connected ? base::Ok() : base::Unavailable("faults.postgres", error);
}

// The demo's active committee campaign (it also holds last year's, archived).
base::Result<app::CampaignView> ActiveCommitteeCampaign(app::App& application, const app::Actor& admin) {
  SHUZHI_ASSIGN_OR_RETURN(auto campaigns, application.campaigns().List(admin, std::nullopt));
  for (const auto& c : campaigns) {
    if (c.spec.template_code == "committee" && c.record.state == core::CampaignState::kActive) return c;
  }
  return base::NotFound("faults.no_campaign", "the demo has no active committee campaign");
}

}  // namespace

base::Result<PreparedPoll> PreparePoll(const Database& db, int carriers) {
  if (db.postgres()) {
    SHUZHI_TRY(DropPostgresSchema(db.pg_url));
  } else {
    std::filesystem::remove_all(db.data_dir);
  }
  SHUZHI_ASSIGN_OR_RETURN(auto store, storage::OpenStore({db.data_dir, db.pg_url, 4}));
  base::SystemClock clock;
  app::AppOptions options;
  options.password_cost = base::PasswordCost::kTestOnly;  // the organizer's login stays fast
  app::App application(*store, clock, options);
  SHUZHI_TRY(app::SeedDemo(application, kDemoPassword, app::DemoScope::kThisYear).status());
  const app::Actor admin{0, "faults", {{core::Role::kAdmin, {}, {}, {}}}};
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, ActiveCommitteeCampaign(application, admin));

  app::NewMeeting in;
  in.title = "断电测试";
  in.starts_at = clock.Now();
  in.poll_mode = "sheet";
  SHUZHI_ASSIGN_OR_RETURN(auto meeting, application.meetings().Create(admin, campaign.record.id, in));
  PreparedPoll out;
  out.meeting_id = meeting.id;
  out.poll_id = meeting.polls.at(0).id;
  for (const auto& d : meeting.polls.at(0).deputies) out.form.deputy_ids.push_back(d.id);
  out.form.scale = campaign.spec.scale;
  out.form.abstention_allowed = campaign.spec.abstention_allowed;
  for (int made = 0; made < carriers; made += 500) {
    SHUZHI_ASSIGN_OR_RETURN(auto codes, application.meetings().CreateCarriers(admin, meeting.id, core::Channel::kPhone,
                                                                              std::min(500, carriers - made)));
    out.codes.insert(out.codes.end(), codes.begin(), codes.end());
  }
  SHUZHI_TRY(app::testing::SeatEvaluators(*store, meeting.id, carriers));
  SHUZHI_TRY(application.meetings().Issue(admin, meeting.id, core::Channel::kPhone, carriers));
  SHUZHI_TRY(application.meetings().OpenPoll(admin, out.poll_id));
  SHUZHI_TRY(application.keys().Load());
  out.fingerprint = application.keys().fingerprint();
  out.organizer = "organizer";
  out.password = kDemoPassword;
  return out;
}

namespace {

base::Result<StoredCounts> CountSqlite(const std::string& data_dir, std::int64_t poll) {
  const std::string path = (std::filesystem::path(data_dir) / "shuzhi.db").string();
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) return base::Unavailable("faults.sqlite", "cannot open " + path);
  auto text = [&](const std::string& sql) -> std::string {
    sqlite3_stmt* st = nullptr;
    std::string value = "(error: " + sql + ")";
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      const auto* v = sqlite3_column_text(st, 0);
      value = v ? reinterpret_cast<const char*>(v) : "";
    }
    sqlite3_finalize(st);
    return value;
  };
  auto count = [&](const std::string& sql) { return std::atoll(text(sql).c_str()); };
  const std::string p = std::to_string(poll);
  StoredCounts n;
  n.spends = count("SELECT count(*) FROM spends WHERE poll_id = " + p);
  n.ballots = count("SELECT count(*) FROM ballots WHERE poll_id = " + p);
  n.receipts = count("SELECT (SELECT count(*) FROM receipts WHERE poll_id = " + p +
                     ") + (SELECT count(*) FROM spends WHERE poll_id = " + p + " AND receipt IS NOT NULL)");
  n.voted = count(storage::PollVotedQuery(poll));
  n.integrity = text("PRAGMA integrity_check");
  return n;
}

base::Result<StoredCounts> CountPostgres(const std::string& url, std::int64_t poll) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(c.get()) != CONNECTION_OK) return base::Unavailable("faults.postgres", PQerrorMessage(c.get()));
  auto count = [&](const std::string& sql) -> std::int64_t {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) return -1;
    return std::atoll(PQgetvalue(r.get(), 0, 0));
  };
  const std::string p = std::to_string(poll);
  StoredCounts n;
  n.spends = count("SELECT count(*) FROM spends WHERE poll_id = " + p);
  n.ballots = count("SELECT count(*) FROM ballots WHERE poll_id = " + p + " AND choices IS NOT NULL");
  n.receipts = count("SELECT (SELECT count(*) FROM receipts WHERE poll_id = " + p +
                     ") + (SELECT count(*) FROM spends WHERE poll_id = " + p + " AND receipt IS NOT NULL)");
  n.voted = count(storage::PollVotedQuery(poll));
  return n;
}

}  // namespace

std::vector<PhoneBallot> MakeBallots(const PreparedPoll& poll, std::mt19937& rng, std::vector<std::string>* encoded) {
  namespace json = base::json;
  std::vector<PhoneBallot> out;
  const auto& scale = poll.form.scale;
  for (const auto& code : poll.codes) {
    std::vector<core::ChoiceInput> choices;
    for (auto deputy : poll.form.deputy_ids) choices.push_back({deputy, scale[rng() % scale.size()].code});
    auto body = [&](const std::vector<core::ChoiceInput>& cs) {
      json::array list;
      for (const auto& c : cs) list.push_back(json::object{{"deputy_id", c.deputy_id}, {"option", c.option}});
      return json::serialize(json::object{{"code", code}, {"poll_id", poll.poll_id}, {"choices", std::move(list)}});
    };
    PhoneBallot b;
    b.lookup = json::serialize(json::object{{"code", code}});
    b.body = body(choices);
    encoded->push_back(core::EncodePhoneChoices(poll.form, choices).value());
    // The phones send this one after theirs: it must be refused.
    for (std::size_t k = 0; k < scale.size(); ++k) {
      if (scale[k].code == choices[0].option) {
        choices[0].option = scale[(k + 1) % scale.size()].code;
        break;
      }
    }
    b.conflicting = body(choices);
    out.push_back(std::move(b));
  }
  return out;
}

base::Result<StoredCounts> CountStored(const Database& db, std::int64_t poll_id) {
  return db.postgres() ? CountPostgres(db.pg_url, poll_id) : CountSqlite(db.data_dir, poll_id);
}

base::Status LoseOneBallot(const Database& db, std::int64_t poll_id) {
  const std::string p = std::to_string(poll_id);
  const std::string sql =
      "BEGIN;"
      "DELETE FROM spends WHERE poll_id = " +
      p + " AND spend_key = (SELECT spend_key FROM spends WHERE poll_id = " + p + " LIMIT 1);" +
      (db.postgres()
           ? "DELETE FROM ballots WHERE ctid = (SELECT ctid FROM ballots WHERE poll_id = " + p +
                 " AND choices IS NOT NULL LIMIT 1);"
           : "DELETE FROM ballots WHERE rowid = (SELECT rowid FROM ballots WHERE poll_id = " + p + " LIMIT 1);") +
      "UPDATE polls SET voted = voted - 1 WHERE id = " + p + "; COMMIT;";
  if (db.postgres()) {
    std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(db.pg_url.c_str()), &PQfinish);
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return base::Internal("faults.tamper", PQerrorMessage(c.get()));
    return base::Ok();
  }
  sqlite3* raw = nullptr;
  const std::string path = (std::filesystem::path(db.data_dir) / "shuzhi.db").string();
  sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> c(raw, &sqlite3_close);
  if (sqlite3_exec(c.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return base::Internal("faults.tamper", sqlite3_errmsg(c.get()));
  }
  return base::Ok();
}

}  // namespace shuzhi::faults
