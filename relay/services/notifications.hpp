// Bringing guests back (docs/API.md "Notifications and resume links"):
//
// Unseen-activity SMS. Team activity (staff message, attachment, close
// request) updates the case's policy state (foxo/notify_policy.hpp) in the
// same transaction as the activity: CaseService puts team_activity_hook() into
// its store::CaseUpdate. The guest's event streams opening and closing (the
// SSE route calls guest_stream_opened / guest_stream_closed when the guest's
// last stream ends) and the guest's seen mark move it too. A scheduler job,
// send_due(), sends what fell due.
//
// Several relays on one database: "the guest has an open stream" means on
// any relay. Each relay keeps leases in store::PresenceStore for the guests
// whose streams it holds (set_presence; renew_presence() is a scheduler job)
// and asks it when its own hub holds none.
//
// Delivery is AT MOST ONCE: for each due case one transaction stores the new
// state (batch covered), a fresh resume token's hash and a `pending`
// sms_outbox row, and commits; only then is the SMS handed to the gateway,
// and the row becomes `sent` or `failed`. A process that dies in between
// leaves the row `pending`; at the next start abandon_interrupted() marks it
// `failed` without resending (a notification SMS twice is worse than a
// missing one: the guest still sees the activity in the chat and the page
// title). Failures where the SMS certainly did not leave (gateway down after
// its bounded retries, misconfigured) re-arm the batch for a minute later;
// a refused number or an unknown outcome count as handled.
//
// Resume links. Each notification SMS carries a new 128-bit token
// ({public-url}/r/{token}); only its SHA-256 is stored (resume_tokens), and it
// stays valid until 30 days after its case closes. resume() locates the case:
// with a live session of that guest straight in, otherwise a fresh code goes
// to the guest's phone (GuestAuthService::send_code with the case id, normal
// rate limits) and verifying it signs in and lands in that case.
#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "events/hub.hpp"
#include "foxo/errors.hpp"
#include "foxo/notify_policy.hpp"
#include "services/audit.hpp"
#include "services/guest_auth.hpp"
#include "services/sessions.hpp"
#include "store/case_store.hpp"
#include "store/notify_store.hpp"
#include "store/presence_store.hpp"

namespace foxo::sms {
class Gateway;
}

namespace foxo::relay::services {

// A resume link lives until this long after its case closes.
constexpr TimeMs kResumeLinkAfterClose = days(30);
// A notification SMS that certainly did not leave is tried again after this.
constexpr TimeMs kNotifyRetry = minutes(1);

struct ResumeResult {
  std::optional<Error> error;      // not_found (unknown/expired), rate_limited, unavailable, invalid_field
  std::int64_t retry_after_s = 0;  // with rate_limited
  std::string case_id;
  bool authenticated = false;
  std::string challenge_id, phone_hint;  // when not authenticated
  std::int64_t expires_in = 0, resend_in = 0;
};

class NotificationService {
 public:
  // `hub` may be null (no live streams: every guest counts as away).
  NotificationService(store::NotifyStore& store, sms::Gateway& gateway, GuestAuthService& guest_auth, Auditor& audit,
                      const Clock& clock, events::Hub* hub)
      : store_(store), gateway_(gateway), guest_auth_(guest_auth), audit_(audit), clock_(clock), hub_(hub) {}

  // scheme://host[:port] of the links (--public-url; in dev the relay's own address).
  void set_public_url(std::string url);
  std::string public_url() const;

  // For a store::CaseUpdate whose messages are Team activity on a case of
  // `guest_id`. Make it before the store transaction: with set_presence it
  // reads other relays' leases (a second pooled connection).
  store::NotifyHook team_activity_hook(std::string guest_id, TimeMs now) const;
  // The same after the activity committed (its own transaction), for writers
  // that cannot put the hook into their update.
  void on_team_activity(std::string_view case_id, std::int64_t seq);
  // A stream of the guest opened / the guest's last open stream is closing.
  void guest_stream_opened(std::string_view guest_id);
  void guest_stream_closed(std::string_view guest_id);
  bool guest_stream_open(std::string_view guest_id) const;  // here or (with set_presence) on another relay

  // Several relays on one database: leases in `presence` under this relay's
  // `relay_id` (random per process). Call before the relay serves.
  void set_presence(store::PresenceStore* presence, std::string relay_id);
  // Scheduler job (before send_due): renews this relay's leases; returns how many guests.
  int renew_presence();

  // Scheduler job: sends every SMS due at `now`; returns how many were handed to the gateway.
  int send_due(TimeMs now);
  // At start, before the scheduler runs: see the header comment. Returns how many rows.
  int abandon_interrupted();

  // POST /api/v1/guest/resume. `caller` is the request's live guest session, if any.
  ResumeResult resume(std::string_view token, const std::optional<Principal>& caller,
                      std::string_view client_address);

  // The unseen-activity SMS. It shows on a lock screen, so it says who
  // writes and nothing of what was written (no subject, no message):
  //   "Demo Health: you have a new message. Open: https://host/r/TOKEN"
  // or, when that is more than one segment in the encoding it needs
  // (foxo/sms_text.hpp: GSM-7 160 septets or UCS-2 70 units, which a name
  // in Vietnamese or Chinese needs), the first of these that fits:
  //   "Phòng khám Hà Nội: new message https://host/r/TOKEN"
  //   "Phòng khám Nguyễn: https://host/r/TOKEN"
  // The organisation's name and the link are never shortened: should they
  // alone exceed a segment, the SMS goes out whole and split.
  static std::string sms_body(std::string_view org_name, std::string_view link);

 private:
  bool guest_stream_here(std::string_view guest_id) const;
  bool guest_stream_elsewhere(std::string_view guest_id) const;
  store::NotifyStore& store_;
  sms::Gateway& gateway_;
  GuestAuthService& guest_auth_;
  Auditor& audit_;
  const Clock& clock_;
  events::Hub* hub_;
  store::PresenceStore* presence_ = nullptr;
  std::string relay_id_;
  mutable std::mutex url_mutex_;
  std::string public_url_;
};

}  // namespace foxo::relay::services
