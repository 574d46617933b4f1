#include "app/ballot/ballot.h"

#include <algorithm>
#include <future>
#include <optional>

#include "app/campaign/campaign.h"
#include "app/campaign/campaign_access.h"
#include "core/board.h"
#include "core/meeting_states.h"
#include "storage/store.h"

namespace shuzhi::app {
namespace {

constexpr int kFailuresPerAddress = 20;  // within the window below
constexpr Micros kFailureWindow = 10LL * 60 * base::kMicrosPerSecond;

std::string ThrottleKey(const std::string& address) { return "carrier:" + address; }

// Whether `gate` (MeetingRepo::CheckCast) lets the carrier cast, and if
// not, which refusal: the carrier first, so that a wrong code learns nothing
// about the poll.
Status Admit(storage::Tx& tx, const storage::CastCheck& gate, const base::Bytes& carrier_hash) {
  if (!gate.poll_found) {
    SHUZHI_ASSIGN_OR_RETURN(auto c, tx.meetings().FindCarrier(carrier_hash));
    if (!c) return base::NotFound("credential.unknown", "no carrier of this meeting has this code");
    if (c->state != core::CarrierState::kPrinted)
      return base::FailedPrecondition("credential.voided", "this carrier was voided");
    return base::NotFound("poll.not_found", "no such poll for this carrier");
  }
  if (!gate.carrier_found) return base::NotFound("credential.unknown", "no carrier of this meeting has this code");
  if (gate.carrier_state != core::CarrierState::kPrinted) {
    return base::FailedPrecondition("credential.voided", "this carrier was voided");
  }
  if (gate.carrier_meeting_id != gate.poll_meeting_id) {
    return base::NotFound("credential.unknown", "no carrier of this meeting has this code");
  }
  if (gate.poll_state != core::PollState::kOpen) {
    return base::FailedPrecondition("ballot.poll_not_open", "this poll is not open for voting");
  }
  if (gate.carrier_round != gate.poll_round) {
    return base::FailedPrecondition("credential.wrong_round", "this carrier is from an earlier round of this meeting");
  }
  return base::Ok();
}

// A phone ballot encoded for storage, and its re-send check.
struct Encoded {
  std::string choices;
  base::Bytes check;
};

// The ballot form of poll `poll_id` (its deputies, the campaign's scale),
// from `forms` once the poll has opened.
Result<std::shared_ptr<const core::PollBallotSpec>> FormOf(storage::Tx& tx, PollForms& forms, std::int64_t poll_id) {
  if (auto known = forms.Find(poll_id)) return known;
  SHUZHI_ASSIGN_OR_RETURN(auto poll, tx.meetings().FindPoll(poll_id));
  if (!poll) return base::NotFound("poll.not_found", "no such poll");
  SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().Find(poll->meeting_id));
  if (!m) return base::NotFound("poll.not_found", "no such poll");
  SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, m->campaign_id));
  SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
  auto form = std::make_shared<const core::PollBallotSpec>(
      core::PollBallotSpec{poll->deputy_ids, view.spec.scale, view.spec.abstention_allowed});
  // Once a poll has opened its deputies and the campaign's scale are fixed
  // (CampaignService refuses to change them), so its form can be remembered.
  if (poll->state != core::PollState::kPending) forms.Remember(poll_id, form);
  return form;
}

}  // namespace

BallotService::BallotService(storage::Store& store, const base::Clock& clock, ServerKeys& keys)
    : store_(store), clock_(clock), keys_(keys), failures_(clock, kFailureWindow, "carrier") {}

Status BallotService::Failed(Status error, const std::string& address, std::int64_t* retry_after) {
  // An address that failed too often gets "wait" instead of what was wrong
  // with this code; a valid code from it still goes through (Open, Cast).
  const auto wait = failures_.RetryAfterSeconds(ThrottleKey(address), kFailuresPerAddress);
  failures_.RecordFailure(ThrottleKey(address));
  if (wait > 0) {
    if (retry_after) *retry_after = wait;
    return base::ResourceExhausted("ballot.too_many_attempts", "too many wrong codes from this device; wait a while");
  }
  return error;
}

Result<base::Bytes> BallotService::ParseCode(const std::string& code, const std::string& address,
                                             std::int64_t* retry_after) {
  SHUZHI_TRY(keys_.Load());
  auto parsed = core::ParseSecret(code);
  if (!parsed.ok()) {
    return Failed(base::InvalidArgument("credential.malformed", "the code is mistyped", {{"code", "malformed"}}),
                  address, retry_after);
  }
  return *parsed;
}

Result<BallotService::OpenCarrier> BallotService::Open(const std::string& code, const std::string& address,
                                                       std::int64_t* retry_after, base::Bytes* secret) {
  SHUZHI_ASSIGN_OR_RETURN(*secret, ParseCode(code, address, retry_after));
  std::optional<storage::CarrierRecord> found;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(found, tx.meetings().FindCarrier(keys_.CarrierHash(*secret)));
    return base::Ok();
  }));
  if (!found) return Failed(base::NotFound("credential.unknown", "no carrier has this code"), address, retry_after);
  if (found->state != core::CarrierState::kPrinted) {
    return Failed(base::FailedPrecondition("credential.voided", "this carrier was voided"), address, retry_after);
  }
  return OpenCarrier{found->meeting_id, found->round, found->channel};
}

Result<CarrierLookup> BallotService::Lookup(const std::string& code, const std::string& address,
                                            std::int64_t* retry_after) {
  base::Bytes secret;
  SHUZHI_ASSIGN_OR_RETURN(auto carrier, Open(code, address, retry_after, &secret));
  CarrierLookup out;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto m, tx.meetings().Find(carrier.meeting_id));
    if (!m) return base::NotFound("credential.unknown", "no carrier has this code");
    SHUZHI_ASSIGN_OR_RETURN(auto c, campaign_access::Load(tx, m->campaign_id));
    SHUZHI_ASSIGN_OR_RETURN(auto view, campaign_access::ViewOf(c));
    SHUZHI_ASSIGN_OR_RETURN(auto polls, tx.meetings().ListPolls(m->id));
    for (const auto& p : polls) {
      if (p.round != carrier.round || p.state == core::PollState::kPending) continue;
      SHUZHI_ASSIGN_OR_RETURN(auto spent, tx.ballots().FindSpend(p.id, keys_.SpendKey(p.id, secret)));
      if (p.state != core::PollState::kOpen && !spent) continue;
      CarrierPollView pv{p.id, p.position, p.round, p.state, spent.has_value(), std::nullopt, {}};
      if (spent) pv.receipt = keys_.Receipt(p.id, secret);
      for (auto id : p.deputy_ids) {
        SHUZHI_ASSIGN_OR_RETURN(auto d, tx.registry().FindDeputy(id));
        pv.deputies.push_back({id, d ? d->name : std::string()});
      }
      out.polls.push_back(std::move(pv));
    }
    out.meeting_title = m->title;
    out.channel = carrier.channel;
    out.scale = view.spec.scale;
    out.abstention_allowed = view.spec.abstention_allowed;
    out.key_fingerprint = keys_.fingerprint();
    return base::Ok();
  }));
  return out;
}

std::shared_ptr<const core::PollBallotSpec> PollForms::Find(std::int64_t poll_id) {
  base::MutexLock lock(mu_);
  auto it = forms_.find(poll_id);
  return it == forms_.end() ? nullptr : it->second;
}

void PollForms::Remember(std::int64_t poll_id, std::shared_ptr<const core::PollBallotSpec> form) {
  base::MutexLock lock(mu_);
  if (forms_.size() > 10'000) forms_.clear();
  forms_.emplace(poll_id, std::move(form));
}

void BallotService::Cast(const std::string& code, std::int64_t poll_id, const std::vector<core::ChoiceInput>& choices,
                         const std::string& address, CastDone done) {
  std::int64_t retry_after = 0;
  auto secret = ParseCode(code, address, &retry_after);
  if (!secret.ok()) return done(secret.status(), retry_after);
  auto receipt = keys_.Receipt(poll_id, *secret);
  auto digest = core::ReceiptDigest(receipt);  // here: the arguments below are built in no set order
  // Where the poll's form is known (it has opened) and the choices fit it,
  // the ballot is encoded here, and the commit thread checks and stores it
  // in one call (one statement on PostgreSQL); otherwise step by step there.
  std::optional<Encoded> ready;
  if (const auto form = forms_.Find(poll_id)) {
    if (auto encoded = core::EncodePhoneChoices(*form, choices); encoded.ok()) {
      ready = Encoded{*encoded, ServerKeys::ResendCheck(poll_id, *secret, *encoded)};
    }
  }
  // Everything that needs the database runs in the write, on the store's
  // commit thread; the caller (an I/O thread) only parses and hashes.
  store_.WriteGrouped(
      [this, secret = *secret, carrier_hash = keys_.CarrierHash(*secret), spend_key = keys_.SpendKey(poll_id, *secret),
       digest = std::move(digest), choices, poll_id, ready = std::move(ready)](storage::Tx& tx) mutable -> Status {
        storage::CastCheck gate;
        Status cast = base::Ok();
        if (ready) {
          SHUZHI_ASSIGN_OR_RETURN(auto gated, tx.ballots().CastIfAllowed(carrier_hash, poll_id, spend_key, ready->check,
                                                                         digest, ready->choices));
          gate = gated.check;
          if (!gated.stored) cast = base::Conflict("ballot.credential_spent", "spent");  // when the gate allows
        } else {
          SHUZHI_ASSIGN_OR_RETURN(gate, tx.meetings().CheckCast(carrier_hash, poll_id));
        }
        SHUZHI_TRY(Admit(tx, gate, carrier_hash));
        if (!ready) {
          SHUZHI_ASSIGN_OR_RETURN(auto form, FormOf(tx, forms_, poll_id));
          SHUZHI_ASSIGN_OR_RETURN(auto encoded, core::EncodePhoneChoices(*form, choices));
          ready = Encoded{encoded, ServerKeys::ResendCheck(poll_id, secret, encoded)};
          cast = tx.ballots().SpendAndAppend(poll_id, spend_key, ready->check, digest, encoded);
        }
        if (cast.reason() == "ballot.credential_spent") {
          SHUZHI_ASSIGN_OR_RETURN(auto spent, tx.ballots().FindSpend(poll_id, spend_key));
          if (spent && base::ConstantTimeEqual(*spent, ready->check)) return base::Ok();  // the same ballot again
          return base::Conflict("ballot.credential_spent",
                                "this carrier has already cast a different ballot in this poll");
        }
        SHUZHI_TRY(cast);
        return tx.meetings().AddVoted(poll_id, 1);
      },
      [this, receipt = std::move(receipt), address, done = std::move(done)](Status st) {
        if (st.reason() == "credential.unknown" || st.reason() == "credential.voided") {
          std::int64_t wait = 0;
          Status failed = Failed(std::move(st), address, &wait);
          return done(std::move(failed), wait);
        }
        if (!st.ok()) return done(std::move(st), 0);
        done(receipt, 0);
      },
      poll_id);  // the poll's row is what the ballot locks
}

Result<std::string> BallotService::CastAndWait(const std::string& code, std::int64_t poll_id,
                                               const std::vector<core::ChoiceInput>& choices,
                                               const std::string& address, std::int64_t* retry_after) {
  std::promise<std::pair<Result<std::string>, std::int64_t>> outcome;
  auto result = outcome.get_future();
  Cast(code, poll_id, choices, address, [&outcome](Result<std::string> receipt, std::int64_t wait) {
    outcome.set_value({std::move(receipt), wait});
  });
  auto [receipt, wait] = result.get();
  if (retry_after) *retry_after = wait;
  return receipt;
}

Result<bool> BallotService::CheckReceipt(std::int64_t poll_id, const std::string& receipt) {
  const auto normalized = core::NormalizeReceipt(receipt);
  if (!normalized) {
    return base::InvalidArgument("ballot.receipt_malformed", "a receipt has 10 characters", {{"receipt", "malformed"}});
  }
  bool found = false;
  SHUZHI_TRY(store_.Read([&](storage::Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(auto p, tx.meetings().FindPoll(poll_id));
    if (!p) return base::NotFound("poll.not_found", "no poll " + std::to_string(poll_id));
    SHUZHI_ASSIGN_OR_RETURN(found, tx.ballots().HasReceipt(poll_id, core::ReceiptDigest(*normalized)));
    return base::Ok();
  }));
  return found;
}

}  // namespace shuzhi::app
