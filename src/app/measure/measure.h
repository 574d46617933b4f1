// Rectification measures (整改措施, plan 2's third phase): the deputy writes
// what they will change against one of their final evaluations and the
// constituents' opinions about them, carries it out with progress notes and
// evidence files, and marks it done; the deputy's group leader or an
// organizer accepts it or returns it with a comment (core/measure.h has the
// states). An opinion answered by a finished measure becomes "addressed"
// (已整改), and goes back when that measure is returned.
//
// Who: the deputy writes and changes only their own; the leader of the
// deputy's group in the campaign or an organizer of its congress reviews
// (never their own measure); reviewers of the congress read everything; a
// leader reads their groups'. Every change is audited.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/measure.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

struct MeasureInput {
  std::string text;
  std::string due_on;  // YYYY-MM-DD
  std::vector<std::int64_t> opinion_ids;
};

// What a change names; the rest stays.
struct MeasurePatch {
  std::optional<std::string> text;
  std::optional<std::string> due_on;
  std::optional<std::vector<std::int64_t>> opinion_ids;
};

// A measure with the names a list shows and what the actor may do with it.
struct MeasureView {
  core::Measure measure;
  std::string deputy_name;
  std::string campaign_title;
  std::int64_t meeting_id = 0;
  std::string meeting_title;
  std::optional<std::int64_t> group_id;
  std::string group_name;
  std::string reviewed_by_name;  // the reviewer's display name, empty until reviewed
  bool overdue = false;
  std::int64_t evidence_bytes = 0;
  bool may_edit = false;    // the actor is the deputy and it is open or returned
  bool may_review = false;  // the actor may accept or return it now
};

struct MeasureOpinion {
  std::int64_t id = 0;
  std::string content;
  std::string received_on;
  std::string status;
};

// A progress note with its writer's display name.
struct NoteView {
  core::MeasureNote note;
  std::string written_by_name;
};

struct MeasureDetail {
  MeasureView view;
  std::vector<NoteView> notes;
  std::vector<MeasureOpinion> opinions;
};

// A final evaluation the deputy may write measures against.
struct MeasureTarget {
  std::int64_t poll_id = 0;
  std::int64_t deputy_id = 0;
  std::string deputy_name;
  std::int64_t meeting_id = 0;
  std::string meeting_title;
  std::string meeting_date;  // YYYY-MM-DD, the earliest due date
  std::string campaign_title;
};

struct MyMeasures {
  std::vector<MeasureView> items;
  std::vector<MeasureTarget> targets;
};

struct MeasureFilter {
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> deputy_id;
  std::optional<core::MeasureState> state;
  bool overdue_only = false;
};

struct EvidenceUpload {
  std::string name;           // as the browser sent it; display only
  std::string declared_type;  // the request's Content-Type
  std::string bytes;
};

struct EvidenceDownload {
  core::EvidenceFile file;
  std::string bytes;
};

class MeasureService {
 public:
  MeasureService(storage::Store& store, const base::Clock& clock);

  // The campaign's measures the actor may read, by id, filtered.
  Result<std::vector<MeasureView>> ForCampaign(const Actor& actor, std::int64_t campaign_id, const MeasureFilter& f);
  // The actor's own measures (as a deputy) and the evaluations they may
  // write against: final polls they were in.
  Result<MyMeasures> Mine(const Actor& actor);
  // not_found "measure.not_found" (also for one the actor may not read).
  Result<MeasureDetail> Get(const Actor& actor, std::int64_t id);

  // The deputy writes a measure against poll `poll_id`. failed_precondition
  // "measure.result_not_final"; invalid_argument "measure.due_before_meeting",
  // "measure.unknown_opinion", "ballot.unknown_deputy", or a field.
  Result<MeasureDetail> Create(const Actor& actor, std::int64_t poll_id, std::int64_t deputy_id,
                               const MeasureInput& in);
  // failed_precondition "measure.closed" unless open or returned.
  Result<MeasureDetail> Change(const Actor& actor, std::int64_t id, const MeasurePatch& patch);
  Result<MeasureDetail> MarkDone(const Actor& actor, std::int64_t id);
  // Accepts, or returns with `comment` (required). permission_denied
  // "measure.own_review" for the deputy themself; failed_precondition
  // "measure.not_done" unless done.
  Result<MeasureDetail> Review(const Actor& actor, std::int64_t id, bool accept, const std::string& comment);

  // A progress note; failed_precondition "measure.closed" once accepted.
  Result<NoteView> AddNote(const Actor& actor, std::int64_t id, const std::string& text);
  // One evidence file for the deputy's note: PNG, JPEG or PDF as declared
  // and as sniffed (invalid_argument "evidence.unsupported_type"), at most
  // core::kMaxEvidenceFileBytes ("request.too_large") and
  // core::kMaxEvidencePerMeasure per measure ("evidence.measure_full").
  Result<core::EvidenceFile> Attach(const Actor& actor, std::int64_t id, std::int64_t note_id,
                                    const EvidenceUpload& upload);
  Result<EvidenceDownload> Download(const Actor& actor, std::int64_t id, std::int64_t file_id);

  // To-dos: done measures the actor may review, and the actor's own
  // measures that were returned or are overdue.
  Result<std::vector<MeasureView>> ToReview(const Actor& actor);
  Result<std::vector<MeasureView>> OwedByMe(const Actor& actor);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
};

}  // namespace shuzhi::app
