// What the HTTP layer is given: its options and the services its routes call.
// http talks to services only (never to stores, gateways or the clock); every
// pointer but `dev` is set by run_relay, and HttpServer asserts so.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace foxo::relay::services {
class SessionService;
class StaffAuthService;
class StaffMfaService;
class GuestAuthService;
class OrganisationService;
class CaseService;
class CaseEvents;
class NotificationService;
class AttachmentService;
class TranscriptService;
class FontService;
class HealthService;
class DevService;
class StorageKeys;
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
  std::string version;
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For / X-Real-IP are believed
  std::string metrics_token;                 // bearer token that opens /metrics to non-loopback clients ("" none)
  // Dev only (app::Config checks): lower limits so tests can reach them.
  std::size_t max_pending_per_address = 0;  // request heads pending per address; 0: GuardedServer's default
  int sse_keepalive_ms = 15000;             // comment interval on live event streams
  int head_timeout_s = 0;                   // a request head's time to arrive; 0: GuardedServer's default
  int read_timeout_s = 0;                   // a stalled body's time; 0: the default (30 s)
};

struct HttpDeps {
  HttpOptions options;
  services::SessionService* sessions = nullptr;
  services::StaffAuthService* staff_auth = nullptr;
  services::StaffMfaService* staff_mfa = nullptr;          // two-factor enrolment, reset, require_mfa
  services::GuestAuthService* guest_auth = nullptr;
  services::OrganisationService* organisations = nullptr;  // team entry, identifiers, audit trail
  services::CaseService* cases = nullptr;                  // cases, messages, staff queue, closing
  services::CaseEvents* case_events = nullptr;             // what a live stream subscribes to and replays
  events::Hub* hub = nullptr;                              // live event fan-out
  services::NotificationService* notifications = nullptr;  // unseen-activity SMS, resume links
  services::AttachmentService* attachments = nullptr;      // uploads and downloads
  services::TranscriptService* transcripts = nullptr;      // PDF transcripts (issue 22)
  services::FontService* fonts = nullptr;                  // font subsets from <www>/fonts
  services::HealthService* health = nullptr;               // health, readiness, metrics
  services::DevService* dev = nullptr;                     // with options.dev only: clock, SMS outbox, fixture
  services::StorageKeys* storage_keys = nullptr;           // the browser's per-person storage key
};

// Whether `d` has what the routes need: every service, and the dev service
// exactly when dev routes are registered.
inline bool complete(const HttpDeps& d) {
  return d.sessions && d.staff_auth && d.staff_mfa && d.guest_auth && d.organisations && d.cases && d.case_events &&
         d.hub && d.notifications && d.attachments && d.transcripts && d.fonts && d.health && d.storage_keys &&
         (d.dev != nullptr) == d.options.dev;
}

}  // namespace foxo::relay::http
