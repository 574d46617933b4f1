#include "core/result_record.h"

#include "base/json.h"

namespace shuzhi::core {
namespace {

namespace json = base::json;

std::int64_t Int(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

std::string Str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool Bool(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

// The approval as signed: {"num": n, "den": d}; den 0 when there is none.
Fraction Approval(const json::object& row) {
  const auto* a = row.if_contains("approval");
  if (!a || !a->is_object()) return {0, 0};
  Fraction f{Int(a->as_object(), "num"), Int(a->as_object(), "den")};
  return f.den > 0 ? f : Fraction{0, 0};
}

RecordDeputy ReadDeputy(const json::object& row) {
  RecordDeputy d;
  d.deputy_id = Int(row, "deputy_id");
  d.name = Str(row, "name");
  d.withheld = Bool(row, "withheld");
  if (d.withheld) return d;
  if (const auto* vs = row.if_contains("votes"); vs && vs->is_array()) {
    for (const auto& v : vs->as_array()) d.votes.push_back(v.is_int64() ? v.as_int64() : 0);
  }
  d.valid = Int(row, "valid");
  d.invalid = Int(row, "invalid");
  d.abstentions = Int(row, "abstentions");
  d.approval = Approval(row);
  // The same rounding as wrote approval_percent.
  d.approval_tenths = d.approval.den > 0 ? d.approval.PercentTenths() : -1;
  d.approval_percent = d.approval_tenths < 0 ? "" : Str(row, "approval_percent");
  d.grade = Str(row, "grade");
  return d;
}

}  // namespace

const ScaleOption* ResultRecord::Option(const std::string& code) const {
  for (const auto& o : scale) {
    if (o.code == code) return &o;
  }
  return nullptr;
}

std::optional<ResultRecord> ReadResultRecord(std::string_view text) {
  boost::system::error_code ec;
  const auto v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  const auto* deputies = o.if_contains("deputies");
  const auto* scale = o.if_contains("scale");
  if (!deputies || !deputies->is_array() || !scale || !scale->is_array()) return std::nullopt;
  ResultRecord r;
  r.poll_id = Int(o, "poll_id");
  r.meeting_id = Int(o, "meeting_id");
  r.campaign_id = Int(o, "campaign_id");
  r.round = static_cast<int>(Int(o, "round"));
  r.closed_at = Str(o, "closed_at");
  r.void_poll = Bool(o, "void");
  r.issued = Int(o, "issued");
  r.returned = Int(o, "returned");
  r.valid_ballots = Int(o, "valid_ballots");
  r.invalid_ballots = Int(o, "invalid_ballots");
  for (const auto& s : scale->as_array()) {
    if (!s.is_object()) continue;
    r.scale.push_back({Str(s.as_object(), "code"), Str(s.as_object(), "label"), Bool(s.as_object(), "approval")});
  }
  for (const auto& d : deputies->as_array()) {
    if (d.is_object()) r.deputies.push_back(ReadDeputy(d.as_object()));
  }
  return r;
}

}  // namespace shuzhi::core
