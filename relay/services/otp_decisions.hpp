// What a guest's code request and code check do, as pure functions of what
// the store read in its transaction, the policy (shared/otp_policy) and the
// time: GuestAuthService draws the code, asks the store, sends the SMS and
// audits; the decisions are here, each unit-tested on its own
// (tests/relay/otp_decisions_test.cpp).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "foxo/errors.hpp"
#include "foxo/otp_policy.hpp"
#include "sms/gateway.hpp"
#include "store/otp_store.hpp"

namespace foxo::relay::services {

// A code request once the organisation is known.
struct OtpStartInput {
  std::string org_id, org_name, team_id;
  std::string first_name, last_name, phone;  // phone in E.164
  std::string resend_id;                      // empty: a new challenge
  std::string case_id;                        // a resume link's case, if any
  std::string client_address;
};

// The verdict on one code request: the store's write (allowed or not) and,
// when refused, why and when to try again.
struct CodeSendPlan {
  store::OtpSendWrite write;
  std::optional<Error> refusal;  // set exactly when !write.allowed
  TimeMs retry_at = 0;           // with a rate_limited refusal
};

// Decides a code request `in` at `now` from the counters read in the store's
// transaction. A resend needs its challenge, for the same number at the same
// organisation, unused and not locked; then the send limits apply
// (decide_send), with the 30 s cooldown per number whichever challenge the
// last code went to. Allowed, the write carries the challenge — a new one
// with `new_challenge_id`, or the resent one — with the hash of `code`.
CodeSendPlan plan_code_send(const OtpPolicy& policy, const store::OtpSendCounters& counters, const OtpStartInput& in,
                            TimeMs now, std::string_view new_challenge_id, std::string_view code);

// Whether a send counts as delivered: accepted, or written to the provider
// with no usable answer (never retried, so it may well have arrived).
bool counts_as_sent(const sms::SendResult& sent);
// What the guest is told when the SMS did not leave.
Error send_failure_error(sms::SendError error);

// Why a code check was refused before its code was compared, the audit
// action that records it, and the attempts left to show (-1: none shown).
struct VerifyRefusal {
  Error error;
  const char* audit_action;
  int attempts_left = -1;
};
// nullopt for check_code: compare the code.
std::optional<VerifyRefusal> refusal_before_code(VerifyOutcome outcome);
// A wrong code, with `attempts_left` after it: not right, or locked on the last try.
VerifyRefusal wrong_code(int attempts_left);

// The stored form of a code: SHA-256 over a domain tag, the challenge id and
// the code, so a code is only ever good for its own challenge.
std::string otp_code_hash(std::string_view challenge_id, std::string_view code);

}  // namespace foxo::relay::services
