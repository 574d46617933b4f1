// What every spreadsheet export shares: its labels from the locale catalogue
// and the packing into XLSX (with a provenance sheet) or CSV. Internal to
// src/app's exports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/exports/registry_export.h"
#include "export/table.h"

namespace shuzhi::app::export_detail {

class Labels {
 public:
  explicit Labels(base::Lang lang) : lang_(lang), cat_(base::Catalog::Get()) {}
  std::string Column(const char* field) const { return cat_.Translate(lang_, std::string("export.columns.") + field); }
  std::string Value(const std::string& group, const std::string& code) const {
    if (code.empty()) return "";
    const std::string key = "export.values." + group + "." + code;
    return cat_.Has(lang_, key) ? cat_.Translate(lang_, key) : code;
  }
  std::string Title(const char* what) const { return cat_.Translate(lang_, std::string("export.titles.") + what); }

 private:
  base::Lang lang_;
  const base::Catalog& cat_;
};

// Who exported what and when, and the audit head at that moment, so that a
// printed or filed export can be tied to the audit log later. XLSX gets it as
// a second sheet (imports read the first only); CSV has no room for it.
struct Provenance {
  std::string actor;
  std::string at;
  std::string audit_head;
};

Result<Provenance> ProvenanceOf(storage::Store& store, const base::Clock& clock, const Actor& actor);

Result<ExportFile> Pack(const std::string& title, exports::Table table, ExportFormat format, const Labels& l,
                        const Provenance& p);
// Several sheets in one workbook named `title`.xlsx, the provenance sheet last.
Result<ExportFile> PackSheets(const std::string& title, std::vector<exports::Sheet> sheets, const Labels& l,
                              const Provenance& p);

}  // namespace shuzhi::app::export_detail
