#include "core/assessment.h"

#include <algorithm>
#include <map>
#include <numeric>
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

// Every deputy's facts, in ascending id order, found by binary search (a
// province holds 100,000 of them: a map's node per deputy costs more than
// the search).
class FactsById {
 public:
  explicit FactsById(std::vector<DeputyFacts> facts) : facts_(std::move(facts)) {}
  DeputyFacts* Find(std::int64_t id) {
    auto it = std::lower_bound(facts_.begin(), facts_.end(), id,
                               [](const DeputyFacts& f, std::int64_t x) { return f.deputy_id < x; });
    return it == facts_.end() || it->deputy_id != id ? nullptr : &*it;
  }
  std::vector<DeputyFacts> Take() { return std::move(facts_); }

 private:
  std::vector<DeputyFacts> facts_;
};

void AddPoll(const PollRow& p, FactsById& by_id) {
  std::set<std::int64_t> usable;
  if (p.final) {
    for (const auto& r : UsableResultRows(p.result)) {
      auto* f = by_id.Find(r.deputy_id);
      if (!f) continue;
      usable.insert(r.deputy_id);
      GradeFact g{p.poll_id,           p.campaign_id, r.grade,
                  r.grade_rank,        r.approval,    Contains(p.released, r.deputy_id),
                  p.private_disclosure};
      if (!f->result || f->result->poll_id < g.poll_id) f->result = g;
      if (!f->best || Better(g, *f->best)) f->best = g;
    }
  }
  for (auto id : p.deputy_ids) {
    auto* f = by_id.Find(id);
    if (!f) continue;
    ++f->polls;
    if (!usable.count(id)) ++f->polls_withheld;
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
  // (deputy, group, row), sorted: each deputy once with their first row's
  // name, and their distinct groups in ascending order.
  std::vector<std::tuple<std::int64_t, std::int64_t, std::size_t>> order;
  order.reserve(rows.roster.size());
  for (std::size_t i = 0; i < rows.roster.size(); ++i) {
    const auto& r = rows.roster[i];
    order.emplace_back(r.deputy_id, r.group_id.value_or(0), i);
  }
  std::sort(order.begin(), order.end());
  std::vector<DeputyFacts> facts;
  std::size_t name_row = 0;  // the row the current deputy's name came from
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& [deputy, group, row] = order[i];
    const bool first = i == 0 || std::get<0>(order[i - 1]) != deputy;
    if (first) {
      facts.emplace_back();
      facts.back().deputy_id = deputy;
    }
    auto& f = facts.back();
    // The name of the deputy's first row (in storage order) that has one.
    const std::string& name = rows.roster[row].name;
    if (!name.empty() && (f.name.empty() || row < name_row)) {
      f.name = name;
      name_row = row;
    }
    const bool same_group = !first && std::get<1>(order[i - 1]) == group;
    if (rows.roster[row].group_id && !same_group) {
      f.group_ids.push_back(group);
      f.group_names.push_back(rows.roster[row].group_name);
    }
  }
  FactsById by_id(std::move(facts));
  for (const auto& l : rows.listed) {
    auto* f = by_id.Find(l.deputy_id);
    if (!f) continue;
    ++f->listed;
    if (l.submitted) ++f->reported;
    if (l.submitted && !l.late) ++f->reported_on_time;
  }
  for (const auto& o : rows.opinions) {
    auto* f = by_id.Find(o.deputy_id);
    if (!f) continue;
    if (OpinionReceived(o.status)) f->opinions += o.count;
    if (OpinionAnswered(o.status)) f->opinions_answered += o.count;
  }
  for (const auto& m : rows.measures) {
    auto* f = by_id.Find(m.deputy_id);
    if (!f) continue;
    ++f->measures;
    if (MeasureDone(m.state)) ++f->measures_done;
    if (MeasureOnTime(m)) ++f->measures_on_time;
  }
  for (const auto& p : rows.polls) AddPoll(p, by_id);
  return by_id.Take();
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
  // Sorted by index: a deputy's facts are large, and moved once, at the end.
  std::vector<std::size_t> order(facts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const DeputyFacts& a = facts[x];
    const DeputyFacts& b = facts[y];
    if (a.result.has_value() != b.result.has_value()) return a.result.has_value();
    if (a.result && b.result) {
      if (Better(*a.result, *b.result)) return true;
      if (Better(*b.result, *a.result)) return false;
    }
    return a.deputy_id < b.deputy_id;
  });
  std::vector<RankedDeputy> out;
  int rank = 0;
  std::optional<GradeFact> previous;  // what the previous deputy was ranked by
  for (std::size_t i = 0; i < order.size(); ++i) {
    DeputyFacts& f = facts[order[i]];
    std::optional<int> this_rank;
    if (f.result) {
      const bool tied = previous && !Better(*previous, *f.result);
      if (!tied) rank = static_cast<int>(i) + 1;
      this_rank = rank;
      previous = GradeFact{};
      previous->approval = f.result->approval;
      previous->grade_rank = f.result->grade_rank;
    } else {
      previous.reset();
    }
    const bool candidate = MeetsCriteria(f, c);
    if (filter.group_id && !Contains(f.group_ids, *filter.group_id)) continue;
    if (filter.candidates_only && !candidate) continue;
    out.push_back({std::move(f), this_rank, candidate});
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
