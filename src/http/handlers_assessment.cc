// The annual assessment of a congress (JSON, XLSX, PDF) and a deputy's duty
// record.
#include "app/app.h"
#include "app/assessment/assessment.h"
#include "http/api.h"
#include "http/assessment_json.h"
#include "http/replies.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

app::AssessmentService Service(app::App& app) { return app::AssessmentService(app.store(), app.clock()); }

base::Result<Response> Assess(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto q, AssessmentQueryFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto v, Service(app).Assess(ctx.actor(), id, q));
  return JsonResponse(200, AssessmentJson(v, q));
}

base::Result<Response> AssessXlsx(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto q, AssessmentQueryFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto f, Service(app).Xlsx(ctx.actor(), id, q, DocumentLang(ctx)));
  return AttachmentResponse(f.content_type, f.file_name, "assessment-" + std::to_string(q.year) + ".xlsx",
                            std::move(f.bytes));
}

base::Result<Response> AssessPdf(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto q, AssessmentQueryFrom(ctx.request));
  return PdfResponse(Service(app).Pdf(ctx.actor(), id, q, DocumentLang(ctx)),
                     "assessment-" + std::to_string(q.year) + ".pdf");
}

base::Result<Response> DutyRecord(app::App& app, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto v, Service(app).Record(ctx.actor(), id));
  return JsonResponse(200, DutyRecordJson(v));
}

constexpr ServiceRoute<app::App> kAssessmentRoutes[] = {
    {"GET", "/api/v1/congresses/{id}/assessment", Assess},
    {"GET", "/api/v1/congresses/{id}/assessment.xlsx", AssessXlsx},
    {"GET", "/api/v1/congresses/{id}/assessment.pdf", AssessPdf},
    {"GET", "/api/v1/deputies/{id}/record", DutyRecord},
};

}  // namespace

void AddAssessmentRoutes(Router& router, app::App& app) { AddServiceRoutes(router, app, kAssessmentRoutes); }

}  // namespace shuzhi::http
