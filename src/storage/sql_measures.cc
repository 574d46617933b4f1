// MeasureRepo over SqlConnection, for both backends.
#include <map>

#include "storage/sql_repos.h"

namespace shuzhi::storage {
namespace {

using base::Result;
using base::Status;
using core::EvidenceFile;
using core::Measure;
using core::MeasureNote;

constexpr const char* kCols =
    "id, poll_id, deputy_id, campaign_id, text, due_on, state, created_by, created_at, done_at, reviewed_by, "
    "reviewed_at, review_comment";
constexpr const char* kFileCols = "id, note_id, measure_id, name, media_type, size, sha256, uploaded_by, uploaded_at";

EvidenceFile ToFile(const SqlRow& r) {
  return {r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Int(5), r.Text(6), r.Text(7), r.Int(8)};
}

class SqlMeasureRepo final : public MeasureRepo {
 public:
  explicit SqlMeasureRepo(SqlConnection& c) : c_(c) {}

  Result<std::int64_t> Insert(const Measure& m) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("INSERT INTO measures (poll_id, deputy_id, campaign_id, text, due_on, state, created_by, "
                            "created_at, done_at, reviewed_by, reviewed_at, review_comment) VALUES ($1, $2, $3, $4, "
                            "$5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                            {m.poll_id, m.deputy_id, m.campaign_id, std::string_view(m.text),
                             std::string_view(m.due_on), std::string_view(core::MeasureStateCode(m.state)),
                             std::string_view(m.created_by), m.created_at, Opt(m.done_at),
                             std::string_view(m.reviewed_by), Opt(m.reviewed_at), std::string_view(m.review_comment)}));
    const std::int64_t id = rows.front().Int(0);
    SHUZHI_TRY(PutOpinions(id, m.opinion_ids));
    return id;
  }

  Status Update(const Measure& m) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto n,
        c_.Exec("UPDATE measures SET text = $1, due_on = $2, state = $3, done_at = $4, reviewed_by = $5, "
                "reviewed_at = $6, review_comment = $7 WHERE id = $8",
                {std::string_view(m.text), std::string_view(m.due_on),
                 std::string_view(core::MeasureStateCode(m.state)), Opt(m.done_at), std::string_view(m.reviewed_by),
                 Opt(m.reviewed_at), std::string_view(m.review_comment), m.id}));
    if (n == 0) return base::NotFound("measure.not_found", "no such measure");
    SHUZHI_TRY(c_.Exec("DELETE FROM measure_opinions WHERE measure_id = $1", {m.id}).status());
    return PutOpinions(m.id, m.opinion_ids);
  }

  Result<std::optional<Measure>> Find(std::int64_t id, bool for_update) override {
    const bool lock = for_update && c_.dialect() == Dialect::kPostgres;
    SHUZHI_ASSIGN_OR_RETURN(auto all, Select("id", id, lock));
    if (all.empty()) return std::optional<Measure>();
    return std::optional<Measure>(std::move(all.front()));
  }

  Result<std::vector<Measure>> ListForCampaign(std::int64_t campaign_id) override {
    return Select("campaign_id", campaign_id);
  }

  Result<std::vector<Measure>> ListForDeputy(std::int64_t deputy_id) override { return Select("deputy_id", deputy_id); }

  Result<std::vector<core::MeasureState>> StatesForOpinion(std::int64_t opinion_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT m.state FROM measures m JOIN measure_opinions o ON "
                                                "o.measure_id = m.id WHERE o.opinion_id = $1 ORDER BY m.id",
                                                {opinion_id}));
    std::vector<core::MeasureState> out;
    for (const auto& r : rows) out.push_back(StateOf(r.Text(0)));
    return out;
  }

  Result<std::int64_t> AddNote(const MeasureNote& n) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("INSERT INTO measure_notes (measure_id, text, written_by, "
                            "written_at) VALUES ($1, $2, $3, $4) RETURNING id",
                            {n.measure_id, std::string_view(n.text), std::string_view(n.written_by), n.written_at}));
    return rows.front().Int(0);
  }

  Result<std::vector<MeasureNote>> ListNotes(std::int64_t measure_id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query("SELECT id, measure_id, text, written_by, written_at FROM "
                                                "measure_notes WHERE measure_id = $1 ORDER BY id",
                                                {measure_id}));
    std::vector<MeasureNote> out;
    std::map<std::int64_t, std::size_t> at;
    for (const auto& r : rows) {
      at[r.Int(0)] = out.size();
      out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4), {}});
    }
    SHUZHI_ASSIGN_OR_RETURN(auto files, c_.Query(std::string("SELECT ") + kFileCols +
                                                     " FROM evidence_files WHERE measure_id = $1 ORDER BY id",
                                                 {measure_id}));
    for (const auto& r : files) {
      auto f = ToFile(r);
      if (auto it = at.find(f.note_id); it != at.end()) out[it->second].files.push_back(std::move(f));
    }
    return out;
  }

  Status PutBlob(const std::string& sha256, std::string_view bytes) override {
    return c_
        .Exec("INSERT INTO evidence_blobs (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING",
              {std::string_view(sha256), BlobParam{bytes}})
        .status();
  }

  Result<std::optional<std::string>> Blob(const std::string& sha256) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query("SELECT bytes FROM evidence_blobs WHERE sha256 = $1", {std::string_view(sha256)}));
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows.front().Text(0));
  }

  Result<std::int64_t> AddFile(const EvidenceFile& f) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("INSERT INTO evidence_files (note_id, measure_id, name, media_type, size, sha256, "
                            "uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                            {f.note_id, f.measure_id, std::string_view(f.name), std::string_view(f.media_type), f.size,
                             std::string_view(f.sha256), std::string_view(f.uploaded_by), f.uploaded_at}));
    return rows.front().Int(0);
  }

  Result<std::optional<EvidenceFile>> FindFile(std::int64_t id) override {
    SHUZHI_ASSIGN_OR_RETURN(auto rows,
                            c_.Query(std::string("SELECT ") + kFileCols + " FROM evidence_files WHERE id = $1", {id}));
    if (rows.empty()) return std::optional<EvidenceFile>();
    return std::optional<EvidenceFile>(ToFile(rows.front()));
  }

  Result<std::int64_t> EvidenceBytes(std::int64_t measure_id) override {
    SHUZHI_ASSIGN_OR_RETURN(
        auto rows, c_.Query("SELECT COALESCE(SUM(size), 0) FROM evidence_files WHERE measure_id = $1", {measure_id}));
    return rows.front().Int(0);
  }

 private:
  // Only MeasureStateCode is ever stored; an unknown code reads as open.
  static core::MeasureState StateOf(const std::string& code) {
    return core::ParseMeasureState(code).value_or(core::MeasureState::kOpen);
  }

  Status PutOpinions(std::int64_t measure_id, const std::vector<std::int64_t>& ids) {
    for (auto id : ids) {
      SHUZHI_TRY(c_.Exec("INSERT INTO measure_opinions (measure_id, opinion_id) VALUES ($1, $2) ON CONFLICT DO "
                         "NOTHING",
                         {measure_id, id})
                     .status());
    }
    return base::Ok();
  }

  // The measures whose `column` (id, campaign_id or deputy_id) is `value`,
  // by id, each with the opinions it names.
  Result<std::vector<Measure>> Select(const char* column, std::int64_t value, bool lock = false) {
    SHUZHI_ASSIGN_OR_RETURN(auto rows, c_.Query(std::string("SELECT ") + kCols + " FROM measures WHERE " + column +
                                                    " = $1 ORDER BY id" + (lock ? " FOR UPDATE" : ""),
                                                {value}));
    std::vector<Measure> out;
    out.reserve(rows.size());
    std::map<std::int64_t, std::size_t> at;
    for (const auto& r : rows) {
      Measure m;
      m.id = r.Int(0);
      m.poll_id = r.Int(1);
      m.deputy_id = r.Int(2);
      m.campaign_id = r.Int(3);
      m.text = r.Text(4);
      m.due_on = r.Text(5);
      m.state = StateOf(r.Text(6));
      m.created_by = r.Text(7);
      m.created_at = r.Int(8);
      m.done_at = r.OptInt(9);
      m.reviewed_by = r.Text(10);
      m.reviewed_at = r.OptInt(11);
      m.review_comment = r.Text(12);
      at[m.id] = out.size();
      out.push_back(std::move(m));
    }
    if (out.empty()) return out;
    SHUZHI_ASSIGN_OR_RETURN(auto links,
                            c_.Query(std::string("SELECT o.measure_id, o.opinion_id FROM measure_opinions o JOIN "
                                                 "measures m ON m.id = o.measure_id WHERE m.") +
                                         column + " = $1 ORDER BY o.measure_id, o.opinion_id",
                                     {value}));
    for (const auto& r : links) {
      if (auto it = at.find(r.Int(0)); it != at.end()) out[it->second].opinion_ids.push_back(r.Int(1));
    }
    return out;
  }

  SqlConnection& c_;
};

}  // namespace

std::unique_ptr<MeasureRepo> MakeSqlMeasureRepo(SqlConnection& conn) { return std::make_unique<SqlMeasureRepo>(conn); }

}  // namespace shuzhi::storage
