// ExportService::MeetingResults: the overview of a meeting's results (plan 1
// evaluates each deputy in a poll of their own: a dozen polls, one sheet).
#include <map>
#include <set>

#include "app/exports/export_pack.h"
#include "app/meeting/meeting.h"
#include "app/exports/registry_export.h"

namespace shuzhi::app {
namespace {

namespace json = base::json;
using export_detail::Labels;
using exports::Table;

std::string Text(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  return "";
}

}  // namespace

Result<ExportFile> ExportService::MeetingResults(const Actor& actor, MeetingService& meetings,
                                                 std::int64_t meeting_id, ExportFormat format, base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto meeting, meetings.Get(actor, meeting_id));
  const Labels l(lang);
  const bool abstention = meeting["abstention_allowed"].as_bool();
  const bool is_private = Text(meeting, "disclosure") == "private";
  std::vector<std::string> options;
  for (const auto& o : meeting["scale"].as_array()) options.push_back(Text(o.as_object(), "label"));

  Table t;
  std::vector<std::string> header{l.Column("poll_number"), l.Column("round"), l.Column("deputy")};
  header.insert(header.end(), options.begin(), options.end());
  header.insert(header.end(), {l.Column("valid_votes"), l.Column("invalid_votes")});
  if (abstention) header.push_back(l.Column("abstentions"));
  header.insert(header.end(), {l.Column("approval_percent"), l.Column("grade"), l.Column("result_state")});
  t.rows.push_back(std::move(header));

  for (const auto& pv : meeting["polls"].as_array()) {
    const auto& poll = pv.as_object();
    if (Text(poll, "state") == "pending") continue;
    SHUZHI_ASSIGN_OR_RETURN(auto result, meetings.ResultFor(actor, poll.at("id").as_int64()));
    if (!result["available"].as_bool()) continue;
    const auto& record = result["result"].as_object();
    const bool void_poll = record.at("void").as_bool();
    std::set<std::int64_t> released;
    for (const auto& id : result["released"].as_array()) released.insert(id.as_int64());
    std::map<std::string, std::string> grade_label;
    for (const auto& o : record.at("scale").as_array()) {
      grade_label[Text(o.as_object(), "code")] = Text(o.as_object(), "label");
    }
    for (const auto& dv : record.at("deputies").as_array()) {
      const auto& d = dv.as_object();
      std::vector<std::string> row{std::to_string(poll.at("position").as_int64() + 1), Text(poll, "round"),
                                   Text(d, "name")};
      const bool withheld = d.at("withheld").as_bool();
      if (withheld) {
        row.resize(row.size() + options.size() + (abstention ? 5 : 4));
      } else {
        const auto& votes = d.at("votes").as_array();
        for (std::size_t i = 0; i < options.size(); ++i) {
          row.push_back(i < votes.size() ? std::to_string(votes[i].as_int64()) : "0");
        }
        row.insert(row.end(), {Text(d, "valid"), Text(d, "invalid")});
        if (abstention) row.push_back(Text(d, "abstentions"));
        row.insert(row.end(), {Text(d, "approval_percent"), grade_label[Text(d, "grade")]});
      }
      std::string state;
      if (void_poll) {
        state = "void";
      } else if (withheld) {
        state = "withheld";
      } else if (is_private) {
        state = released.count(d.at("deputy_id").as_int64()) ? "released" : "not_released";
      }
      row.push_back(l.Value("result_state", state));
      t.rows.push_back(std::move(row));
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, export_detail::ProvenanceOf(store_, clock_, actor));
  return export_detail::Pack(Text(meeting, "title") + l.Title("results"), std::move(t), format, l, provenance);
}

}  // namespace shuzhi::app
