// Rectification measures: the campaign's list, a deputy's own, one measure,
// its changes, review, progress notes and evidence files.
#include <algorithm>
#include <cctype>

#include "app/app.h"
#include "app/measure/measure.h"
#include "http/api.h"
#include "http/measure_json.h"
#include "http/replies.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

using app::MeasureService;

base::Result<Response> ForCampaign(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "campaign.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto filter, MeasureFilterFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto list, svc.ForCampaign(ctx.actor(), id, filter));
  json::array items;
  for (const auto& v : list) items.push_back(MeasureJson(v));
  return JsonResponse(200, json::object{{"items", items}});
}

base::Result<Response> Mine(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto mine, svc.Mine(ctx.actor()));
  json::array items, targets;
  for (const auto& v : mine.items) items.push_back(MeasureJson(v));
  for (const auto& t : mine.targets) targets.push_back(MeasureTargetJson(t));
  return JsonResponse(200, json::object{{"items", items}, {"targets", targets}});
}

base::Result<Response> Create(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto poll, RequiredInt(body, "poll_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, RequiredInt(body, "deputy_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto in, MeasureInputFrom(body));
  SHUZHI_ASSIGN_OR_RETURN(auto d, svc.Create(ctx.actor(), poll, deputy, in));
  return JsonResponse(201, MeasureDetailJson(d));
}

base::Result<Response> Get(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "measure.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto d, svc.Get(ctx.actor(), id));
  return JsonResponse(200, MeasureDetailJson(d));
}

base::Result<Response> Change(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "measure.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto patch, MeasurePatchFrom(body));
  SHUZHI_ASSIGN_OR_RETURN(auto d, svc.Change(ctx.actor(), id, patch));
  return JsonResponse(200, MeasureDetailJson(d));
}

base::Result<Response> Done(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "measure.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto d, svc.MarkDone(ctx.actor(), id));
  return JsonResponse(200, MeasureDetailJson(d));
}

base::Result<Response> Review(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "measure.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto decision, RequiredString(body, "decision"));
  if (decision != "accept" && decision != "return") {
    return base::InvalidArgument("request.invalid", "decision: invalid", {{"decision", "invalid"}});
  }
  SHUZHI_ASSIGN_OR_RETURN(auto comment, StringOr(body, "comment", ""));
  SHUZHI_ASSIGN_OR_RETURN(auto d, svc.Review(ctx.actor(), id, decision == "accept", comment));
  return JsonResponse(200, MeasureDetailJson(d));
}

base::Result<Response> AddNote(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "measure.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto text, RequiredString(body, "text"));
  SHUZHI_ASSIGN_OR_RETURN(auto note, svc.AddNote(ctx.actor(), id, text));
  return JsonResponse(201, MeasureNoteJson(note));
}

base::Result<Response> Attach(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "measure.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto note, PathId(ctx.params, "note_id", "measure.note_not_found"));
  app::EvidenceUpload upload{ctx.request.Query("name"), MediaType(ctx.request.Header("content-type")),
                             ctx.request.body};
  SHUZHI_ASSIGN_OR_RETURN(auto file, svc.Attach(ctx.actor(), id, note, upload));
  return JsonResponse(201, EvidenceFileJson(file));
}

base::Result<Response> Download(MeasureService& svc, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "measure.not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto file_id, PathId(ctx.params, "file_id", "measure.file_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto got, svc.Download(ctx.actor(), id, file_id));
  const std::string ext = got.file.media_type == "application/pdf" ? ".pdf"
                          : got.file.media_type == "image/png"     ? ".png"
                                                                   : ".jpg";
  return AttachmentResponse(got.file.media_type, got.file.name, "evidence-" + std::to_string(file_id) + ext,
                            std::move(got.bytes));
}

constexpr ServiceRoute<MeasureService> kMeasureRoutes[] = {
    {"GET", "/api/v1/campaigns/{id}/measures", ForCampaign},
    {"GET", "/api/v1/me/measures", Mine},
    {"POST", "/api/v1/measures", Create},
    {"GET", "/api/v1/measures/{id}", Get},
    {"PATCH", "/api/v1/measures/{id}", Change},
    {"POST", "/api/v1/measures/{id}/done", Done},
    {"POST", "/api/v1/measures/{id}/review", Review},
    {"POST", "/api/v1/measures/{id}/notes", AddNote},
    {"POST", "/api/v1/measures/{id}/notes/{note_id}/files", Attach},
    {"GET", "/api/v1/measures/{id}/files/{file_id}", Download},
};

}  // namespace

void AddMeasureRoutes(Router& router, app::App& app) { AddServiceRoutes(router, app.measures(), kMeasureRoutes); }

}  // namespace shuzhi::http
