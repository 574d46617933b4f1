#include "http/opinion_json.h"

namespace shuzhi::http {

json::object OpinionJson(const core::Opinion& o) {
  return {{"id", o.id},
          {"deputy_id", o.deputy_id},
          {"campaign_id", Nullable(o.campaign_id)},
          {"source", o.source},
          {"received_on", o.received_on},
          {"content", o.content},
          {"constituent", o.constituent},
          {"category", o.category},
          {"collector_voter_rep_id", Nullable(o.collector_voter_rep_id)},
          {"recorded_by", o.recorded_by},
          {"status", o.status},
          {"answer", o.answer},
          {"answered_at", NullableTime(o.answered_at)},
          {"created_at", base::FormatCst(o.created_at)}};
}

json::object OpinionListJson(const std::vector<core::Opinion>& list) {
  json::array items;
  for (const auto& o : list) items.push_back(OpinionJson(o));
  return {{"items", items}};
}

json::object OpinionLinkJson(const std::string& token) { return {{"token", token}, {"path", "/o/" + token}}; }

json::object PublicFormJson(const app::PublicForm& f) { return {{"deputy_name", f.deputy_name}, {"max_chars", 2000}}; }

base::Result<app::NewOpinion> NewOpinionFrom(const json::object& o) {
  app::NewOpinion in;
  SHUZHI_ASSIGN_OR_RETURN(in.source, RequiredString(o, "source"));
  SHUZHI_ASSIGN_OR_RETURN(in.received_on, RequiredString(o, "received_on"));
  SHUZHI_ASSIGN_OR_RETURN(in.content, RequiredString(o, "content"));
  SHUZHI_ASSIGN_OR_RETURN(in.constituent, StringOr(o, "constituent", ""));
  SHUZHI_ASSIGN_OR_RETURN(in.category, StringOr(o, "category", ""));
  SHUZHI_ASSIGN_OR_RETURN(in.collector_voter_rep_id, NullableInt(o, "collector_voter_rep_id"));
  SHUZHI_ASSIGN_OR_RETURN(in.campaign_id, NullableInt(o, "campaign_id"));
  return in;
}

}  // namespace shuzhi::http
