// The pure decisions of a guest's code request and code check
// (services/otp_decisions.hpp), without a store, clock or gateway.
#include <gtest/gtest.h>

#include "services/otp_decisions.hpp"

using namespace foxo;
using namespace foxo::relay;
using services::OtpStartInput;

namespace {

constexpr TimeMs kNow = 1'800'000'000'000;
const OtpPolicy kPolicy{};

OtpStartInput request(std::string resend_id = {}) {
  OtpStartInput in;
  in.org_id = "org-1";
  in.org_name = "Κλινική Αθηνών";
  in.team_id = "team-1";
  in.first_name = "Δημήτρης";
  in.last_name = "Παπαδόπουλος";
  in.phone = "+306912345678";
  in.resend_id = std::move(resend_id);
  in.case_id = "case-7";
  in.client_address = "203.0.113.5";
  return in;
}

store::OtpChallengeRecord challenge() {
  store::OtpChallengeRecord c;
  c.id = "ch-1";
  c.org_id = "org-1";
  c.team_id = "team-1";
  c.phone = "+306912345678";
  c.first_name = "Δημήτρης";
  c.last_name = "Π.";
  c.code_hash = "old-hash";
  c.code_issued_at = kNow - minutes(2);
  c.created_at = kNow - minutes(5);
  return c;
}

}  // namespace

TEST(CodeSend, ANewChallengeCarriesTheRequestAndTheHashOfItsCode) {
  const auto plan = services::plan_code_send(kPolicy, {}, request(), kNow, "ch-new", "482913");
  ASSERT_TRUE(plan.write.allowed);
  EXPECT_FALSE(plan.refusal);
  EXPECT_TRUE(plan.write.is_new);
  const auto& c = plan.write.challenge;
  EXPECT_EQ(c.id, "ch-new");
  EXPECT_EQ(c.org_id, "org-1");
  EXPECT_EQ(c.team_id, "team-1");
  EXPECT_EQ(c.phone, "+306912345678");
  EXPECT_EQ(c.case_id, "case-7");
  EXPECT_EQ(c.first_name, "Δημήτρης");
  EXPECT_EQ(c.last_name, "Παπαδόπουλος");
  EXPECT_EQ(c.created_at, kNow);
  EXPECT_EQ(c.code_issued_at, kNow);
  EXPECT_EQ(c.code_hash, services::otp_code_hash("ch-new", "482913"));
  EXPECT_NE(c.code_hash, services::otp_code_hash("ch-other", "482913"));  // good for its own challenge only
}

TEST(CodeSend, AResendKeepsItsChallengeWithANewCodeAndTheNamesNowGiven) {
  store::OtpSendCounters counters;
  counters.challenge = challenge();
  const auto plan = services::plan_code_send(kPolicy, counters, request("ch-1"), kNow, "ch-unused", "000111");
  ASSERT_TRUE(plan.write.allowed);
  EXPECT_FALSE(plan.write.is_new);
  EXPECT_EQ(plan.write.challenge.id, "ch-1");
  EXPECT_EQ(plan.write.challenge.created_at, kNow - minutes(5));
  EXPECT_EQ(plan.write.challenge.last_name, "Παπαδόπουλος");
  EXPECT_EQ(plan.write.challenge.code_hash, services::otp_code_hash("ch-1", "000111"));
}

TEST(CodeSend, AResendNeedsItsOwnLiveChallenge) {
  store::OtpSendCounters none;
  auto plan = services::plan_code_send(kPolicy, none, request("ch-1"), kNow, "x", "1");
  ASSERT_TRUE(plan.refusal);
  EXPECT_FALSE(plan.write.allowed);
  EXPECT_EQ(plan.refusal->code, ErrorCode::not_found);
  EXPECT_EQ(plan.refusal->field, "challenge_id");

  store::OtpSendCounters other_number;
  other_number.challenge = challenge();
  other_number.challenge->phone = "+971501234567";  // Al-Hassan's number, not this one
  EXPECT_EQ(services::plan_code_send(kPolicy, other_number, request("ch-1"), kNow, "x", "1").refusal->code,
            ErrorCode::not_found);

  store::OtpSendCounters other_org;
  other_org.challenge = challenge();
  other_org.challenge->org_id = "org-2";
  EXPECT_EQ(services::plan_code_send(kPolicy, other_org, request("ch-1"), kNow, "x", "1").refusal->code,
            ErrorCode::not_found);

  store::OtpSendCounters used;
  used.challenge = challenge();
  used.challenge->used = true;
  EXPECT_EQ(services::plan_code_send(kPolicy, used, request("ch-1"), kNow, "x", "1").refusal->code,
            ErrorCode::otp_expired);

  store::OtpSendCounters locked;
  locked.challenge = challenge();
  locked.challenge->wrong_attempts = kPolicy.max_wrong_attempts;
  EXPECT_EQ(services::plan_code_send(kPolicy, locked, request("ch-1"), kNow, "x", "1").refusal->code,
            ErrorCode::otp_locked);
}

TEST(CodeSend, TheCooldownHoldsPerNumberAcrossChallenges) {
  store::OtpSendCounters counters;
  counters.number_sends = {kNow - seconds(10)};  // a code to this number, for another challenge
  const auto plan = services::plan_code_send(kPolicy, counters, request(), kNow, "ch-new", "123456");
  EXPECT_FALSE(plan.write.allowed);
  ASSERT_TRUE(plan.refusal);
  EXPECT_EQ(plan.refusal->code, ErrorCode::rate_limited);
  EXPECT_EQ(plan.retry_at, kNow - seconds(10) + kPolicy.resend_cooldown);
}

TEST(CodeSend, ACodeIssuedUnderAClockThatWentBackCountsAsNow) {
  store::OtpSendCounters counters;
  counters.challenge = challenge();
  counters.challenge->code_issued_at = kNow + hours(1);  // recorded before the clock was set back
  const auto plan = services::plan_code_send(kPolicy, counters, request("ch-1"), kNow, "x", "1");
  ASSERT_TRUE(plan.refusal);
  EXPECT_EQ(plan.refusal->code, ErrorCode::rate_limited);
  EXPECT_EQ(plan.retry_at, kNow + kPolicy.resend_cooldown);
}

TEST(CodeSend, TheNumberLimitWithinItsWindow) {
  store::OtpSendCounters counters;
  for (int i = 0; i < kPolicy.max_sends_per_number; ++i) counters.number_sends.push_back(kNow - minutes(50 - i));
  const auto plan = services::plan_code_send(kPolicy, counters, request(), kNow, "ch-new", "123456");
  ASSERT_TRUE(plan.refusal);
  EXPECT_EQ(plan.refusal->code, ErrorCode::rate_limited);
  EXPECT_GT(plan.retry_at, kNow);
}

TEST(CodeSend, WhatCountsAsSentAndWhatTheGuestIsToldOtherwise) {
  EXPECT_TRUE(services::counts_as_sent(sms::SendResult{}));
  sms::SendResult unknown;
  unknown.error = sms::SendError::unknown_outcome;
  EXPECT_TRUE(services::counts_as_sent(unknown));  // may have arrived: never sent twice
  sms::SendResult refused;
  refused.error = sms::SendError::rejected;
  EXPECT_FALSE(services::counts_as_sent(refused));

  const Error invalid = services::send_failure_error(sms::SendError::invalid_number);
  EXPECT_EQ(invalid.code, ErrorCode::invalid_field);
  EXPECT_EQ(invalid.field, "phone");
  const Error stop = services::send_failure_error(sms::SendError::opted_out);
  EXPECT_EQ(stop.field, "phone");
  EXPECT_NE(stop.message.find("START"), std::string::npos);
  for (auto e : {sms::SendError::rejected, sms::SendError::auth_failed, sms::SendError::unavailable,
                 sms::SendError::body_too_long}) {
    const Error other = services::send_failure_error(e);
    EXPECT_EQ(other.code, ErrorCode::unavailable);
    EXPECT_TRUE(other.field.empty());
  }
}

TEST(CodeCheck, RefusalsBeforeTheCodeIsCompared) {
  EXPECT_FALSE(services::refusal_before_code(VerifyOutcome::check_code));
  const auto used = services::refusal_before_code(VerifyOutcome::used);
  ASSERT_TRUE(used);
  EXPECT_EQ(used->error.code, ErrorCode::otp_expired);
  EXPECT_STREQ(used->audit_action, "otp.verify_used");
  EXPECT_EQ(used->attempts_left, -1);
  const auto locked = services::refusal_before_code(VerifyOutcome::locked);
  EXPECT_EQ(locked->error.code, ErrorCode::otp_locked);
  EXPECT_STREQ(locked->audit_action, "otp.verify_locked");
  EXPECT_EQ(locked->attempts_left, 0);
  const auto expired = services::refusal_before_code(VerifyOutcome::expired);
  EXPECT_EQ(expired->error.code, ErrorCode::otp_expired);
  EXPECT_EQ(expired->error.message, "This code has expired. Ask for a new code.");
  EXPECT_STREQ(expired->audit_action, "otp.verify_expired");
}

TEST(CodeCheck, AWrongCodeLocksOnTheLastTry) {
  const auto again = services::wrong_code(2);
  EXPECT_EQ(again.error.code, ErrorCode::otp_invalid);
  EXPECT_EQ(again.attempts_left, 2);
  EXPECT_STREQ(again.audit_action, "otp.verify_failed");
  const auto last = services::wrong_code(0);
  EXPECT_EQ(last.error.code, ErrorCode::otp_locked);
  EXPECT_EQ(last.error.field, "code");
  EXPECT_EQ(last.attempts_left, 0);
}
