#include "core/assessment.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/result_record.h"

namespace shuzhi::core {

namespace {

bool Contains(const std::vector<std::int64_t>& v, std::int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// True if `a` is a better result than `b`: higher approval, then better grade.
bool Better(const GradeFact& a, const GradeFact& b) {
  const int c = CompareApproval(a.approval, b.approval);
  if (c != 0) return c > 0;
  return a.grade_rank < b.grade_rank;
}

bool MeasureDone(const std::string& state) { return state == "done" || state == "accepted"; }
bool MeasureOnTime(const MeasureRow& m) {
  return m.state == "accepted" && m.done_at && base::FormatCst(*m.done_at).substr(0, 10) <= m.due_on;
}
bool OpinionReceived(const std::string& status) { return status != "pending" && status != "rejected"; }
bool OpinionAnswered(const std::string& status) { return status == "answered" || status == "addressed"; }

void AddPoll(const PollRow& p, std::map<std::int64_t, DeputyFacts>& by_id) {
  std::set<std::int64_t> usable;
  if (p.final) {
    for (const auto& r : UsableResultRows(p.result)) {
      auto it = by_id.find(r.deputy_id);
      if (it == by_id.end()) continue;
      usable.insert(r.deputy_id);
      GradeFact g{p.poll_id,           p.campaign_id, r.grade,
                  r.grade_rank,        r.approval,    Contains(p.released, r.deputy_id),
                  p.private_disclosure};
      auto& f = it->second;
      if (!f.result || f.result->poll_id < g.poll_id) f.result = g;
      if (!f.best || Better(g, *f.best)) f.best = g;
    }
  }
  for (auto id : p.deputy_ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) continue;
    ++it->second.polls;
    if (!usable.count(id)) ++it->second.polls_withheld;
  }
}

}  // namespace

int CompareApproval(const Fraction& a, const Fraction& b) {
  // An empty base (den 0) is below every rate.
  if (a.den == 0 || b.den == 0) return (a.den != 0) - (b.den != 0);
  const auto l = static_cast<__int128>(a.num) * b.den, r = static_cast<__int128>(b.num) * a.den;
  return (l > r) - (l < r);
}

std::vector<ResultRow> UsableResultRows(std::string_view signed_record) {
  std::vector<ResultRow> out;
  const auto record = ReadResultRecord(signed_record);
  if (!record || record->void_poll) return out;
  for (const auto& d : record->deputies) {
    if (d.withheld) continue;
    const auto pos = std::find_if(record->scale.begin(), record->scale.end(),
                                  [&](const ScaleOption& o) { return o.code == d.grade; });
    if (pos == record->scale.end()) continue;
    out.push_back({d.deputy_id, d.grade, static_cast<int>(pos - record->scale.begin()), d.approval});
  }
  return out;
}

std::vector<DeputyFacts> AssessmentFacts(const AssessmentRows& rows) {
  std::map<std::int64_t, DeputyFacts> by_id;
  // (deputy, group, row): each deputy's groups, sorted once instead of a map per deputy.
  std::vector<std::tuple<std::int64_t, std::int64_t, std::size_t>> groups;
  groups.reserve(rows.roster.size());
  auto hint = by_id.end();
  for (std::size_t i = 0; i < rows.roster.size(); ++i) {
    const auto& r = rows.roster[i];
    hint = by_id.try_emplace(hint, r.deputy_id);
    auto& f = hint->second;
    f.deputy_id = r.deputy_id;
    if (f.name.empty()) f.name = r.name;
    if (r.group_id) groups.emplace_back(r.deputy_id, *r.group_id, i);
  }
  std::sort(groups.begin(), groups.end());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& [deputy, group, row] = groups[i];
    if (i > 0 && std::get<0>(groups[i - 1]) == deputy && std::get<1>(groups[i - 1]) == group) continue;
    auto& f = by_id[deputy];
    f.group_ids.push_back(group);
    f.group_names.push_back(rows.roster[row].group_name);
  }
  for (const auto& l : rows.listed) {
    auto it = by_id.find(l.deputy_id);
    if (it == by_id.end()) continue;
    ++it->second.listed;
    if (l.submitted) ++it->second.reported;
    if (l.submitted && !l.late) ++it->second.reported_on_time;
  }
  for (const auto& o : rows.opinions) {
    auto it = by_id.find(o.deputy_id);
    if (it == by_id.end()) continue;
    if (OpinionReceived(o.status)) it->second.opinions += o.count;
    if (OpinionAnswered(o.status)) it->second.opinions_answered += o.count;
  }
  for (const auto& m : rows.measures) {
    auto it = by_id.find(m.deputy_id);
    if (it == by_id.end()) continue;
    ++it->second.measures;
    if (MeasureDone(m.state)) ++it->second.measures_done;
    if (MeasureOnTime(m)) ++it->second.measures_on_time;
  }
  for (const auto& p : rows.polls) AddPoll(p, by_id);
  std::vector<DeputyFacts> out;
  out.reserve(by_id.size());
  for (auto& [id, f] : by_id) out.push_back(std::move(f));
  return out;
}

base::Status ValidateCriteria(const AssessmentCriteria& c, const std::set<std::string>& known) {
  if (c.min_approval_tenths && (*c.min_approval_tenths < 0 || *c.min_approval_tenths > 1000)) {
    return base::InvalidArgument("assessment.bad_threshold", "the minimum approval rate must be within 0–100 %");
  }
  for (const auto& g : c.grades) {
    if (!known.count(g)) return base::InvalidArgument("assessment.unknown_grade", "no scale has the grade " + g);
  }
  return base::Ok();
}

bool MeetsCriteria(const DeputyFacts& f, const AssessmentCriteria& c) {
  if (!f.result) return false;
  if (!c.grades.empty() && !c.grades.count(f.result->grade)) return false;
  if (c.min_approval_tenths) {
    // approval ≥ t/1000, exactly.
    if (CompareApproval(f.result->approval, Fraction{*c.min_approval_tenths, 1000}) < 0) return false;
  }
  if (c.all_measures_done && f.measures_done != f.measures) return false;
  if (c.on_time && !f.on_time()) return false;
  return true;
}

std::vector<RankedDeputy> RankAssessment(std::vector<DeputyFacts> facts, const AssessmentCriteria& c,
                                         const AssessmentFilter& filter) {
  std::sort(facts.begin(), facts.end(), [](const DeputyFacts& a, const DeputyFacts& b) {
    if (a.result.has_value() != b.result.has_value()) return a.result.has_value();
    if (a.result && b.result) {
      if (Better(*a.result, *b.result)) return true;
      if (Better(*b.result, *a.result)) return false;
    }
    return a.deputy_id < b.deputy_id;
  });
  std::vector<RankedDeputy> out;
  int rank = 0;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    RankedDeputy r;
    r.candidate = MeetsCriteria(facts[i], c);
    if (facts[i].result) {
      const bool tied = i > 0 && facts[i - 1].result && !Better(*facts[i - 1].result, *facts[i].result);
      if (!tied) rank = static_cast<int>(i) + 1;
      r.rank = rank;
    }
    r.facts = std::move(facts[i]);
    if (filter.group_id && !Contains(r.facts.group_ids, *filter.group_id)) continue;
    if (filter.candidates_only && !r.candidate) continue;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<RecordEntry> RecordFor(std::int64_t deputy_id, const AssessmentRows& rows, bool own_view) {
  std::map<std::int64_t, RecordEntry> by_campaign;
  for (const auto& l : rows.listed) {
    if (l.deputy_id != deputy_id) continue;
    auto& e = by_campaign[l.campaign_id];
    e.listed = true;
    e.reported = l.submitted;
    e.on_time = l.submitted && !l.late;
  }
  for (const auto& o : rows.opinions) {
    if (o.deputy_id != deputy_id) continue;
    auto& e = by_campaign[o.campaign_id];
    if (OpinionReceived(o.status)) e.opinions += o.count;
    if (OpinionAnswered(o.status)) e.opinions_answered += o.count;
  }
  for (const auto& m : rows.measures) {
    if (m.deputy_id != deputy_id) continue;
    auto& e = by_campaign[m.campaign_id];
    ++e.measures;
    if (MeasureDone(m.state)) ++e.measures_done;
  }
  for (const auto& p : rows.polls) {
    if (!p.final || !Contains(p.deputy_ids, deputy_id)) continue;
    for (const auto& r : UsableResultRows(p.result)) {
      if (r.deputy_id != deputy_id) continue;
      auto& e = by_campaign[p.campaign_id];
      const bool released = Contains(p.released, deputy_id);
      if (own_view && p.private_disclosure && !released) {
        e.result_hidden = true;
        continue;
      }
      if (!e.result || e.result->poll_id < p.poll_id)
        e.result =
            GradeFact{p.poll_id, p.campaign_id, r.grade, r.grade_rank, r.approval, released, p.private_disclosure};
    }
  }
  std::vector<RecordEntry> out;
  for (const auto& c : rows.campaigns) {
    auto it = by_campaign.find(c.id);
    if (it == by_campaign.end()) continue;
    it->second.year = c.year;
    it->second.campaign_id = c.id;
    it->second.campaign_title = c.title;
    out.push_back(std::move(it->second));
  }
  std::sort(out.begin(), out.end(), [](const RecordEntry& a, const RecordEntry& b) {
    return std::tie(b.year, a.campaign_id) < std::tie(a.year, b.campaign_id);
  });
  return out;
}

}  // namespace shuzhi::core
