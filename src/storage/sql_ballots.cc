// BallotRepo over SqlConnection, for both backends: spends, ballots,
// receipts, paper entries and the server keys (docs/design/ballots.md).
#include <algorithm>

#include "base/crypto.h"
#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Bytes;
using base::Result;
using base::Status;

class SqlBallotRepo final : public BallotRepo {
  // Reserved ballot rows (PostgreSQL) have places in [0, kPlaces).
  static constexpr std::uint32_t kPlaces = 0x7fffffff;

 public:
  explicit SqlBallotRepo(SqlConnection& c) : c_(c) {}

  Status InsertSpend(std::int64_t poll_id, const Bytes& spend_key, const std::optional<Bytes>& check,
                     const std::optional<std::string>& receipt) override {
    SqlParam check_param = nullptr;
    if (check) check_param = BlobParam{*check};
    SqlParam receipt_param = nullptr;
    if (receipt) receipt_param = std::string_view(*receipt);
    // ON CONFLICT rather than a failed statement: a PostgreSQL transaction
    // stays usable, and the common case is one statement.
    SHUZHI_ASSIGN_OR_RETURN(
        auto n, c_.Exec("INSERT INTO spends (poll_id, spend_key, check_hash, receipt) VALUES ($1, $2, $3, $4) "
                        "ON CONFLICT (poll_id, spend_key) DO NOTHING",
                        {poll_id, BlobParam{spend_key}, check_param, receipt_param}));
    if (n == 0) return base::Conflict("ballot.credential_spent", "this carrier has already cast a ballot in this poll");
    return base::Ok();
  }

  Result<std::optional<Bytes>> FindSpend(std::int64_t poll_id, const Bytes& spend_key) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT check_hash FROM spends WHERE "
                                                "poll_id = $1 AND spend_key = $2",
                                                {poll_id, BlobParam{spend_key}}));
    if (rows.empty()) return std::optional<Bytes>();
    return std::optional<Bytes>(rows.front().Text(0));
  }

  Status EraseSpendChecks(std::int64_t poll_id) override {
    if (c_.dialect() == Dialect::kSqlite) {
      // A WITHOUT ROWID table is stored (and dumped) in the order of its
      // random keys: updating in place leaves no arrival order behind. Only
      // rows still holding a check are written (ReplaceBallots has usually
      // erased them already, in its one pass over the spends).
      return c_.Exec("UPDATE spends SET check_hash = NULL WHERE poll_id = $1 AND check_hash IS NOT NULL", {poll_id})
          .status();
    }
    // A PostgreSQL heap lists rows in the order they were written, which for
    // spends is the order of casting: rewrite them in a random order.
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT spend_key, receipt FROM spends WHERE poll_id = $1", {poll_id}));
    std::vector<std::pair<Bytes, std::optional<std::string>>> spends;
    for (const auto& r : rows) spends.emplace_back(r.Text(0), r.IsNull(1) ? std::nullopt : std::optional(r.Text(1)));
    base::RandomShuffle(spends);
    SHUZHI_TRY(c_.Exec("DELETE FROM spends WHERE poll_id = $1", {poll_id}).status());
    for (const auto& [key, receipt] : spends) {
      SqlParam receipt_param = nullptr;
      if (receipt) receipt_param = std::string_view(*receipt);
      SHUZHI_TRY(c_.Exec("INSERT INTO spends (poll_id, spend_key, check_hash, receipt) VALUES ($1, $2, NULL, $3)",
                         {poll_id, BlobParam{key}, receipt_param})
                     .status());
    }
    return base::Ok();
  }

  Status ReserveBallotPlaces(std::int64_t poll_id, std::int64_t n) override {
    if (c_.dialect() == Dialect::kSqlite || n <= 0) return base::Ok();
    // The places are only a random order of the empty rows; the ballot's
    // random start (below) is what makes its position unpredictable.
    return c_
        .Exec(
            "INSERT INTO ballots (poll_id, place) SELECT $1, floor(random() * $3::float8)::bigint "
            "FROM generate_series(1, $2::bigint)",
            {poll_id, n, std::int64_t{kPlaces}})
        .status();
  }

  Status AppendBallot(std::int64_t poll_id, const std::string& choices) override {
    if (c_.dialect() == Dialect::kPostgres) {
      // Fill the first free reserved row at or after a random place, else the
      // first one at all; SKIP LOCKED passes rows that other ballots in
      // flight are filling. Only when every reserved row is taken (carriers
      // handed out after the poll opened) is the ballot appended.
      const std::int64_t start = base::RandomBelow(kPlaces);
      for (std::int64_t from : {start, std::int64_t{-1}}) {
        SHUZHI_ASSIGN_OR_RETURN(
            auto n, c_.Exec("UPDATE ballots SET choices = $3 WHERE ctid = (SELECT ctid FROM ballots WHERE poll_id = $1 "
                            "AND choices IS NULL AND place >= $2 ORDER BY place LIMIT 1 FOR UPDATE SKIP LOCKED)",
                            {poll_id, from, std::string_view(choices)}));
        if (n == 1) return base::Ok();
      }
    }
    return InsertBallot(poll_id, choices);
  }

  Status SpendAndAppend(std::int64_t poll_id, const Bytes& spend_key, const std::optional<Bytes>& check,
                        const std::optional<std::string>& receipt, const std::string& choices) override {
    if (c_.dialect() == Dialect::kSqlite) {
      SHUZHI_TRY(InsertSpend(poll_id, spend_key, check, receipt));
      return AppendBallot(poll_id, choices);
    }
    SqlParam check_param = nullptr;
    if (check) check_param = BlobParam{*check};
    SqlParam receipt_param = nullptr;
    if (receipt) receipt_param = std::string_view(*receipt);
    // The spend, and the ballot into a free reserved row at or after a
    // random place, only when the spend was new (as in InsertSpend and
    // AppendBallot, which this is the two of in one round trip).
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("WITH s AS (INSERT INTO spends (poll_id, spend_key, check_hash, receipt) VALUES ($1, $2, $3, $4) "
                 "ON CONFLICT (poll_id, spend_key) DO NOTHING RETURNING 1), "
                 "b AS (UPDATE ballots SET choices = $5 WHERE EXISTS (SELECT 1 FROM s) AND ctid = (SELECT ctid FROM "
                 "ballots WHERE poll_id = $1 AND choices IS NULL AND place >= $6 ORDER BY place LIMIT 1 "
                 "FOR UPDATE SKIP LOCKED) RETURNING 1) "
                 "SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM b)",
                 {poll_id, BlobParam{spend_key}, check_param, receipt_param, std::string_view(choices),
                  std::int64_t{base::RandomBelow(kPlaces)}}));
    if (rows.empty() || rows.front().Int(0) == 0) {
      return base::Conflict("ballot.credential_spent", "this carrier has already cast a ballot in this poll");
    }
    if (rows.front().Int(1) == 1) return base::Ok();
    return AppendBallot(poll_id, choices);  // no free row after the place: from the first, else appended
  }

  Result<GatedCast> CastIfAllowed(const Bytes& carrier_hash, std::int64_t poll_id, const Bytes& spend_key,
                                  const Bytes& check, const std::string& receipt, const std::string& choices) override {
    GatedCast out;
    if (c_.dialect() == Dialect::kSqlite) {
      SHUZHI_ASSIGN_OR_RETURN(out.check, MakeSqlMeetingRepo(c_)->CheckCast(carrier_hash, poll_id));
      if (!out.check.Allows()) return out;
      const Status cast = SpendAndAppend(poll_id, spend_key, check, receipt, choices);
      if (cast.reason() == "ballot.credential_spent") return out;
      SHUZHI_TRY(cast);
      out.stored = true;
      return out;
    }
    // CheckCast's read, and SpendAndAppend's writes
    // when what it read allows a ballot (CastCheck::Allows, in SQL).
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("WITH g AS (SELECT p.meeting_id AS pm, p.round AS pr, p.state AS ps, c.meeting_id AS cm, "
                 "c.round AS cr, c.state AS cs FROM polls p LEFT JOIN credentials c ON c.secret_hash = $1 "
                 "WHERE p.id = $2), "
                 "s AS (INSERT INTO spends (poll_id, spend_key, check_hash, receipt) "
                 "SELECT $2::bigint, $3::bytea, $4::bytea, $5::text FROM g "
                 "WHERE g.cs = $8::text AND g.cm = g.pm AND g.ps = $9::text AND g.cr = g.pr "
                 "ON CONFLICT (poll_id, spend_key) DO NOTHING RETURNING 1), "
                 "b AS (UPDATE ballots SET choices = $6 WHERE EXISTS (SELECT 1 FROM s) AND ctid = (SELECT ctid FROM "
                 "ballots WHERE poll_id = $2 AND choices IS NULL AND place >= $7 ORDER BY place LIMIT 1 "
                 "FOR UPDATE SKIP LOCKED) RETURNING 1) "
                 "SELECT g.pm, g.pr, g.ps, g.cm, g.cr, g.cs, (SELECT count(*) FROM s), (SELECT count(*) FROM b) FROM g",
                 {BlobParam{carrier_hash}, poll_id, BlobParam{spend_key}, BlobParam{check}, std::string_view(receipt),
                  std::string_view(choices), std::int64_t{base::RandomBelow(kPlaces)},
                  std::string_view(core::CarrierStateCode(core::CarrierState::kPrinted)),
                  std::string_view(core::PollStateCode(core::PollState::kOpen))}));
    if (rows.empty()) return out;  // no such poll
    out.check = CastCheckOf(rows.front(), 0);
    if (rows.front().Int(6) == 0) return out;  // refused, or spent already
    out.stored = true;
    if (rows.front().Int(7) == 1) return out;
    SHUZHI_TRY(AppendBallot(poll_id, choices));  // no free row after the place: from the first, else appended
    return out;
  }

  Status AppendReceipt(std::int64_t poll_id, const std::string& receipt) override {
    return c_.Exec("INSERT INTO receipts (poll_id, receipt) VALUES ($1, $2)", {poll_id, std::string_view(receipt)})
        .status();
  }

  // In physical order, named: without ORDER BY a synchronized or parallel
  // scan of a large table may start anywhere, and the board's order must be
  // the signed one (ReplaceBallots).
  Result<std::vector<std::string>> Ballots(std::int64_t poll_id) override {
    return Column(c_.dialect() == Dialect::kPostgres
                      ? "SELECT choices FROM ballots WHERE poll_id = $1 AND choices IS NOT NULL ORDER BY ctid"
                      : "SELECT choices FROM ballots WHERE poll_id = $1 AND choices IS NOT NULL ORDER BY rowid",
                  poll_id);
  }

  // While a poll is open its receipts live in their spends' rows (kept in
  // random key order); ReplaceBallots moves them into `receipts`.
  Result<std::vector<std::string>> Receipts(std::int64_t poll_id) override {
    // In the digests' own order: a receipt list carries no arrival order.
    // Sorted here rather than by ORDER BY: for a million digests std::sort
    // took a fraction of the time of SQLite's sorter (bench/ballots, close).
    SHUZHI_ASSIGN_OR_RETURN(auto out, Column("SELECT receipt FROM receipts WHERE poll_id = $1 UNION ALL "
                                             "SELECT receipt FROM spends WHERE poll_id = $1 AND receipt IS NOT NULL",
                                             poll_id));
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<bool> HasReceipt(std::int64_t poll_id, const std::string& receipt) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT 1 FROM receipts WHERE poll_id = $1 AND receipt = $2 "
                                                "UNION ALL SELECT 1 FROM spends WHERE poll_id = $1 AND receipt = $2",
                                                {poll_id, std::string_view(receipt)}));
    return !rows.empty();
  }

  Result<std::vector<std::string>> ReplaceBallots(std::int64_t poll_id, std::vector<std::string> ballots,
                                                  const std::vector<std::string>& receipts) override {
    SHUZHI_TRY(c_.Exec("DELETE FROM receipts WHERE poll_id = $1", {poll_id}).status());
    // One pass over the spends for both: each is a full rewrite of the poll's
    // spends (a million rows at the close of the largest poll).
    SHUZHI_TRY(c_.Exec("UPDATE spends SET receipt = NULL, check_hash = NULL WHERE poll_id = $1 AND "
                       "(receipt IS NOT NULL OR check_hash IS NOT NULL)",
                       {poll_id})
                   .status());
    SHUZHI_ASSIGN_OR_RETURN(const bool in_place, RewriteBallots(poll_id, ballots));
    SHUZHI_TRY(InsertMany("receipts (poll_id, receipt)", poll_id, receipts));
    if (in_place) return ballots;
    return Ballots(poll_id);
  }

  Status InsertPaperEntry(const PaperEntryRecord& r) override {
    // ON CONFLICT keeps a PostgreSQL transaction usable (a failed statement
    // would abort it); the caller learns of the duplicate from the count.
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("INSERT INTO paper_entries (poll_id, spend_key, code_hint, teller, "
                                            "choices) VALUES ($1, $2, "
                                            "$3, $4, $5) ON CONFLICT (poll_id, spend_key, teller) DO NOTHING",
                                            {r.poll_id, BlobParam{r.spend_key}, std::string_view(r.code_hint),
                                             std::string_view(r.teller), std::string_view(r.choices)}));
    if (n == 0) return base::Conflict("paper.already_keyed", "you have keyed this sheet already");
    return base::Ok();
  }

  Result<std::vector<PaperEntryRecord>> PaperEntries(std::int64_t poll_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT id, poll_id, spend_key, code_hint, teller, choices FROM "
                                                "paper_entries WHERE poll_id = $1 ORDER BY id",
                                                {poll_id}));
    std::vector<PaperEntryRecord> out;
    for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
    return out;
  }

  Status DeletePaperEntries(std::int64_t poll_id, const Bytes& spend_key) override {
    return c_.Exec("DELETE FROM paper_entries WHERE poll_id = $1 AND spend_key = $2", {poll_id, BlobParam{spend_key}})
        .status();
  }

  Result<std::optional<Bytes>> FindServerKey(const std::string& name) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT secret FROM server_keys WHERE name = $1", {std::string_view(name)}));
    if (rows.empty()) return std::optional<Bytes>();
    return std::optional<Bytes>(rows.front().Text(0));
  }

  Status InsertServerKey(const std::string& name, const Bytes& secret, base::Micros at) override {
    return c_
        .Exec(
            "INSERT INTO server_keys (name, secret, created_at) VALUES ($1, "
            "$2, $3) ON CONFLICT (name) DO NOTHING",
            {std::string_view(name), BlobParam{secret}, at})
        .status();
  }

 private:
  Result<std::vector<std::string>> Column(const char* sql, std::int64_t poll_id) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, {poll_id}));
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.Text(0));
    return out;
  }

  // SQLite, as many ballots as stored (a shuffle): each stored row, in rowid
  // order, takes the next ballot of the given order, so the rows and the
  // poll's index stay as they are and only their contents move (half the
  // writes of deleting and inserting them; secure_delete zeroes what a
  // longer or shorter row leaves behind), and true is returned: the listed
  // order is the given one. Otherwise, and on PostgreSQL, whose reserved
  // empty rows go: deleted and inserted in the given order, which the store
  // may place otherwise (false).
  Result<bool> RewriteBallots(std::int64_t poll_id, const std::vector<std::string>& ballots) {
    if (c_.dialect() == Dialect::kSqlite) {
      SHUZHI_ASSIGN_OR_RETURN(auto rows,
                              c_.Query("SELECT rowid FROM ballots WHERE poll_id = $1 ORDER BY rowid", {poll_id}));
      if (rows.size() == ballots.size()) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
          SHUZHI_TRY(c_.Exec("UPDATE ballots SET choices = $1 WHERE rowid = $2",
                             {std::string_view(ballots[i]), rows[i].Int(0)})
                         .status());
        }
        return true;
      }
    }
    SHUZHI_TRY(c_.Exec("DELETE FROM ballots WHERE poll_id = $1", {poll_id}).status());
    SHUZHI_TRY(InsertMany("ballots (poll_id, choices)", poll_id, ballots));
    return false;
  }

  // Rows (poll_id, value) in the given order, 500 to a statement: at the
  // close of a large poll a statement per row cost more than the rows.
  Status InsertMany(const char* into, std::int64_t poll_id, const std::vector<std::string>& values) {
    constexpr std::size_t kPerStatement = 500;
    for (std::size_t from = 0; from < values.size(); from += kPerStatement) {
      const std::size_t n = std::min(kPerStatement, values.size() - from);
      std::string sql = std::string("INSERT INTO ") + into + " VALUES ";
      SqlParams params{poll_id};
      params.reserve(n + 1);
      for (std::size_t i = 0; i < n; ++i) {
        sql += (i ? ", ($1, $" : "($1, $") + std::to_string(i + 2) + ")";
        params.emplace_back(std::string_view(values[from + i]));
      }
      SHUZHI_TRY(c_.Exec(sql, params).status());
    }
    return base::Ok();
  }

  Status InsertBallot(std::int64_t poll_id, const std::string& choices) {
    return c_.Exec("INSERT INTO ballots (poll_id, choices) VALUES ($1, $2)", {poll_id, std::string_view(choices)})
        .status();
  }

  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<BallotRepo> MakeSqlBallotRepo(SqlConnection& conn) { return std::make_unique<SqlBallotRepo>(conn); }

}  // namespace shuzhi::storage
