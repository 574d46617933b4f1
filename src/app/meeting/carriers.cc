// MeetingService: attendance, and the carriers printed, handed out and voided.
#include <algorithm>

#include "app/audit/audit.h"
#include "app/errors.h"
#include "app/meeting/meeting_document.h"
#include "app/meeting/meeting_internal.h"

namespace shuzhi::app {

using namespace meeting_detail;  // NOLINT(google-build-using-namespace): the service's own helpers

// ---- attendance and carriers ----

Result<std::int64_t> MeetingService::AddAttendee(const Actor& actor, std::int64_t meeting_id, const NewAttendee& in) {
  if (in.role != "evaluator" && in.role != "guest") return Invalid("role", "invalid");
  if (in.name.empty() || in.name.size() > 200) return Invalid("name", "required");
  SHUZHI_TRY(CheckText(in.affiliation, "affiliation"));
  std::int64_t id = 0;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_TRY(NotEnded(l.meeting));
    SHUZHI_ASSIGN_OR_RETURN(id, tx.meetings().InsertAttendee({0, meeting_id, in.role, in.name, in.affiliation,
                                                              std::nullopt, std::nullopt, false}));
    SHUZHI_TRY(Touch(tx, meeting_id));
    return RecordAudit(tx, clock_, actor.username, "meeting.attendee_add", "meeting:" + std::to_string(meeting_id),
                       {{"name", in.name}, {"role", in.role}});
  }));
  return id;
}

Status MeetingService::RemoveAttendee(const Actor& actor, std::int64_t meeting_id, std::int64_t attendee_id) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(meeting_id));
    auto it = std::find_if(attendees.begin(), attendees.end(), [&](const auto& a) { return a.id == attendee_id; });
    if (it == attendees.end()) return base::NotFound("meeting.attendee_not_found", "no such attendee");
    if (it->checked_in) {
      return base::FailedPrecondition("meeting.checked_in", "someone already checked in stays on the list");
    }
    SHUZHI_TRY(tx.meetings().DeleteAttendee(attendee_id));
    SHUZHI_TRY(Touch(tx, meeting_id));
    return RecordAudit(tx, clock_, actor.username, "meeting.attendee_remove", "meeting:" + std::to_string(meeting_id),
                       {{"name", it->name}});
  });
}

Status MeetingService::CheckIn(const Actor& actor, std::int64_t meeting_id, std::int64_t attendee_id,
                               std::optional<core::Channel> channel) {
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_TRY(NotEnded(l.meeting));
    SHUZHI_ASSIGN_OR_RETURN(auto attendees, tx.meetings().ListAttendees(meeting_id));
    auto it = std::find_if(attendees.begin(), attendees.end(), [&](const auto& a) { return a.id == attendee_id; });
    if (it == attendees.end()) return base::NotFound("meeting.attendee_not_found", "no such attendee");
    if (it->checked_in) return base::Conflict("meeting.already_checked_in", it->name + " has checked in already");
    if (it->role == "evaluator" && !channel) return Invalid("channel", "required");
    if (it->role == "guest" && channel) {
      return base::InvalidArgument("meeting.guest_no_carrier", "guests do not evaluate and receive no carrier",
                                   {{"channel", "guest"}});
    }
    SHUZHI_TRY(tx.meetings().SetCheckedIn(attendee_id, true));
    // Only the count of the kind handed out grows: which attendee drew which
    // carrier, or even which kind, is never recorded (DESIGN.md §4).
    if (channel) SHUZHI_TRY(tx.meetings().AddIssued(meeting_id, l.meeting.carrier_round, *channel, 1));
    return Touch(tx, meeting_id);
  });
}

Status MeetingService::Issue(const Actor& actor, std::int64_t meeting_id, core::Channel channel, int count) {
  if (count < 1 || count > 2000000) return Invalid("count", "out_of_range");
  return store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_TRY(NotEnded(l.meeting));
    // Each evaluator present draws exactly one carrier: the round's carriers,
    // of both kinds, never outnumber them (the void rule counts on it).
    SHUZHI_ASSIGN_OR_RETURN(const auto issued, IssuedInRound(tx, meeting_id, l.meeting.carrier_round));
    SHUZHI_ASSIGN_OR_RETURN(const auto evaluators, EvaluatorsOf(tx, meeting_id));
    const std::int64_t present = evaluators.present;
    if (issued.total() + count > present) {
      return base::Status(base::Code::kFailedPrecondition, "meeting.issued_over_present",
                          "only " + std::to_string(present) + " evaluators are checked in and " +
                              std::to_string(issued.total()) + " carriers are already handed out in this round",
                          {{"count", "at_most_" + std::to_string(present - issued.total())}});
    }
    SHUZHI_TRY(tx.meetings().AddIssued(meeting_id, l.meeting.carrier_round, channel, count));
    if (channel == core::Channel::kPhone) {
      // Phones handed out while a poll is open vote in it: make room for them.
      SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(meeting_id));
      for (const auto& p : polls) {
        if (p.state == core::PollState::kOpen && p.round == l.meeting.carrier_round) {
          SHUZHI_TRY(tx.ballots().ReserveBallotPlaces(p.id, count));
        }
      }
    }
    SHUZHI_TRY(Touch(tx, meeting_id));
    return RecordAudit(tx, clock_, actor.username, "meeting.issue", "meeting:" + std::to_string(meeting_id),
                       {{"channel", core::ChannelCode(channel)}, {"count", std::to_string(count)}});
  });
}

Result<std::vector<std::string>> MeetingService::CreateCarriers(const Actor& actor, std::int64_t meeting_id,
                                                                core::Channel channel, int count, CarrierPrint* print) {
  if (count < 1 || count > kMaxCarriersPerPrint) return Invalid("count", "out_of_range");
  SHUZHI_TRY(keys_.Load());
  std::vector<base::Bytes> secrets;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    SHUZHI_TRY(NotEnded(l.meeting));
    if (print) {
      print->meeting_title = l.meeting.title;
      print->scale = l.campaign.spec.scale;
      print->abstention_allowed = l.campaign.spec.abstention_allowed;
      print->round = l.meeting.carrier_round;
      SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(meeting_id));
      for (const auto& p : polls) {
        if (p.round != l.meeting.carrier_round || p.state == core::PollState::kVoid) continue;
        for (auto id : p.deputy_ids) {
          SHUZHI_ASSIGN_OR_RETURN(auto name, DeputyName(tx, id));
          print->deputies.push_back(name);
        }
      }
    }
    for (int i = 0; i < count; ++i) {
      auto secret = base::RandomBytes(core::kSecretBytes);
      SHUZHI_TRY(tx.meetings().InsertCarrier(
          {keys_.CarrierHash(secret), meeting_id, l.meeting.carrier_round, channel, core::CarrierState::kPrinted}));
      secrets.push_back(std::move(secret));
    }
    return RecordAudit(tx, clock_, actor.username, "meeting.print_carriers", "meeting:" + std::to_string(meeting_id),
                       {{"channel", core::ChannelCode(channel)}, {"count", std::to_string(count)}});
  }));
  std::vector<std::string> codes;
  for (const auto& s : secrets) codes.push_back(core::FormatSecret(s));
  return codes;
}

Result<std::string> MeetingService::PrintCarriers(const Actor& actor, std::int64_t meeting_id, core::Channel channel,
                                                  int count, const std::string& base_url, base::Lang lang) {
  CarrierPrint print;
  print.channel = channel;
  print.base_url = base_url;
  SHUZHI_ASSIGN_OR_RETURN(print.codes, CreateCarriers(actor, meeting_id, channel, count, &print));
  print.fingerprint = keys_.fingerprint();
  return RenderCarriersPdf(print, lang);
}

Result<int> MeetingService::VoidCarriers(const Actor& actor, std::int64_t meeting_id,
                                         const std::vector<std::string>& codes) {
  if (codes.empty() || codes.size() > 2000) return Invalid("codes", "out_of_range");
  SHUZHI_TRY(keys_.Load());
  std::vector<base::Bytes> hashes;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    auto secret = core::ParseSecret(codes[i]);
    if (!secret.ok()) {
      return base::InvalidArgument("credential.malformed", "code " + std::to_string(i + 1) + " is not a carrier code",
                                   {{"codes[" + std::to_string(i) + "]", "malformed"}});
    }
    hashes.push_back(keys_.CarrierHash(*secret));
  }
  int voided = 0;
  SHUZHI_TRY(store_.Write([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto l, LoadToRun(tx, actor, meeting_id));
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      SHUZHI_ASSIGN_OR_RETURN(auto c, tx.meetings().FindCarrier(hashes[i]));
      if (!c || c->meeting_id != meeting_id) {
        return base::NotFound("credential.unknown",
                              "code " + std::to_string(i + 1) + " was not printed for this meeting");
      }
      if (!core::CarrierMayMove(c->state, core::CarrierState::kVoided)) continue;  // voided before
      SHUZHI_TRY(tx.meetings().SetCarrierState(hashes[i], core::CarrierState::kVoided));
      ++voided;
    }
    SHUZHI_TRY(Touch(tx, meeting_id));
    return RecordAudit(tx, clock_, actor.username, "meeting.void_carriers", "meeting:" + std::to_string(meeting_id),
                       {{"count", std::to_string(voided)}});
  }));
  return voided;
}

}  // namespace shuzhi::app
