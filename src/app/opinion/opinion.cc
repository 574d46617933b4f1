#include "app/opinion/opinion.h"

#include <algorithm>

#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/errors.h"
#include "base/text.h"
#include "core/access.h"
#include "core/registry.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

constexpr int kPublicPerHour = 5;
constexpr std::int64_t kMaxChars = 2000;

bool IsSelf(const Actor& a, std::int64_t deputy_id) {
  return std::any_of(a.roles.begin(), a.roles.end(), [&](const core::RoleGrant& g) {
    return g.role == core::Role::kDeputy && g.deputy_id == deputy_id;
  });
}

// Organizers of a congress the deputy holds a mandate in (or whose group they
// are in), and leaders of their groups, look after the deputy's opinions.
Result<bool> LooksAfter(storage::Tx& tx, const Actor& a, std::int64_t deputy_id) {
  if (core::IsAdmin(a.roles)) return true;
  SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfDeputy(deputy_id));
  for (const auto& m : mandates) {
    SHUZHI_ASSIGN_OR_RETURN(auto term, tx.registry().FindTerm(m.term_id));
    if (term && core::Allows(a.roles, core::Action::kManageCongress, core::Scope{term->congress_id, {}, {}}))
      return true;
    if (m.group_id) {
      SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(*m.group_id));
      if (g && core::Allows(a.roles, core::Action::kManageGroup, core::Scope{g->congress_id, g->id, {}})) return true;
    }
  }
  return false;
}

Status CheckText(const std::string& text, const char* field) {
  const auto counts = base::CountText(text);
  if (counts.chars_no_spaces == 0) return Invalid(field, "required");
  if (counts.chars_no_spaces > kMaxChars || text.size() > 4 * kMaxChars) {
    return base::InvalidArgument("opinion.too_long", "at most 2,000 characters", {{field, "too_long"}});
  }
  return base::Ok();
}

}  // namespace

OpinionService::OpinionService(storage::Store& store, const base::Clock& clock)
    : store_(store), clock_(clock), public_throttle_(clock, 3600LL * base::kMicrosPerSecond, "opinion") {}

Result<std::vector<core::Opinion>> OpinionService::List(const Actor& actor, std::int64_t deputy_id) {
  std::vector<core::Opinion> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(bool staff, LooksAfter(tx, actor, deputy_id));
    const bool reader = staff || IsSelf(actor, deputy_id);
    if (!reader) return Forbidden("not your deputy");
    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.opinions().ListForDeputy(deputy_id));
    for (auto& o : all) {
      if (!staff && (o.status == "pending" || o.status == "rejected")) continue;
      out.push_back(std::move(o));
    }
    return base::Ok();
  }));
  return out;
}

Result<core::Opinion> OpinionService::Record(const Actor& actor, std::int64_t deputy_id, const NewOpinion& in) {
  if (in.source != "visit" && in.source != "forum" && in.source != "meeting_question" && in.source != "online") {
    return Invalid("source", "invalid");
  }
  if (!core::IsIsoDate(in.received_on)) return Invalid("received_on", "invalid_date");
  SHUZHI_TRY(CheckText(in.content, "content"));
  if (in.constituent.size() > 200 || in.category.size() > 100) return Invalid("constituent", "too_long");
  core::Opinion r{0,
                  deputy_id,
                  in.campaign_id,
                  in.source,
                  in.received_on,
                  in.content,
                  in.constituent,
                  in.category,
                  in.collector_voter_rep_id,
                  actor.username,
                  "new",
                  "",
                  std::nullopt,
                  clock_.Now()};
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(deputy_id));
    if (!d) return base::NotFound("registry.deputy_not_found", "no such deputy");
    SHUZHI_ASSIGN_OR_RETURN(bool staff, LooksAfter(tx, actor, deputy_id));
    if (!staff) return Forbidden("recording opinions needs the group leader or an organizer");
    if (in.collector_voter_rep_id) {
      SHUZHI_ASSIGN_OR_RETURN(auto rep, tx.registry().FindVoterRep(*in.collector_voter_rep_id));
      if (!rep) return Invalid("collector_voter_rep_id", "not_found");
    }
    SHUZHI_ASSIGN_OR_RETURN(r.id, tx.opinions().Insert(r));
    return RecordAudit(tx, clock_, actor.username, "opinion.record", "opinion:" + std::to_string(r.id),
                       {{"deputy_id", deputy_id}, {"source", in.source}});
  }));
  return r;
}

Result<core::Opinion> OpinionService::Answer(const Actor& actor, std::int64_t id, const std::string& answer) {
  SHUZHI_TRY(CheckText(answer, "answer"));
  core::Opinion out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto o, tx.opinions().Find(id));
    if (!o) return base::NotFound("opinion.not_found", "no such opinion");
    if (!IsSelf(actor, o->deputy_id)) return Forbidden("only the deputy answers");
    if (o->status != "new" && o->status != "answered" && o->status != "addressed") {
      return base::FailedPrecondition("opinion.bad_state", "this opinion cannot be answered now");
    }
    o->answer = answer;
    o->answered_at = clock_.Now();
    // A rectified opinion stays rectified while its measure is finished.
    if (o->status != "addressed") o->status = "answered";
    SHUZHI_TRY(tx.opinions().Update(*o));
    out = *o;
    return RecordAudit(tx, clock_, actor.username, "opinion.answer", "opinion:" + std::to_string(id));
  }));
  return out;
}

Result<core::Opinion> OpinionService::Moderate(const Actor& actor, std::int64_t id, bool approve) {
  core::Opinion out;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto o, tx.opinions().Find(id));
    if (!o) return base::NotFound("opinion.not_found", "no such opinion");
    SHUZHI_ASSIGN_OR_RETURN(bool staff, LooksAfter(tx, actor, o->deputy_id));
    if (!staff) return Forbidden("moderation needs the group leader or an organizer");
    if (o->status != "pending")
      return base::FailedPrecondition("opinion.bad_state", "only held opinions are moderated");
    o->status = approve ? "new" : "rejected";
    SHUZHI_TRY(tx.opinions().Update(*o));
    out = *o;
    return RecordAudit(tx, clock_, actor.username, approve ? "opinion.approve" : "opinion.reject",
                       "opinion:" + std::to_string(id));
  }));
  return out;
}

Result<std::vector<core::Opinion>> OpinionService::Pending(const Actor& actor) {
  std::vector<core::Opinion> out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto all, tx.opinions().ListByStatus("pending"));
    for (auto& o : all) {
      SHUZHI_ASSIGN_OR_RETURN(bool staff, LooksAfter(tx, actor, o.deputy_id));
      if (staff) out.push_back(std::move(o));
    }
    return base::Ok();
  }));
  return out;
}

Result<std::string> OpinionService::NewLink(const Actor& actor, std::int64_t deputy_id) {
  // 128 random bits: the link is public, so it must not be guessable from
  // another deputy's.
  const std::string token = base::RandomToken(16);
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(deputy_id));
    if (!d) return base::NotFound("registry.deputy_not_found", "no such deputy");
    SHUZHI_ASSIGN_OR_RETURN(bool staff, LooksAfter(tx, actor, deputy_id));
    if (!staff && !IsSelf(actor, deputy_id)) return Forbidden("not your deputy");
    SHUZHI_TRY(tx.opinions().SetLink(deputy_id, base::Hash32(token), clock_.Now()));
    return RecordAudit(tx, clock_, actor.username, "opinion.link", "deputy:" + std::to_string(deputy_id));
  }));
  return token;
}

Result<PublicForm> OpinionService::OpenForm(const std::string& token) {
  PublicForm out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto deputy_id, tx.opinions().FindLink(base::Hash32(token)));
    if (!deputy_id) return base::NotFound("opinion.form_not_found", "this opinion link is not valid");
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(*deputy_id));
    if (!d) return base::NotFound("opinion.form_not_found", "this opinion link is not valid");
    out = {d->id, d->name};
    return base::Ok();
  }));
  return out;
}

Status OpinionService::Submit(const std::string& token, const std::string& content, const std::string& constituent,
                              const std::string& address, std::int64_t* retry_after) {
  const std::string key = "public-opinion:" + address;
  if (const auto wait = public_throttle_.RetryAfterSeconds(key, kPublicPerHour); wait > 0) {
    if (retry_after) *retry_after = wait;
    return base::ResourceExhausted("opinion.rate_limited", "too many opinions from this address; try later");
  }
  SHUZHI_TRY(CheckText(content, "content"));
  if (constituent.size() > 200) return Invalid("constituent", "too_long");
  SHUZHI_ASSIGN_OR_RETURN(auto form, OpenForm(token));
  public_throttle_.RecordFailure(key);  // counts every submission, not only failures
  // No audit entry: the constituent has no account, and the opinion waits
  // for moderation, which is audited.
  const std::string today = base::FormatCst(clock_.Now()).substr(0, 10);
  return store_.Write([&](storage::Tx& tx) -> Status {
    return tx.opinions()
        .Insert({0, form.deputy_id, std::nullopt, "online", today, content, constituent, "", std::nullopt, "public",
                 "pending", "", std::nullopt, clock_.Now()})
        .status();
  });
}

}  // namespace shuzhi::app
