#include "core/campaign_codec.h"

#include <utility>

namespace shuzhi::core {
namespace {

namespace json = base::json;

// 400 "request.invalid" naming the field (the API's and the import's shape).
base::Status Invalid(const std::string& field, const char* code) {
  return base::InvalidArgument("request.invalid", field + ": " + code, {{field, code}});
}

base::Result<std::string> Str(const json::object& o, const char* field, bool required = true) {
  const auto* v = o.if_contains(field);
  if (!v || v->is_null()) {
    if (required) return Invalid(field, "required");
    return std::string();
  }
  if (!v->is_string()) return Invalid(field, "must_be_string");
  return std::string(v->as_string());
}

base::Result<int> Int(const json::object& o, const char* field, int fallback) {
  const auto* v = o.if_contains(field);
  if (!v || v->is_null()) return fallback;
  if (!v->is_int64() || v->as_int64() < -1'000'000 || v->as_int64() > 1'000'000)
    return Invalid(field, "must_be_integer");
  return static_cast<int>(v->as_int64());
}

base::Result<const json::array*> Arr(const json::object& o, const char* field) {
  const auto* v = o.if_contains(field);
  if (!v || v->is_null()) return static_cast<const json::array*>(nullptr);
  if (!v->is_array()) return Invalid(field, "must_be_array");
  return &v->as_array();
}

}  // namespace

json::object EncodeCampaignSpec(const CampaignSpec& c) {
  json::array items, scale, phases;
  for (const auto& i : c.content_items) items.push_back(json::value(i));
  for (const auto& o : c.scale)
    scale.push_back(json::object{{"code", o.code}, {"label", o.label}, {"approval", o.approval}});
  for (const auto& p : c.phases) {
    json::array tasks;
    for (const auto& t : p.tasks) {
      tasks.push_back(json::object{{"code", t.code},
                                   {"title", t.title},
                                   {"due_date", t.due_date ? json::value(*t.due_date) : json::value(nullptr)},
                                   {"done", t.done}});
    }
    phases.push_back(json::object{{"code", p.code},
                                  {"title", p.title},
                                  {"start_date", p.start_date},
                                  {"end_date", p.end_date},
                                  {"tasks", tasks}});
  }
  return {{"template_code", c.template_code},
          {"year", c.year},
          {"title", c.title},
          {"organizing_body", c.organizing_body},
          {"content_items", items},
          {"word_limit", c.word_limit},
          {"speech_minutes", c.speech_minutes},
          {"scale", scale},
          {"grade_base", GradeBaseCode(c.grade_base)},
          {"disclosure", DisclosureCode(c.disclosure)},
          {"min_valid_votes", c.min_valid_votes},
          {"abstention_allowed", c.abstention_allowed},
          {"phases", phases},
          {"report_deadline", c.report_deadline},
          {"purpose", c.purpose},
          {"method", c.method},
          {"organisation", c.organisation},
          {"requirements", c.requirements}};
}

base::Result<CampaignSpec> DecodeCampaignSpec(const json::value& v) {
  if (!v.is_object()) return Invalid("spec", "must_be_object");
  const auto& o = v.as_object();
  CampaignSpec c;
  SHUZHI_ASSIGN_OR_RETURN(c.template_code, Str(o, "template_code", false));
  if (c.template_code.empty()) c.template_code = "custom";
  SHUZHI_ASSIGN_OR_RETURN(c.year, Int(o, "year", 0));
  SHUZHI_ASSIGN_OR_RETURN(c.title, Str(o, "title"));
  SHUZHI_ASSIGN_OR_RETURN(c.organizing_body, Str(o, "organizing_body", false));
  SHUZHI_ASSIGN_OR_RETURN(const auto* items, Arr(o, "content_items"));
  if (items) {
    for (const auto& i : *items) {
      if (!i.is_string()) return Invalid("content_items", "must_be_strings");
      c.content_items.emplace_back(i.as_string());
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(c.word_limit, Int(o, "word_limit", 2500));
  SHUZHI_ASSIGN_OR_RETURN(c.speech_minutes, Int(o, "speech_minutes", 10));
  SHUZHI_ASSIGN_OR_RETURN(const auto* scale, Arr(o, "scale"));
  if (scale) {
    for (const auto& s : *scale) {
      if (!s.is_object()) return Invalid("scale", "must_be_objects");
      ScaleOption opt;
      SHUZHI_ASSIGN_OR_RETURN(opt.code, Str(s.as_object(), "code"));
      SHUZHI_ASSIGN_OR_RETURN(opt.label, Str(s.as_object(), "label"));
      const auto* a = s.as_object().if_contains("approval");
      opt.approval = a && a->is_bool() && a->as_bool();
      c.scale.push_back(std::move(opt));
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(auto base, Str(o, "grade_base", false));
  if (!base.empty()) {
    auto parsed = ParseGradeBase(base);
    if (!parsed) return Invalid("grade_base", "invalid");
    c.grade_base = *parsed;
  }
  SHUZHI_ASSIGN_OR_RETURN(auto disclosure, Str(o, "disclosure", false));
  if (!disclosure.empty()) {
    auto parsed = ParseDisclosure(disclosure);
    if (!parsed) return Invalid("disclosure", "invalid");
    c.disclosure = *parsed;
  }
  SHUZHI_ASSIGN_OR_RETURN(c.min_valid_votes, Int(o, "min_valid_votes", 5));
  if (const auto* ab = o.if_contains("abstention_allowed"); ab && ab->is_bool()) c.abstention_allowed = ab->as_bool();
  SHUZHI_ASSIGN_OR_RETURN(const auto* phases, Arr(o, "phases"));
  if (phases) {
    for (const auto& p : *phases) {
      if (!p.is_object()) return Invalid("phases", "must_be_objects");
      const auto& po = p.as_object();
      CampaignPhase phase;
      SHUZHI_ASSIGN_OR_RETURN(phase.code, Str(po, "code", false));
      SHUZHI_ASSIGN_OR_RETURN(phase.title, Str(po, "title"));
      SHUZHI_ASSIGN_OR_RETURN(phase.start_date, Str(po, "start_date"));
      SHUZHI_ASSIGN_OR_RETURN(phase.end_date, Str(po, "end_date"));
      SHUZHI_ASSIGN_OR_RETURN(const auto* tasks, Arr(po, "tasks"));
      if (tasks) {
        for (const auto& t : *tasks) {
          if (!t.is_object()) return Invalid("phases.tasks", "must_be_objects");
          CampaignTask task;
          SHUZHI_ASSIGN_OR_RETURN(task.code, Str(t.as_object(), "code", false));
          SHUZHI_ASSIGN_OR_RETURN(task.title, Str(t.as_object(), "title"));
          SHUZHI_ASSIGN_OR_RETURN(auto due, Str(t.as_object(), "due_date", false));
          if (!due.empty()) task.due_date = due;
          const auto* done = t.as_object().if_contains("done");
          task.done = done && done->is_bool() && done->as_bool();
          phase.tasks.push_back(std::move(task));
        }
      }
      c.phases.push_back(std::move(phase));
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(c.report_deadline, Str(o, "report_deadline"));
  SHUZHI_ASSIGN_OR_RETURN(c.purpose, Str(o, "purpose", false));
  SHUZHI_ASSIGN_OR_RETURN(c.method, Str(o, "method", false));
  SHUZHI_ASSIGN_OR_RETURN(c.organisation, Str(o, "organisation", false));
  SHUZHI_ASSIGN_OR_RETURN(c.requirements, Str(o, "requirements", false));
  return c;
}

}  // namespace shuzhi::core
