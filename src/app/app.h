// The application layer: use cases, each one transaction, each asking
// core/access.h before it touches anything. Called from the http layer on the
// blocking-work pool, never on an I/O thread (password hashing and the
// database block).
//
// App and its services are safe for concurrent use.
#pragma once

#include <memory>
#include <string>

#include "app/actor.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

class AuthService;
class UserService;
class AuditService;
class RegistryService;
class ImportService;
class ExportService;
class CampaignService;
class ReportService;
class OpinionService;
class FeedbackService;
class MeasureService;
class MeetingService;
class BallotService;
class ServerKeys;
class ArchiveService;
class ThrottleSharing;

// What the installation runs on, for the health answer.
struct SystemInfo {
  int schema_version = 0;
  std::string database;  // "sqlite" or "postgresql"
};

class App {
 public:
  App(storage::Store& store, const base::Clock& clock, AppOptions options);
  ~App();

  AuthService& auth() { return *auth_; }
  UserService& users() { return *users_; }
  AuditService& audit() { return *audit_; }
  RegistryService& registry() { return *registry_; }
  ImportService& imports() { return *imports_; }
  ExportService& exports() { return *exports_; }
  CampaignService& campaigns() { return *campaigns_; }
  ReportService& reports() { return *reports_; }
  OpinionService& opinions() { return *opinions_; }
  FeedbackService& feedback() { return *feedback_; }
  MeasureService& measures() { return *measures_; }
  MeetingService& meetings() { return *meetings_; }
  BallotService& ballots() { return *ballots_; }
  ServerKeys& keys() { return *keys_; }
  ArchiveService& archives() { return *archives_; }
  SystemInfo system_info() const;
  // For the rooms of app and the demo seed. Outside app the store is an
  // incomplete type: http includes no storage header (tests/layers).
  storage::Store& store() { return store_; }
  const base::Clock& clock() const { return clock_; }
  const AppOptions& options() const { return options_; }

 private:
  storage::Store& store_;
  const base::Clock& clock_;
  const AppOptions options_;
  std::unique_ptr<AuditService> audit_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<UserService> users_;
  std::unique_ptr<RegistryService> registry_;
  std::unique_ptr<ImportService> imports_;
  std::unique_ptr<ExportService> exports_;
  std::unique_ptr<CampaignService> campaigns_;
  std::unique_ptr<ReportService> reports_;
  std::unique_ptr<OpinionService> opinions_;
  std::unique_ptr<FeedbackService> feedback_;
  std::unique_ptr<MeasureService> measures_;
  std::unique_ptr<ServerKeys> keys_;
  std::unique_ptr<MeetingService> meetings_;
  std::unique_ptr<BallotService> ballots_;
  // Last: its builds use the services above, and its destructor waits for them.
  std::unique_ptr<ArchiveService> archives_;
  // After the services whose throttles it shares: it stops first.
  std::unique_ptr<ThrottleSharing> throttle_sharing_;
};

}  // namespace shuzhi::app
