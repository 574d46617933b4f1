// Internal to src/storage: the repositories over a SqlConnection, shared by
// both backends, and the migration runner.
#pragma once

#include <memory>

#include "storage/sql.h"
#include "storage/store.h"

namespace shuzhi::storage {

// The registry repository over `conn` (sql_registry.cc).
std::unique_ptr<RegistryRepo> MakeSqlRegistryRepo(SqlConnection& conn);
// The campaign repository over `conn` (sql_campaigns.cc).
std::unique_ptr<CampaignRepo> MakeSqlCampaignRepo(SqlConnection& conn);
// The report repository over `conn` (sql_reports.cc).
std::unique_ptr<ReportRepo> MakeSqlReportRepo(SqlConnection& conn);
// The opinion repository over `conn` (sql_opinions.cc).
std::unique_ptr<OpinionRepo> MakeSqlOpinionRepo(SqlConnection& conn);

// A Tx over one connection on which a transaction is already open.
std::unique_ptr<Tx> MakeSqlTx(SqlConnection& conn);

// Runs inside an open write transaction on `conn`: creates the version table
// if needed, refuses a newer schema, applies pending migrations. Returns the
// resulting schema version.
base::Result<int> Migrate(SqlConnection& conn);

// Runs `fn` inside BEGIN/COMMIT on `conn` (ROLLBACK on error).
base::Status RunTransaction(SqlConnection& conn, bool write, const std::function<base::Status(Tx&)>& fn);

}  // namespace shuzhi::storage
