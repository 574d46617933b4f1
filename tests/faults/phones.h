// The load of the crash harness: PHONES phones casting at once, each on
// its own keep-alive HTTP/1.1 connection (Boost.Beast over asio, one
// coroutine per phone, all on one thread), each ballot on a carrier of its
// own, released evenly over the run in waves a quarter of a second apart (a
// hall pressing "submit" together).
//
// What a phone does with a ballot is what the phone page does: it sends the
// cast request and, when the connection fails before the request is
// written, sends the identical request again, on a new connection, to the
// next server when there are several, after a short random wait, until it
// has an answer. When the outcome is uncertain (the connection broke after
// the request was written, or the reply was a 503, the server's "try
// again" while its storage is unavailable), it first looks its carrier up
// (as the page does when opened again), which tells whether the request
// had been stored after all — a ballot whose acknowledgement the crash
// took — and then sends the identical request again. DESIGN.md §5 and
// docs/design/ballots.md promise what that re-send gets: the same receipt
// (a ballot already stored is recognised by its spend's re-send check),
// never "ballot.credential_spent" and never a second ballot. So each
// ballot that needed a re-send, and a sample of the others, is sent once
// more after its receipt, which must come back the same; and a sample of
// carriers sends a different ballot after theirs, which must be refused
// with "ballot.credential_spent".
//
// Every reply that is not 200, and every connection failure, is counted by
// kind; a broken promise (a reply the API does not document for the
// request, a 5xx without the error envelope, a receipt that differs) is
// kept as a failure with the reply.
//
// Run() runs on its own thread; InFlight() and done() may be read from any.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/mutex.h"

namespace shuzhi::faults {

struct PhoneBallot {
  std::string lookup;       // the carrier lookup's body
  std::string body;         // the cast request's body, sent unchanged on every attempt
  std::string conflicting;  // a different ballot on the same carrier
};

struct LoadPlan {
  std::vector<std::uint16_t> ports;  // the servers; phone p starts on ports[p % n]
  int phones = 64;
  double seconds = 10;           // the ballots are released evenly over this time
  double confirm_share = 0.02;   // of the ballots answered at the first attempt, sent once more
  double conflict_share = 0.01;  // of the carriers, send a different ballot after theirs
  int reply_timeout_ms = 20'000;
};

struct LoadReport {
  std::vector<std::string> receipts;  // by ballot; empty if it never got one
  std::size_t acknowledged = 0;
  std::size_t requests = 0;        // cast requests written, re-sends included
  std::size_t resent_ballots = 0;  // ballots that needed more than one request
  std::size_t resends = 0;         // requests beyond each ballot's first
  // Casts whose outcome was uncertain, by cause, and how many of them the
  // lookup after found stored.
  struct Uncertain {
    std::size_t seen = 0, stored = 0;
  };
  Uncertain lost;                 // the connection broke after the request was written
  Uncertain unavailable;          // 503
  std::size_t confirmations = 0;  // identical re-sends after the receipt: all must match
  std::size_t conflicts_refused = 0;
  std::map<std::string, std::size_t> errors;  // connection failures and non-200 replies, by kind
  std::vector<std::string> failures;          // broken promises, with the reply
  double seconds = 0;
};

class PhoneLoad {
 public:
  PhoneLoad(LoadPlan plan, std::vector<PhoneBallot> ballots);

  // Casts every ballot; returns when each has its receipt or a failure.
  void Run();
  // Requests written whose reply has not arrived (thread-safe).
  int InFlight() const { return in_flight_.load(); }
  bool done() const { return done_.load(); }
  // Makes every phone stop at its next request (thread-safe): for a run
  // that cannot go on, such as a database a power cut damaged. Run returns
  // soon after; ballots not yet acknowledged are left without a receipt.
  void Abandon() { abandoned_ = true; }
  bool abandoned() const { return abandoned_.load(); }
  // The receipts acknowledged so far, in the order they came (thread-safe;
  // a copy): what a power cut must not take away.
  std::vector<std::string> AcknowledgedSoFar() const;
  // After Run.
  const LoadReport& report() const { return report_; }

 private:
  struct Impl;
  LoadPlan plan_;
  std::vector<PhoneBallot> ballots_;
  LoadReport report_;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> done_{false};
  std::atomic<bool> abandoned_{false};
  mutable base::Mutex acked_mu_;
  std::vector<std::string> acked_ SHUZHI_GUARDED_BY(acked_mu_);
};

}  // namespace shuzhi::faults
