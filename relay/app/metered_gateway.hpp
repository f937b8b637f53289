// Counts what goes through the SMS gateway for /metrics: sent, failed (by
// reason) and retried (HTTP attempts beyond the first). A decorator, so the
// gateways stay free of metrics.
#pragma once
#include <string>

#include "core/metrics.hpp"
#include "sms/gateway.hpp"

namespace foxo::relay::app {

class MeteredGateway final : public sms::Gateway {
 public:
  explicit MeteredGateway(sms::Gateway& inner) : inner_(inner), name_(inner.name()) {
    auto& r = metrics::registry();
    r.describe("foxo_sms_sent_total", "SMS the gateway accepted", metrics::Type::counter);
    r.describe("foxo_sms_failed_total", "SMS not sent, by reason", metrics::Type::counter);
    r.describe("foxo_sms_retries_total", "Gateway requests repeated after a safe failure (429, 5xx, no connection)",
               metrics::Type::counter);
    r.add("foxo_sms_sent_total", {{"gateway", name_}}, 0);
    r.add("foxo_sms_retries_total", {{"gateway", name_}}, 0);
  }

  sms::SendResult send(const sms::Sms& s) override {
    sms::SendResult r = inner_.send(s);
    auto& m = metrics::registry();
    if (r.ok()) m.add("foxo_sms_sent_total", {{"gateway", name_}});
    else m.add("foxo_sms_failed_total", {{"gateway", name_}, {"reason", std::string(sms::to_string(r.error))}});
    if (r.attempts > 1) m.add("foxo_sms_retries_total", {{"gateway", name_}}, r.attempts - 1);
    return r;
  }
  std::string_view name() const override { return inner_.name(); }

 private:
  sms::Gateway& inner_;
  std::string name_;
};

// Families that should show (at zero) before anything happened.
inline void describe_relay_metrics() {
  auto& r = metrics::registry();
  r.describe("foxo_messages_committed_total", "Chat messages committed (acknowledged with 201), by author side",
             metrics::Type::counter);
  r.add("foxo_messages_committed_total", {{"author", "guest"}}, 0);
  r.add("foxo_messages_committed_total", {{"author", "staff"}}, 0);
  r.describe("foxo_job_runs_total", "Scheduler runs of each job", metrics::Type::counter);
  r.describe("foxo_job_items_total", "Items each job handled", metrics::Type::counter);
  r.describe("foxo_job_failures_total", "Job runs that threw (retried on the next tick)", metrics::Type::counter);
  r.describe("foxo_job_last_run_timestamp_seconds", "When each job last ran (relay clock, Unix seconds)",
             metrics::Type::gauge);
}

}  // namespace foxo::relay::app
