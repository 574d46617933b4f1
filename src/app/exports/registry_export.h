// Exports as spreadsheets: the roster, a congress's committee members, a
// group's voter representatives and its rotation plan, a meeting's results.
// Headers and values use the import's Chinese spellings (or English), so an
// exported roster imports again.
#pragma once

#include <string>

#include "app/actor.h"
#include "base/i18n.h"
#include "core/roster.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

class MeetingService;

enum class ExportFormat { kXlsx, kCsv };

struct ExportFile {
  std::string file_name;     // e.g. "代表名册.xlsx"
  std::string content_type;  // the MIME type
  std::string bytes;
};

class ExportService {
 public:
  ExportService(storage::Store& store, const base::Clock& clock) : store_(store), clock_(clock) {}

  // Up to 200,000 rows of the roster in the actor's scope.
  Result<ExportFile> Roster(const Actor& actor, core::RosterFilter filter, ExportFormat format, base::Lang lang);
  Result<ExportFile> CommitteeMembers(const Actor& actor, std::int64_t congress_id, ExportFormat format,
                                      base::Lang lang);
  Result<ExportFile> VoterReps(const Actor& actor, std::int64_t group_id, ExportFormat format, base::Lang lang);
  Result<ExportFile> Rotation(const Actor& actor, std::int64_t group_id, ExportFormat format, base::Lang lang);
  // A meeting's results on one sheet, as the actor may see them (the
  // meeting's rules decide: disclosure, release, withholding): a row per
  // deputy of every poll that has a result, void polls marked as such.
  Result<ExportFile> MeetingResults(const Actor& actor, MeetingService& meetings, std::int64_t meeting_id,
                                    ExportFormat format, base::Lang lang);

 private:
  storage::Store& store_;
  const base::Clock& clock_;
};

}  // namespace shuzhi::app
