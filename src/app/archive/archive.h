// The campaign archive (归档, plan 2's third phase: "groups archive all
// materials"): per campaign and deputy group, one ZIP of the year's
// documents and tables with a signed manifest (core/archive.h,
// docs/design/archive.md). An organizer of the campaign's congress builds
// one once the campaign is closed; the build runs in the background and
// writes its progress (files done of total) to the archive's row, so that
// whichever server a browser asks sees it; the finished ZIP is stored in
// the database, numbered per campaign and group, and never changes — a
// second build makes archive No. 2 beside No. 1.
//
// Who: organizers of the congress build; they and its reviewers read every
// archive; a group leader reads the archives of the groups they lead in the
// campaign; deputies none (403).
//
// Thread-safe. Builds run on threads of their own; the destructor waits
// for them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "base/background.h"
#include "base/i18n.h"
#include "core/archive.h"

namespace shuzhi::app {

class App;

// An archive as a list shows it.
struct ArchiveView {
  core::Archive archive;   // state as read now (a stale build shows failed)
  std::string group_name;  // "" for the whole campaign
  std::string created_by_name;
};

class ArchiveService {
 public:
  explicit ArchiveService(App& app);

  // Starts building the next archive of the campaign's group (nullopt: the
  // whole campaign); returns it in state building. failed_precondition
  // "archive.campaign_active" unless the campaign is closed or archived,
  // "archive.building" while another build of the same group runs;
  // invalid_argument "archive.unknown_group" for a group with no deputy
  // listed in the campaign. Documents are written in `lang`.
  Result<ArchiveView> Build(const Actor& actor, std::int64_t campaign_id, std::optional<std::int64_t> group_id,
                            base::Lang lang);
  // The campaign's archives the actor may read, by id.
  Result<std::vector<ArchiveView>> List(const Actor& actor, std::int64_t campaign_id);
  // not_found "archive.not_found" (also for one the actor may not read).
  Result<ArchiveView> Get(const Actor& actor, std::int64_t id);
  // The ZIP's bytes; failed_precondition "archive.not_ready" until done.
  struct Download {
    ArchiveView view;
    std::string file_name;  // e.g. "2026年述职评议-第一代表小组-2.zip"
    std::string bytes;
  };
  Result<Download> Fetch(const Actor& actor, std::int64_t id);

  // Runs builds on the calling thread (tests).
  void set_synchronous(bool v) { background_.set_synchronous(v); }

 private:
  App& app_;
  base::BackgroundJobs background_;  // waits for running builds when destroyed
};

}  // namespace shuzhi::app
