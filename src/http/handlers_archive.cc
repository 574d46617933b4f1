// Campaign archives: build one (a background job), list them with their
// progress, one archive, and download a finished ZIP.
#include "app/app.h"
#include "app/archive/archive.h"
#include "http/api.h"
#include "http/json_io.h"
#include "http/replies.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

using app::ArchiveService;

json::object ArchiveJson(const app::ArchiveView& v) {
  const auto& a = v.archive;
  return json::object{{"id", a.id},
                      {"campaign_id", a.campaign_id},
                      {"group_id", Nullable(a.group_id)},
                      {"group_name", v.group_name},
                      {"number", a.number},
                      {"state", core::ArchiveStateCode(a.state)},
                      {"files_done", a.files_done},
                      {"files_total", a.files_total},
                      {"size", a.size},
                      {"sha256", a.sha256},
                      {"error", a.error},
                      {"created_by", a.created_by},
                      {"created_by_name", v.created_by_name},
                      {"created_at", base::FormatCst(a.created_at)},
                      {"finished_at", NullableTime(a.finished_at)}};
}

base::Result<Response> Build(ArchiveService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto group, NullableInt(body, "group_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto view, svc.Build(ctx.actor(), id, group, PublicDocumentLang(ctx)));
  return JsonResponse(202, ArchiveJson(view));
}

base::Result<Response> List(ArchiveService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, svc.List(ctx.actor(), id));
  json::array items;
  for (const auto& v : list) items.push_back(ArchiveJson(v));
  return JsonResponse(200, json::object{{"items", items}});
}

base::Result<Response> Get(ArchiveService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "archive.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto view, svc.Get(ctx.actor(), id));
  return JsonResponse(200, ArchiveJson(view));
}

base::Result<Response> Download(ArchiveService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "archive.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto got, svc.Fetch(ctx.actor(), id));
  return AttachmentResponse("application/zip", got.file_name, "archive-" + std::to_string(id) + ".zip",
                            std::move(got.bytes));
}

constexpr ServiceRoute<ArchiveService> kArchiveRoutes[] = {
    {"POST", "/api/v1/campaigns/{id}/archives", Build},
    {"GET", "/api/v1/campaigns/{id}/archives", List},
    {"GET", "/api/v1/archives/{id}", Get},
    {"GET", "/api/v1/archives/{id}/download", Download},
};

}  // namespace

void AddArchiveRoutes(Router& router, app::App& app) { AddServiceRoutes(router, app.archives(), kArchiveRoutes); }

}  // namespace shuzhi::http
