// The evaluator's side of a poll (no account; DESIGN.md §5): a carrier's
// code opens what it may vote on, a ballot is cast with it, a receipt is
// checked. Codes and receipts arrive in request bodies only.
//
// Casting runs through Store::WriteGrouped: the spend, the ballot, the
// receipt and the voted count are written in one transaction shared with
// other ballots arriving at the same moment, and the receipt is given only
// once that transaction is durable. Failed codes (mistyped, forged, voided) are
// counted per address and limited; valid ballots never are (30 phones behind
// one hall router share an address).
//
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/actor.h"
#include "app/ballot/server_keys.h"
#include "app/users/throttle.h"
#include "base/mutex.h"
#include "core/ballot.h"
#include "core/campaign.h"
#include "core/meeting_states.h"

namespace shuzhi::storage {
class Store;
}  // namespace shuzhi::storage

namespace shuzhi::app {

// What a carrier may vote on (BallotService::Lookup).
struct CarrierPollView {
  struct Deputy {
    std::int64_t id = 0;
    std::string name;
  };
  std::int64_t id = 0;
  int position = 0;  // with round, names the poll as the console and projector do
  int round = 1;
  core::PollState state = core::PollState::kOpen;
  bool voted = false;
  std::optional<std::string> receipt;  // once voted: the same receipt again, never the choices
  std::vector<Deputy> deputies;
};
struct CarrierLookup {
  std::string meeting_title;
  core::Channel channel = core::Channel::kPhone;
  std::vector<core::ScaleOption> scale;  // code and label are shown
  bool abstention_allowed = false;
  std::string key_fingerprint;
  std::vector<CarrierPollView> polls;
};

// The ballot forms of polls that have opened, remembered so that a cast
// does not read the poll, meeting and campaign again. Thread-safe.
class PollForms {
 public:
  std::shared_ptr<const core::PollBallotSpec> Find(std::int64_t poll_id);
  void Remember(std::int64_t poll_id, std::shared_ptr<const core::PollBallotSpec> form);

 private:
  base::Mutex mu_;
  std::unordered_map<std::int64_t, std::shared_ptr<const core::PollBallotSpec>> forms_ SHUZHI_GUARDED_BY(mu_);
};

class BallotService {
 public:
  BallotService(storage::Store& store, const base::Clock& clock, ServerKeys& keys);

  // What the carrier may vote on: the meeting, the polls of its round that
  // are open (their deputies and the scale), and the polls it has voted in
  // ("voted" and the receipt; never the choices). invalid_argument
  // "credential.malformed", not_found "credential.unknown",
  // failed_precondition "credential.voided"; once `address` has failed too
  // often, such a failure is resource_exhausted "ballot.too_many_attempts"
  // instead (`retry_after` gets the seconds to wait). A valid code is never
  // refused for its address's failures.
  Result<CarrierLookup> Lookup(const std::string& code, const std::string& address, std::int64_t* retry_after);

  // The outcome of a cast: the receipt, or the error and, when the address
  // is throttled, the seconds to wait.
  using CastDone = std::function<void(Result<std::string> receipt, std::int64_t retry_after)>;
  // Casts the ballot and calls `done` with its receipt once it is durable,
  // without waiting for the commit: `done` runs on the store's commit thread
  // (or at once, for an error found before the write) and must not block.
  // The caller's thread only parses and hashes (the database is used on the
  // commit thread), so an I/O thread may call it — once the server keys are
  // loaded (ServerKeys::Load, which `shuzhi serve` does at start).
  // The identical ballot sent again gets the same receipt; a different one
  // on a spent carrier is conflict "ballot.credential_spent".
  // failed_precondition "ballot.poll_not_open" / "credential.wrong_round";
  // the ballot errors of core/ballot.h for a choice that is not on the poll.
  void Cast(const std::string& code, std::int64_t poll_id, const std::vector<core::ChoiceInput>& choices,
            const std::string& address, CastDone done);
  // Cast, waiting for the outcome (demo data, tests).
  Result<std::string> CastAndWait(const std::string& code, std::int64_t poll_id,
                                  const std::vector<core::ChoiceInput>& choices, const std::string& address,
                                  std::int64_t* retry_after);

  // Whether `receipt` is on the poll's board (only once the poll has closed
  // is the board complete; before, it says whether it is stored so far).
  Result<bool> CheckReceipt(std::int64_t poll_id, const std::string& receipt);
  // The wrong-code throttle, for ThrottleSharing.
  FailureThrottle& throttle() { return failures_; }

 private:
  // A printed carrier's meeting, round and channel.
  struct OpenCarrier {
    std::int64_t meeting_id = 0;
    int round = 1;
    core::Channel channel = core::Channel::kPhone;
  };

  // Counts a failed code from `address` and returns `error`, or, once the
  // address has failed too often, resource_exhausted
  // "ballot.too_many_attempts" with the seconds to wait. Only failures are
  // counted and refused: a valid code always goes through.
  Status Failed(Status error, const std::string& address, std::int64_t* retry_after);
  // Parses the code (counting a malformed one as a failure of `address`).
  Result<base::Bytes> ParseCode(const std::string& code, const std::string& address, std::int64_t* retry_after);
  // ParseCode, then finds its carrier, counting failures per address.
  Result<OpenCarrier> Open(const std::string& code, const std::string& address, std::int64_t* retry_after,
                           base::Bytes* secret);

  storage::Store& store_;
  const base::Clock& clock_;
  ServerKeys& keys_;
  FailureThrottle failures_;
  PollForms forms_;
};

}  // namespace shuzhi::app
