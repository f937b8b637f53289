// What operators ask of a running relay (GET /api/v1/health, /readyz,
// /metrics): what it runs on, whether its store answers, how its SMS queue
// and live streams stand, how long it has run, and whether it is stopping.
// The http routes ask this service; they never see the stores.
//
// The gauges /metrics adds are a pure function of one snapshot (ops_gauges),
// unit-tested on its own (tests/relay/health_test.cpp).
#pragma once
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "store/notify_store.hpp"

namespace foxo::relay::events {
class Hub;
}

namespace foxo::relay::services {

// The store the relay runs on, as health and readiness name it.
struct StoreIdentity {
  std::string backend;  // "sqlite" or "postgresql"
  int schema_version = 0;
};

// What /metrics shows beyond the registry's counters, at one instant.
struct OpsSnapshot {
  TimeMs now = 0;
  TimeMs started_at = 0;
  std::size_t open_streams = 0;
  int max_streams = 0;
  bool ready = true;                                 // false once the relay is stopping
  std::optional<store::NotifyQueueStats> sms_queue;  // nullopt: the store did not answer
};

// How long the oldest due unseen-activity SMS has waited past its due time,
// in seconds; 0 when none is due, and never negative (a due time ahead of
// `now` means a clock that went back, not negative waiting).
double job_lag_seconds(const store::NotifyQueueStats& q, TimeMs now);

// The gauges /metrics adds for `s`, in the order they are rendered. Without
// an SMS queue the four queue gauges are left out rather than shown as 0.
std::vector<metrics::Family> ops_gauges(const OpsSnapshot& s);

class HealthService {
 public:
  // `notify` answers the readiness read and the SMS queue gauges; `hub`
  // counts open streams. Started now, by `clock`.
  HealthService(StoreIdentity store, store::NotifyStore& notify, const Clock& clock, const events::Hub& hub,
                int max_streams);

  const StoreIdentity& store() const { return store_; }
  TimeMs now() const { return clock_.now(); }
  // Whole seconds since the relay started, on the relay's clock (the dev clock moves it).
  std::int64_t uptime_s() const { return (clock_.now() - started_at_) / 1000; }
  std::size_t open_streams() const;
  int max_streams() const { return max_streams_; }

  // Readiness: from begin_stopping() on the relay takes no new work.
  bool stopping() const { return stopping_.load(); }
  // Marks the relay as stopping (SIGTERM/SIGINT, or the server ended);
  // returns whether it already was, so a stop runs once.
  bool begin_stopping() { return stopping_.exchange(true); }

  // One read through the store, on the connection the jobs use; false (and
  // logged) when it fails.
  bool store_answers();
  // Everything ops_gauges needs, read now; a store failure is logged and
  // leaves sms_queue empty.
  OpsSnapshot snapshot();

 private:
  StoreIdentity store_;
  store::NotifyStore& notify_;
  const Clock& clock_;
  const events::Hub& hub_;
  int max_streams_;
  TimeMs started_at_;
  std::atomic<bool> stopping_{false};
};

}  // namespace foxo::relay::services
