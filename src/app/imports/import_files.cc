// The files of an import that the clerk downloads: the template to fill in,
// and the rows an import skipped with their problems in words. Both are
// meant to be uploaded again as they are, so their headers are the ones the
// import recognises (ImportFieldAliases) and their values the spellings it
// accepts (Spellings, core::DateSpellings).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "app/imports/import_rows_internal.h"
#include "base/i18n.h"
#include "core/registry.h"
#include "export/xlsx_writer.h"

namespace shuzhi::app::import_detail {
namespace {

std::string Tr(base::Lang lang, const std::string& key, const std::map<std::string, std::string>& args = {}) {
  return base::Catalog::Get().Translate(lang, key, args);
}

// "a、b、c 或 d" (zh-CN), "a, b, c or d" (en).
std::string OrList(base::Lang lang, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  if (items.size() == 1) return items.front();
  std::string list;
  for (std::size_t i = 0; i + 1 < items.size(); ++i) list += (i ? Tr(lang, "import.words.separator") : "") + items[i];
  return Tr(lang, "import.words.or", {{"list", list}, {"last", items.back()}});
}

// What a column accepts, for the template's second sheet: the field's rule
// in words, with the spellings the import takes where it has a list.
std::string Accepts(base::Lang lang, const std::string& field) {
  std::vector<std::string> accepted = Spellings(field);
  if (field == "birth_date" || field == "status_date" || field == "elected_date") {
    accepted = core::DateSpellings("1975-03-08");
  }
  const std::string key = "import.template.rules." + field;
  if (!base::Catalog::Get().Has(lang, key)) return OrList(lang, accepted);
  return Tr(lang, key, {{"accepted", OrList(lang, accepted)}});
}

// The example row's value of `field`: spellings the import accepts in the
// file's language (an English template says "Male", which imports too).
std::string Example(base::Lang lang, const std::string& field) {
  const export_detail::Labels l(lang);
  if (field == "gender") return l.Value("gender", "male");
  if (field == "occupation") return l.Value("occupation", "farmer");
  if (field == "status") return l.Value("status", "active");
  if (field == "by_election") return l.Value("boolean", "false");
  if (field == "birth_date") return "1975-03-08";
  if (field == "birth_year") return "1968";
  if (field == "phone") return "13800138000";
  const std::string key = "import.template.example." + field;
  // Groups and constituencies are the congress's own: no example would import.
  return base::Catalog::Get().Has(lang, key) ? Tr(lang, key) : "";
}

// The header the template writes for `field`: the canonical Chinese one, or
// in English the export's column label when the import recognises it
// ("Birth date"), else the field's code, which is always an alias.
std::string Header(ImportKind kind, base::Lang lang, const std::string& field, const std::string& canonical) {
  if (lang == base::Lang::kZhCn) return canonical;
  const std::string key = "export.columns." + field;
  if (base::Catalog::Get().Has(lang, key)) {
    std::string label = Tr(lang, key);
    const auto mapped = DetectMapping(kind, {label});
    if (mapped.count(0) && mapped.at(0) == field) return label;
  }
  return field;
}

}  // namespace

std::string ProblemWords(const ImportProblem& p, base::Lang lang) {
  const auto& cat = base::Catalog::Get();
  std::string key = "import.problem." + p.code;
  if (p.accepted.empty() && cat.Has(lang, key + "_none")) key += "_none";
  const std::string reason = cat.Has(lang, key) ? Tr(lang, key,
                                                     {{"value", p.value},
                                                      {"accepted", OrList(lang, p.accepted)},
                                                      {"row", p.duplicate_of ? std::to_string(*p.duplicate_of) : ""}})
                                                : p.code;
  std::string column = p.column;
  if (column.empty())
    column = cat.Has(lang, "export.columns." + p.field) ? Tr(lang, "export.columns." + p.field) : p.field;
  return Tr(lang, "import.words.problem", {{"column", column}, {"reason", reason}});
}

Result<ExportFile> SkippedRowsFile(const std::string& file_name, exports::Table skipped, const std::vector<int>& rows,
                                   const std::vector<ImportProblem>& problems, ExportFormat format, base::Lang lang,
                                   const export_detail::Provenance& provenance) {
  std::map<int, std::string> words;  // row → its problems
  for (const auto& p : problems) {
    std::string& w = words[p.row];
    w += (w.empty() ? "" : Tr(lang, "import.words.problem_separator")) + ProblemWords(p, lang);
  }
  // Every row as wide as the widest, so that the two columns appended line up.
  std::size_t width = 0;
  for (const auto& r : skipped.rows) width = std::max(width, r.size());
  for (auto& r : skipped.rows) r.resize(width);
  if (skipped.rows.empty()) skipped.rows.emplace_back();
  skipped.rows[0].push_back(Tr(lang, "import.skipped.row"));
  skipped.rows[0].push_back(Tr(lang, "import.skipped.problems"));
  for (std::size_t i = 1; i < skipped.rows.size() && i - 1 < rows.size(); ++i) {
    skipped.rows[i].push_back(std::to_string(rows[i - 1]));
    skipped.rows[i].push_back(words[rows[i - 1]]);
  }
  const std::string stem = file_name.substr(0, file_name.rfind('.'));
  const std::string title =
      stem.empty() ? Tr(lang, "import.skipped.title") : Tr(lang, "import.skipped.title_of", {{"file", stem}});
  return export_detail::Pack(title, std::move(skipped), format, export_detail::Labels(lang), provenance);
}

}  // namespace shuzhi::app::import_detail

namespace shuzhi::app {

Result<ExportFile> ImportTemplate(ImportKind kind, base::Lang lang) {
  using import_detail::Tr;
  exports::Table sheet, guide;
  std::vector<std::string> header, example;
  guide.rows.push_back({Tr(lang, "import.template.column"), Tr(lang, "import.template.required"),
                        Tr(lang, "import.template.also"), Tr(lang, "import.template.accepts")});
  for (const auto& [field, aliases] : ImportFieldAliases(kind)) {
    const bool required = IsRequiredImportField(kind, field);
    // '*' marks a required column; the import ignores it in a header.
    const std::string h = import_detail::Header(kind, lang, field, aliases.front()) + (required ? "*" : "");
    header.push_back(h);
    example.push_back(import_detail::Example(lang, field));
    std::string also;
    for (const auto& a : aliases) {
      if (a + (required ? "*" : "") == h) continue;
      also += (also.empty() ? "" : Tr(lang, "import.words.separator")) + a;
    }
    guide.rows.push_back({h, Tr(lang, required ? "import.template.yes" : "import.template.no"), also,
                          import_detail::Accepts(lang, field)});
  }
  sheet.rows = {std::move(header), std::move(example)};
  guide.rows.push_back({});
  for (const char* note :
       {"import.template.note_example", "import.template.note_columns", "import.template.note_upload"}) {
    guide.rows.push_back({Tr(lang, note)});
  }
  const std::string title =
      Tr(lang, "import.template.title", {{"kind", Tr(lang, std::string("import.kinds.") + ImportKindCode(kind))}});
  ExportFile f;
  f.file_name = title + ".xlsx";
  f.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  SHUZHI_ASSIGN_OR_RETURN(f.bytes,
                          exports::WriteXlsx({exports::Sheet{title, std::move(sheet)},
                                              exports::Sheet{Tr(lang, "import.template.guide"), std::move(guide)}}));
  return f;
}

}  // namespace shuzhi::app
