// Roster import jobs and spreadsheet exports.
#include <boost/url/decode_view.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "app/app.h"
#include "app/audit/audit.h"
#include "app/exports/registry_export.h"
#include "app/imports/import.h"
#include "app/meeting/meeting.h"
#include "http/api.h"
#include "http/audit_json.h"
#include "http/registry_json.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

json::object ImportJobJson(const app::ImportJobView& v) {
  json::array columns, fields, problems, matches;
  for (const auto& c : v.columns) {
    columns.push_back(json::object{{"index", c.index},
                                   {"header", c.header},
                                   {"field", c.field.empty() ? json::value(nullptr) : json::value(c.field)}});
  }
  for (const auto& f : v.fields) fields.push_back(json::object{{"field", f.field}, {"required", f.required}});
  for (const auto& p : v.problems) {
    json::array accepted;
    for (const auto& a : p.accepted) accepted.push_back(json::value(a));
    problems.push_back(
        json::object{{"row", p.row},
                     {"column", p.column},
                     {"field", p.field},
                     {"code", p.code},
                     {"value", p.value},
                     {"accepted", accepted},
                     {"duplicate_of", p.duplicate_of ? json::value(*p.duplicate_of) : json::value(nullptr)}});
  }
  for (const auto& m : v.matches) {
    json::array candidates;
    for (const auto& c : m.candidates) {
      json::array congresses;
      for (const auto& n : c.congresses) congresses.push_back(json::value(n));
      candidates.push_back(json::object{
          {"deputy_id", c.deputy_id}, {"name", c.name}, {"birth_date", c.birth_date}, {"congresses", congresses}});
    }
    matches.push_back(json::object{{"row", m.row},
                                   {"name", m.name},
                                   {"birth_date", m.birth_date},
                                   {"candidates", candidates},
                                   {"decision_required", m.decision_required},
                                   {"decision", m.decision ? json::value(*m.decision) : json::value(nullptr)}});
  }
  json::value applied = nullptr;
  if (v.applied) {
    applied =
        json::object{{"created", v.applied->created}, {"linked", v.applied->linked}, {"skipped", v.applied->skipped}};
  }
  json::value error = nullptr;
  if (v.error) error = json::object{{"code", v.error->reason()}, {"message", v.error->message()}};
  return {{"id", v.id},
          {"kind", app::ImportKindCode(v.kind)},
          {"state", v.state},
          {"progress", json::object{{"phase", v.phase}, {"done", v.done}, {"total", v.total}}},
          {"file_name", v.file_name},
          {"rows", v.rows},
          {"columns", columns},
          {"fields", fields},
          {"problems", problems},
          {"matches", matches},
          {"summary", json::object{{"valid_rows", v.valid_rows},
                                   {"problem_rows", v.problem_rows},
                                   {"new_persons", v.new_persons},
                                   {"linked_persons", v.linked_persons}}},
          {"applied", applied},
          {"error", error}};
}

std::string PercentDecode(std::string_view s) {
  auto pct = boost::urls::make_pct_string_view(s);
  if (!pct) return std::string(s);
  return std::string(pct->decode());
}

Response FileResponse(const app::ExportFile& f) {
  Response r;
  r.SetHeader("Content-Type", f.content_type);
  // RFC 6266: an ASCII fallback name, and the real (Chinese) name in UTF-8.
  const std::string dot = f.file_name.substr(f.file_name.rfind('.'));
  r.SetHeader("Content-Disposition", "attachment; filename=\"shuzhi-export" + dot + "\"; filename*=UTF-8''" +
                                         boost::urls::encode(f.file_name, boost::urls::unreserved_chars));
  r.body = f.bytes;
  return r;
}

base::Result<app::ExportFormat> FormatFrom(const Request& r) {
  const std::string f = r.Query("format");
  if (f.empty() || f == "xlsx") return app::ExportFormat::kXlsx;
  if (f == "csv") return app::ExportFormat::kCsv;
  return base::InvalidArgument("request.invalid", "format is xlsx or csv", {{"format", "invalid"}});
}

base::Result<Response> StartImport(app::App& app, RouteContext& ctx) {
  const auto kind = app::ParseImportKind(ctx.request.Query("kind"));
  if (!kind) return base::InvalidArgument("request.invalid", "kind", {{"kind", "invalid"}});
  const char* target_param = *kind == app::ImportKind::kDeputies    ? "term_id"
                             : *kind == app::ImportKind::kVoterReps ? "group_id"
                                                                    : "congress_id";
  SHUZHI_ASSIGN_OR_RETURN(auto target, QueryId(ctx.request, target_param));
  if (!target) return base::InvalidArgument("request.invalid", target_param, {{target_param, "required"}});
  const std::string name = PercentDecode(ctx.request.Header("x-file-name"));
  SHUZHI_ASSIGN_OR_RETURN(auto job, app.imports().Start(ctx.actor(), {*kind, *target}, name, ctx.request.body));
  return JsonResponse(202, ImportJobJson(job));
}

base::Result<Response> GetImportTemplate(app::App&, RouteContext& ctx) {
  const auto kind = app::ParseImportKind(ctx.request.Query("kind"));
  if (!kind) return base::InvalidArgument("request.invalid", "kind", {{"kind", "invalid"}});
  SHUZHI_ASSIGN_OR_RETURN(auto file, app::ImportTemplate(*kind, DocumentLang(ctx)));
  return FileResponse(file);
}

base::Result<Response> GetImport(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto job, app.imports().Get(ctx.actor(), ctx.params.at("id")));
  return JsonResponse(200, ImportJobJson(job));
}

base::Result<Response> SetImportMapping(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  const auto* columns = body.if_contains("columns");
  if (!columns || !columns->is_array())
    return base::InvalidArgument("request.invalid", "columns", {{"columns", "required"}});
  std::vector<std::pair<int, std::string>> mapping;
  for (const auto& c : columns->as_array()) {
    if (!c.is_object()) return base::InvalidArgument("request.invalid", "columns", {{"columns", "must_be_objects"}});
    SHUZHI_ASSIGN_OR_RETURN(auto index, RequiredInt(c.as_object(), "index"));
    SHUZHI_ASSIGN_OR_RETURN(auto field, StringOr(c.as_object(), "field", ""));
    mapping.emplace_back(static_cast<int>(std::clamp<std::int64_t>(index, -1, 100000)), field);
  }
  SHUZHI_ASSIGN_OR_RETURN(auto job, app.imports().SetMapping(ctx.actor(), ctx.params.at("id"), mapping));
  return JsonResponse(200, ImportJobJson(job));
}

base::Result<Response> ApplyImport(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  std::map<int, std::optional<std::int64_t>> decisions;
  if (const auto* d = body.if_contains("decisions"); d && d->is_array()) {
    for (const auto& item : d->as_array()) {
      if (!item.is_object())
        return base::InvalidArgument("request.invalid", "decisions", {{"decisions", "must_be_objects"}});
      SHUZHI_ASSIGN_OR_RETURN(auto row, RequiredInt(item.as_object(), "row"));
      SHUZHI_ASSIGN_OR_RETURN(auto deputy, NullableInt(item.as_object(), "deputy_id"));
      decisions[static_cast<int>(std::clamp<std::int64_t>(row, -1, 10'000'000))] = deputy;
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(auto skip, BoolOr(body, "skip_problem_rows", false));
  SHUZHI_ASSIGN_OR_RETURN(auto job, app.imports().Apply(ctx.actor(), ctx.params.at("id"), decisions,
                                                        skip ? app::ProblemRows::kSkip : app::ProblemRows::kRefuse));
  return JsonResponse(202, ImportJobJson(job));
}

base::Result<Response> GetSkippedRows(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto format, FormatFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto file,
                          app.imports().SkippedRows(ctx.actor(), ctx.params.at("id"), format, DocumentLang(ctx)));
  return FileResponse(file);
}

base::Result<Response> ExportRoster(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto filter, RosterFilterFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto format, FormatFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto file, app.exports().Roster(ctx.actor(), filter, format, DocumentLang(ctx)));
  return FileResponse(file);
}

base::Result<Response> ExportCommitteeMembers(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto format, FormatFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto file, app.exports().CommitteeMembers(ctx.actor(), id, format, DocumentLang(ctx)));
  return FileResponse(file);
}

base::Result<Response> ExportVoterReps(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto format, FormatFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto file, app.exports().VoterReps(ctx.actor(), id, format, DocumentLang(ctx)));
  return FileResponse(file);
}

base::Result<Response> ExportRotation(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto format, FormatFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto file, app.exports().Rotation(ctx.actor(), id, format, DocumentLang(ctx)));
  return FileResponse(file);
}

base::Result<Response> ExportMeetingResults(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "meeting.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto format, FormatFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto file,
                          app.exports().MeetingResults(ctx.actor(), app.meetings(), id, format, DocumentLang(ctx)));
  return FileResponse(file);
}

base::Result<Response> ExportAudit(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto filter, AuditFilterFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto format, FormatFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto file, app.audit().Export(ctx.actor(), filter, format, DocumentLang(ctx)));
  return FileResponse(file);
}

// The routes, in the order the router tries them.
constexpr ServiceRoute<app::App> kImportExportRoutes[] = {
    {"POST", "/api/v1/imports", StartImport},
    // Before /imports/{id}, which would take "template" for a job's id.
    {"GET", "/api/v1/imports/template", GetImportTemplate},
    {"GET", "/api/v1/imports/{id}", GetImport},
    {"PUT", "/api/v1/imports/{id}/mapping", SetImportMapping},
    {"POST", "/api/v1/imports/{id}/apply", ApplyImport},
    {"GET", "/api/v1/imports/{id}/skipped", GetSkippedRows},
    {"GET", "/api/v1/roster/export", ExportRoster},
    {"GET", "/api/v1/congresses/{id}/committee-members/export", ExportCommitteeMembers},
    {"GET", "/api/v1/groups/{id}/voter-reps/export", ExportVoterReps},
    {"GET", "/api/v1/groups/{id}/rotation/export", ExportRotation},
    {"GET", "/api/v1/meetings/{id}/results/export", ExportMeetingResults},
    {"GET", "/api/v1/audit/export", ExportAudit},
};

}  // namespace

void AddImportExportRoutes(Router& router, app::App& app) { AddServiceRoutes(router, app, kImportExportRoutes); }

}  // namespace shuzhi::http
