#include "app/audit/audit.h"

#include <map>

#include "app/audit/audit_internal.h"
#include "app/exports/export_pack.h"
#include "core/access.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

namespace json = base::json;

Status MayRead(const Actor& actor) {
  if (core::Allows(actor.roles, core::Action::kReadAudit)) return base::Ok();
  return base::PermissionDenied("auth.forbidden", "reading the audit log needs organizer or admin");
}

// Puts the log into words inside one read transaction: the catalogue names
// actions and object kinds, the stores name the objects. Each object is read
// once per page; one that is gone (or never was) keeps its code.
class AuditWords {
 public:
  AuditWords(storage::Tx& tx, base::Lang lang) : tx_(tx), lang_(lang), cat_(base::Catalog::Get()) {}

  std::string Action(const std::string& code) const {
    const std::string key = "audit.actions." + code;
    return cat_.Has(lang_, key) ? cat_.Translate(lang_, key) : code;
  }

  Result<std::string> ActorName(const std::string& username) {
    if (username == "system") return cat_.Translate(lang_, "audit.objects.system");
    auto [it, fresh] = actors_.try_emplace(username);
    if (fresh) {
      SHUZHI_ASSIGN_OR_RETURN(auto u, tx_.users().FindByUsername(username));
      if (u) it->second = u->display_name;
    }
    return it->second;
  }

  Result<std::string> Object(const std::string& code) {
    auto [it, fresh] = objects_.try_emplace(code);
    if (!fresh) return it->second;
    const auto colon = code.find(':');
    const std::string kind = code.substr(0, colon);
    const std::string kind_key = "audit.objects." + kind;
    std::string name;
    if (colon != std::string::npos && cat_.Has(lang_, kind_key)) {
      SHUZHI_ASSIGN_OR_RETURN(name, Name(kind, code.substr(colon + 1)));
    }
    it->second = name.empty() ? code : cat_.Translate(lang_, kind_key) + " " + name;
    return it->second;
  }

 private:
  static std::optional<std::int64_t> Id(const std::string& text) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return std::stoll(text);
  }
  std::string Shape(const char* key, const std::map<std::string, std::string>& args) const {
    return cat_.Translate(lang_, std::string("audit.objects.") + key, args);
  }

  Result<std::string> CongressName(std::int64_t id) {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx_.registry().FindCongress(id));
    return c ? c->name : std::string();
  }
  Result<std::string> TermName(std::int64_t id) {
    SHUZHI_ASSIGN_OR_RETURN(auto t, tx_.registry().FindTerm(id));
    if (!t) return std::string();
    SHUZHI_ASSIGN_OR_RETURN(auto congress, CongressName(t->congress_id));
    return Shape("term_of", {{"congress", congress}, {"number", std::to_string(t->number)}});
  }
  Result<std::string> DeputyName(std::int64_t id) {
    SHUZHI_ASSIGN_OR_RETURN(auto d, tx_.registry().FindDeputy(id));
    return d ? d->name : std::string();
  }
  Result<std::string> CampaignTitle(std::int64_t id) {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx_.campaigns().Find(id));
    if (!c) return std::string();
    boost::system::error_code ec;
    const json::value spec = json::parse(c->spec, ec);
    const auto* title = !ec && spec.is_object() ? spec.as_object().if_contains("title") : nullptr;
    return title && title->is_string() ? std::string(title->as_string()) : std::string();
  }
  Result<std::string> MeetingTitle(std::int64_t id) {
    SHUZHI_ASSIGN_OR_RETURN(auto m, tx_.meetings().Find(id));
    return m ? m->title : std::string();
  }

  // The readable name of one object, or "" when there is none.
  Result<std::string> Name(const std::string& kind, const std::string& rest) {
    if (kind == "report") {
      // report:CAMPAIGN:DEPUTY
      const auto colon = rest.find(':');
      auto campaign = Id(rest.substr(0, colon));
      auto deputy = colon == std::string::npos ? std::nullopt : Id(rest.substr(colon + 1));
      if (!campaign || !deputy) return std::string();
      SHUZHI_ASSIGN_OR_RETURN(auto title, CampaignTitle(*campaign));
      SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(*deputy));
      return name.empty() ? std::string() : Shape("report_of", {{"deputy", name}, {"campaign", title}});
    }
    auto id = Id(rest);
    if (!id) return std::string();
    auto& r = tx_.registry();
    if (kind == "user") {
      SHUZHI_ASSIGN_OR_RETURN(auto u, tx_.users().FindById(*id));
      return u ? u->display_name : std::string();
    }
    if (kind == "campaign") return CampaignTitle(*id);
    if (kind == "meeting") return MeetingTitle(*id);
    if (kind == "poll") {
      SHUZHI_ASSIGN_OR_RETURN(auto p, tx_.meetings().FindPoll(*id));
      if (!p) return std::string();
      SHUZHI_ASSIGN_OR_RETURN(auto meeting, MeetingTitle(p->meeting_id));
      return Shape("poll_of", {{"meeting", meeting}, {"n", std::to_string(p->position + 1)}});
    }
    if (kind == "group" || kind == "voter_reps") {
      SHUZHI_ASSIGN_OR_RETURN(auto g, r.FindGroup(*id));
      return g ? g->name : std::string();
    }
    if (kind == "deputy") return DeputyName(*id);
    if (kind == "mandate") {
      SHUZHI_ASSIGN_OR_RETURN(auto m, r.FindMandate(*id));
      if (!m) return std::string();
      SHUZHI_ASSIGN_OR_RETURN(auto deputy, DeputyName(m->deputy_id));
      SHUZHI_ASSIGN_OR_RETURN(auto term, r.FindTerm(m->term_id));
      std::string congress;
      if (term) {
        SHUZHI_ASSIGN_OR_RETURN(congress, CongressName(term->congress_id));
      }
      return Shape("mandate_of", {{"deputy", deputy}, {"congress", congress}});
    }
    if (kind == "congress" || kind == "committee_members") return CongressName(*id);
    if (kind == "term" || kind == "deputies") return TermName(*id);
    if (kind == "constituency") {
      SHUZHI_ASSIGN_OR_RETURN(auto k, r.FindConstituency(*id));
      return k ? k->name : std::string();
    }
    if (kind == "committee_member") {
      SHUZHI_ASSIGN_OR_RETURN(auto m, r.FindCommitteeMember(*id));
      return m ? m->name : std::string();
    }
    if (kind == "voter_rep") {
      SHUZHI_ASSIGN_OR_RETURN(auto v, r.FindVoterRep(*id));
      return v ? v->name : std::string();
    }
    if (kind == "opinion") {
      SHUZHI_ASSIGN_OR_RETURN(auto o, tx_.opinions().Find(*id));
      if (!o) return std::string();
      SHUZHI_ASSIGN_OR_RETURN(auto deputy, DeputyName(o->deputy_id));
      return Shape("opinion_about", {{"deputy", deputy}});
    }
    if (kind == "archive") {
      SHUZHI_ASSIGN_OR_RETURN(auto a, tx_.archives().Find(*id));
      if (!a) return std::string();
      SHUZHI_ASSIGN_OR_RETURN(auto title, CampaignTitle(a->campaign_id));
      return Shape("archive_of", {{"campaign", title}, {"n", std::to_string(a->number)}});
    }
    if (kind == "measure") {
      SHUZHI_ASSIGN_OR_RETURN(auto m, tx_.measures().Find(*id));
      if (!m) return std::string();
      SHUZHI_ASSIGN_OR_RETURN(auto deputy, DeputyName(m->deputy_id));
      return Shape("measure_of", {{"deputy", deputy}});
    }
    return std::string();
  }

  storage::Tx& tx_;
  base::Lang lang_;
  const base::Catalog& cat_;
  std::map<std::string, std::string> actors_, objects_;
};

Result<AuditRow> InWords(AuditWords& words, core::AuditEntry e) {
  AuditRow row;
  SHUZHI_ASSIGN_OR_RETURN(row.actor_name, words.ActorName(e.actor));
  row.action_label = words.Action(e.action);
  SHUZHI_ASSIGN_OR_RETURN(row.object_label, words.Object(e.object));
  row.entry = std::move(e);
  return row;
}

}  // namespace

Status RecordAudit(storage::Tx& tx, const base::Clock& clock, const std::string& actor, const std::string& action,
                   const std::string& object, const base::json::object& details) {
  SHUZHI_ASSIGN_OR_RETURN(core::AuditHead head, tx.audit().LockHead());
  core::AuditEntry e;
  e.seq = head.count + 1;
  e.at = clock.Now();
  e.actor = actor;
  e.action = action;
  e.object = object;
  e.details = base::json::serialize(details);
  e.hash = core::ChainHash(head.hash, e);
  return tx.audit().Append(e);
}

Result<AuditPage> AuditService::List(const Actor& actor, const AuditQuery& query, base::Lang lang) {
  SHUZHI_TRY(MayRead(actor));
  AuditPage out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out.head, tx.audit().Head());
    SHUZHI_ASSIGN_OR_RETURN(out.total, tx.audit().Count(query.filter));
    SHUZHI_ASSIGN_OR_RETURN(auto entries,
                            tx.audit().Page(query.filter, (query.page - 1) * query.page_size, query.page_size));
    AuditWords words(tx, lang);
    for (auto& e : entries) {
      SHUZHI_ASSIGN_OR_RETURN(auto row, InWords(words, std::move(e)));
      out.items.push_back(std::move(row));
    }
    return base::Ok();
  }));
  return out;
}

Result<AuditFacets> AuditService::Facets(const Actor& actor, base::Lang lang) {
  SHUZHI_TRY(MayRead(actor));
  AuditFacets out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto actors, tx.audit().Actors());
    AuditWords words(tx, lang);
    for (const auto& a : actors) {
      SHUZHI_ASSIGN_OR_RETURN(auto name, words.ActorName(a));
      out.actors.emplace_back(a, name);
    }
    return base::Ok();
  }));
  const std::string prefix = "audit.actions.";
  for (const auto& key : base::Catalog::Get().Keys(lang)) {
    if (key.rfind(prefix, 0) != 0) continue;
    out.actions.emplace_back(key.substr(prefix.size()), base::Catalog::Get().Translate(lang, key));
  }
  return out;
}

Result<ExportFile> AuditService::Export(const Actor& actor, const core::AuditFilter& filter, ExportFormat format,
                                        base::Lang lang) {
  SHUZHI_TRY(MayRead(actor));
  constexpr std::int64_t kMaxRows = 100'000;
  const export_detail::Labels l(lang);
  exports::Table t;
  t.rows.push_back({l.Column("audit_seq"), l.Column("audit_at"), l.Column("audit_actor"), l.Column("audit_username"),
                    l.Column("audit_action"), l.Column("audit_action_code"), l.Column("audit_object"),
                    l.Column("audit_object_code"), l.Column("audit_details"), l.Column("audit_hash")});
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto count, tx.audit().Count(filter));
    if (count > kMaxRows) {
      return base::InvalidArgument("export.too_large", "more than 100,000 entries: narrow the filter");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.audit().Page(filter, 0, kMaxRows));
    AuditWords words(tx, lang);
    for (auto& e : entries) {
      SHUZHI_ASSIGN_OR_RETURN(auto row, InWords(words, std::move(e)));
      const auto& x = row.entry;
      t.rows.push_back({std::to_string(x.seq), base::FormatCst(x.at), row.actor_name, x.actor, row.action_label,
                        x.action, row.object_label, x.object, x.details, base::ToHex(x.hash)});
    }
    return base::Ok();
  }));
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, export_detail::ProvenanceOf(store_, clock_, actor));
  return export_detail::Pack(l.Title("audit"), std::move(t), format, l, provenance);
}

Result<core::AuditHead> AuditService::Head(const Actor& actor) {
  if (!core::Allows(actor.roles, core::Action::kReadAuditHead)) {
    return base::PermissionDenied("auth.forbidden", "reading the audit head needs reviewer or above");
  }
  return HeadAsSystem();
}

Result<core::AuditHead> AuditService::HeadAsSystem() {
  core::AuditHead head;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(head, tx.audit().Head());
    return base::Ok();
  }));
  return head;
}

Result<core::ChainCheck> AuditService::Verify(const std::optional<core::AuditHead>& expected_head) {
  core::ChainCheck check;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.audit().All());
    SHUZHI_ASSIGN_OR_RETURN(core::AuditHead stored, tx.audit().Head());
    check = core::VerifyChain(entries, expected_head);
    // The stored head must match the last entry; a deleted tail shows here
    // even without an earlier head, unless the head row was rewritten too.
    if (check.ok && (stored.count != check.checked ||
                     (!entries.empty() && !base::ConstantTimeEqual(stored.hash, entries.back().hash)))) {
      check.ok = false;
      check.first_bad_seq = check.checked;
      check.problem = "head_mismatch";
    }
    return base::Ok();
  }));
  return check;
}

Result<core::AuditHead> ParseAuditHead(std::string_view text) {
  const auto colon = text.find(':');
  auto bad = base::InvalidArgument("audit.bad_head", "an audit head looks like COUNT:HASH (64 hex digits)");
  if (colon == std::string_view::npos) return bad;
  core::AuditHead head;
  try {
    head.count = std::stoll(std::string(text.substr(0, colon)));
  } catch (...) {
    return bad;
  }
  auto hash = base::FromHex(text.substr(colon + 1));
  if (!hash.ok() || hash->size() != 32 || head.count < 0) return bad;
  head.hash = *hash;
  return head;
}

std::string FormatAuditHead(const core::AuditHead& head) {
  return std::to_string(head.count) + ":" + base::ToHex(head.hash);
}

}  // namespace shuzhi::app
