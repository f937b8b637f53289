// What the HTTP layer is given: options and the services it calls. Each
// feature adds its service pointer here.
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace foxo::sms {
class DevOutbox;
class Gateway;
}
namespace foxo::relay::store {
struct Stores;
}
namespace foxo::relay::services {
class SessionService;
class StaffAuthService;
class GuestAuthService;
class Auditor;
class CaseService;
class NotificationService;
class AttachmentService;
class FontService;
}  // namespace foxo::relay::services
namespace foxo::relay::events {
class Hub;
}

namespace foxo::relay::http {

struct HttpOptions {
  bool dev = false;
  bool tls = false;                // cookies get Secure, HSTS is sent
  std::string tls_cert, tls_key;   // PEM files, with tls
  std::string www_dir;             // page shell and client bundle
  std::string public_url;          // scheme://host[:port] the relay is reached at
  int max_streams = 0;             // live event streams the relay promises (health output)
  std::string version;
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For / X-Real-IP are believed
  std::string metrics_token;                 // bearer token that opens /metrics to non-loopback clients ("" none)
  // Dev only (app::Config checks): lower limits so tests can reach them.
  std::size_t max_pending_per_address = 0;  // request heads pending per address; 0: GuardedServer's default
  int sse_keepalive_ms = 15000;             // comment interval on live event streams
};

struct HttpDeps {
  HttpOptions options;
  const Clock* clock = nullptr;
  DevClock* dev_clock = nullptr;          // dev only
  sms::DevOutbox* dev_outbox = nullptr;   // dev only
  store::Stores* stores = nullptr;
  services::SessionService* sessions = nullptr;
  services::StaffAuthService* staff_auth = nullptr;
  services::GuestAuthService* guest_auth = nullptr;
  sms::Gateway* sms = nullptr;            // the SMS gateway in use (dev outbox or Twilio)
  services::Auditor* audit = nullptr;
  services::CaseService* cases = nullptr;  // cases, messages, staff queue, admin identifiers
  events::Hub* hub = nullptr;              // live event fan-out
  services::NotificationService* notifications = nullptr;  // unseen-activity SMS, resume links (null: none)
  services::AttachmentService* attachments = nullptr;  // uploads and downloads (null: routes answer unavailable/404)
  services::FontService* fonts = nullptr;  // font subsets from <www>/fonts (null: the route answers 404)
  std::function<void()> run_due_jobs;     // the scheduler's "run what is due now" (dev clock)
  std::int64_t started_at_ms = 0;
  const std::atomic<bool>* shutting_down = nullptr;  // set on SIGTERM/SIGINT: readiness answers 503
};

}  // namespace foxo::relay::http
