// Operators' routes: liveness, readiness and Prometheus metrics.
//  - GET /livez: the process answers HTTP (no dependency checked): 200.
//  - GET /readyz: 200 when the store answers a read and the relay is not
//    stopping; else 503 `unavailable` (the contract's error format), so a
//    load balancer stops sending new work during a graceful shutdown.
//  - GET /metrics: text format 0.0.4. No personal data, but not for the
//    internet: loopback clients only (a request that came through a proxy, i.e.
//    carries X-Forwarded-For or X-Real-IP, is not local), or anyone presenting
//    `Authorization: Bearer <--metrics-token>` when that token is set.
#include "core/crypto.hpp"
#include "core/metrics.hpp"
#include "http/http_util.hpp"
#include "http/request_context.hpp"
#include "http/server.hpp"
#include "services/health.hpp"

namespace foxo::relay::http {
namespace {

bool metrics_allowed(const httplib::Request& req, const HttpDeps& d) {
  if (!d.options.metrics_token.empty()) {
    const std::string auth = req.get_header_value("Authorization");
    const std::string want = "Bearer " + d.options.metrics_token;
    if (!auth.empty() && equal_ct(sha256_hex(auth), sha256_hex(want))) return true;
  }
  const bool proxied = req.has_header("X-Forwarded-For") || req.has_header("X-Real-IP");
  return !proxied && is_loopback_address(req.remote_addr);
}

}  // namespace

void register_ops_routes(httplib::Server& s, HttpDeps& d) {
  s.Get("/livez", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, {{"status", "alive"}}); });

  s.Get("/readyz", [&d](const httplib::Request&, httplib::Response& res) {
    auto& health = *d.health;
    if (health.stopping()) {
      res.set_header("Retry-After", "5");
      return send_error(res, ErrorCode::unavailable, "The relay is shutting down");
    }
    if (!health.store_answers()) {
      res.set_header("Retry-After", "5");
      return send_error(res, ErrorCode::unavailable, "The store does not answer");
    }
    send_json(res, 200,
              {{"status", "ready"},
               {"store", health.store().backend},
               {"schema_version", health.store().schema_version}});
  });

  s.Get("/metrics", [&d](const httplib::Request& req, httplib::Response& res) {
    if (!metrics_allowed(req, d))
      return send_error(res, ErrorCode::forbidden, "Metrics are for loopback clients or the metrics token");
    auto families = metrics::registry().snapshot();
    for (auto& f : services::ops_gauges(d.health->snapshot())) families.push_back(std::move(f));
    res.status = 200;
    res.set_content(metrics::render_prometheus(families), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace foxo::relay::http
