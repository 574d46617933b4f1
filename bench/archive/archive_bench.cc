// Campaign archive benchmark (issue 13): one deputy group's year built
// through the services as the API uses them — 30 deputies listed in a voter
// campaign, their reports written and submitted, opinions, a finished
// meeting whose poll (one sheet for all 30) was cast on 30 phones and closed
// with a signed result, feedback talks, and a rectification measure per
// deputy whose progress notes carry 100 evidence photos (JPEG, 1–2 MB each,
// distinct bytes: the evidence store keeps one copy per digest). The
// campaign is closed, then the group's archive is built by ArchiveService
// on the calling thread; only that build is timed. The ZIP is fetched and
// checked as `shuzhi verify-archive` checks it.
//
//   archive_bench [--smoke]
// --smoke: 10 deputies and 5 photos of 50 KB (ctest); the archive is
// checked the same way, and the target is not the point.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/archive/archive.h"
#include "app/ballot/ballot.h"
#include "app/ballot/server_keys.h"
#include "app/campaign/campaign.h"
#include "app/feedback/feedback.h"
#include "app/measure/measure.h"
#include "app/meeting/meeting.h"
#include "app/opinion/opinion.h"
#include "app/report/report.h"
#include "app/users/users.h"
#include "bench/common/measure.h"
#include "core/archive.h"
#include "core/report.h"
#include "export/zip_archive.h"
#include "storage/store.h"

using namespace shuzhi;
using app::Actor;
using base::Micros;
using base::Status;
using bench::PeakRssMb;
using bench::Seconds;

namespace {

struct Size {
  int deputies = 30;
  int photos = 100;
  std::size_t min_bytes = 1'000'000, max_bytes = 2'000'000;  // a phone's JPEG
};
constexpr int kPhotosPerMeasure = 5;  // 5 × 2 MB: far below a measure's 50 MB
constexpr Micros kMinute = 60 * base::kMicrosPerSecond;
constexpr Micros kDay = 1440 * kMinute;

Micros At(const std::string& iso) { return *base::ParseIso8601(iso); }

// splitmix64: fast, and different bytes for every seed.
struct Random {
  std::uint64_t s;
  std::uint64_t Next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

// A JPEG as a phone writes it, as far as anyone reads it here: SOI, a JFIF
// APP0 segment, then entropy-coded-looking bytes (incompressible, like a
// real photo's), then EOI. The service only sniffs the first three bytes.
std::string PhonePhoto(int index, const Size& s) {
  Random r{static_cast<std::uint64_t>(index) * 7919 + 1};
  const std::size_t size = s.min_bytes + r.Next() % (s.max_bytes - s.min_bytes + 1);
  static const std::string kHead("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
  std::string out = kHead;
  out.resize(size - 2);
  for (std::size_t i = kHead.size(); i < out.size(); i += 8) {
    const std::uint64_t v = r.Next();
    for (std::size_t k = 0; k < 8 && i + k < out.size(); ++k) out[i + k] = static_cast<char>(v >> (8 * k));
  }
  return out + "\xFF\xD9";
}

struct Year {
  Year(app::App& a, base::FakeClock& c) : app(a), clock(c) {}
  app::App& app;
  base::FakeClock& clock;
  Actor organizer, leader;
  std::int64_t congress = 0, group = 0, campaign = 0, meeting = 0, poll = 0;
  std::vector<std::int64_t> deputies;
  core::CampaignSpec spec;
};

Actor DeputyActor(std::int64_t deputy) {
  return {0, "deputy-" + std::to_string(deputy), {{core::Role::kDeputy, {}, {}, deputy}}};
}

// A township congress with one group of `n` deputies and 30 voter
// representatives, written as the demo seeds its registry.
Status SeedRegistry(Year& y, int n) {
  return y.app.store().Write([&](storage::Tx& tx) -> Status {
    auto& r = tx.registry();
    SHUZHI_ASSIGN_OR_RETURN(y.congress, r.InsertCongress({0, "township", "基准镇人民代表大会", std::nullopt}));
    SHUZHI_ASSIGN_OR_RETURN(auto term, r.InsertTerm({0, y.congress, 15, "2022-01-05", "2027-01-04"}));
    core::DeputyGroup g;
    g.congress_id = y.congress;
    g.name = "第一代表小组";
    g.leader_name = "小组组长";
    g.rotation_start_year = 2025;
    SHUZHI_ASSIGN_OR_RETURN(y.group, r.InsertGroup(g));
    for (int i = 0; i < n; ++i) {
      const std::string k = std::to_string(i + 1);
      SHUZHI_ASSIGN_OR_RETURN(
          auto d, r.InsertDeputy({0, "代表" + k, i % 3 ? "male" : "female", "1975-03-0" + k.substr(0, 1), "汉族",
                                  "farmer", "基准村", "村民", "1380000" + k}));
      core::Mandate m;
      m.deputy_id = d;
      m.term_id = term;
      m.group_id = y.group;
      SHUZHI_TRY(r.InsertMandate(m).status());
      y.deputies.push_back(d);
    }
    for (int i = 0; i < 30; ++i) {
      const std::string k = std::to_string(i + 1);
      SHUZHI_TRY(r.InsertVoterRep({0, y.group, "选民代表" + k, i % 2 ? "male" : "female", 1960 + i, "farmer", "基准村",
                                   "1390000" + k, true})
                     .status());
    }
    return base::Ok();
  });
}

// The organizer and the group's leader, as accounts (so the archive names
// its builder by display name).
Status SeedUsers(Year& y) {
  y.organizer = {0, "organizer", {{core::Role::kOrganizer, y.congress, {}, {}}}};
  y.leader = {0, "leader", {{core::Role::kGroupLeader, y.congress, y.group, {}}}};
  for (Actor* a : {&y.organizer, &y.leader}) {
    SHUZHI_ASSIGN_OR_RETURN(auto u,
                            y.app.users().CreateAsSystem({a->username, a->username, "password-123", a->roles}, false));
    a->user_id = u.id;
  }
  return base::Ok();
}

// About a thousand characters over the template's sections.
core::ReportContent Report(const core::CampaignSpec& spec, std::int64_t deputy) {
  core::ReportContent r = core::EmptyReport(spec);
  for (auto& section : r.sections) {
    section.text = "本人（代表" + std::to_string(deputy) + "）围绕“" + section.title + "”，";
    for (int i = 0; i < 3; ++i) {
      section.text += "坚持每月走访选民，收集意见建议并及时向镇人大主席团反映，跟踪办理情况并向选民反馈。";
    }
  }
  return r;
}

// The voter campaign, active, every deputy listed by hand, each report
// written and submitted before the deadline (and every other one accepted).
Status SeedCampaign(Year& y) {
  auto& campaigns = y.app.campaigns();
  y.clock.Set(At("2026-11-02T09:00:00+08:00"));
  SHUZHI_ASSIGN_OR_RETURN(auto c, campaigns.Create(y.organizer, y.congress, "voter", 2026, {y.group}));
  y.campaign = c.record.id;
  y.spec = c.spec;
  SHUZHI_TRY(campaigns.SetState(y.organizer, y.campaign, core::CampaignState::kActive).status());
  for (auto d : y.deputies) SHUZHI_TRY(campaigns.AddDeputy(y.organizer, y.campaign, d, y.group));
  y.clock.Set(At("2026-11-15T10:00:00+08:00"));
  for (std::size_t i = 0; i < y.deputies.size(); ++i) {
    const auto d = y.deputies[i];
    const Actor self = DeputyActor(d);
    SHUZHI_TRY(y.app.reports().SaveDraft(self, y.campaign, d, Report(y.spec, d), {}, {}).status());
    SHUZHI_TRY(y.app.reports().Submit(self, y.campaign, d).status());
    if (i % 2 == 0) SHUZHI_TRY(y.app.reports().Review(y.organizer, y.campaign, d, "accept", "").status());
    y.clock.Advance(kMinute);
  }
  return base::Ok();
}

// Two opinions per deputy from visits and forums, the first answered.
Status SeedOpinions(Year& y) {
  const char* texts[] = {"希望尽快修缮村口道路，雨天积水严重。", "建议增加农村老年人助餐点。"};
  for (std::size_t i = 0; i < y.deputies.size(); ++i) {
    const auto d = y.deputies[i];
    for (int k = 0; k < 2; ++k) {
      app::NewOpinion o{k ? "forum" : "visit",
                        "2026-11-0" + std::to_string(3 + k),
                        texts[k],
                        "村民",
                        "民生",
                        std::nullopt,
                        y.campaign};
      SHUZHI_ASSIGN_OR_RETURN(auto rec, y.app.opinions().Record(y.organizer, d, o));
      if (k == 0) {
        SHUZHI_TRY(
            y.app.opinions().Answer(DeputyActor(d), rec.id, "已向镇政府反映，将列入明年民生实事项目。").status());
      }
    }
  }
  return base::Ok();
}

// The group's meeting, one sheet for all deputies: 30 evaluators checked
// in with phone slips, every ballot cast through BallotService as phones
// cast them, the poll closed (final and signed: no paper), the meeting
// finished.
Status HoldMeeting(Year& y) {
  auto& meetings = y.app.meetings();
  app::NewMeeting in;
  in.title = "第一代表小组2026年代表述职评议会";
  in.group_id = y.group;
  in.starts_at = At("2026-11-26T14:30:00+08:00");
  in.venue = "村民服务中心会议室";
  in.poll_mode = "sheet";
  y.clock.Set(in.starts_at);
  SHUZHI_ASSIGN_OR_RETURN(auto m, meetings.Create(y.organizer, y.campaign, in));
  y.meeting = m.id;
  SHUZHI_ASSIGN_OR_RETURN(auto codes, meetings.CreateCarriers(y.organizer, m.id, core::Channel::kPhone, 30));
  for (const auto& a : m.attendees) {
    if (a.role == "evaluator") SHUZHI_TRY(meetings.CheckIn(y.organizer, m.id, a.id, core::Channel::kPhone));
  }
  const auto& poll = m.polls.at(0);
  y.poll = poll.id;
  y.clock.Advance(60 * kMinute);  // the reports
  SHUZHI_TRY(meetings.OpenPoll(y.organizer, y.poll));
  for (std::size_t v = 0; v < codes.size(); ++v) {
    std::vector<core::ChoiceInput> choices;
    for (std::size_t d = 0; d < poll.deputies.size(); ++d) {
      const std::size_t k = (v + d) % 10;  // mostly the best option
      choices.push_back({poll.deputies[d].id, y.spec.scale.at(k < 7 ? 0 : (k < 9 ? 1 : 2)).code});
    }
    SHUZHI_TRY(y.app.ballots().CastAndWait(codes[v], y.poll, choices, "bench", nullptr).status());
  }
  y.clock.Advance(10 * kMinute);
  SHUZHI_TRY(meetings.ClosePoll(y.organizer, y.poll));
  app::ConsoleAction finish;
  finish.kind = "finish";
  return meetings.Console(y.organizer, m.id, finish).status();
}

// The leader's talk with every deputy the day after, the result released.
Status SeedFeedback(Year& y) {
  y.clock.Set(At("2026-11-28T09:00:00+08:00"));
  for (std::size_t i = 0; i < y.deputies.size(); ++i) {
    app::FeedbackInput in{y.clock.Now() - kDay, i % 2 ? core::FeedbackMethod::kPhone : core::FeedbackMethod::kInPerson,
                          "第一代表小组组长", "反馈测评结果和选民意见，肯定成绩，指出联系选民还不够经常。", true};
    SHUZHI_TRY(y.app.feedback().Record(y.leader, y.poll, y.deputies[i], in).status());
  }
  return base::Ok();
}

// A measure per deputy against the meeting's poll; the first ones carry
// the photos, kPhotosPerMeasure each on a progress note. Each is marked
// done, and every other one accepted by the leader. Returns the photos'
// bytes attached.
base::Result<std::int64_t> SeedMeasures(Year& y, const Size& s) {
  std::int64_t bytes = 0;
  int photo = 0;
  for (std::size_t i = 0; i < y.deputies.size(); ++i) {
    const auto d = y.deputies[i];
    const Actor self = DeputyActor(d);
    y.clock.Set(At("2026-11-29T09:00:00+08:00") + static_cast<Micros>(i) * kMinute);
    app::MeasureInput in{"每季度到联系村走访选民一次，建立走访台账，督促村口道路修缮。", "2026-12-31", {}};
    SHUZHI_ASSIGN_OR_RETURN(auto m, y.app.measures().Create(self, y.poll, d, in));
    const auto id = m.view.measure.id;
    if (photo < s.photos) {
      SHUZHI_ASSIGN_OR_RETURN(auto note,
                              y.app.measures().AddNote(self, id, "已走访联系村3次，道路已开工，附现场照片。"));
      for (int k = 0; k < kPhotosPerMeasure && photo < s.photos; ++k, ++photo) {
        app::EvidenceUpload up{"IMG_2026112" + std::to_string(photo) + ".jpg", "image/jpeg", PhonePhoto(photo, s)};
        bytes += static_cast<std::int64_t>(up.bytes.size());
        SHUZHI_TRY(y.app.measures().Attach(self, id, note.note.id, up).status());
      }
    }
    y.clock.Advance(kDay);
    SHUZHI_TRY(y.app.measures().MarkDone(self, id).status());
    if (i % 2 == 0) SHUZHI_TRY(y.app.measures().Review(y.leader, id, true, "").status());
  }
  if (photo < s.photos) return base::FailedPrecondition("bench.too_few_deputies", "not every photo found a measure");
  return bytes;
}

// The whole year, then the campaign closed (core::MayBuildArchive).
base::Result<std::int64_t> SeedYear(Year& y, const Size& s) {
  SHUZHI_TRY(SeedRegistry(y, s.deputies));
  SHUZHI_TRY(SeedUsers(y));
  SHUZHI_TRY(SeedCampaign(y));
  SHUZHI_TRY(SeedOpinions(y));
  SHUZHI_TRY(HoldMeeting(y));
  SHUZHI_TRY(SeedFeedback(y));
  SHUZHI_ASSIGN_OR_RETURN(auto photo_bytes, SeedMeasures(y, s));
  y.clock.Set(At("2026-12-05T17:00:00+08:00"));
  SHUZHI_TRY(y.app.campaigns().SetState(y.organizer, y.campaign, core::CampaignState::kClosed).status());
  return photo_bytes;
}

// What a group's archive holds here: plan.pdf, a report per deputy, the
// meeting's minutes, its poll's tally certificate and board, the opinion,
// feedback and measure workbooks, each photo once, and manifest.json (its
// signature is not counted among the files built).
std::int64_t ExpectedFiles(const Size& s) { return 1 + s.deputies + 1 + 2 + 3 + s.photos + 1; }

struct Checked {
  bool ok = false;
  std::string problem;
  std::size_t entries = 0, listed = 0, evidence = 0;
};

// The download checked as `shuzhi verify-archive` checks a file (the same
// ZIP limits), against the server's key fingerprint.
Checked Verify(app::App& app, const std::string& zip) {
  Checked out;
  auto entries = exports::ReadZipEntries(zip, exports::kArchiveReadLimits);
  if (!entries.ok()) {
    out.problem = entries.status().ToString();
    return out;
  }
  out.entries = entries->size();
  for (const auto& [path, bytes] : *entries) out.evidence += path.rfind("evidence/", 0) == 0 ? 1 : 0;
  const auto check = core::VerifyArchive(*entries, app.keys().fingerprint());
  out.ok = check.ok;
  out.listed = check.files;
  out.problem = check.problem + (check.file.empty() ? "" : " " + check.file);
  return out;
}

int Fail(const char* what, const Status& st) {
  std::fprintf(stderr, "archive_bench: %s: %s\n", what, st.ToString().c_str());
  return 1;
}

// Builds the group's archive on this thread and times that alone, then
// fetches it and checks it; 0 when it verifies and holds every file.
int BuildAndCheck(Year& y, const Size& s) {
  auto& archives = y.app.archives();
  archives.set_synchronous(true);
  y.clock.Set(At("2026-12-06T09:00:00+08:00"));
  const auto t0 = std::chrono::steady_clock::now();
  auto started = archives.Build(y.organizer, y.campaign, y.group, base::Lang::kZhCn);
  const double build_s = Seconds(t0);
  const long build_rss = PeakRssMb();
  if (!started.ok()) return Fail("build", started.status());
  auto view = archives.Get(y.organizer, started->archive.id);
  if (!view.ok()) return Fail("get", view.status());
  if (view->archive.state != core::ArchiveState::kDone) {
    std::fprintf(stderr, "archive_bench: the build ended %s: %s\n", core::ArchiveStateCode(view->archive.state),
                 view->archive.error.c_str());
    return 1;
  }
  auto got = archives.Fetch(y.organizer, started->archive.id);
  if (!got.ok()) return Fail("fetch", got.status());
  const auto& a = got->view.archive;
  std::printf("archive built: %lld files, %.1f MB ZIP in %.2f s (target 10 s: %s)\n",
              static_cast<long long>(a.files_total), static_cast<double>(got->bytes.size()) / 1e6, build_s,
              build_s <= 10.0 ? "ok" : "MISSED");
  const Checked c = Verify(y.app, got->bytes);
  std::printf("peak resident memory: %ld MB after the build, %ld MB after fetching and verifying it\n", build_rss,
              PeakRssMb());
  const bool counts = c.listed + 2 == c.entries && static_cast<std::int64_t>(c.entries) == a.files_total + 1 &&
                      a.files_total == ExpectedFiles(s) && static_cast<int>(c.evidence) == s.photos;
  const std::string problem = !c.ok     ? " - " + c.problem
                              : !counts ? " - expected " + std::to_string(ExpectedFiles(s)) + " files and " +
                                              std::to_string(s.photos) + " photos"
                                        : "";
  std::printf("verify-archive: %s (%zu entries, %zu files in the manifest, %zu photos)%s\n",
              c.ok && counts ? "ok" : "FAILED", c.entries, c.listed, c.evidence, problem.c_str());
  return c.ok && counts ? 0 : 1;
}

// The year in a fresh SQLite store under `dir`, then its archive.
int Run(const std::filesystem::path& dir, const Size& s) {
  auto store = storage::OpenStore({dir.string(), "", 2});
  if (!store.ok()) return Fail("open", store.status());
  base::FakeClock clock(At("2026-11-01T09:00:00+08:00"));
  app::AppOptions options;
  options.password_cost = base::PasswordCost::kTestOnly;
  app::App application(**store, clock, options);
  Year y(application, clock);
  const auto t0 = std::chrono::steady_clock::now();
  auto photo_bytes = SeedYear(y, s);
  if (!photo_bytes.ok()) return Fail("seed", photo_bytes.status());
  std::printf("year built: %zu deputies, 1 poll of 30 ballots, %d photos (%.1f MB) in %.1f s; peak RSS so far %ld MB\n",
              y.deputies.size(), s.photos, static_cast<double>(*photo_bytes) / 1e6, Seconds(t0), PeakRssMb());
  return BuildAndCheck(y, s);
}

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape): a benchmark, an exception ends it
  const bool smoke = argc > 1 && std::string(argv[1]) == "--smoke";
  Size s;
  if (smoke) s = {10, 5, 50'000, 50'000};
  if (!base::InitCrypto().ok()) return 1;
  const auto dir = std::filesystem::temp_directory_path() / ("shuzhi-archive-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const int rc = Run(dir, s);
  std::filesystem::remove_all(dir);
  if (smoke) std::printf("smoke: %s\n", rc == 0 ? "ok" : "FAILED");
  return rc;
}
