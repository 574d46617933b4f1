// ExportService::MeetingResults: the overview of a meeting's results (plan 1
// evaluates each deputy in a poll of their own: a dozen polls, one sheet).
#include <map>
#include <set>

#include "app/exports/export_pack.h"
#include "app/exports/registry_export.h"
#include "app/meeting/meeting.h"
#include "core/result_record.h"

namespace shuzhi::app {
namespace {

using export_detail::Labels;
using exports::Table;

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
    const auto record = core::ReadResultRecord(result.signed_record);
    if (!record) return base::Internal("poll.bad_record", "a stored result record does not parse");
    const std::set<std::int64_t> released(result.released.begin(), result.released.end());
    for (const auto& d : record->deputies) {
      // A reader of part of a private result exports only the rows shown to them.
      if (!result.complete && !result.rows.count(d.deputy_id)) continue;
      std::vector<std::string> row{std::to_string(poll.position + 1), std::to_string(poll.round), d.name};
      if (d.withheld) {
        row.resize(row.size() + options.size() + (abstention ? 5 : 4));
      } else {
        for (std::size_t i = 0; i < options.size(); ++i) {
          row.push_back(std::to_string(i < d.votes.size() ? d.votes[i] : 0));
        }
        row.insert(row.end(), {std::to_string(d.valid), std::to_string(d.invalid)});
        if (abstention) row.push_back(std::to_string(d.abstentions));
        const auto* grade = record->Option(d.grade);
        row.insert(row.end(), {d.approval_percent, grade ? grade->label : ""});
      }
      std::string state;
      if (record->void_poll) {
        state = "void";
      } else if (d.withheld) {
        state = "withheld";
      } else if (is_private) {
        state = released.count(d.deputy_id) ? "released" : "not_released";
      }
      row.push_back(l.Value("result_state", state));
      t.rows.push_back(std::move(row));
    }
  }
  SHUZHI_ASSIGN_OR_RETURN(auto provenance, export_detail::ProvenanceOf(store_, clock_, actor));
  return export_detail::Pack(meeting.title + l.Title("results"), std::move(t), format, l, provenance);
}

}  // namespace shuzhi::app
