#include "app/app.h"

#include "app/archive/archive.h"
#include "app/audit/audit.h"
#include "app/ballot/ballot.h"
#include "app/ballot/server_keys.h"
#include "app/campaign/campaign.h"
#include "app/exports/registry_export.h"
#include "app/feedback/feedback.h"
#include "app/imports/import.h"
#include "app/measure/measure.h"
#include "app/meeting/meeting.h"
#include "app/opinion/opinion.h"
#include "app/registry/registry.h"
#include "app/report/report.h"
#include "app/users/auth.h"
#include "app/users/throttle_sharing.h"
#include "app/users/users.h"
#include "storage/store.h"

namespace shuzhi::app {

App::App(storage::Store& store, const base::Clock& clock, AppOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      audit_(std::make_unique<AuditService>(store_, clock_)),
      auth_(std::make_unique<AuthService>(store_, clock_, options_)),
      users_(std::make_unique<UserService>(store_, clock_, options_)),
      registry_(std::make_unique<RegistryService>(store_, clock_)),
      imports_(std::make_unique<ImportService>(store_, clock_)),
      exports_(std::make_unique<ExportService>(store_, clock_)),
      campaigns_(std::make_unique<CampaignService>(store_, clock_)),
      reports_(std::make_unique<ReportService>(store_, clock_)),
      opinions_(std::make_unique<OpinionService>(store_, clock_)),
      feedback_(std::make_unique<FeedbackService>(store_, clock_)),
      measures_(std::make_unique<MeasureService>(store_, clock_)),
      keys_(std::make_unique<ServerKeys>(store_, clock_, options_.sign_alg)),
      meetings_(std::make_unique<MeetingService>(store_, clock_, *keys_)),
      ballots_(std::make_unique<BallotService>(store_, clock_, *keys_)),
      archives_(std::make_unique<ArchiveService>(*this)) {
  // Several servers may share a PostgreSQL database; a SQLite one has one.
  if (options_.share_throttles.value_or(std::string_view(store_.backend()) == "postgresql")) {
    throttle_sharing_ = std::make_unique<ThrottleSharing>(
        store_, clock_,
        std::vector<FailureThrottle*>{&auth_->throttle(), &ballots_->throttle(), &opinions_->throttle()},
        options_.throttle_exchange_interval);
  }
}

App::~App() = default;

SystemInfo App::system_info() const { return SystemInfo{store_.schema_version(), store_.backend()}; }

}  // namespace shuzhi::app
