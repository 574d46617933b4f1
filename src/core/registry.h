// The registry's vocabulary (DESIGN.md §3): congress levels, genders,
// occupation categories and mandate statuses, with their stable codes and
// the spellings an imported roster may use for them. Display labels live in
// the locale files; the spellings here are input matching, not display.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shuzhi::core {

enum class Level { kNational, kProvincial, kMunicipal, kCounty, kTownship };
enum class Gender { kMale, kFemale };
// Plan 1 lists the reporting deputies' mix by these categories.
enum class Occupation {
  kCivilServant,
  kEnterpriseHead,
  kPublicInstitutionHead,
  kFarmer,
  kProfessional,
  kWorker,
  kOther,
};
enum class MandateStatus { kActive, kResigned, kRecalled, kDeceased };

const char* LevelCode(Level v);            // "county"
const char* GenderCode(Gender v);          // "male"
const char* OccupationCode(Occupation v);  // "civil_servant"
const char* MandateStatusCode(MandateStatus v);

// Accept the code or a common Chinese spelling ("县", "男", "公务员", "在任",
// "企业负责人", …); surrounding spaces are ignored. nullopt if unknown.
std::optional<Level> ParseLevel(std::string_view s);
std::optional<Gender> ParseGender(std::string_view s);
std::optional<Occupation> ParseOccupation(std::string_view s);
std::optional<MandateStatus> ParseMandateStatus(std::string_view s);

// Every spelling the matching Parse* accepts, Chinese first, then the codes
// (English spellings such as "Enterprise head" also match, by folding case
// and spaces). For messages and templates that tell a clerk what to write.
std::vector<std::string_view> GenderSpellings();
std::vector<std::string_view> OccupationSpellings();
std::vector<std::string_view> MandateStatusSpellings();  // an empty cell also means active

inline constexpr Occupation kAllOccupations[] = {
    Occupation::kCivilServant, Occupation::kEnterpriseHead, Occupation::kPublicInstitutionHead,
    Occupation::kFarmer,       Occupation::kProfessional,   Occupation::kWorker,
    Occupation::kOther};

// A calendar date "YYYY-MM-DD" (validated: real month and day).
bool IsIsoDate(std::string_view s);
// Accepts "YYYY-MM-DD", "YYYY/M/D", "YYYY.M.D" and "YYYY年M月D日"; returns
// the ISO form, or nullopt when it is not a real date.
std::optional<std::string> NormalizeDate(std::string_view s);
// The four ways NormalizeDate accepts of writing the valid ISO date `iso`:
// {"1980-05-01", "1980/5/1", "1980.5.1", "1980年5月1日"}; empty if `iso` is
// not a valid ISO date.
std::vector<std::string> DateSpellings(std::string_view iso);
int YearOf(std::string_view iso_date);  // the year of a valid ISO date

// Age bands for panel make-up: "under_35", "35_to_54", "55_and_over".
const char* AgeBand(int birth_year, int on_year);

}  // namespace shuzhi::core
