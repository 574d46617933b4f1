// Roster import jobs and spreadsheet exports.
#include <boost/url/decode_view.hpp>
#include <boost/url/pct_string_view.hpp>

#include "app/app.h"
#include "app/audit/audit.h"
#include "app/exports/registry_export.h"
#include "app/imports/import.h"
#include "app/meeting/meeting.h"
#include "http/api.h"
#include "http/audit_json.h"
#include "http/import_json.h"
#include "http/registry_json.h"
#include "http/replies.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

std::string PercentDecode(std::string_view s) {
  auto pct = boost::urls::make_pct_string_view(s);
  if (!pct) return std::string(s);
  return std::string(pct->decode());
}

Response FileResponse(const app::ExportFile& f) {
  const std::string dot = f.file_name.substr(f.file_name.rfind('.'));
  return AttachmentResponse(f.content_type, f.file_name, "shuzhi-export" + dot, f.bytes);
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
  SHUZHI_ASSIGN_OR_RETURN(auto mapping, ImportMappingFrom(body));
  SHUZHI_ASSIGN_OR_RETURN(auto job, app.imports().SetMapping(ctx.actor(), ctx.params.at("id"), mapping));
  return JsonResponse(200, ImportJobJson(job));
}

base::Result<Response> ApplyImport(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto decisions, ImportDecisionsFrom(body));
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
