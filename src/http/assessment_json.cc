#include "http/assessment_json.h"

#include <charconv>

#include "http/json_io.h"

namespace shuzhi::http {

namespace {

base::Result<bool> Flag(const Request& r, const char* name) {
  const std::string v = r.Query(name);
  if (v.empty() || v == "false") return false;
  if (v == "true") return true;
  return base::InvalidArgument("request.invalid", std::string(name) + " is true or false", {{name, "invalid"}});
}

// "87.5" → 875; nullopt for anything but digits with one optional decimal.
std::optional<int> Tenths(const std::string& s) {
  const auto dot = s.find('.');
  const std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 6 || frac.size() > 1 || (dot != std::string::npos && frac.empty())) {
    return std::nullopt;
  }
  for (char c : whole + frac)
    if (c < '0' || c > '9') return std::nullopt;
  return std::stoi(whole) * 10 + (frac.empty() ? 0 : frac[0] - '0');
}

json::value ResultJson(const std::optional<core::GradeFact>& g) {
  if (!g) return nullptr;
  const auto t = g->approval.PercentTenths();
  return json::object{{"poll_id", g->poll_id},
                      {"campaign_id", g->campaign_id},
                      {"grade", g->grade},
                      {"grade_rank", g->grade_rank},
                      {"approval", json::object{{"num", g->approval.num}, {"den", g->approval.den}}},
                      {"approval_percent", t < 0 ? json::value(nullptr) : json::value(static_cast<double>(t) / 10)},
                      {"private", g->private_result},
                      {"released", g->released}};
}

json::object RowJson(const core::RankedDeputy& r) {
  const auto& f = r.facts;
  json::array groups;
  for (std::size_t i = 0; i < f.group_ids.size(); ++i)
    groups.push_back(json::object{{"id", f.group_ids[i]}, {"name", f.group_names[i]}});
  return json::object{{"rank", r.rank ? json::value(*r.rank) : json::value(nullptr)},
                      {"deputy_id", f.deputy_id},
                      {"name", f.name},
                      {"groups", std::move(groups)},
                      {"listed", f.listed},
                      {"reported", f.reported},
                      {"reported_all", f.reported_all()},
                      {"on_time", f.on_time()},
                      {"polls", f.polls},
                      {"polls_withheld", f.polls_withheld},
                      {"result", ResultJson(f.result)},
                      {"best", ResultJson(f.best)},
                      {"opinions", f.opinions},
                      {"opinions_answered", f.opinions_answered},
                      {"measures", f.measures},
                      {"measures_done", f.measures_done},
                      {"measures_on_time", f.measures_on_time},
                      {"candidate", r.candidate}};
}

}  // namespace

base::Result<app::AssessmentQuery> AssessmentQueryFrom(const Request& request) {
  app::AssessmentQuery q;
  int year = 0;
  const std::string y = request.Query("year");
  const auto [p, ec] = std::from_chars(y.data(), y.data() + y.size(), year);
  if (y.empty() || ec != std::errc() || p != y.data() + y.size()) {
    return base::InvalidArgument("assessment.bad_year", "year must be a number within 2000–2100");
  }
  q.year = year;
  std::string grades = request.Query("grade");
  for (std::size_t start = 0; start < grades.size();) {
    const auto comma = std::min(grades.find(',', start), grades.size());
    if (comma > start) q.criteria.grades.insert(grades.substr(start, comma - start));
    start = comma + 1;
  }
  if (const std::string m = request.Query("min_approval"); !m.empty()) {
    const auto t = Tenths(m.front() == '-' ? std::string("x") : m);
    if (!t) return base::InvalidArgument("assessment.bad_threshold", "min_approval must be a percent within 0–100");
    q.criteria.min_approval_tenths = *t;
  }
  SHUZHI_ASSIGN_OR_RETURN(q.criteria.all_measures_done, Flag(request, "all_measures_done"));
  SHUZHI_ASSIGN_OR_RETURN(q.criteria.on_time, Flag(request, "on_time"));
  SHUZHI_ASSIGN_OR_RETURN(q.filter.candidates_only, Flag(request, "candidates_only"));
  SHUZHI_ASSIGN_OR_RETURN(q.filter.group_id, QueryId(request, "group"));
  return q;
}

json::object AssessmentJson(const app::AssessmentView& v, const app::AssessmentQuery& q) {
  json::array campaigns, grades, groups, rows, wanted;
  for (const auto& c : v.campaigns) {
    json::array scale;
    for (std::size_t i = 0; i < c.scale.size(); ++i)
      scale.push_back(
          json::object{{"code", c.scale[i]}, {"label", i < c.scale_labels.size() ? c.scale_labels[i] : ""}});
    campaigns.push_back(json::object{{"id", c.id}, {"title", c.title}, {"scale", std::move(scale)}});
  }
  for (const auto& g : v.grades) grades.push_back(json::value(g));
  for (const auto& g : v.groups) groups.push_back(json::object{{"id", g.id}, {"name", g.name}});
  for (const auto& r : v.rows) rows.push_back(RowJson(r));
  for (const auto& g : q.criteria.grades) wanted.push_back(json::value(g));
  const auto& mt = q.criteria.min_approval_tenths;
  json::object criteria{{"grades", std::move(wanted)},
                        {"min_approval", mt ? json::value(static_cast<double>(*mt) / 10) : json::value(nullptr)},
                        {"all_measures_done", q.criteria.all_measures_done},
                        {"on_time", q.criteria.on_time}};
  return json::object{{"congress_id", v.congress_id},
                      {"congress_name", v.congress_name},
                      {"year", v.year},
                      {"campaigns", std::move(campaigns)},
                      {"grades", std::move(grades)},
                      {"groups", std::move(groups)},
                      {"criteria", std::move(criteria)},
                      {"deputies", v.deputies},
                      {"candidates", v.candidates},
                      {"rows", std::move(rows)}};
}

json::object DutyRecordJson(const app::DutyRecordView& v) {
  json::array entries;
  for (const auto& e : v.entries) {
    entries.push_back(json::object{{"year", e.year},
                                   {"campaign_id", e.campaign_id},
                                   {"campaign_title", e.campaign_title},
                                   {"listed", e.listed},
                                   {"reported", e.reported},
                                   {"on_time", e.on_time},
                                   {"result", ResultJson(e.result)},
                                   {"result_hidden", e.result_hidden},
                                   {"opinions", e.opinions},
                                   {"opinions_answered", e.opinions_answered},
                                   {"measures", e.measures},
                                   {"measures_done", e.measures_done}});
  }
  return json::object{{"deputy_id", v.deputy_id}, {"name", v.name}, {"own", v.own}, {"entries", std::move(entries)}};
}

}  // namespace shuzhi::http
