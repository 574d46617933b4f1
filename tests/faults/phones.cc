#include "phones.h"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cmath>
#include <exception>
#include <random>

#include "base/json.h"

namespace shuzhi::faults {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = base::json;
using asio::awaitable;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// Ballots are released in waves this far apart.
constexpr Millis kWave{250};

constexpr const char* kCastTarget = "/api/v1/public/ballot/cast";
constexpr const char* kLookupTarget = "/api/v1/public/ballot/lookup";

struct Reply {
  int status = 0;
  std::string body;
};
constexpr int kAbandoned = -1;  // the status of a request not made: PhoneLoad::Abandon

// The error envelope's code ({"error":{"code":…}}), or "" when the body is
// not one.
std::string ErrorCode(const std::string& body) {
  boost::system::error_code ec;
  const auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const auto* error = v.as_object().if_contains("error");
  if (!error || !error->is_object()) return "";
  const auto* code = error->as_object().if_contains("code");
  return code && code->is_string() ? std::string(code->as_string()) : "";
}

// The receipt of a 200 reply to a cast, or "".
std::string ReceiptOf(const Reply& r) {
  if (r.status != 200) return "";
  boost::system::error_code ec;
  const auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return "";
  const auto* receipt = v.as_object().if_contains("receipt");
  return receipt && receipt->is_string() ? std::string(receipt->as_string()) : "";
}

// Whether ballot `i` is in a sample of `share` (the same ballots on every
// run): splitmix64 of the index.
bool Sampled(std::size_t i, double share, std::uint64_t salt) {
  std::uint64_t z = i * 4 + salt + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z % 1'000'000) < share * 1e6;
}

// The receipt a carrier lookup reports for the (only) poll it has voted
// in, or "" when it has not voted.
std::string VotedReceipt(const Reply& r) {
  boost::system::error_code ec;
  const auto v = json::parse(r.body, ec);
  if (r.status != 200 || ec || !v.is_object()) return "";
  const auto* polls = v.as_object().if_contains("polls");
  if (!polls || !polls->is_array()) return "";
  for (const auto& p : polls->as_array()) {
    const auto* receipt = p.is_object() ? p.as_object().if_contains("receipt") : nullptr;
    if (receipt && receipt->is_string()) return std::string(receipt->as_string());
  }
  return "";
}

std::string Describe(const Reply& r) { return std::to_string(r.status) + " " + r.body.substr(0, 300); }

}  // namespace

struct PhoneLoad::Impl {
  struct Phone {
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::size_t server = 0;
    bool open = false;
  };

  PhoneLoad& load;
  asio::io_context ioc{1};
  Clock::time_point start = Clock::now();
  std::size_t next = 0;
  std::size_t per_wave = 1;
  std::mt19937 rng{std::random_device{}()};

  void Count(const std::string& kind) { ++load.report_.errors[kind]; }
  void Fail(const std::string& what) {
    if (load.report_.failures.size() < 1000) load.report_.failures.push_back(what);
  }

  void Close(Phone& p) {
    beast::error_code ignored;
    p.stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    p.stream.close();
    p.buffer.clear();
    p.open = false;
  }

  // A server that failed the phone: try the next one, as a load balancer
  // or a phone retrying another address would.
  void NextServer(Phone& p) { p.server = (p.server + 1) % load.plan_.ports.size(); }

  awaitable<void> Sleep(Clock::duration d) {
    asio::steady_timer timer(ioc, d);
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }

  // 10 ms doubled per failure in a row, up to 320 ms, and as much again at
  // random, so that phones do not come back in step.
  awaitable<void> Backoff(int failures) {
    const int base = 10 << std::min(failures - 1, 5);
    co_await Sleep(Millis(base + static_cast<int>(rng() % static_cast<unsigned>(base))));
  }

  awaitable<bool> Connect(Phone& p) {
    beast::error_code ec;
    p.stream.expires_after(std::chrono::seconds(5));
    const asio::ip::tcp::endpoint to(asio::ip::address_v4::loopback(), load.plan_.ports[p.server]);
    co_await p.stream.async_connect(to, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      Count("connect: " + ec.message());
      Close(p);
      co_return false;
    }
    p.stream.socket().set_option(asio::ip::tcp::no_delay(true), ec);
    p.open = true;
    co_return true;
  }

  // Sends `body` to `target` until an answer other than "try again"
  // arrives: a failed connection or a 5xx makes the phone send the
  // identical request again. With `stop_when_uncertain`, a connection that
  // breaks after the request was written returns a reply of status 0, and
  // a 503 returns the 503. `requests` counts what was written.
  awaitable<Reply> Send(Phone& p, const char* target, const std::string& body, std::size_t* requests,
                        bool stop_when_uncertain = false) {
    for (int failures = 0;;) {
      if (load.abandoned_) co_return Reply{kAbandoned, ""};
      if (!p.open && !co_await Connect(p)) {
        NextServer(p);
        co_await Backoff(++failures);
        continue;
      }
      bhttp::request<bhttp::string_body> req{bhttp::verb::post, target, 11};
      req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(load.plan_.ports[p.server]));
      req.set(bhttp::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
      ++*requests;
      ++load.report_.requests;
      ++load.in_flight_;
      beast::error_code ec;
      p.stream.expires_after(Millis(load.plan_.reply_timeout_ms));
      co_await bhttp::async_write(p.stream, req, asio::redirect_error(use_awaitable, ec));
      const bool written = !ec;
      bhttp::response<bhttp::string_body> res;
      if (written) co_await bhttp::async_read(p.stream, p.buffer, res, asio::redirect_error(use_awaitable, ec));
      --load.in_flight_;
      if (ec) {
        Count(ec == beast::error::timeout ? "no reply within the timeout"
              : written                   ? "connection lost before the reply: " + ec.message()
                                          : "connection lost while sending: " + ec.message());
        Close(p);
        NextServer(p);
        if (written && stop_when_uncertain) co_return Reply{};
        co_await Backoff(++failures);
        continue;
      }
      if (!res.keep_alive()) Close(p);
      Reply reply{static_cast<int>(res.result_int()), std::move(res.body())};
      if (reply.status < 500) co_return reply;
      // The server's "try again" is 503 with the error envelope; anything
      // else in the 5xx range is not a documented answer to a cast, but the
      // phone still tries again.
      const std::string code = ErrorCode(reply.body);
      Count(std::to_string(reply.status) + " " + (code.empty() ? "without the error envelope" : code));
      if (reply.status != 503 || code.empty()) {
        Fail("a cast answered " + Describe(reply));
      } else if (stop_when_uncertain) {
        co_return reply;
      }
      co_await Backoff(++failures);
    }
  }

  awaitable<void> Pace(std::size_t i) {
    const auto due = start + kWave * static_cast<std::int64_t>(i / per_wave);
    if (due > Clock::now()) co_await Sleep(due - Clock::now());
  }

  // Casts ballot `i` until it has an answer. Whenever the outcome of a
  // written request is uncertain (its reply lost, or a 503), the carrier is
  // looked up before the identical request goes again: `stored_receipt`
  // gets the receipt of a ballot stored by such a request.
  awaitable<Reply> Cast(Phone& p, std::size_t i, std::size_t* requests, std::string* stored_receipt) {
    auto& report = load.report_;
    const PhoneBallot& ballot = load.ballots_[i];
    for (;;) {
      Reply r = co_await Send(p, kCastTarget, ballot.body, requests, true);
      if (r.status != 0 && r.status != 503) co_return r;
      LoadReport::Uncertain& cause = r.status == 0 ? report.lost : report.unavailable;
      ++cause.seen;
      std::size_t lookups = 0;
      const Reply look = co_await Send(p, kLookupTarget, ballot.lookup, &lookups);
      if (look.status == kAbandoned) co_return look;
      if (look.status != 200) Fail("a lookup of carrier " + std::to_string(i) + ": " + Describe(look));
      const std::string found = VotedReceipt(look);
      if (!found.empty()) {
        ++cause.stored;
        if (!stored_receipt->empty() && *stored_receipt != found) Fail("two receipts for carrier " + std::to_string(i));
        *stored_receipt = found;
      }
      co_await Backoff(1);
    }
  }

  awaitable<void> RunPhone(std::size_t id) {
    auto& report = load.report_;
    Phone p{beast::tcp_stream(ioc), {}, id % load.plan_.ports.size(), false};
    for (;;) {
      const std::size_t i = next++;
      if (i >= load.ballots_.size()) break;
      co_await Pace(i);
      const PhoneBallot& ballot = load.ballots_[i];
      std::size_t requests = 0;
      std::string stored_receipt;  // what a lookup found after a lost reply
      const Reply r = co_await Cast(p, i, &requests, &stored_receipt);
      if (r.status == kAbandoned) break;
      if (requests > 1) {
        ++report.resent_ballots;
        report.resends += requests - 1;
      }
      const std::string receipt = ReceiptOf(r);
      if (receipt.empty()) {
        Fail("ballot " + std::to_string(i) + " after " + std::to_string(requests) + " requests: " + Describe(r));
        continue;
      }
      if (!stored_receipt.empty() && stored_receipt != receipt) {
        std::string what = "ballot " + std::to_string(i) + ": the lookup found receipt ";
        what += stored_receipt;
        what += ", the re-send got ";
        what += receipt;
        Fail(what);
      }
      report.receipts[i] = receipt;
      ++report.acknowledged;
      {
        base::MutexLock lock(load.acked_mu_);
        load.acked_.push_back(receipt);
      }
      // The identical ballot again: the same receipt, whether or not an
      // earlier request had already stored it.
      if (requests > 1 || Sampled(i, load.plan_.confirm_share, 1)) {
        std::size_t again_requests = 0;
        const Reply again = co_await Send(p, kCastTarget, ballot.body, &again_requests);
        if (again.status == kAbandoned) break;
        ++report.confirmations;
        if (ReceiptOf(again) != receipt) {
          Fail("ballot " + std::to_string(i) + " sent again: " + Describe(again) + " (receipt was " + receipt + ")");
        }
      }
      // A different ballot on the spent carrier: refused.
      if (Sampled(i, load.plan_.conflict_share, 2)) {
        std::size_t other_requests = 0;
        const Reply other = co_await Send(p, kCastTarget, ballot.conflicting, &other_requests);
        if (other.status == kAbandoned) break;
        if (other.status == 409 && ErrorCode(other.body) == "ballot.credential_spent") {
          ++report.conflicts_refused;
        } else {
          Fail("a different ballot on carrier " + std::to_string(i) + ": " + Describe(other));
        }
      }
    }
    Close(p);
  }
};

PhoneLoad::PhoneLoad(LoadPlan plan, std::vector<PhoneBallot> ballots)
    : plan_(std::move(plan)), ballots_(std::move(ballots)) {}

void PhoneLoad::Run() {
  report_.receipts.assign(ballots_.size(), "");
  Impl impl{*this};
  const double waves = std::max(1.0, plan_.seconds * 1000 / static_cast<double>(kWave.count()));
  impl.per_wave = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(ballots_.size() / waves)));
  impl.start = Clock::now();
  for (int id = 0; id < plan_.phones; ++id) {
    asio::co_spawn(impl.ioc, impl.RunPhone(static_cast<std::size_t>(id)), [&impl](const std::exception_ptr& e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        impl.Fail(std::string("a phone stopped: ") + x.what());
      }
    });
  }
  impl.ioc.run();
  report_.seconds = std::chrono::duration<double>(Clock::now() - impl.start).count();
  done_ = true;
}

std::vector<std::string> PhoneLoad::AcknowledgedSoFar() const {
  base::MutexLock lock(acked_mu_);
  return acked_;
}

}  // namespace shuzhi::faults
