#include "app/exports/registry_export.h"

#include "app/audit/audit.h"
#include "app/exports/export_pack.h"
#include "app/registry/registry.h"
#include "export/csv.h"
#include "export/xlsx_writer.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace export_detail {

Result<Provenance> ProvenanceOf(storage::Store& store, const base::Clock& clock, const Actor& actor) {
  Provenance p{actor.username, base::FormatCst(clock.Now()), ""};
  SHUZHI_TRY(store.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto head, tx.audit().Head());
    p.audit_head = FormatAuditHead(head);
    return base::Ok();
  }));
  return p;
}

Result<ExportFile> Pack(const std::string& title, exports::Table table, ExportFormat format, const Labels& l,
                        const Provenance& p) {
  ExportFile f;
  if (format == ExportFormat::kCsv) {
    f.file_name = title + ".csv";
    f.content_type = "text/csv; charset=utf-8";
    f.bytes = exports::WriteCsv(table, true);
    return f;
  }
  std::vector<exports::Sheet> sheets;
  sheets.push_back({title, std::move(table)});
  return PackSheets(title, std::move(sheets), l, p);
}

Result<ExportFile> PackSheets(const std::string& title, std::vector<exports::Sheet> sheets, const Labels& l,
                              const Provenance& p) {
  ExportFile f;
  f.file_name = title + ".xlsx";
  f.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  exports::Table info;
  info.rows = {
      {l.Column("exported_by"), p.actor}, {l.Column("exported_at"), p.at}, {l.Column("audit_head"), p.audit_head}};
  sheets.push_back({l.Title("info"), std::move(info)});
  SHUZHI_ASSIGN_OR_RETURN(f.bytes, exports::WriteXlsx(sheets));
  return f;
}

}  // namespace export_detail

namespace {

using export_detail::Labels;
using export_detail::Pack;
using export_detail::ProvenanceOf;
using exports::Table;

std::string Opt(const std::optional<std::string>& s) { return s.value_or(""); }
std::string Opt(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

}  // namespace

Result<ExportFile> ExportService::Roster(const Actor& actor, core::RosterFilter filter, ExportFormat format,
                                         base::Lang lang) {
  RegistryService reg(store_, clock_);
  filter.offset = 0;
  filter.limit = 200'000;
  SHUZHI_ASSIGN_OR_RETURN(auto page, reg.ListRoster(actor, filter));
  const Labels l(lang);
  Table t;
  t.rows.push_back({l.Column("name"), l.Column("gender"), l.Column("birth_date"), l.Column("ethnicity"),
                    l.Column("occupation"), l.Column("employer"), l.Column("title"), l.Column("phone"),
                    l.Column("congress"), l.Column("term"), l.Column("constituency"), l.Column("group"),
                    l.Column("status"), l.Column("status_date"), l.Column("by_election"), l.Column("elected_date")});
  for (const auto& r : page.items) {
    t.rows.push_back({r.deputy.name, l.Value("gender", r.deputy.gender), r.deputy.birth_date, r.deputy.ethnicity,
                      l.Value("occupation", r.deputy.occupation), r.deputy.employer, r.deputy.title, r.deputy.phone,
                      r.congress_name, std::to_string(r.term_number), r.constituency_name, r.group_name,
                      l.Value("status", r.mandate.status), Opt(r.mandate.status_date),
                      l.Value("boolean", r.mandate.by_election ? "true" : "false"), Opt(r.mandate.elected_date)});
  }
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, ProvenanceOf(store_, clock_, actor));
  return Pack(l.Title("roster"), std::move(t), format, l, provenance);
}

Result<ExportFile> ExportService::CommitteeMembers(const Actor& actor, std::int64_t congress_id, ExportFormat format,
                                                   base::Lang lang) {
  RegistryService reg(store_, clock_);
  SHUZHI_ASSIGN_OR_RETURN(auto members, reg.ListCommitteeMembers(actor, congress_id));
  const Labels l(lang);
  Table t;
  t.rows.push_back({l.Column("name"), l.Column("gender"), l.Column("birth_year"), l.Column("occupation"),
                    l.Column("position"), l.Column("active")});
  for (const auto& m : members) {
    t.rows.push_back({m.name, l.Value("gender", m.gender), Opt(m.birth_year), l.Value("occupation", m.occupation),
                      m.position, l.Value("boolean", m.active ? "true" : "false")});
  }
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, ProvenanceOf(store_, clock_, actor));
  return Pack(l.Title("committee"), std::move(t), format, l, provenance);
}

Result<ExportFile> ExportService::VoterReps(const Actor& actor, std::int64_t group_id, ExportFormat format,
                                            base::Lang lang) {
  RegistryService reg(store_, clock_);
  SHUZHI_ASSIGN_OR_RETURN(auto reps, reg.ListVoterReps(actor, group_id));
  const Labels l(lang);
  Table t;
  t.rows.push_back({l.Column("name"), l.Column("gender"), l.Column("birth_year"), l.Column("occupation"),
                    l.Column("village"), l.Column("phone"), l.Column("active")});
  for (const auto& r : reps) {
    t.rows.push_back({r.name, l.Value("gender", r.gender), Opt(r.birth_year), l.Value("occupation", r.occupation),
                      r.village, r.phone, l.Value("boolean", r.active ? "true" : "false")});
  }
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, ProvenanceOf(store_, clock_, actor));
  return Pack(l.Title("voter_reps"), std::move(t), format, l, provenance);
}

Result<ExportFile> ExportService::Rotation(const Actor& actor, std::int64_t group_id, ExportFormat format,
                                           base::Lang lang) {
  RegistryService reg(store_, clock_);
  SHUZHI_ASSIGN_OR_RETURN(auto view, reg.GetRotation(actor, group_id));
  const Labels l(lang);
  Table t;
  t.rows.push_back({l.Column("name"), l.Column("occupation"), l.Column("levels"), l.Column("rotation_state"),
                    l.Column("rotation_year"), l.Column("pinned")});
  for (const auto& p : view.persons) {
    std::string levels;
    for (const auto& lv : p.levels) levels += (levels.empty() ? "" : "、") + l.Value("level", lv);
    const char* state = p.slot.state == core::RotationState::kReported  ? "reported"
                        : p.slot.state == core::RotationState::kPlanned ? "planned"
                        : p.slot.state == core::RotationState::kLeft    ? "left"
                                                                        : "unplaceable";
    t.rows.push_back({p.name, l.Value("occupation", p.occupation), levels, l.Value("rotation_state", state),
                      Opt(p.slot.year), l.Value("boolean", p.slot.pinned ? "true" : "false")});
  }
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, ProvenanceOf(store_, clock_, actor));
  return Pack(view.group.name + l.Title("rotation"), std::move(t), format, l, provenance);
}

}  // namespace shuzhi::app
