#include "http/forwarded.h"

#include <gtest/gtest.h>

namespace shuzhi::http {
namespace {

IpAddress Ip(std::string_view text) {
  auto a = ParseIpAddress(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a.value_or(IpAddress{});
}

TEST(ForwardedTest, ReadsAddressesAsForwardedForWritesThem) {
  EXPECT_EQ(FormatIpAddress(Ip("192.0.2.7")), "192.0.2.7");
  EXPECT_EQ(FormatIpAddress(Ip("192.0.2.7:51234")), "192.0.2.7");
  EXPECT_EQ(FormatIpAddress(Ip("2001:DB8:0:0::1")), "2001:db8::1");
  EXPECT_EQ(FormatIpAddress(Ip("[2001:db8::1]")), "2001:db8::1");
  EXPECT_EQ(FormatIpAddress(Ip("[2001:db8::1]:443")), "2001:db8::1");
  // A dual-stack socket's view of an IPv4 peer is the IPv4 address.
  EXPECT_EQ(Ip("::ffff:192.0.2.7"), Ip("192.0.2.7"));
  EXPECT_EQ(FormatIpAddress(Ip("::ffff:192.0.2.7")), "192.0.2.7");
  for (const char* bad : {"", "unknown", "example.org", "192.0.2", "192.0.2.256", "192.0.2.7:", "192.0.2.7:x",
                          "192.0.2.7:123456", "010.0.0.1", "[192.0.2.7]", "[2001:db8::1", "2001:db8::1]:80",
                          "fe80::1%eth0", " 192.0.2.7", "_hidden", "1.2.3.4.5"}) {
    EXPECT_FALSE(ParseIpAddress(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(ForwardedTest, ParsesNetworks) {
  auto v4 = ParseIpNetwork("10.0.0.0/8");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->prefix, 104);
  EXPECT_TRUE(v4->Contains(Ip("10.255.1.2")));
  EXPECT_TRUE(v4->Contains(Ip("::ffff:10.0.0.1")));
  EXPECT_FALSE(v4->Contains(Ip("11.0.0.1")));
  EXPECT_FALSE(v4->Contains(Ip("::a00:1"))) << "an IPv6 address is not in an IPv4 network";

  auto odd = ParseIpNetwork("172.16.0.0/12");
  ASSERT_TRUE(odd.ok());
  EXPECT_TRUE(odd->Contains(Ip("172.31.255.255")));
  EXPECT_FALSE(odd->Contains(Ip("172.32.0.0")));
  EXPECT_FALSE(odd->Contains(Ip("172.15.255.255")));

  auto host = ParseIpNetwork("192.0.2.7");
  ASSERT_TRUE(host.ok());
  EXPECT_TRUE(host->Contains(Ip("192.0.2.7")));
  EXPECT_FALSE(host->Contains(Ip("192.0.2.8")));

  auto v6 = ParseIpNetwork("fd00::/8");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(v6->Contains(Ip("fd12:3456::1")));
  EXPECT_FALSE(v6->Contains(Ip("fe80::1")));
  EXPECT_FALSE(v6->Contains(Ip("10.0.0.1")));

  auto all4 = ParseIpNetwork("0.0.0.0/0");
  ASSERT_TRUE(all4.ok());
  EXPECT_TRUE(all4->Contains(Ip("203.0.113.9")));
  EXPECT_FALSE(all4->Contains(Ip("2001:db8::1")));
  auto all = ParseIpNetwork("::/0");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->Contains(Ip("2001:db8::1")));
  EXPECT_TRUE(all->Contains(Ip("203.0.113.9")));

  auto v6host = ParseIpNetwork("2001:db8::1/128");
  ASSERT_TRUE(v6host.ok());
  EXPECT_TRUE(v6host->Contains(Ip("2001:db8::1")));
  EXPECT_FALSE(v6host->Contains(Ip("2001:db8::2")));

  for (const char* bad :
       {"", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "10.1.2.3/8", "fd00::1/8",
        "::/129", "10.0.0.0/0008", "[fd00::]/8", "10.0.0.0:80/8", "localhost", "10.0.0.0 /8"}) {
    auto net = ParseIpNetwork(bad);
    EXPECT_FALSE(net.ok()) << "'" << bad << "'";
    if (!net.ok()) {
      EXPECT_EQ(net.status().reason(), "cli.bad_trust_proxy");
    }
  }
}

Request From(std::string peer, std::vector<std::pair<std::string, std::string>> headers, bool tls = false) {
  Request r;
  r.remote_address = std::move(peer);
  r.headers = std::move(headers);
  r.tls = tls;
  return r;
}

TrustedProxies Trusting(const std::vector<std::string>& cidrs) {
  auto t = TrustedProxies::Parse(cidrs);
  EXPECT_TRUE(t.ok());
  return t.ok() ? *t : TrustedProxies{};
}

TEST(ForwardedTest, BelievesOnlyTrustedPeers) {
  const auto proxies = Trusting({"10.0.0.0/8", "2001:db8:ffff::/48"});
  const std::vector<std::pair<std::string, std::string>> spoof = {{"x-forwarded-for", "198.51.100.1"},
                                                                  {"x-forwarded-proto", "https"}};
  auto outside = From("203.0.113.5", spoof);
  proxies.Apply(outside);
  EXPECT_EQ(outside.remote_address, "203.0.113.5");
  EXPECT_FALSE(outside.tls);

  auto inside = From("10.0.0.2", spoof);
  proxies.Apply(inside);
  EXPECT_EQ(inside.remote_address, "198.51.100.1");
  EXPECT_TRUE(inside.tls);

  auto v6 = From("2001:db8:ffff::5", spoof);
  proxies.Apply(v6);
  EXPECT_EQ(v6.remote_address, "198.51.100.1");

  auto mapped = From("::ffff:10.0.0.2", spoof);
  proxies.Apply(mapped);
  EXPECT_EQ(mapped.remote_address, "198.51.100.1");

  // None trusted: the headers mean nothing, even from loopback.
  auto none = From("127.0.0.1", spoof);
  TrustedProxies{}.Apply(none);
  EXPECT_EQ(none.remote_address, "127.0.0.1");
  EXPECT_FALSE(none.tls);
}

TEST(ForwardedTest, TheClientIsTheRightMostUntrustedAddress) {
  const auto proxies = Trusting({"10.0.0.0/8"});
  auto client = [&](std::vector<std::pair<std::string, std::string>> headers) {
    auto r = From("10.0.0.2", std::move(headers));
    proxies.Apply(r);
    return r.remote_address;
  };
  EXPECT_EQ(client({{"x-forwarded-for", "192.0.2.66, 198.51.100.1"}}), "198.51.100.1");
  EXPECT_EQ(client({{"x-forwarded-for", "192.0.2.66, 198.51.100.1, 10.9.9.9"}}), "198.51.100.1");
  // Several fields are one list, in order.
  EXPECT_EQ(client({{"x-forwarded-for", "192.0.2.66"}, {"x-forwarded-for", "198.51.100.1, 10.9.9.9"}}), "198.51.100.1");
  // Every hop a proxy: the left-most is the client.
  EXPECT_EQ(client({{"x-forwarded-for", "10.1.1.1, 10.9.9.9"}}), "10.1.1.1");
  // Nothing believed past what is not an address: the last hop read.
  EXPECT_EQ(client({{"x-forwarded-for", "198.51.100.1, unknown, 10.9.9.9"}}), "10.9.9.9");
  EXPECT_EQ(client({{"x-forwarded-for", "garbage"}}), "10.0.0.2");
  EXPECT_EQ(client({{"x-forwarded-for", ""}}), "10.0.0.2");
  EXPECT_EQ(client({}), "10.0.0.2");
  EXPECT_EQ(client({{"x-forwarded-for", " [2001:db8::7]:4711 "}}), "2001:db8::7");
  EXPECT_EQ(client({{"x-forwarded-for", "198.51.100.1:8080"}}), "198.51.100.1");
}

TEST(ForwardedTest, ProtoFollowsTheNearestProxy) {
  const auto proxies = Trusting({"10.0.0.0/8"});
  auto tls = [&](std::vector<std::pair<std::string, std::string>> headers, bool connection_tls) {
    auto r = From("10.0.0.2", std::move(headers), connection_tls);
    proxies.Apply(r);
    return r.tls;
  };
  EXPECT_TRUE(tls({{"x-forwarded-proto", "HTTPS"}}, false));
  EXPECT_FALSE(tls({{"x-forwarded-proto", "http"}}, true)) << "the browser used plain HTTP to the balancer";
  EXPECT_TRUE(tls({{"x-forwarded-proto", "http, https"}}, false));
  EXPECT_FALSE(tls({{"x-forwarded-proto", "https"}, {"x-forwarded-proto", "http"}}, false));
  EXPECT_FALSE(tls({{"x-forwarded-proto", "gopher"}}, false));
  EXPECT_TRUE(tls({}, true)) << "no header: the connection's own";
}

TEST(ForwardedTest, ParsesTheFlagList) {
  EXPECT_TRUE(TrustedProxies::Parse({}).value().empty());
  EXPECT_FALSE(TrustedProxies::Parse({"10.0.0.0/8", "", " fd00::/8 "}).value().empty());
  auto bad = TrustedProxies::Parse({"10.0.0.0/8", "10.1.2.3/8"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("10.1.2.3/8"), std::string::npos);
  EXPECT_TRUE(TrustedProxies::Parse({"10.0.0.0/8"}).value().Trusts("10.3.2.1"));
  EXPECT_FALSE(TrustedProxies::Parse({"10.0.0.0/8"}).value().Trusts("?"));
}

}  // namespace
}  // namespace shuzhi::http
