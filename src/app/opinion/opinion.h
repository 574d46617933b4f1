// Constituents' opinions on a deputy: recorded by staff or the group leader
// (naming the voter representative who collected them), or left by a
// constituent through the deputy's public form (代表码) — rate-limited per
// address, size-limited, and held for moderation before the deputy sees it.
// The deputy answers; status new → answered, and addressed (已整改) while a
// finished rectification measure names it (app/measure/measure.h).
//
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/users/throttle.h"
#include "core/opinion.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

struct NewOpinion {
  std::string source;  // visit, forum, meeting_question, online
  std::string received_on;
  std::string content;
  std::string constituent;
  std::string category;
  std::optional<std::int64_t> collector_voter_rep_id;
  std::optional<std::int64_t> campaign_id;
};

struct PublicForm {
  std::int64_t deputy_id = 0;
  std::string deputy_name;
};

class OpinionService {
 public:
  OpinionService(storage::Store& store, const base::Clock& clock);

  // Staff and leaders see every opinion; the deputy sees all but those held
  // for moderation or rejected.
  Result<std::vector<core::Opinion>> List(const Actor& actor, std::int64_t deputy_id);
  Result<core::Opinion> Record(const Actor& actor, std::int64_t deputy_id, const NewOpinion& input);
  Result<core::Opinion> Answer(const Actor& actor, std::int64_t opinion_id, const std::string& answer);
  Result<core::Opinion> Moderate(const Actor& actor, std::int64_t opinion_id, bool approve);
  Result<std::vector<core::Opinion>> Pending(const Actor& actor);

  // A new public form token for the deputy (the old one stops working).
  Result<std::string> NewLink(const Actor& actor, std::int64_t deputy_id);
  Result<PublicForm> OpenForm(const std::string& token);
  // resource_exhausted "opinion.rate_limited" after 5 per hour from one
  // address; invalid_argument for an empty or over-long (2,000 字符) text.
  Status Submit(const std::string& token, const std::string& content, const std::string& constituent,
                const std::string& address, std::int64_t* retry_after);
  // The submissions' throttle, for ThrottleSharing.
  FailureThrottle& throttle() { return public_throttle_; }

 private:
  storage::Store& store_;
  const base::Clock& clock_;
  FailureThrottle public_throttle_;  // counts every public submission per address
};

}  // namespace shuzhi::app
