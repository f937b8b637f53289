// HealthService and the /metrics gauges (health.hpp).
#include "services/health.hpp"

#include <algorithm>

#include "core/log.hpp"
#include "events/hub.hpp"

namespace foxo::relay::services {
namespace {

metrics::Family gauge(std::string name, std::string help, double value) {
  metrics::Family f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = metrics::Type::gauge;
  f.samples.push_back({{}, value});
  return f;
}

}  // namespace

double job_lag_seconds(const store::NotifyQueueStats& q, TimeMs now) {
  if (!q.oldest_due_at) return 0;
  return static_cast<double>(std::max<TimeMs>(0, now - *q.oldest_due_at)) / 1000;
}

std::vector<metrics::Family> ops_gauges(const OpsSnapshot& s) {
  std::vector<metrics::Family> out;
  out.push_back(gauge("foxo_event_streams_open", "Event streams open now", static_cast<double>(s.open_streams)));
  out.push_back(gauge("foxo_event_streams_max", "Event streams the relay is provisioned for", s.max_streams));
  if (const auto& q = s.sms_queue) {
    out.push_back(gauge("foxo_sms_queue_scheduled", "Cases with an unseen-activity SMS scheduled (due or not)",
                        static_cast<double>(q->scheduled)));
    out.push_back(gauge("foxo_sms_queue_depth", "Unseen-activity SMS due now and not yet handled",
                        static_cast<double>(q->due)));
    out.push_back(gauge("foxo_sms_outbox_pending", "SMS handed to the gateway with no answer recorded yet",
                        static_cast<double>(q->outbox_pending)));
    out.push_back(gauge("foxo_job_lag_seconds",
                        "How long the oldest due unseen-activity SMS has waited past its due time",
                        job_lag_seconds(*q, s.now)));
  }
  out.push_back(gauge("foxo_ready", "1 when the relay takes new work, 0 while it shuts down", s.ready ? 1 : 0));
  out.push_back(gauge("foxo_uptime_seconds", "Seconds since the relay started (relay clock)",
                      static_cast<double>(s.now - s.started_at) / 1000));
  return out;
}

HealthService::HealthService(StoreIdentity store, store::NotifyStore& notify, const Clock& clock,
                             const events::Hub& hub, int max_streams)
    : store_(std::move(store)),
      notify_(notify),
      clock_(clock),
      hub_(hub),
      max_streams_(max_streams),
      started_at_(clock.now()) {}

std::size_t HealthService::open_streams() const { return hub_.open_streams(); }

bool HealthService::store_answers() {
  try {
    notify_.queue_stats(clock_.now());
    return true;
  } catch (const std::exception& e) {
    log::error("readyz.store_failed", {{"what", e.what()}});
    return false;
  }
}

OpsSnapshot HealthService::snapshot() {
  OpsSnapshot s;
  s.now = clock_.now();
  s.started_at = started_at_;
  s.open_streams = hub_.open_streams();
  s.max_streams = max_streams_;
  s.ready = !stopping();
  try {
    s.sms_queue = notify_.queue_stats(s.now);
  } catch (const std::exception& e) {
    log::error("metrics.store_failed", {{"what", e.what()}});
  }
  return s;
}

}  // namespace foxo::relay::services
