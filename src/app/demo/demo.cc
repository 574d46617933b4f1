#include "app/demo/demo.h"

#include <array>
#include <functional>

#include "app/app.h"
#include "app/archive/archive.h"
#include "app/audit/audit.h"
#include "app/audit/audit_internal.h"
#include "app/ballot/ballot.h"
#include "app/campaign/campaign.h"
#include "app/demo/demo_after.h"
#include "app/demo/demo_meetings.h"
#include "app/meeting/meeting.h"
#include "app/opinion/opinion.h"
#include "app/registry/registry.h"
#include "app/report/report.h"
#include "app/users/users.h"
#include "base/json.h"
#include "core/registry.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

using core::Congress;
using demo_detail::At;
using demo_detail::HeldMeetings;
using demo_detail::SeedCommitteeMeeting;
using demo_detail::SeedGroupMeeting;
using storage::RegistryRepo;

constexpr std::array<const char*, 24> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                                   "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
                                                   "何", "高", "林", "罗", "郑", "梁", "谢", "宋"};
constexpr std::array<const char*, 15> kMale = {"建国", "志强", "海涛", "国平", "文斌", "明辉", "立新", "永军",
                                               "德华", "振宇", "家豪", "长青", "伟民", "光明", "思远"};
constexpr std::array<const char*, 15> kFemale = {"秀英", "丽华", "晓燕", "春梅", "玉兰", "桂芳", "红霞", "雪梅",
                                                 "美玲", "淑珍", "慧敏", "秋菊", "晓丽", "凤英", "雨婷"};

const char* Gender(int i) { return (i * 5 + 1) % 3 == 0 ? "female" : "male"; }
// A fictional name for index i, fitting its gender.
std::string Name(int i) {
  const auto& given = Gender(i)[0] == 'f' ? kFemale : kMale;
  return std::string(kSurnames[i % 24]) + given[static_cast<std::size_t>((i / 24 + i * 7) % 15)];
}
std::string Birth(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 1960 + (i * 7) % 35, 1 + (i * 5) % 12, 1 + (i * 11) % 28);
  return buf;
}

struct Seeder {
  RegistryRepo& r;
  int person = 0;

  Result<std::int64_t> Deputy(const char* occupation, const std::string& employer, const std::string& title) {
    const int i = person++;
    return r.InsertDeputy({0, Name(i), Gender(i), Birth(i), i % 9 == 4 ? "回族" : "汉族", occupation, employer, title,
                           "1380000" + std::to_string(1000 + i)});
  }
  Status Mandate(std::int64_t deputy, std::int64_t term, std::int64_t constituency, std::int64_t group,
                 const char* status = "active", std::optional<std::string> status_date = {}, bool by_election = false,
                 std::optional<std::string> elected = {}) {
    return r
        .InsertMandate(
            {0, deputy, term, constituency, group, status, std::move(status_date), by_election, std::move(elected)})
        .status();
  }
};

// The four congresses of the demo and the terms it uses.
struct DemoCongresses {
  std::int64_t city = 0, county = 0, district = 0, town = 0;
  std::int64_t city_term = 0, district_term = 0, town_term = 0;
};

Result<DemoCongresses> SeedCongresses(RegistryRepo& r) {
  DemoCongresses c;
  SHUZHI_ASSIGN_OR_RETURN(c.city, r.InsertCongress({0, "municipal", "江州市人民代表大会", std::nullopt}));
  SHUZHI_ASSIGN_OR_RETURN(c.county, r.InsertCongress({0, "county", "临川县人民代表大会", c.city}));
  SHUZHI_ASSIGN_OR_RETURN(c.district, r.InsertCongress({0, "county", "江北区人民代表大会", c.city}));
  SHUZHI_ASSIGN_OR_RETURN(c.town, r.InsertCongress({0, "township", "洞桥镇人民代表大会", c.district}));
  SHUZHI_ASSIGN_OR_RETURN(c.city_term, r.InsertTerm({0, c.city, 16, "2022-01-10", "2027-01-09"}));
  SHUZHI_TRY(r.InsertTerm({0, c.county, 18, "2021-12-20", "2026-12-19"}).status());
  SHUZHI_ASSIGN_OR_RETURN(c.district_term, r.InsertTerm({0, c.district, 11, "2022-01-05", "2027-01-04"}));
  SHUZHI_ASSIGN_OR_RETURN(c.town_term, r.InsertTerm({0, c.town, 15, "2022-01-05", "2027-01-04"}));
  return c;
}

// Plan A: the county's standing committee and its 12 city deputies.
Status SeedCountyCommittee(Seeder& s, const DemoCongresses& c) {
  RegistryRepo& r = s.r;
  const char* positions[] = {"主任", "副主任", "副主任", "副主任", "副主任"};
  const char* member_jobs[] = {"civil_servant", "civil_servant",   "public_institution_head",
                               "professional",  "enterprise_head", "farmer",
                               "worker"};
  for (int i = 0; i < 25; ++i) {
    const int n = 500 + i;
    SHUZHI_TRY(r.InsertCommitteeMember({0, c.county, Name(n), Gender(n), 1962 + (n * 3) % 24, member_jobs[i % 7],
                                        i < 5 ? positions[i] : "委员", true})
                   .status());
  }
  SHUZHI_ASSIGN_OR_RETURN(auto unit, r.InsertConstituency({0, c.city, "临川县", "electoral_unit", {}}));
  core::DeputyGroup g;
  g.congress_id = c.county;
  g.name = "临川县市人大代表小组";
  g.leader_name = "县人大常委会联工委";
  g.rotation_start_year = 2024;
  g.rotation_seed = 20190801;
  g.panel_min = 20;
  g.panel_max = 35;
  SHUZHI_ASSIGN_OR_RETURN(auto city_group, r.InsertGroup(g));
  // Plan 1: civil servants 2, enterprise heads 4, public-institution heads 2, farmer 1, professionals 3.
  const std::pair<const char*, int> mix[] = {
      {"civil_servant", 2}, {"enterprise_head", 4}, {"public_institution_head", 2}, {"farmer", 1}, {"professional", 3}};
  const char* employers[] = {"县发展和改革局", "临川电子科技有限公司", "县第一人民医院", "城关镇东岭村", "县律师协会"};
  int k = 0;
  for (const auto& [occupation, count] : mix) {
    for (int i = 0; i < count; ++i, ++k) {
      SHUZHI_ASSIGN_OR_RETURN(auto d, s.Deputy(occupation, employers[k % 5], k % 2 ? "负责人" : "职工代表"));
      SHUZHI_TRY(s.Mandate(d, c.city_term, unit, city_group));
    }
  }
  return base::Ok();
}

// A town group's deputies (ten of the town, two also of the district, one
// of the district only, one by-elected), its first reports and about 30
// voter representatives, broadly representative.
Status SeedGroupMembers(Seeder& s, const DemoCongresses& c, int gi, std::int64_t group, std::int64_t town_k,
                        std::int64_t district_k, const std::vector<std::string>& villages) {
  RegistryRepo& r = s.r;
  const char* town_jobs[] = {"farmer",       "farmer",        "enterprise_head",         "worker",
                             "professional", "civil_servant", "public_institution_head", "farmer",
                             "other",        "worker"};
  std::vector<std::int64_t> persons;
  for (int i = 0; i < 10; ++i) {
    SHUZHI_ASSIGN_OR_RETURN(auto d, s.Deputy(town_jobs[i], villages[i % 4], i % 3 == 0 ? "党支部书记" : "村民"));
    // The first two also hold district mandates: one person, two levels.
    if (i < 2) SHUZHI_TRY(s.Mandate(d, c.district_term, district_k, group));
    if (i == 9) {
      // Resigned in 2025 before reporting.
      SHUZHI_TRY(s.Mandate(d, c.town_term, town_k, group, "resigned", std::string("2025-06-30")));
    } else {
      SHUZHI_TRY(s.Mandate(d, c.town_term, town_k, group));
    }
    persons.push_back(d);
  }
  // A district-only deputy, and a town deputy by-elected in 2025.
  SHUZHI_ASSIGN_OR_RETURN(auto district_only, s.Deputy("public_institution_head", "镇中心学校", "校长"));
  SHUZHI_TRY(s.Mandate(district_only, c.district_term, district_k, group));
  persons.push_back(district_only);
  SHUZHI_ASSIGN_OR_RETURN(auto by_elected, s.Deputy("enterprise_head", "洞桥农业合作社", "理事长"));
  SHUZHI_TRY(
      s.Mandate(by_elected, c.town_term, town_k, group, "active", std::nullopt, true, std::string("2025-09-15")));
  // The window is 2025–2027: four persons reported in 2025.
  for (int i = 0; i < 4; ++i) {
    SHUZHI_TRY(r.UpsertRotationEntry({group, persons[static_cast<std::size_t>(i)], std::nullopt, 2025}));
  }
  const char* rep_jobs[] = {"farmer", "farmer", "worker", "enterprise_head", "professional", "other", "farmer"};
  for (int i = 0; i < 30; ++i) {
    const int n = 1000 + gi * 40 + i;
    SHUZHI_TRY(r.InsertVoterRep({0, group, Name(n), Gender(n), 1950 + (n * 7) % 50, rep_jobs[i % 7],
                                 villages[static_cast<std::size_t>(i % 4)], "1390000" + std::to_string(n), true})
                   .status());
  }
  return base::Ok();
}

// Plan B: the town's three groups of district and town deputies.
Status SeedTownGroups(Seeder& s, const DemoCongresses& c) {
  RegistryRepo& r = s.r;
  const char* village_sets[3][4] = {{"洞桥村", "前山村", "后畈村", "镇东社区"},
                                    {"石门村", "溪口村", "上王村", "镇西社区"},
                                    {"双溪村", "岭下村", "桥头村", "新街社区"}};
  for (int gi = 0; gi < 3; ++gi) {
    const std::string suffix = std::array<const char*, 3>{"第一", "第二", "第三"}[gi];
    std::vector<std::string> villages(village_sets[gi], village_sets[gi] + 4);
    SHUZHI_ASSIGN_OR_RETURN(auto town_k, r.InsertConstituency({0, c.town, suffix + "选区", "constituency", villages}));
    SHUZHI_ASSIGN_OR_RETURN(auto district_k, r.InsertConstituency({0, c.district, "江北区洞桥" + suffix + "选区",
                                                                   "constituency", villages}));
    core::DeputyGroup tg;
    tg.congress_id = c.town;
    tg.name = suffix + "代表小组";
    tg.leader_name = Name(900 + gi);
    tg.constituency_id = town_k;
    tg.rotation_start_year = 2025;
    tg.rotation_seed = 1000 + gi;
    tg.panel_targets =
        R"({"gender":{"male":55,"female":45},"age_band":{"under_35":25,"35_to_54":45,"55_and_over":30},"tolerance":15})";
    SHUZHI_ASSIGN_OR_RETURN(auto group, r.InsertGroup(tg));
    SHUZHI_TRY(SeedGroupMembers(s, c, gi, group, town_k, district_k, villages));
  }
  return base::Ok();
}

// The registry of the demo, unless one is there: then only the ids of the
// county and the town are found. ids[0] is the county, ids[1] the town.
Result<bool> SeedRegistry(storage::Tx& tx, const base::Clock& clock, std::int64_t ids[4]) {
  RegistryRepo& r = tx.registry();
  SHUZHI_ASSIGN_OR_RETURN(auto existing, r.ListCongresses());
  if (!existing.empty()) {
    for (const auto& c : existing) {
      if (c.name == "临川县人民代表大会") ids[0] = c.id;
      if (c.name == "洞桥镇人民代表大会") ids[1] = c.id;
    }
    return false;
  }
  Seeder s{r};
  SHUZHI_ASSIGN_OR_RETURN(auto congresses, SeedCongresses(r));
  SHUZHI_TRY(SeedCountyCommittee(s, congresses));
  SHUZHI_TRY(SeedTownGroups(s, congresses));
  ids[0] = congresses.county;
  ids[1] = congresses.town;
  SHUZHI_TRY(RecordAudit(tx, clock, "system", "demo.seed", "registry", {{"congresses", 4}}));
  return true;
}

}  // namespace

namespace {

// The persons a group's rotation plan puts in `year`.
Result<std::vector<std::int64_t>> PlannedIn(storage::Tx& tx, std::int64_t group_id, int year) {
  SHUZHI_ASSIGN_OR_RETURN(auto g, tx.registry().FindGroup(group_id));
  std::vector<std::int64_t> out;
  if (!g) return out;
  SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfGroup(group_id));
  SHUZHI_ASSIGN_OR_RETURN(auto entries, tx.registry().ListRotationEntries(group_id));
  const auto plan =
      core::PlanRotation(RotationPersons(mandates, entries), {g->rotation_start_year, g->rotation_years, year},
                         static_cast<std::uint64_t>(g->rotation_seed));
  for (const auto& slot : plan.slots) {
    if (slot.state == core::RotationState::kPlanned && slot.year == year) out.push_back(slot.deputy_id);
  }
  return out;
}

core::ReportContent DemoReport(const core::CampaignSpec& spec, const std::string& name, int variant) {
  core::ReportContent r = core::EmptyReport(spec);
  for (auto& section : r.sections) {
    section.text =
        "本人" + name + "当选代表以来，围绕“" + section.title + "”，" +
        (variant % 2 ? "坚持每月走访选民，收集意见建议并及时反映。" : "认真参加代表小组活动，积极履行代表职责。");
  }
  return r;
}

// Both seed campaigns of `year`, with reports in every state and opinions.
Status SeedCampaigns(App& app, std::int64_t county, std::int64_t town, int year, std::int64_t keep_unwritten) {
  const Actor system{0, "system", {{core::Role::kAdmin, {}, {}, {}}}};
  std::vector<std::int64_t> town_groups, county_groups;
  SHUZHI_TRY(app.store().Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto tg, tx.registry().ListGroups(town));
    for (const auto& g : tg) town_groups.push_back(g.id);
    SHUZHI_ASSIGN_OR_RETURN(auto cg, tx.registry().ListGroups(county));
    for (const auto& g : cg) county_groups.push_back(g.id);
    return base::Ok();
  }));
  auto& campaigns = app.campaigns();
  SHUZHI_ASSIGN_OR_RETURN(auto voter, campaigns.Create(system, town, "voter", year, town_groups));
  SHUZHI_ASSIGN_OR_RETURN(auto committee, campaigns.Create(system, county, "committee", year, county_groups));
  for (auto id : {voter.record.id, committee.record.id}) {
    SHUZHI_TRY(campaigns.SetState(system, id, core::CampaignState::kActive).status());
    SHUZHI_TRY(campaigns.AddFromRotation(system, id).status());
  }
  // Reports are written "as" each deputy, at moments before or after the
  // deadline, through the same service the API uses.
  SHUZHI_ASSIGN_OR_RETURN(auto listed, campaigns.Deputies(system, voter.record.id));
  const char* states[] = {"accepted", "submitted", "late", "returned", "draft", "not_started"};
  int k = 0;
  for (const auto& d : listed) {
    if (d.entry.deputy_id == keep_unwritten) continue;
    const std::string state = states[k++ % 6];
    if (state == "not_started") continue;
    const Actor author{0, "system", {{core::Role::kDeputy, {}, {}, d.entry.deputy_id}}};
    base::FakeClock when(
        *base::ParseIso8601(std::to_string(year) + (state == "late" ? "-11-22" : "-11-15") + "T10:00:00+08:00"));
    ReportService reports(app.store(), when);
    SHUZHI_TRY(reports.SaveDraft(author, voter.record.id, d.entry.deputy_id, DemoReport(voter.spec, d.name, k), {}, {})
                   .status());
    if (state == "draft") continue;
    SHUZHI_TRY(reports.Submit(author, voter.record.id, d.entry.deputy_id).status());
    if (state == "accepted")
      SHUZHI_TRY(reports.Review(system, voter.record.id, d.entry.deputy_id, "accept", "").status());
    if (state == "returned") {
      SHUZHI_TRY(
          reports
              .Review(system, voter.record.id, d.entry.deputy_id, "return", "请补充联系选民、反映社情民意的具体事例。")
              .status());
    }
  }
  // Opinions collected by visits and forums, one of them answered.
  const char* opinions[][3] = {{"visit", "希望尽快修缮村口道路，雨天积水严重。", "王大伯"},
                               {"forum", "建议增加农村老年人助餐点。", ""},
                               {"visit", "反映小学门口缺少交通信号灯。", "陈女士"}};
  int n = 0;
  for (const auto& d : listed) {
    if (d.entry.deputy_id == keep_unwritten || n >= 6) continue;
    const auto& o = opinions[n % 3];
    auto rec = app.opinions().Record(system, d.entry.deputy_id,
                                     {o[0], std::to_string(year) + "-11-0" + std::to_string(3 + n % 5), o[1], o[2],
                                      "民生", std::nullopt, voter.record.id});
    SHUZHI_TRY(rec.status());
    if (n % 3 == 0) {
      const Actor author{0, "system", {{core::Role::kDeputy, {}, {}, d.entry.deputy_id}}};
      SHUZHI_TRY(app.opinions().Answer(author, rec->id, "已向镇政府反映，将列入明年民生实事项目。").status());
    }
    ++n;
  }
  return base::Ok();
}

// The year's campaigns the meetings belong to: the committee's of the
// county and the voter representatives' of the town; 0 when missing.
Result<std::pair<std::int64_t, std::int64_t>> DemoCampaigns(App& app, const Actor& system, std::int64_t county,
                                                            std::int64_t town, int year) {
  SHUZHI_ASSIGN_OR_RETURN(auto campaigns, app.campaigns().List(system, std::nullopt));
  std::int64_t committee = 0, voter = 0;
  for (const auto& c : campaigns) {
    if (c.spec.year != year) continue;
    if (c.record.congress_id == county && c.spec.template_code == "committee") committee = c.record.id;
    if (c.record.congress_id == town && c.spec.template_code == "voter") voter = c.record.id;
  }
  return std::make_pair(committee, voter);
}

// Last year's campaign of the county's committee, over: every city deputy
// reported, the meeting was held and announced, the campaign closed and
// archived with one archive of the whole campaign. The annual assessment so
// has a second year, each city deputy's duty record a trend, and the
// archive page an archive to open. Seeded on an App whose clock walks
// through that year.
Status SeedPreviousYear(App& app, std::int64_t county, int year) {
  const Actor system{0, "system", {{core::Role::kAdmin, {}, {}, {}}}};
  const std::string y = std::to_string(year);
  base::FakeClock clock(At(y + "-08-01T09:00:00+08:00"));
  App held(app.store(), clock, app.options());
  std::vector<std::int64_t> groups;
  SHUZHI_TRY(app.store().Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto cg, tx.registry().ListGroups(county));
    for (const auto& g : cg) groups.push_back(g.id);
    return base::Ok();
  }));
  auto& campaigns = held.campaigns();
  SHUZHI_ASSIGN_OR_RETURN(auto c, campaigns.Create(system, county, "committee", year, groups));
  const auto id = c.record.id;
  SHUZHI_TRY(campaigns.SetState(system, id, core::CampaignState::kActive).status());
  SHUZHI_TRY(campaigns.AddFromRotation(system, id).status());
  SHUZHI_ASSIGN_OR_RETURN(auto listed, campaigns.Deputies(system, id));
  clock.Set(At(y + "-10-20T10:00:00+08:00"));
  int k = 0;
  for (const auto& d : listed) {
    const Actor author{0, "system", {{core::Role::kDeputy, {}, {}, d.entry.deputy_id}}};
    SHUZHI_TRY(
        held.reports().SaveDraft(author, id, d.entry.deputy_id, DemoReport(c.spec, d.name, ++k), {}, {}).status());
    SHUZHI_TRY(held.reports().Submit(author, id, d.entry.deputy_id).status());
    SHUZHI_TRY(held.reports().Review(system, id, d.entry.deputy_id, "accept", "").status());
  }
  clock.Set(At(y + "-11-25T09:00:00+08:00"));
  HeldMeetings m{held, clock, system, year, y, true};
  SHUZHI_TRY(SeedCommitteeMeeting(m, id));
  clock.Set(At(y + "-12-20T10:00:00+08:00"));
  SHUZHI_TRY(campaigns.SetState(system, id, core::CampaignState::kClosed).status());
  held.archives().set_synchronous(true);
  SHUZHI_TRY(held.archives().Build(system, id, std::nullopt, base::Lang::kZhCn).status());
  clock.Advance(base::kMicrosPerSecond);
  return campaigns.SetState(system, id, core::CampaignState::kArchived).status();
}

// The town's first two groups; 0 where it has fewer.
Result<std::pair<std::int64_t, std::int64_t>> FirstTwoGroups(App& app, std::int64_t town) {
  std::pair<std::int64_t, std::int64_t> out{0, 0};
  SHUZHI_TRY(app.store().Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto groups, tx.registry().ListGroups(town));
    if (groups.size() >= 2) out = {groups[0].id, groups[1].id};
    return base::Ok();
  }));
  return out;
}

// Three meetings of the current year: the committee's, finished and
// announced; the first group's, finished and private, with phones and paper;
// and the second group's, scheduled and ready to run from the console.
// After the private one, its feedback talks and measures (demo_after.cc),
// leaving `deputy` (the demo deputy's) to whoever logs in as them.
Status SeedMeetings(App& app, std::int64_t county, std::int64_t town, int year, std::int64_t deputy) {
  const Actor system{0, "system", {{core::Role::kAdmin, {}, {}, {}}}};
  SHUZHI_ASSIGN_OR_RETURN(auto campaigns, DemoCampaigns(app, system, county, town, year));
  const auto [committee, voter] = campaigns;
  if (!committee || !voter) return base::Ok();
  const std::string y = std::to_string(year);
  base::FakeClock meeting_clock(At(y + "-11-25T09:00:00+08:00"));
  App held(app.store(), meeting_clock, app.options());
  HeldMeetings m{held, meeting_clock, system, year, y};
  SHUZHI_TRY(SeedCommitteeMeeting(m, committee));
  SHUZHI_ASSIGN_OR_RETURN(auto groups, FirstTwoGroups(app, town));
  const auto [first_group, second_group] = groups;
  if (!first_group) return base::Ok();
  SHUZHI_ASSIGN_OR_RETURN(auto held_poll, SeedGroupMeeting(m, voter, first_group));
  // Ready to run: the second group's meeting, one poll per deputy.
  if (second_group) {
    NewMeeting c;
    c.title = "第二代表小组" + y + "年代表述职评议会";
    c.group_id = second_group;
    c.starts_at = At(y + "-11-30T09:00:00+08:00");
    c.venue = "镇人大主席团会议室";
    SHUZHI_TRY(held.meetings().Create(system, voter, c).status());
  }
  meeting_clock.Set(At(y + "-11-26T17:00:00+08:00"));
  return SeedAfterMeeting(held, meeting_clock, held_poll.first, held_poll.second, deputy, town, first_group);
}

}  // namespace

Result<DemoResult> SeedDemo(App& app, const std::string& password, DemoScope scope) {
  DemoResult out;
  std::int64_t ids[4] = {0, 0, 0, 0};
  std::int64_t leader_group = 0, deputy_id = 0;
  const int year = std::stoi(base::FormatCst(app.clock().Now()).substr(0, 4));
  SHUZHI_TRY(app.store().Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(out.registry_created, SeedRegistry(tx, app.clock(), ids));
    if (ids[1] == 0) return base::Ok();
    SHUZHI_ASSIGN_OR_RETURN(auto groups, tx.registry().ListGroups(ids[1]));
    if (groups.empty()) return base::Ok();
    leader_group = groups.front().id;
    // The demo deputy reports this year, so that their report waits to be written.
    SHUZHI_ASSIGN_OR_RETURN(auto planned, PlannedIn(tx, leader_group, year));
    if (!planned.empty()) {
      deputy_id = planned.front();
    } else {
      SHUZHI_ASSIGN_OR_RETURN(auto mandates, tx.registry().ListMandatesOfGroup(leader_group));
      if (!mandates.empty()) deputy_id = mandates.front().deputy_id;
    }
    return base::Ok();
  }));
  const std::int64_t county = ids[0] ? ids[0] : 1, town = ids[1] ? ids[1] : 1;
  if (scope != DemoScope::kRegistry && out.registry_created) {
    SHUZHI_TRY(SeedCampaigns(app, county, town, year, deputy_id));
    SHUZHI_TRY(SeedMeetings(app, county, town, year, deputy_id));
    out.campaigns_created = 2;
    if (scope == DemoScope::kWithLastYear) {
      SHUZHI_TRY(SeedPreviousYear(app, county, year - 1));
      out.campaigns_created = 3;
    }
  }
  using core::Role;
  std::vector<NewUser> demo = {
      {"organizer",
       "县人大常委会办公室 王敏",
       password,
       {{Role::kOrganizer, county, {}, {}}, {Role::kOrganizer, town, {}, {}}}},
      {"reviewer",
       "人大常委会 李副主任",
       password,
       {{Role::kReviewer, county, {}, {}}, {Role::kReviewer, town, {}, {}}}},
  };
  if (leader_group)
    demo.push_back({"leader", "第一代表小组 组长", password, {{Role::kGroupLeader, town, leader_group, {}}}});
  if (deputy_id) demo.push_back({"deputy", "洞桥镇人大代表", password, {{Role::kDeputy, {}, {}, deputy_id}}});
  for (const auto& u : demo) {
    bool exists = false;
    SHUZHI_TRY(app.store().Read([&](storage::Tx& tx) -> Status {
      SHUZHI_ASSIGN_OR_RETURN(auto found, tx.users().FindByUsername(u.username));
      exists = found.has_value();
      return base::Ok();
    }));
    if (exists) continue;
    SHUZHI_TRY(app.users().CreateAsSystem(u, false).status());
    ++out.accounts_created;
  }
  return out;
}

}  // namespace shuzhi::app
