// The registry: congresses, terms, constituencies, groups, roster, deputies
// and mandates, evaluator pools, panel and rotation plan. Thin: parse,
// one app call, map to JSON.
#include "app/app.h"
#include "app/registry/registry.h"
#include "http/api.h"
#include "http/registry_json.h"
#include "http/route_table.h"

namespace shuzhi::http {
namespace {

template <typename T, typename F>
json::array Items(const std::vector<T>& v, F to_json) {
  json::array out;
  for (const auto& x : v) out.push_back(to_json(x));
  return out;
}

Response ItemsResponse(json::array items) { return JsonResponse(200, json::object{{"items", std::move(items)}}); }

base::Result<core::RosterDimension> DimensionFrom(const Request& r) {
  const std::string d = r.Query("dimension");
  if (d == "occupation" || d.empty()) return core::RosterDimension::kOccupation;
  if (d == "gender") return core::RosterDimension::kGender;
  if (d == "group") return core::RosterDimension::kGroup;
  if (d == "level") return core::RosterDimension::kLevel;
  if (d == "constituency") return core::RosterDimension::kConstituency;
  if (d == "status") return core::RosterDimension::kStatus;
  return base::InvalidArgument("request.invalid", "unknown dimension", {{"dimension", "invalid"}});
}

// Congresses, terms, constituencies.

base::Result<Response> ListCongresses(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto list, reg.ListCongresses(ctx.actor()));
  return ItemsResponse(Items(list, CongressJson));
}

base::Result<Response> CreateCongress(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, CongressFrom(body));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.CreateCongress(ctx.actor(), rec));
  return JsonResponse(201, CongressJson(out));
}

base::Result<Response> UpdateCongress(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_TRY(RequireFields(body, {"level", "name", "parent_id"}));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, CongressFrom(body));
  rec.id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.UpdateCongress(ctx.actor(), rec));
  return JsonResponse(200, CongressJson(out));
}

base::Result<Response> ListTerms(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, reg.ListTerms(ctx.actor(), id));
  return ItemsResponse(Items(list, TermJson));
}

base::Result<Response> CreateTerm(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, TermFrom(body));
  rec.congress_id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.CreateTerm(ctx.actor(), rec));
  return JsonResponse(201, TermJson(out));
}

base::Result<Response> UpdateTerm(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.term_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, TermFrom(body));
  rec.id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.UpdateTerm(ctx.actor(), rec));
  return JsonResponse(200, TermJson(out));
}

base::Result<Response> ListConstituencies(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, reg.ListConstituencies(ctx.actor(), id));
  return ItemsResponse(Items(list, ConstituencyJson));
}

base::Result<Response> CreateConstituency(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, ConstituencyFrom(body));
  rec.congress_id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.CreateConstituency(ctx.actor(), rec));
  return JsonResponse(201, ConstituencyJson(out));
}

base::Result<Response> UpdateConstituency(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.constituency_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_TRY(RequireFields(body, {"name", "kind", "villages"}));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, ConstituencyFrom(body));
  rec.id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.UpdateConstituency(ctx.actor(), rec));
  return JsonResponse(200, ConstituencyJson(out));
}

// Groups.

base::Result<Response> ListGroups(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto congress, QueryId(ctx.request, "congress_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, reg.ListGroups(ctx.actor(), congress));
  return ItemsResponse(Items(list, GroupJson));
}

base::Result<Response> CreateGroup(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, GroupFrom(body));
  rec.congress_id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.CreateGroup(ctx.actor(), rec));
  return JsonResponse(201, GroupJson({out, 0}));
}

base::Result<Response> GetGroup(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.GetGroup(ctx.actor(), id));
  return JsonResponse(200, GroupJson(out));
}

base::Result<Response> UpdateGroup(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_TRY(RequireFields(body, {"name", "leader_name", "constituency_id", "rotation_start_year", "rotation_years",
                                  "panel_min", "panel_max", "panel_targets"}));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, GroupFrom(body));
  rec.id = id;
  SHUZHI_TRY(reg.UpdateGroup(ctx.actor(), rec).status());
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.GetGroup(ctx.actor(), id));
  return JsonResponse(200, GroupJson(out));
}

// A group's members from other congresses (and its own), by the group's organizer.

base::Result<Response> ListGroupCandidates(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto rows, reg.ListGroupCandidates(ctx.actor(), id, ctx.request.Query("q")));
  return ItemsResponse(Items(rows, RosterRowJson));
}

base::Result<Response> AddGroupMember(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto mandate, RequiredInt(body, "mandate_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.AddGroupMember(ctx.actor(), id, mandate));
  return JsonResponse(200, MandateJson(out));
}

base::Result<Response> RemoveGroupMember(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto mandate, PathId(ctx.params, "mandate_id", "registry.mandate_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.RemoveGroupMember(ctx.actor(), id, mandate));
  return JsonResponse(200, MandateJson(out));
}

// Roster.

base::Result<Response> ListRoster(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto filter, RosterFilterFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto page, reg.ListRoster(ctx.actor(), filter));
  return JsonResponse(200, json::object{{"items", Items(page.items, RosterRowJson)}, {"total", page.total}});
}

base::Result<Response> CountRoster(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto filter, RosterFilterFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto dimension, DimensionFrom(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto counts, reg.CountRoster(ctx.actor(), filter, dimension));
  json::array items;
  for (const auto& [key, count] : counts) items.push_back(json::object{{"key", key}, {"count", count}});
  const std::string d = ctx.request.Query("dimension");
  return JsonResponse(200, json::object{{"dimension", d.empty() ? "occupation" : d}, {"items", items}});
}

// Deputies and mandates.

base::Result<Response> CreateDeputy(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  const auto* d = body.if_contains("deputy");
  const auto* m = body.if_contains("mandate");
  if (!d || !d->is_object())
    return base::InvalidArgument("request.invalid", "deputy required", {{"deputy", "required"}});
  if (!m || !m->is_object())
    return base::InvalidArgument("request.invalid", "mandate required", {{"mandate", "required"}});
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, DeputyFrom(d->as_object()));
  SHUZHI_ASSIGN_OR_RETURN(auto mandate, MandateFrom(m->as_object()));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.CreateDeputy(ctx.actor(), deputy, mandate));
  return JsonResponse(201, DeputyDetailJson(out));
}

base::Result<Response> GetDeputy(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.GetDeputy(ctx.actor(), id));
  return JsonResponse(200, DeputyDetailJson(out));
}

base::Result<Response> UpdateDeputy(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_TRY(
      RequireFields(body, {"name", "gender", "birth_date", "ethnicity", "occupation", "employer", "title", "phone"}));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, DeputyFrom(body));
  rec.id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.UpdateDeputy(ctx.actor(), rec));
  return JsonResponse(200, DeputyDetailJson(out));
}

base::Result<Response> CreateMandate(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.deputy_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, MandateFrom(body));
  rec.deputy_id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.CreateMandate(ctx.actor(), rec));
  return JsonResponse(201, MandateJson(out));
}

base::Result<Response> UpdateMandate(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.mandate_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_TRY(
      RequireFields(body, {"constituency_id", "group_id", "status", "status_date", "by_election", "elected_date"}));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, MandateFrom(body));
  rec.id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.UpdateMandate(ctx.actor(), rec));
  return JsonResponse(200, MandateJson(out));
}

// Evaluator pools.

base::Result<Response> ListCommitteeMembers(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, reg.ListCommitteeMembers(ctx.actor(), id));
  return ItemsResponse(Items(list, CommitteeMemberJson));
}

base::Result<Response> CreateCommitteeMember(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.congress_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, CommitteeMemberFrom(body));
  rec.congress_id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.CreateCommitteeMember(ctx.actor(), rec));
  return JsonResponse(201, CommitteeMemberJson(out));
}

base::Result<Response> UpdateCommitteeMember(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.member_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_TRY(RequireFields(body, {"name", "gender", "birth_year", "occupation", "position", "active"}));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, CommitteeMemberFrom(body));
  rec.id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.UpdateCommitteeMember(ctx.actor(), rec));
  return JsonResponse(200, CommitteeMemberJson(out));
}

base::Result<Response> ListVoterReps(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto list, reg.ListVoterReps(ctx.actor(), id));
  return ItemsResponse(Items(list, VoterRepJson));
}

base::Result<Response> CreateVoterRep(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, VoterRepFrom(body));
  rec.group_id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.CreateVoterRep(ctx.actor(), rec));
  return JsonResponse(201, VoterRepJson(out));
}

base::Result<Response> UpdateVoterRep(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.voter_rep_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_TRY(RequireFields(body, {"name", "gender", "birth_year", "occupation", "village", "phone", "active"}));
  SHUZHI_ASSIGN_OR_RETURN(auto rec, VoterRepFrom(body));
  rec.id = id;
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.UpdateVoterRep(ctx.actor(), rec));
  return JsonResponse(200, VoterRepJson(out));
}

base::Result<Response> GetPanel(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.GetPanel(ctx.actor(), id));
  return JsonResponse(200, PanelJson(out));
}

// Rotation.

base::Result<Response> GetRotation(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.GetRotation(ctx.actor(), id));
  return JsonResponse(200, RotationJson(out));
}

base::Result<Response> MoveInRotation(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, RequiredInt(body, "deputy_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto to, NullableInt(body, "to_year"));
  SHUZHI_ASSIGN_OR_RETURN(auto dry, BoolOr(body, "dry_run", false));
  std::optional<int> to_year;
  if (to) to_year = static_cast<int>(std::clamp<std::int64_t>(*to, -1, 100000));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.MoveInRotation(ctx.actor(), id, deputy, to_year, dry));
  json::array refusals, warnings;
  for (const auto& r : out.check.refusals) refusals.push_back(json::value(r));
  for (const auto& w : out.check.warnings) warnings.push_back(json::value(w));
  return JsonResponse(200, json::object{{"allowed", out.check.allowed},
                                        {"refusals", refusals},
                                        {"warnings", warnings},
                                        {"rotation", RotationJson(out.view)}});
}

base::Result<Response> SetReported(app::RegistryService& reg, RouteContext& ctx) {
  SHUZHI_ASSIGN_OR_RETURN(auto id, PathId(ctx.params, "id", "registry.group_not_found"));
  SHUZHI_ASSIGN_OR_RETURN(auto body, ParseObject(ctx.request));
  SHUZHI_ASSIGN_OR_RETURN(auto deputy, RequiredInt(body, "deputy_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto year, NullableInt(body, "year"));
  std::optional<int> y;
  if (year) y = static_cast<int>(std::clamp<std::int64_t>(*year, -1, 100000));
  SHUZHI_ASSIGN_OR_RETURN(auto out, reg.SetReported(ctx.actor(), id, deputy, y));
  return JsonResponse(200, RotationJson(out));
}

// The routes, in the order the router tries them.
constexpr ServiceRoute<app::RegistryService> kRegistryRoutes[] = {
    // Congresses, terms, constituencies.
    {"GET", "/api/v1/congresses", ListCongresses},
    {"POST", "/api/v1/congresses", CreateCongress},
    {"PUT", "/api/v1/congresses/{id}", UpdateCongress},
    {"GET", "/api/v1/congresses/{id}/terms", ListTerms},
    {"POST", "/api/v1/congresses/{id}/terms", CreateTerm},
    {"PUT", "/api/v1/terms/{id}", UpdateTerm},
    {"GET", "/api/v1/congresses/{id}/constituencies", ListConstituencies},
    {"POST", "/api/v1/congresses/{id}/constituencies", CreateConstituency},
    {"PUT", "/api/v1/constituencies/{id}", UpdateConstituency},
    // Groups.
    {"GET", "/api/v1/groups", ListGroups},
    {"POST", "/api/v1/congresses/{id}/groups", CreateGroup},
    {"GET", "/api/v1/groups/{id}", GetGroup},
    {"PUT", "/api/v1/groups/{id}", UpdateGroup},
    // A group's members from other congresses (and its own), by the group's organizer.
    {"GET", "/api/v1/groups/{id}/candidates", ListGroupCandidates},
    {"POST", "/api/v1/groups/{id}/members", AddGroupMember},
    {"DELETE", "/api/v1/groups/{id}/members/{mandate_id}", RemoveGroupMember},
    // Roster.
    {"GET", "/api/v1/roster", ListRoster},
    {"GET", "/api/v1/roster/stats", CountRoster},
    // Deputies and mandates.
    {"POST", "/api/v1/deputies", CreateDeputy},
    {"GET", "/api/v1/deputies/{id}", GetDeputy},
    {"PUT", "/api/v1/deputies/{id}", UpdateDeputy},
    {"POST", "/api/v1/deputies/{id}/mandates", CreateMandate},
    {"PUT", "/api/v1/mandates/{id}", UpdateMandate},
    // Evaluator pools.
    {"GET", "/api/v1/congresses/{id}/committee-members", ListCommitteeMembers},
    {"POST", "/api/v1/congresses/{id}/committee-members", CreateCommitteeMember},
    {"PUT", "/api/v1/committee-members/{id}", UpdateCommitteeMember},
    {"GET", "/api/v1/groups/{id}/voter-reps", ListVoterReps},
    {"POST", "/api/v1/groups/{id}/voter-reps", CreateVoterRep},
    {"PUT", "/api/v1/voter-reps/{id}", UpdateVoterRep},
    {"GET", "/api/v1/groups/{id}/panel", GetPanel},
    // Rotation.
    {"GET", "/api/v1/groups/{id}/rotation", GetRotation},
    {"POST", "/api/v1/groups/{id}/rotation/moves", MoveInRotation},
    {"PUT", "/api/v1/groups/{id}/rotation/reported", SetReported},
};

}  // namespace

void AddRegistryRoutes(Router& router, app::App& app) { AddServiceRoutes(router, app.registry(), kRegistryRoutes); }

}  // namespace shuzhi::http
