#include "http/import_json.h"

#include <algorithm>

namespace shuzhi::http {
namespace {

json::array ColumnsJson(const std::vector<app::ImportColumn>& columns) {
  json::array out;
  for (const auto& c : columns) {
    out.push_back(json::object{{"index", c.index},
                               {"header", c.header},
                               {"field", c.field.empty() ? json::value(nullptr) : json::value(c.field)}});
  }
  return out;
}

json::array ProblemsJson(const std::vector<app::ImportProblem>& problems) {
  json::array out;
  for (const auto& p : problems) {
    json::array accepted;
    for (const auto& a : p.accepted) accepted.push_back(json::value(a));
    out.push_back(json::object{{"row", p.row},
                               {"column", p.column},
                               {"field", p.field},
                               {"code", p.code},
                               {"value", p.value},
                               {"accepted", accepted},
                               {"duplicate_of", Nullable(p.duplicate_of)}});
  }
  return out;
}

json::object CandidateJson(const app::ImportCandidate& c) {
  json::array congresses;
  for (const auto& n : c.congresses) congresses.push_back(json::value(n));
  return {{"deputy_id", c.deputy_id}, {"name", c.name}, {"birth_date", c.birth_date}, {"congresses", congresses}};
}

json::array MatchesJson(const std::vector<app::ImportMatch>& matches) {
  json::array out;
  for (const auto& m : matches) {
    json::array candidates;
    for (const auto& c : m.candidates) candidates.push_back(CandidateJson(c));
    out.push_back(json::object{{"row", m.row},
                               {"name", m.name},
                               {"birth_date", m.birth_date},
                               {"candidates", candidates},
                               {"decision_required", m.decision_required},
                               {"decision", Nullable(m.decision)}});
  }
  return out;
}

}  // namespace

json::object ImportJobJson(const app::ImportJobView& v) {
  json::array fields;
  for (const auto& f : v.fields) fields.push_back(json::object{{"field", f.field}, {"required", f.required}});
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
          {"columns", ColumnsJson(v.columns)},
          {"fields", fields},
          {"problems", ProblemsJson(v.problems)},
          {"matches", MatchesJson(v.matches)},
          {"summary", json::object{{"valid_rows", v.valid_rows},
                                   {"problem_rows", v.problem_rows},
                                   {"new_persons", v.new_persons},
                                   {"linked_persons", v.linked_persons}}},
          {"applied", applied},
          {"error", error}};
}

base::Result<std::vector<std::pair<int, std::string>>> ImportMappingFrom(const json::object& o) {
  const auto* columns = o.if_contains("columns");
  if (!columns || !columns->is_array())
    return base::InvalidArgument("request.invalid", "columns", {{"columns", "required"}});
  std::vector<std::pair<int, std::string>> mapping;
  for (const auto& c : columns->as_array()) {
    if (!c.is_object()) return base::InvalidArgument("request.invalid", "columns", {{"columns", "must_be_objects"}});
    SHUZHI_ASSIGN_OR_RETURN(auto index, RequiredInt(c.as_object(), "index"));
    SHUZHI_ASSIGN_OR_RETURN(auto field, StringOr(c.as_object(), "field", ""));
    mapping.emplace_back(static_cast<int>(std::clamp<std::int64_t>(index, -1, 100000)), field);
  }
  return mapping;
}

base::Result<std::map<int, std::optional<std::int64_t>>> ImportDecisionsFrom(const json::object& o) {
  std::map<int, std::optional<std::int64_t>> decisions;
  const auto* d = o.if_contains("decisions");
  if (d == nullptr || d->is_null()) return decisions;
  // A value of another type was once read as "no decisions" and the import
  // applied without the ones the client meant to send.
  if (!d->is_array()) return base::InvalidArgument("request.invalid", "decisions", {{"decisions", "must_be_array"}});
  for (const auto& item : d->as_array()) {
    if (!item.is_object())
      return base::InvalidArgument("request.invalid", "decisions", {{"decisions", "must_be_objects"}});
    SHUZHI_ASSIGN_OR_RETURN(auto row, RequiredInt(item.as_object(), "row"));
    SHUZHI_ASSIGN_OR_RETURN(auto deputy, NullableInt(item.as_object(), "deputy_id"));
    decisions[static_cast<int>(std::clamp<std::int64_t>(row, -1, 10'000'000))] = deputy;
  }
  return decisions;
}

}  // namespace shuzhi::http
