// MeetingRepo over SqlConnection, for both backends (BallotRepo: sql_ballots.cc).
#include <algorithm>
#include <charconv>
#include <set>

#include "storage/sql_repos.h"

namespace shuzhi::storage {

// Id lists are stored as "11,12,13": a list the database never looks into
// (poll_deputies indexes a poll's deputies for the workbench).
std::string JoinIds(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (auto id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::vector<std::int64_t> SplitIds(const std::string& s) {
  std::vector<std::int64_t> out;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    std::int64_t v = 0;
    auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc()) break;
    out.push_back(v);
    p = next < end && *next == ',' ? next + 1 : next;
    if (next == end) break;
  }
  return out;
}

namespace {

using base::Bytes;
using base::Result;
using base::Status;

// The stored codes of states (see meeting_repo.h for unknown ones).
core::MeetingState MeetingStateOf(const std::string& code) {
  return core::ParseMeetingState(code).value_or(core::MeetingState::kFinished);
}
core::PollState PollStateOf(const std::string& code) {
  return core::ParsePollState(code).value_or(core::PollState::kVoid);
}
core::CarrierState CarrierStateOf(const std::string& code) {
  return core::ParseCarrierState(code).value_or(core::CarrierState::kVoided);
}
// Only ChannelCode is ever stored.
core::Channel ChannelOf(const std::string& code) { return core::ParseChannel(code).value_or(core::Channel::kPhone); }

constexpr const char* kMeetingCols =
    "id, campaign_id, group_id, title, starts_at, venue, poll_mode, state, "
    "projector_token, record, live, version, "
    "carrier_round, created_at";

MeetingRecord ToMeeting(const SqlRow& r) {
  MeetingRecord m;
  m.id = r.Int(0);
  m.campaign_id = r.Int(1);
  m.group_id = r.OptInt(2);
  m.title = r.Text(3);
  m.starts_at = r.Int(4);
  m.venue = r.Text(5);
  m.poll_mode = r.Text(6);
  m.state = MeetingStateOf(r.Text(7));
  m.projector_token = r.Text(8);
  m.record = r.Text(9);
  m.live = r.Text(10);
  m.version = r.Int(11);
  m.carrier_round = static_cast<int>(r.Int(12));
  m.created_at = r.Int(13);
  return m;
}

// A poll's count: its own (ballots counted one at a time) and its shards'
// (grouped ballots; AddShardVotes).
#define SHUZHI_POLL_VOTED(p) p "voted + COALESCE((SELECT SUM(v.voted) FROM poll_votes v WHERE v.poll_id = " p "id), 0)"

constexpr const char* kPollCols =
    "id, meeting_id, position, round, deputy_ids, state, " SHUZHI_POLL_VOTED("polls.") ", paper_counted, "
    "invalid_sheets, result, signature, "
    "released, opened_at, closed_at, paper_valid, issued_phone, issued_paper, entitled, present";

PollRecord ToPoll(const SqlRow& r) {
  PollRecord p;
  p.id = r.Int(0);
  p.meeting_id = r.Int(1);
  p.position = static_cast<int>(r.Int(2));
  p.round = static_cast<int>(r.Int(3));
  p.deputy_ids = SplitIds(r.Text(4));
  p.state = PollStateOf(r.Text(5));
  p.voted = r.Int(6);
  p.paper_counted = r.OptInt(7);
  p.invalid_sheets = r.Int(8);
  p.result = r.Text(9);
  p.signature = r.Text(10);
  p.released = SplitIds(r.Text(11));
  p.opened_at = r.OptInt(12);
  p.closed_at = r.OptInt(13);
  p.paper_valid = r.Int(14);
  p.issued_phone = r.OptInt(15);
  p.issued_paper = r.OptInt(16);
  p.entitled = r.OptInt(17);
  p.present = r.OptInt(18);
  return p;
}

class SqlMeetingRepo final : public MeetingRepo {
 public:
  SqlMeetingRepo(SqlConnection& c, DeferredVoted* deferred) : c_(c), deferred_(deferred) {}

  Result<std::int64_t> Insert(const MeetingRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("INSERT INTO meetings (campaign_id, group_id, title, "
                 "starts_at, venue, poll_mode, state, "
                 "projector_token, record, live, version, carrier_round, "
                 "created_at) VALUES ($1, $2, $3, $4, $5, $6, "
                 "$7, $8, $9, $10, 0, $11, $12) RETURNING id",
                 {r.campaign_id, Opt(r.group_id), std::string_view(r.title), r.starts_at, std::string_view(r.venue),
                  std::string_view(r.poll_mode), std::string_view(core::MeetingStateCode(r.state)),
                  std::string_view(r.projector_token), std::string_view(r.record), std::string_view(r.live),
                  std::int64_t{r.carrier_round}, r.created_at}));
    return rows.at(0).Int(0);
  }

  Status Update(const MeetingRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto n, c_.Exec("UPDATE meetings SET group_id = $1, title = $2, starts_at = "
                        "$3, venue = $4, poll_mode = $5, "
                        "state = $6, record = $7, live = $8, carrier_round = $9, "
                        "version = version + 1 WHERE id = $10",
                        {Opt(r.group_id), std::string_view(r.title), r.starts_at, std::string_view(r.venue),
                         std::string_view(r.poll_mode), std::string_view(core::MeetingStateCode(r.state)),
                         std::string_view(r.record), std::string_view(r.live), std::int64_t{r.carrier_round}, r.id}));
    if (n == 0) return base::NotFound("meeting.not_found", "no meeting " + std::to_string(r.id));
    return base::Ok();
  }

  Status Touch(std::int64_t id) override {
    return c_.Exec("UPDATE meetings SET version = version + 1 WHERE id = $1", {id}).status();
  }

  Result<std::optional<MeetingRecord>> Find(std::int64_t id) override { return One("WHERE id = $1", {id}); }

  Result<std::optional<MeetingRecord>> FindByProjectorToken(const std::string& token) override {
    return One("WHERE projector_token = $1", {std::string_view(token)});
  }

  Result<std::vector<MeetingRecord>> ListForCampaign(std::int64_t campaign_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kMeetingCols +
                                                    " FROM meetings WHERE campaign_id = $1 ORDER BY starts_at, id",
                                                {campaign_id}));
    std::vector<MeetingRecord> out;
    for (const auto& r : rows) out.push_back(ToMeeting(r));
    return out;
  }

  Result<std::int64_t> InsertAttendee(const AttendeeRecord& r) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("INSERT INTO meeting_attendees (meeting_id, role, name, "
                                                "affiliation, committee_member_id, "
                                                "voter_rep_id, checked_in) VALUES ($1, $2, $3, $4, $5, $6, "
                                                "$7) RETURNING id",
                                                {r.meeting_id, std::string_view(r.role), std::string_view(r.name),
                                                 std::string_view(r.affiliation), Opt(r.committee_member_id),
                                                 Opt(r.voter_rep_id), std::int64_t{r.checked_in ? 1 : 0}}));
    return rows.at(0).Int(0);
  }

  Status SetCheckedIn(std::int64_t attendee_id, bool checked_in) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("UPDATE meeting_attendees SET checked_in = $1 WHERE id = $2",
                                            {std::int64_t{checked_in ? 1 : 0}, attendee_id}));
    if (n == 0) return base::NotFound("meeting.attendee_not_found", "no attendee " + std::to_string(attendee_id));
    return base::Ok();
  }

  Status DeleteAttendee(std::int64_t attendee_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("DELETE FROM meeting_attendees WHERE id = $1", {attendee_id}));
    if (n == 0) return base::NotFound("meeting.attendee_not_found", "no attendee " + std::to_string(attendee_id));
    return base::Ok();
  }

  Result<std::vector<AttendeeRecord>> ListAttendees(std::int64_t meeting_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT id, meeting_id, role, name, "
                                                "affiliation, committee_member_id, "
                                                "voter_rep_id, checked_in FROM "
                                                "meeting_attendees WHERE meeting_id = $1 "
                                                "ORDER BY id",
                                                {meeting_id}));
    std::vector<AttendeeRecord> out;
    for (const auto& r : rows) {
      out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.OptInt(5), r.OptInt(6), r.Int(7) != 0});
    }
    return out;
  }

  Result<EvaluatorCount> CountEvaluators(std::int64_t meeting_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT count(*), coalesce(sum(checked_in), 0) FROM meeting_attendees "
                                                "WHERE meeting_id = $1 AND role = 'evaluator'",
                                                {meeting_id}));
    return EvaluatorCount{rows.front().Int(0), rows.front().Int(1)};
  }

  Status AddIssued(std::int64_t meeting_id, int round, core::Channel channel, std::int64_t n) override {
    return c_
        .Exec(
            "INSERT INTO carrier_issues (meeting_id, round, channel, issued) "
            "VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (meeting_id, round, channel) DO UPDATE SET issued = "
            "carrier_issues.issued + $4",
            {meeting_id, std::int64_t{round}, std::string_view(core::ChannelCode(channel)), n})
        .status();
  }

  Result<std::int64_t> Issued(std::int64_t meeting_id, int round, core::Channel channel) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT issued FROM carrier_issues WHERE meeting_id = $1 AND "
                                     "round = "
                                     "$2 AND channel = $3",
                                     {meeting_id, std::int64_t{round}, std::string_view(core::ChannelCode(channel))}));
    return rows.empty() ? 0 : rows.at(0).Int(0);
  }

  Status InsertCarrier(const CarrierRecord& r) override {
    return c_
        .Exec(
            "INSERT INTO credentials (secret_hash, meeting_id, round, "
            "channel, state) VALUES ($1, $2, $3, $4, $5)",
            {BlobParam{r.secret_hash}, r.meeting_id, std::int64_t{r.round},
             std::string_view(core::ChannelCode(r.channel)), std::string_view(core::CarrierStateCode(r.state))})
        .status();
  }

  Result<std::optional<CarrierRecord>> FindCarrier(const Bytes& secret_hash) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT secret_hash, meeting_id, round, channel, state FROM "
                                                "credentials WHERE secret_hash = $1",
                                                {BlobParam{secret_hash}}));
    if (rows.empty()) return std::optional<CarrierRecord>();
    const auto& r = rows.front();
    return std::optional<CarrierRecord>(CarrierRecord{r.Text(0), r.Int(1), static_cast<int>(r.Int(2)),
                                                      ChannelOf(r.Text(3)), CarrierStateOf(r.Text(4))});
  }

  Status SetCarrierState(const Bytes& secret_hash, core::CarrierState state) override {
    SHUZHI_ASSIGN_OR_RETURN(auto n, c_.Exec("UPDATE credentials SET state = $1 WHERE secret_hash = $2",
                                            {std::string_view(core::CarrierStateCode(state)), BlobParam{secret_hash}}));
    if (n == 0) return base::NotFound("credential.unknown", "no such carrier");
    return base::Ok();
  }

  Result<std::vector<CarrierCount>> CountCarriers(std::int64_t meeting_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT round, channel, state, COUNT(*) FROM credentials WHERE "
                                                "meeting_id = $1 GROUP BY round, channel, state ORDER BY round, "
                                                "channel, state",
                                                {meeting_id}));
    std::vector<CarrierCount> out;
    for (const auto& r : rows)
      out.push_back({static_cast<int>(r.Int(0)), ChannelOf(r.Text(1)), CarrierStateOf(r.Text(2)), r.Int(3)});
    return out;
  }

  Result<std::int64_t> InsertPoll(const PollRecord& r) override {
    const auto ids = JoinIds(r.deputy_ids), released = JoinIds(r.released);
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("INSERT INTO polls (meeting_id, position, round, "
                            "deputy_ids, state, voted, "
                            "paper_counted, invalid_sheets, result, signature, "
                            "released, opened_at, closed_at) "
                            "VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, "
                            "$10, $11, $12) RETURNING id",
                            {r.meeting_id, std::int64_t{r.position}, std::int64_t{r.round}, std::string_view(ids),
                             std::string_view(core::PollStateCode(r.state)), Opt(r.paper_counted), r.invalid_sheets,
                             std::string_view(r.result), BlobParam{r.signature}, std::string_view(released),
                             Opt(r.opened_at), Opt(r.closed_at)}));
    const std::int64_t id = rows.at(0).Int(0);
    // The poll indexed by deputy (migration 0015), for the workbench.
    std::set<std::int64_t> seen;
    for (auto deputy : r.deputy_ids) {
      if (!seen.insert(deputy).second) continue;
      SHUZHI_TRY(c_.Exec("INSERT INTO poll_deputies (deputy_id, poll_id) VALUES ($1, $2)", {deputy, id}).status());
    }
    return id;
  }

  Status UpdatePoll(const PollRecord& r) override {
    SHUZHI_TRY(ExclusivePollLock(r.id));
    const auto released = JoinIds(r.released);
    SHUZHI_ASSIGN_OR_RETURN(
        auto n, c_.Exec("UPDATE polls SET state = $1, paper_counted = $2, "
                        "invalid_sheets = $3, result = $4, "
                        "signature = $5, released = $6, opened_at = $7, closed_at = "
                        "$8, paper_valid = $9, issued_phone = $10, issued_paper = $11, entitled = $12, "
                        "present = $13 WHERE id = $14",
                        {std::string_view(core::PollStateCode(r.state)), Opt(r.paper_counted), r.invalid_sheets,
                         std::string_view(r.result), BlobParam{r.signature}, std::string_view(released),
                         Opt(r.opened_at), Opt(r.closed_at), r.paper_valid, Opt(r.issued_phone), Opt(r.issued_paper),
                         Opt(r.entitled), Opt(r.present), r.id}));
    if (n == 0) return base::NotFound("poll.not_found", "no poll " + std::to_string(r.id));
    return base::Ok();
  }

  Result<std::optional<PollRecord>> FindPoll(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query(std::string("SELECT ") + kPollCols + " FROM polls WHERE id = $1", {id}));
    if (rows.empty()) return std::optional<PollRecord>();
    return std::optional<PollRecord>(ToPoll(rows.front()));
  }

  Result<std::optional<PollRecord>> FindPollForUpdate(std::int64_t id) override {
    const bool pg = c_.dialect() == Dialect::kPostgres;
    SHUZHI_TRY(ExclusivePollLock(id));
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query(std::string("SELECT ") + kPollCols + " FROM polls WHERE id = $1" + (pg ? " FOR UPDATE" : ""), {id}));
    if (rows.empty()) return std::optional<PollRecord>();
    return std::optional<PollRecord>(ToPoll(rows.front()));
  }

  Result<std::vector<PollRecord>> ListPolls(std::int64_t meeting_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kPollCols +
                                                    " FROM polls WHERE meeting_id = $1 ORDER BY position, id",
                                                {meeting_id}));
    std::vector<PollRecord> out;
    for (const auto& r : rows) out.push_back(ToPoll(r));
    return out;
  }

  Result<std::vector<ProjectorStamp>> ProjectorStamps(const std::vector<std::int64_t>& meeting_ids) override {
    // A fixed number of placeholders, the last id repeated to fill them:
    // one statement text, prepared once per connection in PostgreSQL.
    constexpr std::size_t kChunk = 100;
    static const std::string sql = [] {
      std::string in;
      for (std::size_t i = 1; i <= kChunk; ++i) in += (i > 1 ? ",$" : "$") + std::to_string(i);
      return "SELECT m.id, m.version, p.id, " SHUZHI_POLL_VOTED("p.") " FROM meetings m "
             "LEFT JOIN polls p ON p.meeting_id = m.id "
             "WHERE m.id IN (" +
             in + ") ORDER BY m.id, p.position, p.id";
    }();
    std::vector<ProjectorStamp> out;
    for (std::size_t from = 0; from < meeting_ids.size(); from += kChunk) {
      SqlParams params;
      for (std::size_t i = 0; i < kChunk; ++i)
        params.emplace_back(meeting_ids[std::min(from + i, meeting_ids.size() - 1)]);
      SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, params));
      for (const auto& r : rows) {
        if (out.empty() || out.back().meeting_id != r.Int(0)) out.push_back({r.Int(0), r.Int(1), {}});
        if (r.OptInt(2)) out.back().voted.emplace_back(r.Int(2), r.Int(3));
      }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.meeting_id < b.meeting_id; });
    return out;
  }

  Result<CastCheck> CheckCast(const Bytes& carrier_hash, std::int64_t poll_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT p.meeting_id, p.round, p.state, c.meeting_id, c.round, c.state "
                                     "FROM polls p LEFT JOIN credentials c ON c.secret_hash = $1 WHERE p.id = $2",
                                     {BlobParam{carrier_hash}, poll_id}));
    if (rows.empty()) return CastCheck{};
    return CastCheckOf(rows.front(), 0);
  }

  Status AddVoted(std::int64_t poll_id, std::int64_t n) override {
    if (deferred_ != nullptr) {
      deferred_->job.emplace_back(poll_id, n);
      return base::Ok();
    }
    return c_.Exec("UPDATE polls SET voted = voted + $1 WHERE id = $2", {n, poll_id}).status();
  }

 private:
  // PostgreSQL: waits for the batches of ballots that hold the poll's shared
  // lock (BeginBatch) to commit, and holds new ones off until this
  // transaction ends. Taken again by the same transaction, it just stacks.
  Status ExclusivePollLock(std::int64_t poll_id) {
    if (c_.dialect() != Dialect::kPostgres) return base::Ok();
    return c_.Query("SELECT pg_advisory_xact_lock($1::bigint)", {poll_id}).status();
  }

  Result<std::optional<MeetingRecord>> One(const std::string& where, const SqlParams& params) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query(std::string("SELECT ") + kMeetingCols + " FROM meetings " + where, params));
    if (rows.empty()) return std::optional<MeetingRecord>();
    return std::optional<MeetingRecord>(ToMeeting(rows.front()));
  }

  SqlConnection& c_;
  DeferredVoted* deferred_;  // set in grouped batches: AddVoted records its call there
};

}  // namespace

namespace {
constexpr std::string_view kAddShardVotes = "INSERT INTO poll_votes (poll_id, shard, voted) VALUES ";
constexpr std::string_view kAddShardVotesEnd =
    " ON CONFLICT (poll_id, shard) DO UPDATE SET voted = poll_votes.voted + excluded.voted";

Status AddShardVotes(SqlConnection& conn, std::int64_t poll_id, std::int64_t shard, std::int64_t n) {
  return conn.Exec(std::string(kAddShardVotes) + "($1, $2, $3)" + std::string(kAddShardVotesEnd), {poll_id, shard, n})
      .status();
}
}  // namespace

Status BeginBatch(SqlConnection& conn, const std::vector<std::int64_t>& poll_ids) {
  if (conn.dialect() != Dialect::kPostgres) return conn.ExecScript("BEGIN IMMEDIATE");
  std::string ids;  // numbers only: the script carries no outside text
  for (auto id : poll_ids) {
    if (id > 0) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  }
  if (ids.empty()) return conn.ExecScript("BEGIN");
  Status begun =
      conn.ExecScript("BEGIN; SELECT pg_advisory_xact_lock_shared(k) FROM unnest('{" + ids + "}'::bigint[]) AS k");
  if (!begun.ok()) (void)conn.ExecScript("ROLLBACK");  // the locks may have failed after BEGIN
  return begun;
}

Status CommitBatch(SqlConnection& conn, const std::vector<std::pair<std::int64_t, std::int64_t>>& votes,
                   std::int64_t shard) {
  if (conn.dialect() != Dialect::kPostgres) {
    for (const auto& [poll, n] : votes) SHUZHI_TRY(AddShardVotes(conn, poll, shard, n));
    return conn.ExecScript("COMMIT");
  }
  if (votes.empty()) return conn.ExecScript("COMMIT");
  std::string rows;  // numbers only, as above
  for (const auto& [poll, n] : votes) {
    rows += (rows.empty() ? "(" : ", (") + std::to_string(poll) + ", " + std::to_string(shard) + ", " +
            std::to_string(n) + ")";
  }
  return conn.ExecScript(std::string(kAddShardVotes) + rows + std::string(kAddShardVotesEnd) + "; COMMIT");
}

CastCheck CastCheckOf(const SqlRow& r, std::size_t first) {
  CastCheck out;
  out.poll_found = true;
  out.poll_meeting_id = r.Int(first);
  out.poll_round = static_cast<int>(r.Int(first + 1));
  out.poll_state = PollStateOf(r.Text(first + 2));
  if (!r.IsNull(first + 3)) {
    out.carrier_found = true;
    out.carrier_meeting_id = r.Int(first + 3);
    out.carrier_round = static_cast<int>(r.Int(first + 4));
    out.carrier_state = CarrierStateOf(r.Text(first + 5));
  }
  return out;
}

std::string PollVotedQuery(std::int64_t poll_id) {
  return "SELECT " SHUZHI_POLL_VOTED("polls.") " FROM polls WHERE id = " + std::to_string(poll_id);
}

std::unique_ptr<MeetingRepo> MakeSqlMeetingRepo(SqlConnection& conn, DeferredVoted* deferred) {
  return std::make_unique<SqlMeetingRepo>(conn, deferred);
}

}  // namespace shuzhi::storage
