#include "http/registry_json.h"

#include <cmath>

namespace shuzhi::http {
namespace {

json::value ParseOrEmpty(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(json::object()) : v;
}

double OneDecimal(double v) { return std::round(v * 10.0) / 10.0; }

base::Result<std::optional<int>> NullableYear(const json::object& o, const char* field) {
  SHUZHI_ASSIGN_OR_RETURN(auto v, NullableInt(o, field));
  if (!v) return std::optional<int>();
  return std::optional<int>(static_cast<int>(*v));
}

base::Result<std::optional<std::string>> NullableDate(const json::object& o, const char* field) {
  SHUZHI_ASSIGN_OR_RETURN(auto v, OptionalString(o, field));
  if (v && v->empty()) return std::optional<std::string>();
  return v;
}

}  // namespace

json::object CongressJson(const core::Congress& r) {
  return {{"id", r.id}, {"level", r.level}, {"name", r.name}, {"parent_id", Nullable(r.parent_id)}};
}

json::object TermJson(const core::Term& r) {
  return {{"id", r.id},
          {"congress_id", r.congress_id},
          {"number", r.number},
          {"start_date", r.start_date},
          {"end_date", r.end_date}};
}

json::object ConstituencyJson(const core::Constituency& r) {
  json::array villages;
  for (const auto& v : r.villages) villages.push_back(json::value(v));
  return {{"id", r.id}, {"congress_id", r.congress_id}, {"name", r.name}, {"kind", r.kind}, {"villages", villages}};
}

json::object GroupJson(const app::GroupView& v) {
  const auto& g = v.group;
  return {{"id", g.id},
          {"congress_id", g.congress_id},
          {"name", g.name},
          {"leader_name", g.leader_name},
          {"constituency_id", Nullable(g.constituency_id)},
          {"rotation_start_year", g.rotation_start_year},
          {"rotation_years", g.rotation_years},
          {"panel_min", g.panel_min},
          {"panel_max", g.panel_max},
          {"panel_targets", ParseOrEmpty(g.panel_targets)},
          {"member_count", v.member_count}};
}

json::object DeputyJson(const core::Deputy& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"gender", r.gender},
          {"birth_date", r.birth_date},
          {"ethnicity", r.ethnicity},
          {"occupation", r.occupation},
          {"employer", r.employer},
          {"title", r.title},
          {"phone", r.phone}};
}

json::object MandateJson(const core::Mandate& r) {
  return {{"id", r.id},
          {"deputy_id", r.deputy_id},
          {"term_id", r.term_id},
          {"constituency_id", Nullable(r.constituency_id)},
          {"group_id", Nullable(r.group_id)},
          {"status", r.status},
          {"status_date", Nullable(r.status_date)},
          {"by_election", r.by_election},
          {"elected_date", Nullable(r.elected_date)}};
}

json::object DeputyDetailJson(const app::DeputyView& v) {
  json::array mandates;
  for (const auto& m : v.mandates) mandates.push_back(MandateJson(m));
  return {{"deputy", DeputyJson(v.deputy)}, {"mandates", mandates}};
}

json::object RosterRowJson(const core::RosterRow& r) {
  return {{"mandate", MandateJson(r.mandate)},
          {"deputy", DeputyJson(r.deputy)},
          {"congress", json::object{{"id", r.congress_id}, {"name", r.congress_name}, {"level", r.congress_level}}},
          {"term_number", r.term_number},
          {"group_name", r.group_name},
          {"constituency_name", r.constituency_name}};
}

json::object CommitteeMemberJson(const core::CommitteeMember& r) {
  return {{"id", r.id},
          {"congress_id", r.congress_id},
          {"name", r.name},
          {"gender", r.gender},
          {"birth_year", Nullable(r.birth_year)},
          {"occupation", r.occupation},
          {"position", r.position},
          {"active", r.active}};
}

json::object VoterRepJson(const core::VoterRep& r) {
  return {{"id", r.id},
          {"group_id", r.group_id},
          {"name", r.name},
          {"gender", r.gender},
          {"birth_year", Nullable(r.birth_year)},
          {"occupation", r.occupation},
          {"village", r.village},
          {"phone", r.phone},
          {"active", r.active}};
}

json::object PanelJson(const app::PanelView& v) {
  json::array covered, missing, dims, flags;
  for (const auto& s : v.report.villages_covered) covered.push_back(json::value(s));
  for (const auto& s : v.report.villages_missing) missing.push_back(json::value(s));
  for (const auto& f : v.report.flags) flags.push_back(json::value(f));
  for (const auto& d : v.report.dimensions) {
    json::array items;
    for (const auto& i : d.items) {
      items.push_back(json::object{{"key", i.key},
                                   {"count", i.count},
                                   {"percent", OneDecimal(i.percent)},
                                   {"target", Nullable(i.target)},
                                   {"ok", i.ok}});
    }
    dims.push_back(json::object{{"dimension", d.dimension}, {"items", items}});
  }
  return {{"group_id", v.group.id},
          {"size", v.report.size},
          {"min_size", v.targets.min_size},
          {"max_size", v.targets.max_size},
          {"size_ok", v.report.size_ok},
          {"tolerance", v.targets.tolerance},
          {"villages", json::object{{"covered", covered}, {"missing", missing}}},
          {"dimensions", dims},
          {"flags", flags}};
}

json::object RotationJson(const app::RotationView& v) {
  json::array years, persons, problems;
  for (const auto& y : v.plan.years) {
    years.push_back(json::object{{"year", y.year},
                                 {"reported", y.reported},
                                 {"planned", y.planned},
                                 {"share", y.share},
                                 {"over_share", y.over_share},
                                 {"under_share", y.under_share}});
  }
  for (const auto& p : v.persons) {
    const char* state = "planned";
    switch (p.slot.state) {
      case core::RotationState::kReported:
        state = "reported";
        break;
      case core::RotationState::kPlanned:
        state = "planned";
        break;
      case core::RotationState::kLeft:
        state = "left";
        break;
      case core::RotationState::kUnplaceable:
        state = "unplaceable";
        break;
    }
    json::array levels;
    for (const auto& l : p.levels) levels.push_back(json::value(l));
    persons.push_back(json::object{{"deputy_id", p.slot.deputy_id},
                                   {"name", p.name},
                                   {"occupation", p.occupation},
                                   {"levels", levels},
                                   {"state", state},
                                   {"year", Nullable(p.slot.year)},
                                   {"pinned", p.slot.pinned},
                                   {"join_year", p.person.join_year},
                                   {"left_year", Nullable(p.person.left_year)},
                                   {"reported_year", Nullable(p.person.reported_year)}});
  }
  for (const auto& s : v.plan.problems) problems.push_back(json::value(s));
  return {{"group_id", v.group.id},  {"start_year", v.window.start_year},
          {"years", v.window.years}, {"current_year", v.window.current_year},
          {"years_summary", years},  {"persons", persons},
          {"problems", problems}};
}

base::Result<core::Congress> CongressFrom(const json::object& o) {
  core::Congress r;
  SHUZHI_ASSIGN_OR_RETURN(r.level, RequiredString(o, "level"));
  SHUZHI_ASSIGN_OR_RETURN(r.name, RequiredString(o, "name"));
  SHUZHI_ASSIGN_OR_RETURN(r.parent_id, NullableInt(o, "parent_id"));
  return r;
}

base::Result<core::Term> TermFrom(const json::object& o) {
  core::Term r;
  SHUZHI_ASSIGN_OR_RETURN(auto number, RequiredInt(o, "number"));
  r.number = static_cast<int>(std::clamp<std::int64_t>(number, -1, 1000));
  SHUZHI_ASSIGN_OR_RETURN(r.start_date, RequiredString(o, "start_date"));
  SHUZHI_ASSIGN_OR_RETURN(r.end_date, RequiredString(o, "end_date"));
  return r;
}

base::Result<core::Constituency> ConstituencyFrom(const json::object& o) {
  core::Constituency r;
  SHUZHI_ASSIGN_OR_RETURN(r.name, RequiredString(o, "name"));
  SHUZHI_ASSIGN_OR_RETURN(r.kind, StringOr(o, "kind", "constituency"));
  SHUZHI_ASSIGN_OR_RETURN(r.villages, StringArray(o, "villages"));
  return r;
}

base::Result<core::DeputyGroup> GroupFrom(const json::object& o) {
  core::DeputyGroup r;
  SHUZHI_ASSIGN_OR_RETURN(r.name, RequiredString(o, "name"));
  SHUZHI_ASSIGN_OR_RETURN(r.leader_name, StringOr(o, "leader_name", ""));
  SHUZHI_ASSIGN_OR_RETURN(r.constituency_id, NullableInt(o, "constituency_id"));
  SHUZHI_ASSIGN_OR_RETURN(auto start, NullableInt(o, "rotation_start_year"));
  r.rotation_start_year = static_cast<int>(std::clamp<std::int64_t>(start.value_or(0), -1, 100000));
  SHUZHI_ASSIGN_OR_RETURN(auto years, NullableInt(o, "rotation_years"));
  r.rotation_years = static_cast<int>(std::clamp<std::int64_t>(years.value_or(3), -1, 1000));
  SHUZHI_ASSIGN_OR_RETURN(auto min, NullableInt(o, "panel_min"));
  SHUZHI_ASSIGN_OR_RETURN(auto max, NullableInt(o, "panel_max"));
  r.panel_min = static_cast<int>(std::clamp<std::int64_t>(min.value_or(25), -1, 100000));
  r.panel_max = static_cast<int>(std::clamp<std::int64_t>(max.value_or(35), -1, 100000));
  SHUZHI_ASSIGN_OR_RETURN(r.panel_targets, ObjectText(o, "panel_targets", "{}"));
  return r;
}

base::Result<core::Deputy> DeputyFrom(const json::object& o) {
  core::Deputy r;
  SHUZHI_ASSIGN_OR_RETURN(r.name, RequiredString(o, "name"));
  SHUZHI_ASSIGN_OR_RETURN(r.gender, RequiredString(o, "gender"));
  SHUZHI_ASSIGN_OR_RETURN(r.birth_date, RequiredString(o, "birth_date"));
  SHUZHI_ASSIGN_OR_RETURN(r.ethnicity, StringOr(o, "ethnicity", ""));
  SHUZHI_ASSIGN_OR_RETURN(r.occupation, RequiredString(o, "occupation"));
  SHUZHI_ASSIGN_OR_RETURN(r.employer, StringOr(o, "employer", ""));
  SHUZHI_ASSIGN_OR_RETURN(r.title, StringOr(o, "title", ""));
  SHUZHI_ASSIGN_OR_RETURN(r.phone, StringOr(o, "phone", ""));
  return r;
}

base::Result<core::Mandate> MandateFrom(const json::object& o) {
  core::Mandate r;
  SHUZHI_ASSIGN_OR_RETURN(auto term, NullableInt(o, "term_id"));
  r.term_id = term.value_or(0);
  SHUZHI_ASSIGN_OR_RETURN(r.constituency_id, NullableInt(o, "constituency_id"));
  SHUZHI_ASSIGN_OR_RETURN(r.group_id, NullableInt(o, "group_id"));
  SHUZHI_ASSIGN_OR_RETURN(r.status, StringOr(o, "status", "active"));
  SHUZHI_ASSIGN_OR_RETURN(r.status_date, NullableDate(o, "status_date"));
  SHUZHI_ASSIGN_OR_RETURN(r.by_election, BoolOr(o, "by_election", false));
  SHUZHI_ASSIGN_OR_RETURN(r.elected_date, NullableDate(o, "elected_date"));
  return r;
}

base::Result<core::CommitteeMember> CommitteeMemberFrom(const json::object& o) {
  core::CommitteeMember r;
  SHUZHI_ASSIGN_OR_RETURN(r.name, RequiredString(o, "name"));
  SHUZHI_ASSIGN_OR_RETURN(r.gender, RequiredString(o, "gender"));
  SHUZHI_ASSIGN_OR_RETURN(r.birth_year, NullableYear(o, "birth_year"));
  SHUZHI_ASSIGN_OR_RETURN(r.occupation, RequiredString(o, "occupation"));
  SHUZHI_ASSIGN_OR_RETURN(r.position, StringOr(o, "position", ""));
  SHUZHI_ASSIGN_OR_RETURN(r.active, BoolOr(o, "active", true));
  return r;
}

base::Result<core::VoterRep> VoterRepFrom(const json::object& o) {
  core::VoterRep r;
  SHUZHI_ASSIGN_OR_RETURN(r.name, RequiredString(o, "name"));
  SHUZHI_ASSIGN_OR_RETURN(r.gender, RequiredString(o, "gender"));
  SHUZHI_ASSIGN_OR_RETURN(r.birth_year, NullableYear(o, "birth_year"));
  SHUZHI_ASSIGN_OR_RETURN(r.occupation, RequiredString(o, "occupation"));
  SHUZHI_ASSIGN_OR_RETURN(r.village, StringOr(o, "village", ""));
  SHUZHI_ASSIGN_OR_RETURN(r.phone, StringOr(o, "phone", ""));
  SHUZHI_ASSIGN_OR_RETURN(r.active, BoolOr(o, "active", true));
  return r;
}

base::Result<core::RosterFilter> RosterFilterFrom(const Request& request) {
  core::RosterFilter f;
  SHUZHI_ASSIGN_OR_RETURN(f.congress_id, QueryId(request, "congress_id"));
  SHUZHI_ASSIGN_OR_RETURN(f.term_id, QueryId(request, "term_id"));
  SHUZHI_ASSIGN_OR_RETURN(f.group_id, QueryId(request, "group_id"));
  SHUZHI_ASSIGN_OR_RETURN(f.constituency_id, QueryId(request, "constituency_id"));
  if (auto v = request.Query("occupation"); !v.empty()) f.occupation = v;
  if (auto v = request.Query("status"); !v.empty()) f.status = v;
  f.q = request.Query("q");
  SHUZHI_ASSIGN_OR_RETURN(auto page, PageParam(request, "page", 1, 1'000'000));
  SHUZHI_ASSIGN_OR_RETURN(f.limit, PageParam(request, "page_size", 20, 500));
  f.offset = (page - 1) * f.limit;
  return f;
}

}  // namespace shuzhi::http
