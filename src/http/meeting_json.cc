#include "http/meeting_json.h"

namespace shuzhi::http {
namespace {

// The signed record as an object ({} for one that does not parse).
json::object RecordJson(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

// The scale with whether each option counts towards approval, or without.
json::array ScaleJson(const std::vector<core::ScaleOption>& scale, bool with_approval) {
  json::array a;
  for (const auto& o : scale) {
    json::object option{{"code", o.code}, {"label", o.label}};
    if (with_approval) option["approval"] = o.approval;
    a.push_back(std::move(option));
  }
  return a;
}

json::object CountsJson(const app::ChannelCounts& c) { return {{"phone", c.phone}, {"paper", c.paper}}; }

json::object LiveJson(const app::LiveView& l) {
  return {
      {"item", l.item},
      {"stage", l.stage},
      {"timer", json::object{{"duration_ms", l.duration_ms}, {"remaining_ms", l.remaining_ms}, {"running", l.running}}},
      {"server_now", l.server_now_ms}};
}

json::array AgendaJson(const std::vector<app::AgendaItem>& agenda) {
  json::array out;
  for (const auto& a : agenda) {
    json::array questions;
    for (const auto& q : a.questions) {
      questions.push_back(json::object{{"asked_by", q.asked_by}, {"question", q.question}, {"answer", q.answer}});
    }
    out.push_back(json::object{
        {"deputy_id", a.deputy_id}, {"name", a.name}, {"questions", std::move(questions)}, {"remarks", a.remarks}});
  }
  return out;
}

json::object PollJson(const app::PollView& p) {
  json::array deputies;
  for (const auto& d : p.deputies) deputies.push_back(json::object{{"id", d.id}, {"name", d.name}});
  return {{"id", p.id},
          {"position", p.position},
          {"round", p.round},
          {"deputies", std::move(deputies)},
          {"state", core::PollStateCode(p.state)},
          {"voted", p.voted},
          {"issued", p.issued},
          {"paper_valid", p.paper_valid},
          {"invalid_sheets", p.invalid_sheets},
          {"has_result", p.has_result},
          {"paper_counted", Nullable(p.paper_counted)},
          {"opened_at", NullableTime(p.opened_at)},
          {"closed_at", NullableTime(p.closed_at)}};
}

json::array AttendeesJson(const std::vector<app::AttendeeView>& attendees) {
  json::array out;
  for (const auto& a : attendees) {
    out.push_back(json::object{{"id", a.id},
                               {"role", a.role},
                               {"name", a.name},
                               {"affiliation", a.affiliation},
                               {"checked_in", a.checked_in}});
  }
  return out;
}

}  // namespace

json::object MeetingSummaryJson(const app::MeetingSummary& m) {
  return {{"id", m.id},
          {"campaign_id", m.campaign_id},
          {"group_id", Nullable(m.group_id)},
          {"title", m.title},
          {"starts_at", base::FormatCst(m.starts_at)},
          {"venue", m.venue},
          {"poll_mode", m.poll_mode},
          {"state", core::MeetingStateCode(m.state)},
          {"polls", m.polls}};
}

json::object MeetingJson(const app::MeetingView& m) {
  json::array polls;
  for (const auto& p : m.polls) polls.push_back(PollJson(p));
  json::object out{{"id", m.id},
                   {"campaign_id", m.campaign_id},
                   {"campaign_title", m.campaign_title},
                   {"group_id", Nullable(m.group_id)},
                   {"title", m.title},
                   {"starts_at", base::FormatCst(m.starts_at)},
                   {"venue", m.venue},
                   {"poll_mode", m.poll_mode},
                   {"state", core::MeetingStateCode(m.state)},
                   {"version", m.version},
                   {"carrier_round", m.carrier_round},
                   {"may_run", m.may_run},
                   {"key_fingerprint", m.key_fingerprint},
                   {"disclosure", core::DisclosureCode(m.disclosure)},
                   {"abstention_allowed", m.abstention_allowed},
                   {"speech_minutes", m.speech_minutes},
                   {"scale", ScaleJson(m.scale, true)},
                   {"chair", m.chair},
                   {"tellers", Strings(m.tellers)},
                   {"scrutineers", Strings(m.scrutineers)},
                   {"agenda", AgendaJson(m.agenda)},
                   {"live", LiveJson(m.live)},
                   {"attendees", AttendeesJson(m.attendees)},
                   {"attendance", json::object{{"entitled", m.attendance.entitled},
                                               {"present", m.attendance.present},
                                               {"guests", m.attendance.guests}}},
                   {"carriers", json::object{{"round", m.carriers.round},
                                             {"printed", CountsJson(m.carriers.printed)},
                                             {"voided", CountsJson(m.carriers.voided)},
                                             {"issued", CountsJson(m.carriers.issued)}}},
                   {"polls", std::move(polls)}};
  if (m.projector_token) out["projector_token"] = *m.projector_token;
  return out;
}

json::object PaperStatusJson(const app::PaperStatusView& s) {
  json::array waiting, mismatches;
  for (const auto& w : s.waiting) waiting.push_back(json::object{{"code_hint", w.code_hint}, {"teller", w.teller}});
  for (const auto& m : s.mismatches) {
    json::array versions;
    for (const auto& v : m.versions) {
      versions.push_back(json::object{{"teller", v.teller}, {"choices", Strings(v.choices)}});
    }
    mismatches.push_back(json::object{{"code_hint", m.code_hint}, {"versions", std::move(versions)}});
  }
  return {{"poll_id", s.poll_id},
          {"state", core::PollStateCode(s.state)},
          {"paper_counted", Nullable(s.paper_counted)},
          {"reconciled", s.paper_valid + s.invalid_sheets},
          {"paper_valid", s.paper_valid},
          {"invalid_sheets", s.invalid_sheets},
          {"waiting", std::move(waiting)},
          {"mismatches", std::move(mismatches)}};
}

json::object PollResultJson(const app::PollResultView& r) {
  if (!r.available) return {{"poll_id", r.poll_id}, {"state", core::PollStateCode(r.state)}, {"available", false}};
  auto record = RecordJson(r.signed_record);
  if (!r.complete) {
    // Only the rows the reader may see (the service chose them).
    json::array rows;
    if (const auto* all = record.if_contains("deputies"); all && all->is_array()) {
      for (const auto& row : all->as_array()) {
        const auto* id = row.is_object() ? row.as_object().if_contains("deputy_id") : nullptr;
        if (id && id->is_int64() && r.rows.count(id->as_int64())) rows.push_back(row);
      }
    }
    record["deputies"] = std::move(rows);
  }
  json::array released;
  for (auto id : r.released) released.push_back(id);
  json::object out{{"poll_id", r.poll_id},        {"state", core::PollStateCode(r.state)},
                   {"available", true},           {"complete", r.complete},
                   {"result", std::move(record)}, {"released", std::move(released)}};
  if (r.signature_hex) out["signature"] = *r.signature_hex;
  return out;
}

json::object MyResultJson(const app::MyResult& r) {
  const auto record = RecordJson(r.signed_record);
  json::value row;
  if (const auto* all = record.if_contains("deputies"); all && all->is_array()) {
    for (const auto& x : all->as_array()) {
      const auto* id = x.is_object() ? x.as_object().if_contains("deputy_id") : nullptr;
      if (id && id->is_int64() && id->as_int64() == r.deputy_id) {
        row = x;
        break;
      }
    }
  }
  auto field = [&](const char* key, const json::value& fallback) {
    return record.if_contains(key) ? record.at(key) : fallback;
  };
  return {{"poll_id", r.poll_id},
          {"state", core::PollStateCode(r.state)},
          {"meeting_id", r.meeting_id},
          {"meeting_title", r.meeting_title},
          {"campaign_title", r.campaign_title},
          {"closed_at", field("closed_at", json::value(""))},
          {"scale", field("scale", json::value(json::array()))},
          {"min_valid_votes", field("min_valid_votes", json::value(0))},
          {"row", std::move(row)}};
}

json::object ProjectorJson(const app::ProjectorView& p) {
  json::object speaker;
  if (p.speaker) speaker = {{"name", p.speaker->name}, {"index", p.speaker->index}, {"of", p.speaker->of}};
  json::array polls;
  for (const auto& x : p.polls) {
    json::object pv{{"id", x.id},
                    {"state", core::PollStateCode(x.state)},
                    {"voted", x.voted},
                    {"issued", x.issued},
                    {"deputies", Strings(x.deputies)}};
    if (x.signed_record) pv["result"] = RecordJson(*x.signed_record);
    polls.push_back(std::move(pv));
  }
  json::array summary;
  for (const auto& r : p.summary) {
    summary.push_back(json::object{{"name", r.name},
                                   {"status", r.status},
                                   {"grade", r.grade},
                                   {"grade_label", r.grade_label},
                                   {"approval_percent", r.approval_percent}});
  }
  return {{"title", p.title},
          {"venue", p.venue},
          {"state", core::MeetingStateCode(p.state)},
          {"version", p.version},
          {"disclosure", core::DisclosureCode(p.disclosure)},
          {"key_fingerprint", p.key_fingerprint},
          {"speaker", std::move(speaker)},
          {"stage", p.live.stage},
          {"live", LiveJson(p.live)},
          {"scale", ScaleJson(p.scale, false)},
          {"polls", std::move(polls)},
          {"summary", std::move(summary)}};
}

json::object CarrierLookupJson(const app::CarrierLookup& l) {
  json::array polls;
  for (const auto& p : l.polls) {
    json::object pv{{"id", p.id},
                    {"position", p.position},
                    {"round", p.round},
                    {"state", core::PollStateCode(p.state)},
                    {"voted", p.voted}};
    if (p.receipt) pv["receipt"] = *p.receipt;
    json::array deputies;
    for (const auto& d : p.deputies) deputies.push_back(json::object{{"id", d.id}, {"name", d.name}});
    pv["deputies"] = std::move(deputies);
    polls.push_back(std::move(pv));
  }
  return {{"meeting_title", l.meeting_title},     {"channel", core::ChannelCode(l.channel)},
          {"scale", ScaleJson(l.scale, false)},   {"abstention_allowed", l.abstention_allowed},
          {"key_fingerprint", l.key_fingerprint}, {"polls", std::move(polls)}};
}

}  // namespace shuzhi::http
