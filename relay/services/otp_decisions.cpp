// The pure decisions of a code request and a code check (otp_decisions.hpp).
#include "services/otp_decisions.hpp"

#include <algorithm>
#include <vector>

#include "core/crypto.hpp"

namespace foxo::relay::services {
namespace {

// Times recorded under a clock that has since gone back (a restarted dev
// clock, a stepped system clock) still count, as if they were now.
std::vector<TimeMs> clamped(std::vector<TimeMs> v, TimeMs now) {
  for (auto& t : v) t = std::min(t, now);
  return v;
}

Error err(ErrorCode c, std::string msg, std::string field = {}) { return Error{c, std::move(msg), std::move(field)}; }

// Why a resend of `c.challenge` is refused (nullopt: it may go on to the limits).
std::optional<Error> resend_refusal(const OtpPolicy& policy, const store::OtpSendCounters& c,
                                    const OtpStartInput& in) {
  if (!c.challenge || c.challenge->phone != in.phone || c.challenge->org_id != in.org_id)
    return err(ErrorCode::not_found, "This code request is not known. Ask for a new code.", "challenge_id");
  if (c.challenge->used)
    return err(ErrorCode::otp_expired, "This code request is finished. Ask for a new code.", "challenge_id");
  if (c.challenge->wrong_attempts >= policy.max_wrong_attempts)
    return err(ErrorCode::otp_locked, "Too many wrong codes. Ask for a new code.", "challenge_id");
  return std::nullopt;
}

}  // namespace

std::string otp_code_hash(std::string_view challenge_id, std::string_view code) {
  std::string data = "foxo-otp-v1\n";
  data += challenge_id;
  data += '\n';
  data += code;
  return sha256_hex(data);
}

CodeSendPlan plan_code_send(const OtpPolicy& policy, const store::OtpSendCounters& c, const OtpStartInput& in,
                            TimeMs now, std::string_view new_challenge_id, std::string_view code) {
  CodeSendPlan plan;
  const bool resend = !in.resend_id.empty();
  if (resend) {
    if (auto refusal = resend_refusal(policy, c, in)) {
      plan.refusal = std::move(refusal);
      return plan;
    }
  }
  SendHistory h;
  h.number_sends = clamped(c.number_sends, now);
  h.address_sends = clamped(c.address_sends, now);
  TimeMs last = 0;
  for (TimeMs t : h.number_sends) last = std::max(last, t);
  if (c.challenge) last = std::max(last, std::min(c.challenge->code_issued_at, now));
  h.last_send_for_challenge = last;
  const SendDecision d = decide_send(policy, h, now);
  if (!d.allowed) {
    plan.refusal = err(ErrorCode::rate_limited, "Too many codes were asked for. Try again later.");
    plan.retry_at = d.retry_at;
    return plan;
  }
  store::OtpSendWrite& w = plan.write;
  w.allowed = true;
  w.is_new = !resend;
  if (resend) {
    w.challenge = *c.challenge;
  } else {
    w.challenge.id = std::string(new_challenge_id);
    w.challenge.org_id = in.org_id;
    w.challenge.team_id = in.team_id;
    w.challenge.phone = in.phone;
    w.challenge.case_id = in.case_id;
    w.challenge.created_at = now;
  }
  w.challenge.first_name = in.first_name;
  w.challenge.last_name = in.last_name;
  w.challenge.code_hash = otp_code_hash(w.challenge.id, code);
  w.challenge.code_issued_at = now;
  return plan;
}

bool counts_as_sent(const sms::SendResult& sent) {
  return sent.ok() || sent.error == sms::SendError::unknown_outcome;
}

Error send_failure_error(sms::SendError error) {
  if (error == sms::SendError::invalid_number)
    return err(ErrorCode::invalid_field, "This number cannot receive SMS. Check the mobile number.", "phone");
  if (error == sms::SendError::opted_out)
    return err(ErrorCode::invalid_field,
               "This number has opted out of our SMS (it replied STOP). Reply START to opt back in, or use "
               "another mobile number.",
               "phone");
  return err(ErrorCode::unavailable, "We could not send the SMS just now. Please try again in a minute.");
}

std::optional<VerifyRefusal> refusal_before_code(VerifyOutcome outcome) {
  switch (outcome) {
    case VerifyOutcome::used:
      return VerifyRefusal{err(ErrorCode::otp_expired, "This code was already used. Ask for a new code.", "code"),
                           "otp.verify_used", -1};
    case VerifyOutcome::locked:
      return VerifyRefusal{err(ErrorCode::otp_locked, "Too many wrong codes. Ask for a new code.", "code"),
                           "otp.verify_locked", 0};
    case VerifyOutcome::expired:
      return VerifyRefusal{err(ErrorCode::otp_expired, "This code has expired. Ask for a new code.", "code"),
                           "otp.verify_expired", -1};
    case VerifyOutcome::check_code: break;
  }
  return std::nullopt;
}

VerifyRefusal wrong_code(int attempts_left) {
  return VerifyRefusal{
      attempts_left > 0
          ? err(ErrorCode::otp_invalid, "That code is not right.", "code")
          : err(ErrorCode::otp_locked, "That code is not right, and that was the last try. Ask for a new code.", "code"),
      "otp.verify_failed", attempts_left};
}

}  // namespace foxo::relay::services
