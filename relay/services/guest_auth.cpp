// GuestAuthService (guest_auth.hpp): the I/O around the code decisions of
// otp_decisions.hpp — drawing the code, the store's transactions, the SMS
// gateway, audit and log — and the text of the code SMS.
#include "services/guest_auth.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "foxo/sms_text.hpp"
#include "foxo/validation.hpp"
#include "sms/gateway.hpp"

namespace foxo::relay::services {
namespace {

std::string phone_ref(std::string_view e164) { return "phone:" + mask_phone(e164); }

Guest to_guest(const store::GuestRecord& g) { return Guest{g.id, g.first_name, g.last_name, g.phone}; }

Error err(ErrorCode c, std::string msg, std::string field = {}) { return Error{c, std::move(msg), std::move(field)}; }

}  // namespace

std::string otp_sms_body(std::string_view org_name, std::string_view code, const OtpPolicy& p, std::string_view host) {
  const std::int64_t mins = p.code_ttl / minutes(1);
  const std::string c(code);
  // The last line lets the phone offer the code to the page that asked for
  // it (WebOTP: "@host #code"); it names no one.
  const std::string autofill = host.empty() ? std::string() : "\n\n@" + std::string(host) + " #" + c;
  const std::string after = " code. It expires in " + std::to_string(mins) + (mins == 1 ? " minute." : " minutes.") +
                            autofill;
  // One segment whatever the organisation's name: the code must arrive whole
  // and at once. A name in a script that needs UCS-2 (70 units) is shortened
  // at a grapheme cluster boundary; if not even its first character fits,
  // the SMS names no organisation (the guest has just asked for the code).
  if (const auto name = sms_fit_middle(c + " is your ", org_name, after)) return c + " is your " + *name + after;
  return c + " is your" + after;
}

std::string host_of(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  if (url.starts_with('[')) return std::string(url.substr(0, url.find(']') + 1));  // [::1]:port
  return std::string(url.substr(0, url.find(':')));
}

void GuestAuthService::set_public_url(std::string_view url) {
  std::lock_guard lock(host_mutex_);
  sms_host_ = host_of(url);
}

std::string GuestAuthService::sms_host() const {
  std::lock_guard lock(host_mutex_);
  return sms_host_;
}

OtpStartResult GuestAuthService::request_code(const OtpRequest& req, std::string_view client_address) {
  const auto team = dir_.team_by_slug(req.team);
  const auto org = team ? dir_.org_by_id(team->org_id) : std::nullopt;
  if (!team || !org) {
    OtpStartResult out;
    out.error = err(ErrorCode::not_found, "This team link is not known. Ask the organisation for its chat link.",
                    "team");
    return out;
  }
  OtpStartInput in;
  in.org_id = org->id;
  in.org_name = org->name;
  in.team_id = team->id;
  in.first_name = req.first_name;
  in.last_name = req.last_name;
  in.phone = req.phone;
  in.resend_id = req.challenge_id;
  in.client_address = std::string(client_address);
  return send_code(in);
}

OtpStartResult GuestAuthService::send_code(const OtpStartInput& in) {
  OtpStartResult out;
  const TimeMs now = clock_.now();
  const bool resend = !in.resend_id.empty();

  // The code and the challenge id are drawn before the transaction: the
  // store's lock is held only for the decision and the writes.
  const auto bytes = random_bytes(kOtpRandomBytes);
  std::string code = code_from_random(policy_, bytes.data(), bytes.size());
  while (code.empty()) {  // every 4-byte word rejected: draw again
    const auto more = random_bytes(kOtpRandomBytes);
    code = code_from_random(policy_, more.data(), more.size());
  }
  const std::string new_challenge_id = new_id();

  CodeSendPlan plan;
  const auto decide = [&](const store::OtpSendCounters& c) {
    plan = plan_code_send(policy_, c, in, now, new_challenge_id, code);
    return plan.write;
  };
  const auto outcome = otp_.record_send(in.phone, in.client_address, now - policy_.number_window,
                                        now - policy_.address_window, in.resend_id, now, decide);
  const std::string who = phone_ref(in.phone);
  if (!outcome.write.allowed) {
    out.error = plan.refusal.value_or(err(ErrorCode::rate_limited, "Try again later."));
    if (out.error->code == ErrorCode::rate_limited)
      out.retry_after_s = std::max<std::int64_t>(1, seconds_until(now, plan.retry_at));
    audit_.record(in.org_id, "anonymous", "otp.send_refused", who);
    log::info("otp.send_refused", {{"phone", mask_phone(in.phone)}, {"reason", std::string(to_string(out.error->code))}});
    return out;
  }

  const std::string& challenge_id = outcome.write.challenge.id;
  const sms::SendResult sent = gateway_.send(sms::Sms{in.phone, otp_sms_body(in.org_name, code, policy_, sms_host())});
  if (!counts_as_sent(sent)) {
    // The SMS never left: the send does not count, and a resent challenge keeps its earlier code.
    otp_.cancel_send(outcome.send_id, outcome.write, outcome.before);
    audit_.record(in.org_id, "anonymous", "otp.send_failed", who);
    log::warn("otp.send_failed", {{"phone", mask_phone(in.phone)},
                                  {"gateway", std::string(gateway_.name())},
                                  {"error", std::string(sms::to_string(sent.error))},
                                  {"provider_code", sent.provider_code},
                                  {"detail", sent.detail}});
    out.error = send_failure_error(sent.error);
    return out;
  }
  audit_.record(in.org_id, "anonymous", resend ? "otp.resend" : "otp.send", who);
  log::info("otp.sent", {{"phone", mask_phone(in.phone)},
                         {"gateway", std::string(gateway_.name())},
                         {"resend", resend},
                         {"outcome", std::string(sms::to_string(sent.error))}});
  out.challenge = OtpChallenge{challenge_id, policy_.code_ttl / 1000, policy_.resend_cooldown / 1000};
  return out;
}

OtpVerifyResult GuestAuthService::verify(const VerifyRequest& req, std::string_view previous_token) {
  OtpVerifyResult out;
  const TimeMs now = clock_.now();
  VerifyOutcome outcome = VerifyOutcome::check_code;
  bool matched = false;
  const auto c = otp_.check_challenge(req.challenge_id, [&](const store::OtpChallengeRecord& r) {
    outcome = decide_verify(policy_, ChallengeState{r.code_issued_at, r.wrong_attempts, r.used}, now);
    if (outcome != VerifyOutcome::check_code) return store::OtpCheck::none;
    matched = equal_ct(otp_code_hash(r.id, req.code), r.code_hash);
    return matched ? store::OtpCheck::consume : store::OtpCheck::wrong_attempt;
  });
  if (!c) {
    audit_.record("", "anonymous", "otp.verify_unknown", "challenge:unknown");
    out.error = err(ErrorCode::not_found, "This code request is not known. Ask for a new code.", "challenge_id");
    return out;
  }
  const std::string who = phone_ref(c->phone);
  if (const auto refused = refusal_before_code(outcome)) {
    audit_.record(c->org_id, "anonymous", refused->audit_action, who);
    out.attempts_left = refused->attempts_left;
    out.error = refused->error;
    return out;
  }
  if (!matched) {
    const auto refused =
        wrong_code(attempts_left_after_wrong(policy_, ChallengeState{c->code_issued_at, c->wrong_attempts, false}));
    out.attempts_left = refused.attempts_left;
    audit_.record(c->org_id, "anonymous", refused.audit_action, who);
    log::info("otp.verify_failed", {{"phone", mask_phone(c->phone)}, {"attempts_left", out.attempts_left}});
    out.error = refused.error;
    return out;
  }
  const auto g = dir_.upsert_guest(c->org_id, c->phone, c->first_name, c->last_name, now);
  if (!previous_token.empty()) {
    // The browser's cookie changes now. Its other tabs' streams of the same
    // guest resume with the new cookie (replaced); another person's streams
    // end as signed out, and that person's tabs show their sign-in screen.
    const auto previous = sessions_.resolve(previous_token);
    sessions_.revoke(previous_token, previous && previous->kind == store::SessionKind::guest &&
                                             previous->subject_id == g.id
                                         ? SessionEnd::replaced
                                         : SessionEnd::signed_out);
  }
  out.token = sessions_.create(store::SessionKind::guest, g.id, c->org_id);
  out.guest = to_guest(g);
  out.org_id = c->org_id;
  out.case_id = c->case_id;
  audit_.record(c->org_id, "guest:" + g.id, "otp.verify", who, c->case_id);
  log::info("otp.verified", {{"phone", mask_phone(c->phone)}, {"guest", g.id}});
  return out;
}

std::optional<Guest> GuestAuthService::guest(std::string_view guest_id) {
  const auto g = dir_.guest_by_id(guest_id);
  if (!g) return std::nullopt;
  return to_guest(*g);
}

std::string GuestAuthService::logout(std::string_view token) { return sessions_.revoke(token, SessionEnd::signed_out); }

}  // namespace foxo::relay::services
