#include "http/measure_json.h"

namespace shuzhi::http {

json::object EvidenceFileJson(const core::EvidenceFile& f) {
  return {{"id", f.id},
          {"note_id", f.note_id},
          {"name", f.name},
          {"media_type", f.media_type},
          {"size", f.size},
          {"sha256", f.sha256},
          {"uploaded_by", f.uploaded_by},
          {"uploaded_at", base::FormatCst(f.uploaded_at)}};
}

json::object MeasureNoteJson(const app::NoteView& v) {
  const auto& n = v.note;
  json::array files;
  for (const auto& f : n.files) files.push_back(EvidenceFileJson(f));
  return {{"id", n.id},
          {"text", n.text},
          {"written_by", n.written_by},
          {"written_by_name", v.written_by_name},
          {"written_at", base::FormatCst(n.written_at)},
          {"files", files}};
}

json::object MeasureJson(const app::MeasureView& v) {
  const auto& m = v.measure;
  json::array opinions;
  for (auto id : m.opinion_ids) opinions.push_back(id);
  return {{"id", m.id},
          {"poll_id", m.poll_id},
          {"deputy_id", m.deputy_id},
          {"deputy_name", v.deputy_name},
          {"campaign_id", m.campaign_id},
          {"campaign_title", v.campaign_title},
          {"meeting_id", v.meeting_id},
          {"meeting_title", v.meeting_title},
          {"group_id", Nullable(v.group_id)},
          {"group_name", v.group_name},
          {"text", m.text},
          {"due_on", m.due_on},
          {"state", core::MeasureStateCode(m.state)},
          {"overdue", v.overdue},
          {"opinion_ids", opinions},
          {"created_by", m.created_by},
          {"created_at", base::FormatCst(m.created_at)},
          {"done_at", NullableTime(m.done_at)},
          {"reviewed_by", m.reviewed_by},
          {"reviewed_by_name", v.reviewed_by_name},
          {"reviewed_at", NullableTime(m.reviewed_at)},
          {"review_comment", m.review_comment},
          {"evidence_bytes", v.evidence_bytes},
          {"may_edit", v.may_edit},
          {"may_review", v.may_review}};
}

json::object MeasureDetailJson(const app::MeasureDetail& d) {
  auto out = MeasureJson(d.view);
  json::array notes;
  for (const auto& n : d.notes) notes.push_back(MeasureNoteJson(n));
  json::array opinions;
  for (const auto& o : d.opinions) {
    opinions.push_back(
        json::object{{"id", o.id}, {"content", o.content}, {"received_on", o.received_on}, {"status", o.status}});
  }
  out["notes"] = std::move(notes);
  out["opinions"] = std::move(opinions);
  return out;
}

json::object MeasureTargetJson(const app::MeasureTarget& t) {
  return {{"poll_id", t.poll_id},
          {"deputy_id", t.deputy_id},
          {"deputy_name", t.deputy_name},
          {"meeting_id", t.meeting_id},
          {"meeting_title", t.meeting_title},
          {"meeting_date", t.meeting_date},
          {"campaign_title", t.campaign_title}};
}

base::Result<app::MeasureInput> MeasureInputFrom(const json::object& body) {
  app::MeasureInput in;
  SHUZHI_ASSIGN_OR_RETURN(in.text, RequiredString(body, "text"));
  SHUZHI_ASSIGN_OR_RETURN(in.due_on, RequiredString(body, "due_on"));
  SHUZHI_ASSIGN_OR_RETURN(in.opinion_ids, IdArray(body, "opinion_ids"));
  return in;
}

base::Result<app::MeasurePatch> MeasurePatchFrom(const json::object& body) {
  app::MeasurePatch p;
  SHUZHI_ASSIGN_OR_RETURN(p.text, OptionalString(body, "text"));
  SHUZHI_ASSIGN_OR_RETURN(p.due_on, OptionalString(body, "due_on"));
  if (body.contains("opinion_ids")) {
    SHUZHI_ASSIGN_OR_RETURN(auto ids, IdArray(body, "opinion_ids"));
    p.opinion_ids = std::move(ids);
  }
  return p;
}

base::Result<app::MeasureFilter> MeasureFilterFrom(const Request& request) {
  app::MeasureFilter f;
  SHUZHI_ASSIGN_OR_RETURN(f.group_id, QueryId(request, "group_id"));
  SHUZHI_ASSIGN_OR_RETURN(f.deputy_id, QueryId(request, "deputy_id"));
  const std::string state = request.Query("state");
  if (!state.empty()) {
    f.state = core::ParseMeasureState(state);
    if (!f.state) return base::InvalidArgument("request.invalid", "state: invalid", {{"state", "invalid"}});
  }
  const std::string overdue = request.Query("overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false") {
    return base::InvalidArgument("request.invalid", "overdue: invalid", {{"overdue", "invalid"}});
  }
  f.overdue_only = overdue == "true";
  return f;
}

}  // namespace shuzhi::http
