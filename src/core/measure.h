// Rectification measures (整改措施, plan 2's third phase): after the
// evaluation a deputy writes what they will change, against that evaluation
// and the constituents' opinions about them, carries it out with progress
// notes and evidence, and marks it done; the deputy's group leader or an
// organizer accepts it or returns it with a comment. Plain values shared by
// storage and app, and the rules that need no storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace shuzhi::core {

// open → done (the deputy) → accepted | returned (a reviewer);
// returned → done (the deputy again). Accepted is final.
enum class MeasureState { kOpen, kDone, kAccepted, kReturned };

// "open", "done", "accepted", "returned": the API's and the stored code.
const char* MeasureStateCode(MeasureState s);
std::optional<MeasureState> ParseMeasureState(std::string_view code);

// The deputy may still change it, add to it and mark it done.
bool MeasureIsOpen(MeasureState s);
// The deputy has finished it (waiting for review, or accepted): the
// opinions it answers count as rectified (已整改).
bool MeasureIsComplete(MeasureState s);
// Whether `from` may become `to`.
bool MayMoveMeasure(MeasureState from, MeasureState to);

struct Measure {
  std::int64_t id = 0;
  std::int64_t poll_id = 0;  // the evaluation it answers
  std::int64_t deputy_id = 0;
  std::int64_t campaign_id = 0;  // the poll's, kept for lists per campaign
  std::string text;
  std::string due_on;  // YYYY-MM-DD
  std::vector<std::int64_t> opinion_ids;
  MeasureState state = MeasureState::kOpen;
  std::string created_by;  // username
  base::Micros created_at = 0;
  std::optional<base::Micros> done_at;
  std::string reviewed_by;  // username, empty until reviewed
  std::optional<base::Micros> reviewed_at;
  std::string review_comment;
};

// Past its due date (`today` is YYYY-MM-DD in China Standard Time) and not
// finished by the deputy.
bool MeasureOverdue(const Measure& m, std::string_view today);

// A file attached to a progress note; its bytes are stored once per SHA-256.
struct EvidenceFile {
  std::int64_t id = 0;
  std::int64_t note_id = 0;
  std::int64_t measure_id = 0;
  std::string name;        // as uploaded, for display only
  std::string media_type;  // as sniffed
  std::int64_t size = 0;
  std::string sha256;  // hex
  std::string uploaded_by;
  base::Micros uploaded_at = 0;
};

struct MeasureNote {
  std::int64_t id = 0;
  std::int64_t measure_id = 0;
  std::string text;
  std::string written_by;
  base::Micros written_at = 0;
  std::vector<EvidenceFile> files;
};

// Evidence limits: each file, and all of one measure's files together.
inline constexpr std::int64_t kMaxEvidenceFileBytes = 10LL * 1024 * 1024;
inline constexpr std::int64_t kMaxEvidencePerMeasure = 50LL * 1024 * 1024;

// The media type the content's first bytes show: "image/png", "image/jpeg"
// or "application/pdf", nullopt for anything else. Evidence is accepted only
// when this equals the type the upload declared.
std::optional<std::string> SniffEvidence(std::string_view bytes);

}  // namespace shuzhi::core
