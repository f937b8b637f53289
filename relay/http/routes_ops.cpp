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
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "events/hub.hpp"
#include "http/http_util.hpp"
#include "http/request_context.hpp"
#include "http/server.hpp"
#include "store/stores.hpp"

namespace foxo::relay::http {
namespace {

bool stopping(const HttpDeps& d) { return d.shutting_down && d.shutting_down->load(); }

bool metrics_allowed(const httplib::Request& req, const HttpDeps& d) {
  if (!d.options.metrics_token.empty()) {
    const std::string auth = req.get_header_value("Authorization");
    const std::string want = "Bearer " + d.options.metrics_token;
    if (!auth.empty() && equal_ct(sha256_hex(auth), sha256_hex(want))) return true;
  }
  const bool proxied = req.has_header("X-Forwarded-For") || req.has_header("X-Real-IP");
  return !proxied && is_loopback_address(req.remote_addr);
}

metrics::Family gauge(std::string name, std::string help, double value) {
  metrics::Family f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = metrics::Type::gauge;
  f.samples.push_back({{}, value});
  return f;
}

}  // namespace

void register_ops_routes(httplib::Server& s, HttpDeps& d) {
  s.Get("/livez", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, {{"status", "alive"}}); });

  s.Get("/readyz", [&d](const httplib::Request&, httplib::Response& res) {
    if (stopping(d)) {
      res.set_header("Retry-After", "5");
      return send_error(res, ErrorCode::unavailable, "The relay is shutting down");
    }
    try {
      // One read through the store (the same connection the jobs use).
      if (d.stores && d.stores->notify) d.stores->notify->queue_stats(d.clock->now());
    } catch (const std::exception& e) {
      log::error("readyz.store_failed", {{"what", e.what()}});
      res.set_header("Retry-After", "5");
      return send_error(res, ErrorCode::unavailable, "The store does not answer");
    }
    send_json(res, 200,
              {{"status", "ready"},
               {"store", d.stores ? d.stores->backend : ""},
               {"schema_version", d.stores ? d.stores->schema_version : 0}});
  });

  s.Get("/metrics", [&d](const httplib::Request& req, httplib::Response& res) {
    if (!metrics_allowed(req, d))
      return send_error(res, ErrorCode::forbidden, "Metrics are for loopback clients or the metrics token");
    auto families = metrics::registry().snapshot();
    const TimeMs now = d.clock->now();
    families.push_back(gauge("foxo_event_streams_open", "Event streams open now",
                             d.hub ? static_cast<double>(d.hub->open_streams()) : 0));
    families.push_back(gauge("foxo_event_streams_max", "Event streams the relay is provisioned for",
                             d.options.max_streams));
    std::optional<store::NotifyQueueStats> q;
    try {
      if (d.stores && d.stores->notify) q = d.stores->notify->queue_stats(now);
    } catch (const std::exception& e) {
      log::error("metrics.store_failed", {{"what", e.what()}});
    }
    if (q) {
      families.push_back(gauge("foxo_sms_queue_scheduled", "Cases with an unseen-activity SMS scheduled (due or not)",
                               static_cast<double>(q->scheduled)));
      families.push_back(gauge("foxo_sms_queue_depth", "Unseen-activity SMS due now and not yet handled",
                               static_cast<double>(q->due)));
      families.push_back(gauge("foxo_sms_outbox_pending", "SMS handed to the gateway with no answer recorded yet",
                               static_cast<double>(q->outbox_pending)));
      const double lag = q->oldest_due_at ? static_cast<double>(std::max<TimeMs>(0, now - *q->oldest_due_at)) / 1000 : 0;
      families.push_back(gauge("foxo_job_lag_seconds",
                               "How long the oldest due unseen-activity SMS has waited past its due time", lag));
    }
    families.push_back(gauge("foxo_ready", "1 when the relay takes new work, 0 while it shuts down",
                             stopping(d) ? 0 : 1));
    families.push_back(gauge("foxo_uptime_seconds", "Seconds since the relay started (relay clock)",
                             static_cast<double>(now - d.started_at_ms) / 1000));
    res.status = 200;
    res.set_content(metrics::render_prometheus(families), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace foxo::relay::http
