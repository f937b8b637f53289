// Two-factor sign-in decisions (services/mfa_decisions.hpp) over explicit
// records and times: what a right password leads to, which codes sign in
// (TOTP with one step of drift, each once; unused recovery codes), the
// enrolment check against the pending secret, half sign-ins' lifetime, and
// who may reset whose second factor.
#include "services/mfa_decisions.hpp"

#include <gtest/gtest.h>

#include "core/recovery_codes.hpp"
#include "core/totp.hpp"

namespace foxo::relay::services {
namespace {

const std::string kSecret = "12345678901234567890";  // RFC 6238's seed
constexpr std::int64_t kNow = 2000000000;

store::StaffMfaRecord with_secret() {
  store::StaffMfaRecord m;
  m.staff_id = "s1";
  m.org_id = "o1";
  m.secret = secret_to_hex(kSecret);
  m.unused_recovery_hashes = {*recovery::hash_of("ABCD-EFGH-JKLM")};
  return m;
}

TEST(MfaDecisions, WhatARightPasswordLeadsTo) {
  store::StaffMfaRecord m;
  EXPECT_EQ(after_password(m), AfterPassword::session);
  m.org_requires_mfa = true;
  EXPECT_EQ(after_password(m), AfterPassword::session_enrolment_required);
  m.pending_secret = "00";  // enrolment started but not confirmed: still not on
  EXPECT_EQ(after_password(m), AfterPassword::session_enrolment_required);
  m.secret = secret_to_hex(kSecret);
  EXPECT_EQ(after_password(m), AfterPassword::code_required);
  m.org_requires_mfa = false;
  EXPECT_EQ(after_password(m), AfterPassword::code_required);
}

TEST(MfaDecisions, TotpCodesWithOneStepOfDriftEachOnce) {
  auto m = with_secret();
  const std::int64_t step = kNow / totp::kStepSeconds;
  auto v = judge_sign_in_code(m, totp::code_at(kSecret, kNow), kNow);
  EXPECT_EQ(v.kind, MfaCodeVerdict::Kind::totp);
  EXPECT_EQ(v.step, step);
  EXPECT_EQ(judge_sign_in_code(m, totp::code_at(kSecret, kNow - 30), kNow).step, step - 1);
  EXPECT_EQ(judge_sign_in_code(m, totp::code_at(kSecret, kNow - 60), kNow).kind, MfaCodeVerdict::Kind::invalid);
  m.last_step = step;  // that code was used
  EXPECT_EQ(judge_sign_in_code(m, totp::code_at(kSecret, kNow), kNow).kind, MfaCodeVerdict::Kind::invalid);
  EXPECT_EQ(judge_sign_in_code(m, totp::code_at(kSecret, kNow - 30), kNow).kind, MfaCodeVerdict::Kind::invalid);
  EXPECT_EQ(judge_sign_in_code(m, totp::code_at(kSecret, kNow + 30), kNow).kind, MfaCodeVerdict::Kind::totp);
}

TEST(MfaDecisions, RecoveryCodesOnlyWhileUnused) {
  auto m = with_secret();
  auto v = judge_sign_in_code(m, " abcd efgh-jklm", kNow);  // as typed from paper
  EXPECT_EQ(v.kind, MfaCodeVerdict::Kind::recovery);
  EXPECT_EQ(v.recovery_hash, m.unused_recovery_hashes[0]);
  EXPECT_EQ(judge_sign_in_code(m, "ABCD-EFGH-JKLN", kNow).kind, MfaCodeVerdict::Kind::invalid);
  m.unused_recovery_hashes.clear();
  EXPECT_EQ(judge_sign_in_code(m, "ABCD-EFGH-JKLM", kNow).kind, MfaCodeVerdict::Kind::invalid);
}

TEST(MfaDecisions, NoSecretNoCode) {
  store::StaffMfaRecord m;
  m.pending_secret = secret_to_hex(kSecret);  // a pending secret never signs in
  EXPECT_EQ(judge_sign_in_code(m, totp::code_at(kSecret, kNow), kNow).kind, MfaCodeVerdict::Kind::invalid);
  EXPECT_EQ(judge_sign_in_code(m, "", kNow).kind, MfaCodeVerdict::Kind::invalid);
}

TEST(MfaDecisions, EnrolmentChecksThePendingSecret) {
  store::StaffMfaRecord m;
  EXPECT_EQ(judge_enrolment_code(m, totp::code_at(kSecret, kNow), kNow), std::nullopt);
  m.pending_secret = secret_to_hex(kSecret);
  EXPECT_EQ(judge_enrolment_code(m, totp::code_at(kSecret, kNow), kNow), kNow / 30);
  EXPECT_EQ(judge_enrolment_code(m, "000000", kNow) == std::nullopt,
            totp::code_at(kSecret, kNow) != "000000" && totp::code_at(kSecret, kNow - 30) != "000000" &&
                totp::code_at(kSecret, kNow + 30) != "000000");
  m.pending_secret = "zz";  // not hex: never accepted
  EXPECT_EQ(judge_enrolment_code(m, totp::code_at(kSecret, kNow), kNow), std::nullopt);
}

TEST(MfaDecisions, AHalfSignInLivesFiveMinutes) {
  store::MfaLoginRecord r{"h", "s1", "o1", 1000};
  EXPECT_TRUE(mfa_login_alive(r, 1000));
  EXPECT_TRUE(mfa_login_alive(r, 1000 + kMfaLoginLifetime - 1));
  EXPECT_FALSE(mfa_login_alive(r, 1000 + kMfaLoginLifetime));
  EXPECT_FALSE(mfa_login_alive(r, 999));
}

TEST(MfaDecisions, OnlyAnAdminOfTheSameOrganisationResets) {
  const auto target = with_secret();
  EXPECT_EQ(refuse_mfa_reset("o1", true, target), std::nullopt);
  ASSERT_TRUE(refuse_mfa_reset("o1", false, target));
  EXPECT_EQ(refuse_mfa_reset("o1", false, target)->code, ErrorCode::forbidden);
  ASSERT_TRUE(refuse_mfa_reset("o2", true, target));
  EXPECT_EQ(refuse_mfa_reset("o2", true, target)->code, ErrorCode::forbidden);
  ASSERT_TRUE(refuse_mfa_reset("o1", true, std::nullopt));
  EXPECT_EQ(refuse_mfa_reset("o1", true, std::nullopt)->code, ErrorCode::forbidden);
}

TEST(MfaDecisions, SecretsRoundTripThroughHex) {
  const std::string bytes("\x00\x01\xfe\xff", 4);
  EXPECT_EQ(secret_to_hex(bytes), "0001feff");
  EXPECT_EQ(secret_from_hex("0001feff"), bytes);
  EXPECT_EQ(secret_from_hex("0"), std::nullopt);
  EXPECT_EQ(secret_from_hex("0g"), std::nullopt);
  EXPECT_EQ(secret_from_hex("0A"), std::nullopt);  // only what secret_to_hex writes
}

}  // namespace
}  // namespace foxo::relay::services
