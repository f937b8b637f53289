// Pure parts of the operator's toolkit: Prometheus text rendering, route
// patterns (metric labels and log fields never hold raw paths), request ids,
// the client address behind a trusted proxy, and the ops flags.
#include <gtest/gtest.h>

#include <map>

#include "app/config.hpp"
#include "core/metrics.hpp"
#include "http/request_context.hpp"

using namespace foxo::relay;

TEST(Metrics, RendersCountersGaugesAndEscapedLabels) {
  metrics::Family c{"foxo_x_total", "Things\ncounted", metrics::Type::counter, {}, {}, {}};
  c.samples.push_back({{{"route", "/a"}, {"q", "say \"hi\" \\ ok\n"}}, 3});
  metrics::Family g{"foxo_open", "", metrics::Type::gauge, {}, {}, {}};
  g.samples.push_back({{}, 0.25});
  EXPECT_EQ(metrics::render_prometheus({c, g}),
            "# HELP foxo_x_total Things\\ncounted\n"
            "# TYPE foxo_x_total counter\n"
            "foxo_x_total{route=\"/a\",q=\"say \\\"hi\\\" \\\\ ok\\n\"} 3\n"
            "# TYPE foxo_open gauge\n"
            "foxo_open 0.25\n");
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  metrics::Registry r;
  r.describe("lat_seconds", "Latency", metrics::Type::histogram, {0.1, 1});
  r.observe("lat_seconds", {{"route", "/x"}}, 0.05);
  r.observe("lat_seconds", {{"route", "/x"}}, 0.1);  // le is inclusive
  r.observe("lat_seconds", {{"route", "/x"}}, 0.5);
  r.observe("lat_seconds", {{"route", "/x"}}, 7);
  EXPECT_EQ(metrics::render_prometheus(r.snapshot()),
            "# HELP lat_seconds Latency\n"
            "# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"
            "lat_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"
            "lat_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"
            "lat_seconds_sum{route=\"/x\"} 7.65\n"
            "lat_seconds_count{route=\"/x\"} 4\n");
  EXPECT_EQ(r.value("lat_seconds", {{"route", "/x"}}), 4);
}

TEST(Metrics, CountersAddPerLabelSetAndGaugesSet) {
  metrics::Registry r;
  r.add("c_total", {{"a", "1"}});
  r.add("c_total", {{"a", "1"}}, 2);
  r.add("c_total", {{"a", "2"}});
  r.set("g", {}, 5);
  r.set("g", {}, 4);
  EXPECT_EQ(r.value("c_total", {{"a", "1"}}), 3);
  EXPECT_EQ(r.value("c_total", {{"a", "2"}}), 1);
  EXPECT_EQ(r.value("c_total", {{"a", "3"}}), 0);
  EXPECT_EQ(r.value("g", {}), 4);
  const std::string text = metrics::render_prometheus(r.snapshot());
  EXPECT_NE(text.find("c_total{a=\"1\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE g gauge\ng 4\n"), std::string::npos) << text;
}

TEST(RoutePattern, IdsAndTokensBecomePlaceholders) {
  EXPECT_EQ(http::route_pattern("/api/v1/cases/Zx9_abc/messages"), "/api/v1/cases/{id}/messages");
  EXPECT_EQ(http::route_pattern("/api/v1/cases/Zx9_abc"), "/api/v1/cases/{id}");
  EXPECT_EQ(http::route_pattern("/api/v1/cases/Zx9_abc?after=3"), "/api/v1/cases/{id}");
  EXPECT_EQ(http::route_pattern("/api/v1/staff/cases/abc/request-close"), "/api/v1/staff/cases/{id}/request-close");
  EXPECT_EQ(http::route_pattern("/api/v1/staff/cases"), "/api/v1/staff/cases");
  EXPECT_EQ(http::route_pattern("/r/SECRETTOKEN123456789a"), "/r/{token}");
  EXPECT_EQ(http::route_pattern("/t/intake"), "/t/{team}");
  EXPECT_EQ(http::route_pattern("/staff/case/abc"), "/staff/{path...}");
  EXPECT_EQ(http::route_pattern("/foxo_client.wasm"), "/{file}");
  EXPECT_EQ(http::route_pattern("/"), "/");
  EXPECT_EQ(http::route_pattern("/metrics"), "/metrics");
  EXPECT_EQ(http::route_pattern("/api/v1/nope/deeper"), "unmatched");
  EXPECT_EQ(http::route_pattern("/api/v1/cases//messages"), "unmatched");
  EXPECT_EQ(http::method_label("BREW"), "other");
}

TEST(RequestId, SaneIncomingIdsAreKept) {
  EXPECT_TRUE(http::acceptable_request_id("0f8c2b9e6d7a4c1b9f3e2d1c0b9a8f7e"));
  EXPECT_TRUE(http::acceptable_request_id("req-42.a_b:c"));
  EXPECT_FALSE(http::acceptable_request_id(""));
  EXPECT_FALSE(http::acceptable_request_id(std::string(129, 'a')));
  EXPECT_FALSE(http::acceptable_request_id("a b"));
  EXPECT_FALSE(http::acceptable_request_id("x\"}{\n"));
}

TEST(ClientAddress, ForwardedHeadersCountOnlyFromATrustedProxy) {
  const std::vector<std::string> proxy{"127.0.0.1"};
  // Not from the proxy: the headers are ignored whatever they say.
  EXPECT_EQ(http::resolve_client_address("203.0.113.9", {"198.51.100.1"}, "198.51.100.2", proxy), "203.0.113.9");
  EXPECT_EQ(http::resolve_client_address("203.0.113.9", {"198.51.100.1"}, "", {}), "203.0.113.9");
  // From the proxy: the right-most address it appended.
  EXPECT_EQ(http::resolve_client_address("127.0.0.1", {"198.51.100.7"}, "", proxy), "198.51.100.7");
  // A client-sent X-Forwarded-For cannot push its own claim in front.
  EXPECT_EQ(http::resolve_client_address("127.0.0.1", {"6.6.6.6, 198.51.100.7"}, "", proxy), "198.51.100.7");
  EXPECT_EQ(http::resolve_client_address("127.0.0.1", {"6.6.6.6", "198.51.100.7"}, "", proxy), "198.51.100.7");
  // Chained trusted proxies are skipped.
  EXPECT_EQ(http::resolve_client_address("127.0.0.1", {"198.51.100.7, 10.0.0.2"}, "", {"127.0.0.1", "10.0.0.2"}),
            "198.51.100.7");
  // Garbage on the right: nothing can be believed, X-Real-IP then the peer.
  EXPECT_EQ(http::resolve_client_address("127.0.0.1", {"198.51.100.7, nonsense"}, "", proxy), "127.0.0.1");
  EXPECT_EQ(http::resolve_client_address("127.0.0.1", {}, "2001:db8::5", proxy), "2001:db8::5");
  EXPECT_EQ(http::resolve_client_address("127.0.0.1", {}, "not-an-ip", proxy), "127.0.0.1");
}

TEST(ClientAddress, LoopbackAndLiterals) {
  EXPECT_TRUE(http::is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(http::is_loopback_address("127.3.2.1"));
  EXPECT_TRUE(http::is_loopback_address("::1"));
  EXPECT_FALSE(http::is_loopback_address("127.example.org"));
  EXPECT_FALSE(http::is_loopback_address("10.0.0.1"));
  EXPECT_TRUE(http::is_ip_literal("2001:db8::1"));
  EXPECT_FALSE(http::is_ip_literal("1.2.3"));
}

namespace {
app::ParseResult parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return app::parse_args(args, [&env](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}
}  // namespace

TEST(OpsConfig, TrustedProxiesMetricsTokenAndShutdownFlags) {
  auto r = parse({"--dev", "--data", "/tmp/d", "--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1",
                  "--shutdown-timeout", "7", "--drain-seconds", "3"});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(r.config->shutdown_timeout_s, 7);
  EXPECT_EQ(r.config->drain_s, 3);
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d", "--trusted-proxy", "nginx.local"}).config);
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d", "--shutdown-timeout", "0"}).config);
  r = parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_TRUSTED_PROXIES", "10.0.0.2, 10.0.0.3"},
                                           {"FOXO_METRICS_TOKEN", "0123456789abcdef0123"}});
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->trusted_proxies, (std::vector<std::string>{"10.0.0.2", "10.0.0.3"}));
  EXPECT_EQ(r.config->metrics_token, "0123456789abcdef0123");
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_METRICS_TOKEN", "short"}}).config);
  EXPECT_FALSE(parse({"--dev", "--data", "/tmp/d"}, {{"FOXO_TRUSTED_PROXIES", "10.0.0.2,"}}).config);
}
