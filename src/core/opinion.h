// An opinion (意见建议) raised about a deputy by a constituent: collected on
// a visit or at a forum, asked at the meeting, or sent through the deputy's
// public form. A plain value shared by storage and app.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"

namespace shuzhi::core {

struct Opinion {
  std::int64_t id = 0;
  std::int64_t deputy_id = 0;
  std::optional<std::int64_t> campaign_id;
  std::string source;       // visit, forum, meeting_question, online
  std::string received_on;  // YYYY-MM-DD
  std::string content;
  std::string constituent;  // may be empty (anonymous)
  std::string category;
  std::optional<std::int64_t> collector_voter_rep_id;
  std::string recorded_by;  // username, or "public" for the online form
  std::string status;       // pending, rejected, new, answered, addressed
  std::string answer;
  std::optional<base::Micros> answered_at;
  base::Micros created_at = 0;
};

}  // namespace shuzhi::core
