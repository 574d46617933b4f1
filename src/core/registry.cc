#include "core/registry.h"

#include <array>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace shuzhi::core {
namespace {

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  // A full-width space (U+3000) is common in hand-typed Chinese cells.
  while (s.size() >= 3 && s.substr(0, 3) == "\u3000") s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == "\u3000") s.remove_suffix(3);
  return s;
}

// Matches a code or spelling; ASCII letters match in any case and a space
// or hyphen matches '_' ("Enterprise head" is enterprise_head), so that
// English exports import again.
template <typename E, std::size_t N>
std::optional<E> Lookup(std::string_view s, const std::array<std::pair<std::string_view, E>, N>& table) {
  s = Trim(s);
  std::string folded(s);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  for (const auto& [name, value] : table) {
    if (name == s || name == folded) return value;
  }
  return std::nullopt;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

const char* LevelCode(Level v) {
  switch (v) {
    case Level::kNational:
      return "national";
    case Level::kProvincial:
      return "provincial";
    case Level::kMunicipal:
      return "municipal";
    case Level::kCounty:
      return "county";
    case Level::kTownship:
      return "township";
  }
  return "county";
}

const char* GenderCode(Gender v) { return v == Gender::kMale ? "male" : "female"; }

const char* OccupationCode(Occupation v) {
  switch (v) {
    case Occupation::kCivilServant:
      return "civil_servant";
    case Occupation::kEnterpriseHead:
      return "enterprise_head";
    case Occupation::kPublicInstitutionHead:
      return "public_institution_head";
    case Occupation::kFarmer:
      return "farmer";
    case Occupation::kProfessional:
      return "professional";
    case Occupation::kWorker:
      return "worker";
    case Occupation::kOther:
      return "other";
  }
  return "other";
}

const char* MandateStatusCode(MandateStatus v) {
  switch (v) {
    case MandateStatus::kActive:
      return "active";
    case MandateStatus::kResigned:
      return "resigned";
    case MandateStatus::kRecalled:
      return "recalled";
    case MandateStatus::kDeceased:
      return "deceased";
  }
  return "active";
}

namespace {

// The spellings each Parse* function accepts, Chinese first (they are what
// rosters hold and what an import problem lists first), then the codes.
// One table per vocabulary serves both the parser and the list of accepted
// spellings, so that a message never offers a spelling the parser refuses.
constexpr std::array<std::pair<std::string_view, Level>, 15> kLevels{{
    {"全国", Level::kNational},
    {"省", Level::kProvincial},
    {"省级", Level::kProvincial},
    {"市", Level::kMunicipal},
    {"市级", Level::kMunicipal},
    {"县", Level::kCounty},
    {"区", Level::kCounty},
    {"县级", Level::kCounty},
    {"乡镇", Level::kTownship},
    {"镇", Level::kTownship},
    {"national", Level::kNational},
    {"provincial", Level::kProvincial},
    {"municipal", Level::kMunicipal},
    {"county", Level::kCounty},
    {"township", Level::kTownship},
}};

constexpr std::array<std::pair<std::string_view, Gender>, 6> kGenders{{
    {"男", Gender::kMale},
    {"女", Gender::kFemale},
    {"male", Gender::kMale},
    {"female", Gender::kFemale},
    {"M", Gender::kMale},
    {"F", Gender::kFemale},
}};

constexpr std::array<std::pair<std::string_view, Occupation>, 19> kOccupations{{
    {"公务员", Occupation::kCivilServant},
    {"党政机关干部", Occupation::kCivilServant},
    {"企业负责人", Occupation::kEnterpriseHead},
    {"事业单位负责人", Occupation::kPublicInstitutionHead},
    {"农民", Occupation::kFarmer},
    {"专业技术人员", Occupation::kProfessional},
    {"专业技术人才", Occupation::kProfessional},
    {"工人", Occupation::kWorker},
    {"职工", Occupation::kWorker},
    {"其他", Occupation::kOther},
    {"其它", Occupation::kOther},
    {"其他人员", Occupation::kOther},
    {"civil_servant", Occupation::kCivilServant},
    {"enterprise_head", Occupation::kEnterpriseHead},
    {"public_institution_head", Occupation::kPublicInstitutionHead},
    {"farmer", Occupation::kFarmer},
    {"professional", Occupation::kProfessional},
    {"worker", Occupation::kWorker},
    {"other", Occupation::kOther},
}};

// An empty cell is an active mandate; it is not listed as a spelling.
constexpr std::array<std::pair<std::string_view, MandateStatus>, 11> kMandateStatuses{{
    {"在任", MandateStatus::kActive},
    {"辞职", MandateStatus::kResigned},
    {"罢免", MandateStatus::kRecalled},
    {"去世", MandateStatus::kDeceased},
    {"病故", MandateStatus::kDeceased},
    {"已故", MandateStatus::kDeceased},
    {"active", MandateStatus::kActive},
    {"resigned", MandateStatus::kResigned},
    {"recalled", MandateStatus::kRecalled},
    {"deceased", MandateStatus::kDeceased},
    {"", MandateStatus::kActive},
}};

template <typename E, std::size_t N>
std::vector<std::string_view> SpellingsOf(const std::array<std::pair<std::string_view, E>, N>& table) {
  std::vector<std::string_view> out;
  for (const auto& [name, value] : table) {
    if (!name.empty()) out.push_back(name);
  }
  return out;
}

}  // namespace

std::optional<Level> ParseLevel(std::string_view s) { return Lookup(s, kLevels); }
std::optional<Gender> ParseGender(std::string_view s) { return Lookup(s, kGenders); }
std::optional<Occupation> ParseOccupation(std::string_view s) { return Lookup(s, kOccupations); }
std::optional<MandateStatus> ParseMandateStatus(std::string_view s) { return Lookup(s, kMandateStatuses); }

std::vector<std::string_view> GenderSpellings() { return SpellingsOf(kGenders); }
std::vector<std::string_view> OccupationSpellings() { return SpellingsOf(kOccupations); }
std::vector<std::string_view> MandateStatusSpellings() { return SpellingsOf(kMandateStatuses); }

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  const int m = (s[5] - '0') * 10 + (s[6] - '0');
  const int d = (s[8] - '0') * 10 + (s[9] - '0');
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DaysIn(y, m);
}

std::optional<std::string> NormalizeDate(std::string_view raw) {
  std::string_view s = Trim(raw);
  int parts[3] = {0, 0, 0};
  int idx = 0, digits = 0;
  bool ended_by_day = false;  // the third number may only be followed by 日
  std::size_t i = 0;
  while (i < s.size() && idx < 3) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      parts[idx] = parts[idx] * 10 + (c - '0');
      if (++digits > 4) return std::nullopt;
      ++i;
      continue;
    }
    if (digits == 0) return std::nullopt;
    // A separator: '-', '/', '.', or one of 年 月 日 (three UTF-8 bytes each).
    if (c == '-' || c == '/' || c == '.') {
      i += 1;
    } else if (s.substr(i, 3) == "年" || s.substr(i, 3) == "月" || s.substr(i, 3) == "日") {
      ended_by_day = s.substr(i, 3) == "日";
      i += 3;
    } else {
      return std::nullopt;
    }
    ++idx;
    digits = 0;
  }
  if (idx == 2 && digits > 0) {
    idx = 3;
  } else if (idx == 3 && !ended_by_day) {
    return std::nullopt;
  }
  if (idx != 3 || i != s.size()) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
  if (!IsIsoDate(buf)) return std::nullopt;
  return std::string(buf);
}

std::vector<std::string> DateSpellings(std::string_view iso) {
  if (!IsIsoDate(iso)) return {};
  const int y = YearOf(iso);
  const int m = (iso[5] - '0') * 10 + (iso[6] - '0');
  const int d = (iso[8] - '0') * 10 + (iso[9] - '0');
  const std::string ys = std::to_string(y), ms = std::to_string(m), ds = std::to_string(d);
  return {std::string(iso), ys + "/" + ms + "/" + ds, ys + "." + ms + "." + ds, ys + "年" + ms + "月" + ds + "日"};
}

int YearOf(std::string_view iso_date) {
  return (iso_date[0] - '0') * 1000 + (iso_date[1] - '0') * 100 + (iso_date[2] - '0') * 10 + (iso_date[3] - '0');
}

const char* AgeBand(int birth_year, int on_year) {
  const int age = on_year - birth_year;
  if (age < 35) return "under_35";
  if (age < 55) return "35_to_54";
  return "55_and_over";
}

}  // namespace shuzhi::core
