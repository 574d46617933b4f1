#include "app/report/report.h"

#include <algorithm>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/campaign/campaign.h"
#include "app/campaign/campaign_access.h"
#include "app/errors.h"
#include "core/access.h"
#include "core/campaign_codec.h"
#include "core/registry.h"
#include "export/docx.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

namespace json = base::json;

// The stored form of a report's text (the draft and each version): JSON,
// {"sections":[{"key","title","text"}]}. It is not the API's: the wire form
// lives in http/report_json.cc, and the two may part without a migration
// of either. A stored text that does not read is internal "report.corrupt".
std::string WriteStoredContent(const core::ReportContent& c) {
  json::array sections;
  for (const auto& s : c.sections)
    sections.push_back(json::object{{"key", s.key}, {"title", s.title}, {"text", s.text}});
  return json::serialize(json::object{{"sections", std::move(sections)}});
}

Result<core::ReportContent> ReadStoredContent(const std::string& text) {
  auto corrupt = [] { return base::Internal("report.corrupt", "stored report is not a report's JSON"); };
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return corrupt();
  const auto* sections = v.as_object().if_contains("sections");
  if (!sections || !sections->is_array()) return corrupt();
  core::ReportContent out;
  for (const auto& s : sections->as_array()) {
    const auto* o = s.if_object();
    const auto* key = o ? o->if_contains("key") : nullptr;
    const auto* text_v = o ? o->if_contains("text") : nullptr;
    if (!key || !key->is_string() || !text_v || !text_v->is_string()) return corrupt();
    const auto* title = o->if_contains("title");
    out.sections.push_back({std::string(key->as_string()),
                            title && title->is_string() ? std::string(title->as_string()) : std::string(),
                            std::string(text_v->as_string())});
  }
  return out;
}

// Everything a report use case needs to know about who is asking.
struct Context {
  storage::CampaignRecord campaign;
  core::CampaignSpec spec;
  storage::CampaignDeputyRecord entry;
  std::optional<storage::ReportRecord> report;
  bool is_author = false;
  bool may_review = false;
  bool may_read = false;
};

Result<Context> Load(storage::Tx& tx, const Actor& a, std::int64_t campaign_id, std::int64_t deputy_id) {
  Context c;
  SHUZHI_ASSIGN_OR_RETURN(auto campaign, campaign_access::Load(tx, campaign_id));
  SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(campaign));
  c.campaign = std::move(view.record);
  c.spec = std::move(view.spec);
  SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.campaigns().ListDeputies(campaign_id));
  auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.deputy_id == deputy_id; });
  c.is_author = std::any_of(a.roles.begin(), a.roles.end(), [&](const core::RoleGrant& g) {
    return g.role == core::Role::kDeputy && g.deputy_id == deputy_id;
  });
  // The leader of the deputy's own group, not of any covered group.
  const bool leader = it != entries.end() && core::LeadsGroup(a.roles, it->group_id);
  c.may_review = campaign_access::MayManage(a, c.campaign) || leader;
  c.may_read = c.may_review || campaign_access::MayReadAll(a, c.campaign) || c.is_author;
  if (!c.may_read) return Forbidden("not your report");
  if (it == entries.end()) return base::NotFound("report.not_listed", "the deputy does not report in this campaign");
  c.entry = *it;
  SHUZHI_ASSIGN_OR_RETURN(c.report, tx.reports().Find(campaign_id, deputy_id));
  return c;
}

// The period a report covers by default: since the deputy's election (the
// earliest of their mandates' election dates or term starts) until the
// report deadline.
Result<std::string> PeriodStart(storage::Tx& tx, std::int64_t deputy_id) {
  SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfDeputy(deputy_id));
  std::string earliest;
  for (const auto& m : mandates) {
    std::string start;
    if (m.elected_date) {
      start = *m.elected_date;
    } else {
      SHUZHI_ASSIGN_OR_RETURN(auto term, tx.registry().FindTerm(m.term_id));
      if (term) start = term->start_date;
    }
    if (!start.empty() && (earliest.empty() || start < earliest)) earliest = start;
  }
  return earliest;
}

Result<ReportView> ViewOf(storage::Tx& tx, const Context& c, std::int64_t deputy_id) {
  ReportView v;
  v.campaign_id = c.campaign.id;
  v.deputy_id = deputy_id;
  v.word_limit = c.spec.word_limit;
  v.report_deadline = c.spec.report_deadline;
  SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(deputy_id));
  if (d) v.deputy_name = d->name;
  if (!c.report) {
    v.content = core::EmptyReport(c.spec);
    SHUZHI_ASSIGN_OR_RETURN(v.period_start, PeriodStart(tx, deputy_id));
    v.period_end = c.spec.report_deadline;
    return v;
  }
  v.state = c.report->state;
  v.late = c.report->late;
  v.submitted_at = c.report->submitted_at;
  v.period_start = c.report->period_start;
  v.period_end = c.report->period_end;
  SHUZHI_ASSIGN_OR_RETURN(auto content, ReadStoredContent(c.report->draft));
  SHUZHI_ASSIGN_OR_RETURN(v.content, core::FitToCampaign(c.spec, content));
  v.counts = core::CountReport(v.content);
  SHUZHI_ASSIGN_OR_RETURN(auto versions, tx.reports().ListVersions(c.report->id));
  for (const auto& x : versions) v.versions.push_back({x.version, x.words, x.chars, x.saved_by, x.saved_at, x.late});
  SHUZHI_ASSIGN_OR_RETURN(auto reviews, tx.reports().ListReviews(c.report->id));
  for (const auto& r : reviews) v.reviews.push_back({r.action, r.comment, r.reviewer, r.at});
  return v;
}

}  // namespace

const char* ReportProgressCode(const std::optional<core::ReportState>& state) {
  return state ? core::ReportStateCode(*state) : "not_started";
}

Result<std::vector<ReportSummary>> ReportService::List(const Actor& actor, std::int64_t campaign_id) {
  std::vector<ReportSummary> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto campaign, campaign_access::Load(tx, campaign_id));
    const bool staff = campaign_access::MayReadAll(actor, campaign);
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.campaigns().ListDeputies(campaign_id));
    SHUZHI_ASSIGN_OR_RETURN(auto reports, tx.reports().ListForCampaign(campaign_id));
    // Leaders see the campaigns covering their groups, even before anyone of
    // their group is listed.
    const bool any_visible = campaign_access::MayRead(actor, campaign);
    for (const auto& e : entries) {
      if (!staff && !core::LeadsGroup(actor.roles, e.group_id)) continue;
      ReportSummary s;
      s.deputy_id = e.deputy_id;
      s.group_id = e.group_id;
      SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(e.deputy_id));
      if (d) s.name = d->name;
      if (e.group_id) {
        SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*e.group_id));
        if (g) s.group_name = g->name;
      }
      for (const auto& r : reports) {
        if (r.deputy_id != e.deputy_id) continue;
        s.state = r.state;
        s.late = r.late;
        s.words = r.words;
        s.submitted_at = r.submitted_at;
      }
      out.push_back(std::move(s));
    }
    if (!any_visible) return Forbidden("campaign outside your scope");
    return base::Ok();
  }));
  return out;
}

Result<ReportView> ReportService::Get(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id) {
  ReportView out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, Load(tx, actor, campaign_id, deputy_id));
    SHUZHI_ASSIGN_OR_RETURN(out, ViewOf(tx, c, deputy_id));
    return base::Ok();
  }));
  return out;
}

Result<ReportView> ReportService::SaveDraft(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id,
                                            const core::ReportContent& content,
                                            const std::optional<std::string>& period_start,
                                            const std::optional<std::string>& period_end) {
  for (const auto* d : {&period_start, &period_end}) {
    if (*d && !d->value().empty() && !core::IsIsoDate(**d)) {
      return base::InvalidArgument("request.invalid", "period dates are YYYY-MM-DD",
                                   {{d == &period_start ? "period_start" : "period_end", "invalid_date"}});
    }
  }
  ReportView out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, Load(tx, actor, campaign_id, deputy_id));
    if (!c.is_author) return Forbidden("only the deputy writes their report");
    if (c.campaign.state != core::CampaignState::kActive) {
      return base::FailedPrecondition("report.campaign_not_active", "the campaign is not open for reports");
    }
    // The working text changes while the report may still be submitted.
    if (c.report && !core::CheckReportTransition(c.report->state, core::ReportState::kSubmitted).ok()) {
      return base::FailedPrecondition("report.bad_state", "a submitted report can be changed after it is returned");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto fitted, core::FitToCampaign(c.spec, content));
    const auto counts = core::CountReport(fitted);
    const base::Micros now = clock_.Now();
    if (!c.report) {
      storage::ReportRecord r;
      r.campaign_id = campaign_id;
      r.deputy_id = deputy_id;
      SHUZHI_ASSIGN_OR_RETURN(r.period_start, PeriodStart(tx, deputy_id));
      r.period_end = c.spec.report_deadline;
      r.created_at = now;
      r.draft = "{}";
      SHUZHI_ASSIGN_OR_RETURN(r.id, tx.reports().Insert(r));
      c.report = r;
    }
    c.report->draft = WriteStoredContent(fitted);
    c.report->words = counts.words;
    c.report->chars = counts.chars_no_spaces;
    if (period_start) c.report->period_start = *period_start;
    if (period_end) c.report->period_end = *period_end;
    c.report->updated_at = now;
    SHUZHI_TRY(tx.reports().Update(*c.report));
    // Drafts are saved often (autosave): they are not audited one by one;
    // each submission is.
    SHUZHI_ASSIGN_OR_RETURN(out, ViewOf(tx, c, deputy_id));
    return base::Ok();
  }));
  return out;
}

Result<ReportView> ReportService::Submit(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id) {
  ReportView out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, Load(tx, actor, campaign_id, deputy_id));
    if (!c.is_author) return Forbidden("only the deputy submits their report");
    if (c.campaign.state != core::CampaignState::kActive) {
      return base::FailedPrecondition("report.campaign_not_active", "the campaign is not open for reports");
    }
    if (!c.report) return base::FailedPrecondition("report.empty", "write the report before submitting it");
    SHUZHI_TRY(core::CheckReportTransition(c.report->state, core::ReportState::kSubmitted));
    if (c.report->words > c.spec.word_limit) {
      return base::Status(
          base::Code::kFailedPrecondition, "report.over_limit",
          std::to_string(c.report->words) + " 字 over the limit of " + std::to_string(c.spec.word_limit),
          {{"words", std::to_string(c.report->words)}, {"word_limit", std::to_string(c.spec.word_limit)}});
    }
    if (c.report->words == 0) return base::FailedPrecondition("report.empty", "the report is empty");
    const base::Micros now = clock_.Now();
    const bool late = core::IsLate(now, c.spec.report_deadline);
    SHUZHI_ASSIGN_OR_RETURN(auto version, tx.reports().AddVersion({c.report->id, 0, c.report->draft, c.report->words,
                                                                   c.report->chars, actor.username, now, late}));
    c.report->state = core::ReportState::kSubmitted;
    c.report->submitted_at = now;
    c.report->late = late;
    c.report->updated_at = now;
    SHUZHI_TRY(tx.reports().Update(*c.report));
    SHUZHI_TRY(RecordAudit(tx, clock_, actor.username, "report.submit",
                           "report:" + std::to_string(campaign_id) + ":" + std::to_string(deputy_id),
                           {{"version", version}, {"words", c.report->words}, {"late", late}}));
    SHUZHI_ASSIGN_OR_RETURN(out, ViewOf(tx, c, deputy_id));
    return base::Ok();
  }));
  return out;
}

Result<ReportView> ReportService::Review(const Actor& actor, std::int64_t campaign_id, std::int64_t deputy_id,
                                         const std::string& action, const std::string& comment) {
  if (action != "return" && action != "accept") {
    return base::InvalidArgument("request.invalid", "action is return or accept", {{"action", "invalid"}});
  }
  if (action == "return" && comment.empty()) {
    return base::InvalidArgument("request.invalid", "say what to change", {{"comment", "required"}});
  }
  if (comment.size() > 10'000)
    return base::InvalidArgument("request.invalid", "comment too long", {{"comment", "too_long"}});
  ReportView out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, Load(tx, actor, campaign_id, deputy_id));
    if (!c.may_review) return Forbidden("reviewing needs the group leader or an organizer");
    if (!c.report) return base::FailedPrecondition("report.bad_state", "nothing submitted yet");
    const auto from = c.report->state;
    const auto to = action == "return" ? core::ReportState::kReturned : core::ReportState::kAccepted;
    SHUZHI_TRY(core::CheckReportTransition(from, to));
    const base::Micros now = clock_.Now();
    SHUZHI_TRY(tx.reports().AddReview({c.report->id, 0, action, comment, actor.username, now}));
    c.report->state = to;
    c.report->updated_at = now;
    SHUZHI_TRY(tx.reports().Update(*c.report));
    SHUZHI_TRY(RecordAudit(tx, clock_, actor.username, "report." + action,
                           "report:" + std::to_string(campaign_id) + ":" + std::to_string(deputy_id)));
    SHUZHI_ASSIGN_OR_RETURN(out, ViewOf(tx, c, deputy_id));
    return base::Ok();
  }));
  return out;
}

Result<std::vector<std::string>> ReportService::ReadDocx(const Actor& actor, std::int64_t campaign_id,
                                                         std::int64_t deputy_id, std::string_view bytes) {
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, Load(tx, actor, campaign_id, deputy_id));
    if (!c.is_author) return Forbidden("only the deputy uploads their report");
    return base::Ok();
  }));
  return exports::ReadDocxParagraphs(bytes);
}

Result<std::vector<core::SectionDiff>> ReportService::Diff(const Actor& actor, std::int64_t campaign_id,
                                                           std::int64_t deputy_id, int from, int to) {
  std::vector<core::SectionDiff> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto c, Load(tx, actor, campaign_id, deputy_id));
    if (!c.report) return base::NotFound("report.version_not_found", "no versions yet");
    SHUZHI_ASSIGN_OR_RETURN(auto versions, tx.reports().ListVersions(c.report->id));
    auto content_of = [&](int v) -> Result<core::ReportContent> {
      std::string text;
      if (v == 0) {
        text = c.report->draft;
      } else {
        auto it = std::find_if(versions.begin(), versions.end(), [&](const auto& x) { return x.version == v; });
        if (it == versions.end()) return base::NotFound("report.version_not_found", "no version " + std::to_string(v));
        text = it->content;
      }
      SHUZHI_ASSIGN_OR_RETURN(auto content, ReadStoredContent(text));
      return core::FitToCampaign(c.spec, content);
    };
    SHUZHI_ASSIGN_OR_RETURN(auto a, content_of(from));
    SHUZHI_ASSIGN_OR_RETURN(auto b, content_of(to));
    out = core::DiffReports(a, b);
    return base::Ok();
  }));
  return out;
}

}  // namespace shuzhi::app
