// ExportService::MeetingResults: the overview of a meeting's results (plan 1
// evaluates each deputy in a poll of their own: a dozen polls, one sheet).
#include <map>
#include <set>

#include "app/exports/export_pack.h"
#include "app/exports/registry_export.h"
#include "app/meeting/meeting.h"
#include "base/json.h"

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

json::object ParseRecord(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

}  // namespace

Result<ExportFile> ExportService::MeetingResults(const Actor& actor, MeetingService& meetings, std::int64_t meeting_id,
                                                 ExportFormat format, base::Lang lang) {
  SHUZHI_ASSIGN_OR_RETURN(auto meeting, meetings.Get(actor, meeting_id));
  const Labels l(lang);
  const bool abstention = meeting.abstention_allowed;
  const bool is_private = meeting.disclosure == core::Disclosure::kPrivate;
  std::vector<std::string> options;
  for (const auto& o : meeting.scale) options.push_back(o.label);

  Table t;
  std::vector<std::string> header{l.Column("poll_number"), l.Column("round"), l.Column("deputy")};
  header.insert(header.end(), options.begin(), options.end());
  header.insert(header.end(), {l.Column("valid_votes"), l.Column("invalid_votes")});
  if (abstention) header.push_back(l.Column("abstentions"));
  header.insert(header.end(), {l.Column("approval_percent"), l.Column("grade"), l.Column("result_state")});
  t.rows.push_back(std::move(header));

  for (const auto& poll : meeting.polls) {
    if (poll.state == core::PollState::kPending) continue;
    SHUZHI_ASSIGN_OR_RETURN(auto result, meetings.ResultFor(actor, poll.id));
    if (!result.available) continue;
    // The signed result record, read for its numbers.
    const auto record = ParseRecord(result.signed_record);
    const bool void_poll = record.at("void").as_bool();
    const std::set<std::int64_t> released(result.released.begin(), result.released.end());
    std::map<std::string, std::string> grade_label;
    for (const auto& o : record.at("scale").as_array()) {
      grade_label[Text(o.as_object(), "code")] = Text(o.as_object(), "label");
    }
    for (const auto& dv : record.at("deputies").as_array()) {
      const auto& d = dv.as_object();
      // A reader of part of a private result exports only the rows shown to them.
      if (!result.complete && !result.rows.count(d.at("deputy_id").as_int64())) continue;
      std::vector<std::string> row{std::to_string(poll.position + 1), std::to_string(poll.round), Text(d, "name")};
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
  return export_detail::Pack(meeting.title + l.Title("results"), std::move(t), format, l, provenance);
}

}  // namespace shuzhi::app
