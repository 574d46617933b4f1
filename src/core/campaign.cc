#include "core/campaign.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/registry.h"

namespace shuzhi::core {
namespace {

std::string Date(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

}  // namespace

const char* DisclosureCode(Disclosure d) { return d == Disclosure::kAnnounce ? "announce" : "private"; }

const char* CampaignStateCode(CampaignState s) {
  switch (s) {
    case CampaignState::kDraft:
      return "draft";
    case CampaignState::kActive:
      return "active";
    case CampaignState::kClosed:
      return "closed";
    case CampaignState::kArchived:
      return "archived";
  }
  return "draft";
}

const char* GradeBaseCode(GradeBase b) {
  switch (b) {
    case GradeBase::kValidVotes:
      return "valid_votes";
    case GradeBase::kBallotsReturned:
      return "ballots_returned";
    case GradeBase::kEvaluatorsEntitled:
      return "evaluators_entitled";
    case GradeBase::kEvaluatorsPresent:
      return "evaluators_present";
  }
  return "valid_votes";
}

std::optional<Disclosure> ParseDisclosure(std::string_view s) {
  if (s == "announce") return Disclosure::kAnnounce;
  if (s == "private") return Disclosure::kPrivate;
  return std::nullopt;
}

std::optional<CampaignState> ParseCampaignState(std::string_view s) {
  for (auto v : {CampaignState::kDraft, CampaignState::kActive, CampaignState::kClosed, CampaignState::kArchived}) {
    if (s == CampaignStateCode(v)) return v;
  }
  return std::nullopt;
}

std::optional<GradeBase> ParseGradeBase(std::string_view s) {
  for (auto v : {GradeBase::kValidVotes, GradeBase::kBallotsReturned, GradeBase::kEvaluatorsEntitled,
                 GradeBase::kEvaluatorsPresent}) {
    if (s == GradeBaseCode(v)) return v;
  }
  return std::nullopt;
}

// Plan 1 (2019年述职评议工作实施方案): the county standing committee evaluates
// the city deputies. Wording from the seed; punctuation set full-width as in
// official documents.
CampaignSpec CommitteeTemplate(int year) {
  CampaignSpec c;
  c.template_code = "committee";
  c.year = year;
  c.title = std::to_string(year) + "年述职评议工作实施方案";
  c.organizing_body = "县人大常委会";
  c.content_items = {
      "学习贯彻党的方针政策，不断提升履职能力情况",
      "立足本职工作、发挥模范带头作用、爱岗敬业等工作情况",
      "出席本级人民代表大会履行代表职责情况",
      "闭会期间参加代表活动情况",
      "联系原选举单位和人民群众、反映人民群众的意见和要求、努力为人民群众办好事、办实事情况",
      "助力脱贫攻坚工作情况",
      "遵纪守法、廉洁自律及其他情况",
  };
  c.word_limit = 2500;
  c.speech_minutes = 10;
  c.scale = {{"satisfied", "满意", true}, {"basically_satisfied", "基本满意", true}, {"dissatisfied", "不满意", false}};
  c.disclosure = Disclosure::kAnnounce;
  c.phases = {
      {"deployment",
       "部署安排",
       Date(year, 8, 1),
       Date(year, 8, 31),
       {{"deployment", "部署安排市人大代表述职工作", Date(year, 8, 31), false},
        {"choose_deputies", "确定述职代表", Date(year, 8, 31), false}}},
      {"writing",
       "撰写述职报告",
       Date(year, 9, 1),
       Date(year, 10, 31),
       {{"report_deadline", "述职代表撰写并提交述职报告", Date(year, 10, 31), false}}},
      {"meeting",
       "述职评议大会",
       Date(year, 11, 21),
       Date(year, 11, 30),
       {{"meeting", "召开述职评议大会：听取述职报告，代表评议或提问，民主测评，领导点评", Date(year, 11, 30), false},
        {"announce", "当场宣布测评结果", Date(year, 11, 30), false}}},
  };
  c.report_deadline = Date(year, 10, 31);
  c.purpose =
      "根据有关法律法规的规定和《XX县人民代表大会常务委员会关于加强市、县人大代表履职管理、发挥人大代表主体作用的意见》"
      "的要求，"
      "按照" +
      std::to_string(year) +
      "年县人大常委会工作要点安排，继续开展市人大代表向县人大常委会述职活动，由县人大常委会组织进行评议，现制定本方案"
      "。";
  c.method =
      "1．采取会议述职的方式。县人大常委会召开专题会议，开展市人大代表述职评议活动。参加市人大代表述职大会的人员为县人"
      "大常委会全体组成人员，"
      "同时根据需要邀请市人大常委会领导、县委领导、部分国、省、市、县代表、乡镇人大主席参加会议。\n"
      "2．述职评议大会程序为：听取述职报告，代表评议或提问，民主测评，领导点评。\n"
      "3．县人大常委会全体组成人员按照“满意”、“基本满意”和“不满意”三个层次对述职的市人大代表进行满意度测评，并当场宣布"
      "结果。";
  c.organisation = "市人大代表的述职评议工作由县人大常委会组织实施，县人大常委会办公室和联工委负责有关具体工作。";
  c.requirements =
      "1．认真撰写述职报告。参加述职的市人大代表要切实提高认识，安排好本职工作，认真做好参加述职评议的准备工作。要对当"
      "选代表以来依法履职情况进行全面总结，"
      "形成高质量的述职报告。结合自身实际，对规定的七个方面述职内容既要全面报告，又要有所侧重；既要报告成绩，又要找出差"
      "距和存在的问题，同时明确今后的努力方向。"
      "述职报告的字数不超过2500字，述职的时间控制在10分钟之内。\n"
      "2．切实做好述职评议的组织工作。在县人大常委会的领导下，有关工作机构要精心组织，确保述职评议工作不走过场，取得工"
      "作实效。"
      "认真做好述职评议大会的筹备组织工作，引导参会人员坚持原则、实事求是，对代表履职情况做出客观公正的评价。\n"
      "3．注重述职评议实效。着眼于增强代表的政治意识、法律意识、大局意识，调动代表依法履职的积极性和创造性，充分发挥代"
      "表作用。"
      "被评议代表要虚心接受县人大常委会组成人员的评议监督，认真回答代表们提出的问题，认真对待评议中提出的批评意见，不断"
      "提高履职能力和水平，争当人民满意的人大代表。"
      "述职评议测评结果将作为年度考核和评选优秀代表的重要依据。";
  return c;
}

// Plan 2 (关于开展区、镇人大代表述职活动的实施方案): district and town deputies
// report to about 30 voter representatives; results are fed back privately.
CampaignSpec VoterTemplate(int year) {
  CampaignSpec c;
  c.template_code = "voter";
  c.year = year;
  c.title = "关于开展区、镇人大代表述职活动的实施方案";
  c.organizing_body = "镇人大主席团";
  c.content_items = {
      "宣传和贯彻执行宪法、法律、法规和人大及其常委会决议、决定的情况",
      "自觉遵守社会公德，廉洁自律，公道正派，勤勉尽责情况",
      // One item, its literal split for width.
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
      "按时出席本级人民代表大会会议，认真审议各项议案、报告和其他议题，发表意见建议，做好会议期间人事选举、有关事项及草"
      "案表决等各项工作情况",
      "提出议案、建议，帮助解决群众普遍关心的热点、难点问题情况",
      "参加统一组织的集中视察、专题调研、执法检查、重要情况通报会、代表主题活动、民生实事项目监督工作等履职情况",
      "参加代表联络站（点）联系人民群众，开展主题接待活动，反映社情民意情况",
      "参加代表集中培训，加强履职学习和调查研究，自觉提高执行代表职务的能力情况",
      "履行职务过程中存在的不足及改进措施",
  };
  c.word_limit = 2500;
  c.speech_minutes = 10;
  c.scale = {{"excellent", "优秀", true},
             {"competent", "称职", true},
             {"basically_competent", "基本称职", false},
             {"incompetent", "不称职", false}};
  c.disclosure = Disclosure::kPrivate;
  c.phases = {
      {"preparation",
       "准备阶段（11月上旬至11月中旬）",
       Date(year, 11, 1),
       Date(year, 11, 20),
       {{"plan", "制定代表述职活动实施方案", Date(year, 11, 5), false},
        {"mobilisation", "召开述职工作动员会，统一部署代表述职工作", Date(year, 11, 8), false},
        {"choose_deputies", "代表小组确定述职的区、镇代表和选民代表人数及人选", Date(year, 11, 10), false},
        {"report_deadline", "述职代表撰写书面述职报告，上交代表小组组长", Date(year, 11, 20), false},
        {"opinion_collection", "选民代表通过走访和座谈会等形式征求选民意见建议", Date(year, 11, 20), false}}},
      {"reporting",
       "述职阶段（11月下旬）",
       Date(year, 11, 21),
       Date(year, 11, 30),
       {{"meeting", "召开代表述职大会，代表向选民述职，以无记名形式进行民主测评", Date(year, 11, 30), false},
        {"feedback", "代表小组组长向代表本人反馈测评结果", Date(year, 11, 30), false}}},
      {"rectification",
       "整改总结阶段（12月上旬）",
       Date(year, 12, 1),
       Date(year, 12, 10),
       {{"rectification", "述职代表根据评议意见和自查存在的问题制定整改措施", Date(year, 12, 10), false},
        {"archive", "代表小组归档代表述职活动资料", Date(year, 12, 10), false},
        {"submission", "将民主测评结果和评议情况报镇人大主席团", Date(year, 12, 10), false}}},
  };
  c.report_deadline = Date(year, 11, 20);
  c.purpose =
      "根据XX区人大常委会《关于区人大代表向选民述职办法（试行）》文件要求，为进一步密切代表与原选区选民的联系，增强代表"
      "自觉接受选民监督的意识，"
      "促进代表更好地依法履行职责，经镇人大主席团研究，决定开展区、镇人大代表述职活动。按照每位代表在届内述职一次且在三"
      "年内完成的要求，"
      "每个代表小组确定三分之一的区、镇人大代表进行述职。";
  c.method =
      "采用代表向选民述职，选民提出意见建议，并对代表履职情况进行民主测评的方式进行。参加代表述职的选民代表要体现广泛性"
      "，人数一般在30人左右。"
      "代表述职大会以无记名形式对述职代表的履职情况进行民主测评，测评分优秀、称职、基本称职、不称职四个等次。测评结果不"
      "进行现场公布，会后由代表小组组长向代表本人反馈。";
  c.organisation =
      "各代表小组认真组织开展代表述职工作，指导代表撰写好述职报告、筛选好选民代表、召开好述职大会。其他参加单位要协助述"
      "职代表做好相关工作，为代表述职创造有利条件。";
  c.requirements =
      "（一）提高思想认识，做好述职工作。参加述职的区、镇人大代表要认真总结好本届来的代表履职情况，撰写好书面汇报材料，"
      "自觉征求和听取选民意见，并切实抓好整改，进一步发挥代表作用。\n"
      "（二）加强组织领导，搞好工作协调。各代表小组要认真组织开展代表述职工作，指导代表撰写好述职报告、筛选好选民代表、"
      "召开好述职大会。\n"
      "（三）抓好总结整改，务求工作实效。各代表小组对本次述职活动应做好记录和总结，代表要高度重视选民提出的意见建议，对"
      "照要求做好自身整改，使述职活动不流于形式，将述职工作的成果转化为工作实效和动力。";
  return c;
}

CampaignSpec TemplateFor(std::string_view code, int year) {
  if (code == "committee") return CommitteeTemplate(year);
  if (code == "voter") return VoterTemplate(year);
  CampaignSpec c;
  c.template_code = "custom";
  c.year = year;
  c.scale = {{"satisfied", "满意", true}, {"basically_satisfied", "基本满意", true}, {"dissatisfied", "不满意", false}};
  c.report_deadline = Date(year, 11, 20);
  return c;
}

base::Micros DeadlineOf(std::string_view iso_date) {
  const auto start = base::ParseIso8601(std::string(iso_date) + "T00:00:00+08:00");
  if (!start) return 0;
  return *start + 86400LL * base::kMicrosPerSecond - 1;
}

bool IsLate(base::Micros submitted_at, std::string_view deadline_date) {
  return submitted_at > DeadlineOf(deadline_date);
}

base::Status ValidateCampaign(const CampaignSpec& c) {
  auto bad = [](const std::string& field, const char* code) {
    return base::InvalidArgument("request.invalid", field + ": " + code, {{field, code}});
  };
  if (c.year < 2000 || c.year > 2200) return bad("year", "invalid");
  if (c.title.empty() || c.title.size() > 256) return bad("title", "required");
  if (c.organizing_body.size() > 256) return bad("organizing_body", "too_long");
  if (c.content_items.empty()) return bad("content_items", "required");
  for (std::size_t i = 0; i < c.content_items.size(); ++i) {
    if (c.content_items[i].empty() || c.content_items[i].size() > 1000) {
      return bad("content_items[" + std::to_string(i) + "]", "invalid");
    }
  }
  if (c.word_limit < 100 || c.word_limit > 100000) return bad("word_limit", "invalid");
  if (c.speech_minutes < 1 || c.speech_minutes > 120) return bad("speech_minutes", "invalid");
  if (c.scale.size() < 2 || c.scale.size() > 10) return bad("scale", "two_to_ten_options");
  for (std::size_t i = 0; i < c.scale.size(); ++i) {
    const auto& o = c.scale[i];
    if (o.code.empty() || o.label.empty()) return bad("scale[" + std::to_string(i) + "]", "required");
    for (std::size_t j = 0; j < i; ++j) {
      if (c.scale[j].code == o.code) return bad("scale[" + std::to_string(i) + "].code", "duplicate");
    }
  }
  if (std::none_of(c.scale.begin(), c.scale.end(), [](const ScaleOption& o) { return o.approval; })) {
    return bad("scale", "no_approval_option");
  }
  if (c.min_valid_votes < 1 || c.min_valid_votes > 1000) return bad("min_valid_votes", "invalid");
  if (!IsIsoDate(c.report_deadline)) return bad("report_deadline", "invalid_date");
  for (std::size_t i = 0; i < c.phases.size(); ++i) {
    const auto& p = c.phases[i];
    const std::string at = "phases[" + std::to_string(i) + "]";
    if (p.title.empty()) return bad(at + ".title", "required");
    if (!IsIsoDate(p.start_date)) return bad(at + ".start_date", "invalid_date");
    if (!IsIsoDate(p.end_date)) return bad(at + ".end_date", "invalid_date");
    if (p.end_date < p.start_date) return bad(at + ".end_date", "before_start");
    for (std::size_t j = 0; j < p.tasks.size(); ++j) {
      const auto& t = p.tasks[j];
      if (t.title.empty()) return bad(at + ".tasks[" + std::to_string(j) + "].title", "required");
      if (t.due_date && !IsIsoDate(*t.due_date))
        return bad(at + ".tasks[" + std::to_string(j) + "].due_date", "invalid_date");
    }
  }
  return base::Ok();
}

base::Status CheckTransition(CampaignState from, CampaignState to) {
  using S = CampaignState;
  const bool ok = (from == S::kDraft && to == S::kActive) || (from == S::kActive && to == S::kClosed) ||
                  (from == S::kClosed && to == S::kActive) || (from == S::kClosed && to == S::kArchived);
  if (ok) return base::Ok();
  return base::FailedPrecondition(
      "campaign.bad_transition",
      std::string("a campaign cannot go from ") + CampaignStateCode(from) + " to " + CampaignStateCode(to));
}

}  // namespace shuzhi::core
