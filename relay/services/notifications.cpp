// NotificationService (notifications.hpp): unseen-activity SMS (state moved in
// the activity's own transaction, sent by the send_due job, at most once),
// presence leases for several relays, and resume links.
#include "services/notifications.hpp"

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "foxo/sms_text.hpp"
#include "foxo/validation.hpp"
#include "sms/gateway.hpp"

namespace foxo::relay::services {
namespace {

constexpr std::size_t kClaimBatch = 500;

// Failures after which the SMS certainly did not leave and may leave later.
bool worth_retrying(sms::SendError e) {
  return e == sms::SendError::unavailable || e == sms::SendError::auth_failed;
}

}  // namespace

void NotificationService::set_public_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  std::lock_guard lock(url_mutex_);
  public_url_ = std::move(url);
}

std::string NotificationService::public_url() const {
  std::lock_guard lock(url_mutex_);
  return public_url_;
}

std::string NotificationService::sms_body(std::string_view org_name, std::string_view link) {
  const std::string full = std::string(org_name) + ": you have a new message. Open: " + std::string(link);
  if (sms_fits_one_segment(full)) return full;
  for (const char* between : {": new message ", ": "}) {
    const std::string shorter = std::string(org_name) + between + std::string(link);
    if (sms_fits_one_segment(shorter)) return shorter;
  }
  return full;
}

bool NotificationService::guest_stream_here(std::string_view guest_id) const {
  return hub_ && hub_->guest_streams(std::string(guest_id)) > 0;
}

bool NotificationService::guest_stream_elsewhere(std::string_view guest_id) const {
  if (!presence_) return false;
  try {
    return presence_->held_elsewhere(relay_id_, guest_id);
  } catch (const std::exception& e) {
    // Unknown counts as away: at worst an SMS reaches a guest connected to
    // another relay, and the activity itself is never refused for this.
    log::error("notify.presence_failed", {{"what", e.what()}});
    return false;
  }
}

bool NotificationService::guest_stream_open(std::string_view guest_id) const {
  return guest_stream_here(guest_id) || guest_stream_elsewhere(guest_id);
}

void NotificationService::set_presence(store::PresenceStore* presence, std::string relay_id) {
  presence_ = presence;
  relay_id_ = std::move(relay_id);
}

int NotificationService::renew_presence() {
  if (!presence_ || !hub_) return 0;
  const auto guests = hub_->guests_with_streams();
  presence_->renew(relay_id_, guests);
  return static_cast<int>(guests.size());
}

// Other relays' leases are read here, when the hook is made, which callers do
// before the store's transaction (CaseService), never inside it: a
// transaction holds a pooled connection, and asking the pool for a second one
// there waits forever once every connection is held by a writer doing the
// same (24 concurrent senders on a pool of 12 did).
store::NotifyHook NotificationService::team_activity_hook(std::string guest_id, TimeMs now) const {
  const bool elsewhere = guest_stream_elsewhere(guest_id);
  return [this, guest_id = std::move(guest_id), now, elsewhere](const NotifyState& s, std::int64_t seq) {
    return foxo::on_team_activity(s, seq, now, elsewhere || guest_stream_here(guest_id));
  };
}

void NotificationService::on_team_activity(std::string_view case_id, std::int64_t seq) {
  const TimeMs now = clock_.now();
  bool elsewhere = false;
  if (presence_)
    if (const auto c = store_.notify_case(case_id)) elsewhere = guest_stream_elsewhere(c->guest_id);
  store_.update_case_state(case_id, [&](const store::NotifyCase& c) {
    if (c.status == "closed") return c.state;
    return foxo::on_team_activity(c.state, seq, now, elsewhere || guest_stream_here(c.guest_id));
  });
}

void NotificationService::guest_stream_opened(std::string_view guest_id) {
  // The lease first: from its commit on, another relay deciding sees the guest here.
  if (presence_) {
    try {
      presence_->hold(relay_id_, guest_id);
    } catch (const std::exception& e) {
      log::error("notify.presence_failed", {{"what", e.what()}});  // renew_presence() tries again
    }
  }
  store_.update_guest_cases(guest_id, [](const store::NotifyCase& c) { return foxo::on_guest_stream_opened(c.state); });
}

void NotificationService::guest_stream_closed(std::string_view guest_id) {
  // The caller knows this was the guest's last stream. Should another open
  // meanwhile, send_due() finds it open and waits (foxo::on_guest_stream_opened).
  const TimeMs now = clock_.now();
  store_.update_guest_cases(guest_id,
                            [now](const store::NotifyCase& c) { return foxo::on_guest_stream_closed(c.state, now); });
  if (presence_) {
    try {
      presence_->release(relay_id_, guest_id);
    } catch (const std::exception& e) {
      log::error("notify.presence_failed", {{"what", e.what()}});  // the lease runs out by itself
    }
  }
}

int NotificationService::send_due(TimeMs now) {
  const std::string link_base = public_url() + "/r/";
  // `decide` runs inside the claim transaction, and on PostgreSQL asking
  // other relays' leases takes a second pooled connection there. Safe: the
  // scheduler runs one job at a time and no other holder waits for a second.
  const auto claims = store_.claim_due(now, kClaimBatch, [&](const store::NotifyCase& c) {
    store::NotifyDecision d;
    d.next = c.state;
    if (c.status == "closed") {
      d.next.due_at.reset();  // nothing to come back to
    } else if (guest_stream_open(c.guest_id)) {
      d.next = on_guest_stream_opened(c.state);  // the guest is here: they see it live
    } else if (!has_unseen(c.state) || batch_already_notified(c.state)) {
      d.next.due_at.reset();  // seen meanwhile (POST /seen, reading the case), or already texted
    } else if (sms_due(c.state, now)) {
      const std::string token = random_token(128);
      const std::string link = link_base + token;
      // The stored copy has the same wording as the one sent (a token of the
      // same length), without the token.
      d.sms = store::NotifySms{c.guest_phone, sms_body(c.org_name, link),
                               sms_body(c.org_name, link_base + std::string(token.size(), '*')), sha256_hex(token)};
      d.next = on_sms_sent(c.state);
    }
    return d;
  });
  int sent = 0;
  for (const auto& claim : claims) {
    const sms::SendResult r = gateway_.send(sms::Sms{claim.phone, claim.body});
    const TimeMs at = clock_.now();
    if (r.ok() || r.error == sms::SendError::unknown_outcome) {
      // An unknown outcome counts as sent: at most once.
      store_.finish_sms(claim.outbox_id, true, r.ok() ? "" : "outcome unknown", at);
      audit_.record(claim.org_id, "system", "notify.sms", "phone:" + mask_phone(claim.phone), claim.case_id);
      log::info("notify.sms_sent", {{"case", claim.case_id}, {"phone", mask_phone(claim.phone)},
                                    {"gateway", std::string(gateway_.name())},
                                    {"outcome", std::string(sms::to_string(r.error))}});
      ++sent;
      continue;
    }
    store_.finish_sms(claim.outbox_id, false, sms::to_string(r.error), at);
    audit_.record(claim.org_id, "system", "notify.sms_failed", "phone:" + mask_phone(claim.phone), claim.case_id);
    log::warn("notify.sms_failed", {{"case", claim.case_id}, {"phone", mask_phone(claim.phone)},
                                    {"gateway", std::string(gateway_.name())},
                                    {"error", std::string(sms::to_string(r.error))},
                                    {"detail", r.detail}});
    if (worth_retrying(r.error)) store_.rearm(claim, at + kNotifyRetry);
  }
  return sent;
}

int NotificationService::abandon_interrupted() {
  const int n = store_.abandon_pending(clock_.now());
  if (n > 0) log::warn("notify.sms_interrupted", {{"rows", n}, {"resent", false}});
  return n;
}

ResumeResult NotificationService::resume(std::string_view token, const std::optional<Principal>& caller,
                                         std::string_view client_address) {
  ResumeResult out;
  const TimeMs now = clock_.now();
  const auto t = store_.resume_target(sha256_hex(token));
  if (!t || (t->closed_at && now >= *t->closed_at + kResumeLinkAfterClose)) {
    out.error = Error{ErrorCode::not_found, "This link is not valid any more. Open the chat from your team's link.",
                      "token"};
    return out;
  }
  out.case_id = t->case_id;
  if (caller && caller->kind == store::SessionKind::guest && caller->subject_id == t->guest_id &&
      caller->org_id == t->org_id) {
    out.authenticated = true;
    audit_.record(t->org_id, "guest:" + t->guest_id, "case.resume", "case:" + t->case_id, t->case_id);
    return out;
  }
  // Someone else's browser, or no session: a fresh code to the guest's phone.
  OtpStartInput in;
  in.org_id = t->org_id;
  in.org_name = t->org_name;
  in.team_id = t->team_id;
  in.phone = t->guest_phone;
  in.case_id = t->case_id;
  in.client_address = std::string(client_address);
  // The guest's current name (verification renames the guest to the challenge's name).
  if (const auto g = guest_auth_.guest(t->guest_id)) {
    in.first_name = g->first_name;
    in.last_name = g->last_name;
  } else {
    in.first_name = t->guest_first_name;
    in.last_name = t->guest_last_name;
  }
  const auto sent = guest_auth_.send_code(in);
  audit_.record(t->org_id, "anonymous", "case.resume_challenge", "case:" + t->case_id, t->case_id);
  if (sent.error) {
    out.error = sent.error;
    out.retry_after_s = sent.retry_after_s;
    return out;
  }
  out.challenge_id = sent.challenge.challenge_id;
  out.expires_in = sent.challenge.expires_in;
  out.resend_in = sent.challenge.resend_in;
  out.phone_hint = mask_phone(t->guest_phone);
  return out;
}

}  // namespace foxo::relay::services
