#include <gtest/gtest.h>

#include <set>

#include "foxo/otp_policy.hpp"

using namespace foxo;

namespace {
const OtpPolicy P{};
constexpr TimeMs T0 = 1'800'000'000'000;
}  // namespace

TEST(OtpSend, FirstSendAllowed) { EXPECT_TRUE(decide_send(P, {}, T0).allowed); }

TEST(OtpSend, ResendCooldownThirtySeconds) {
  SendHistory h;
  h.number_sends = {T0};
  h.address_sends = {T0};
  h.last_send_for_challenge = T0;
  auto d = decide_send(P, h, T0 + seconds(29));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.error, ErrorCode::rate_limited);
  EXPECT_EQ(d.retry_at, T0 + seconds(30));
  EXPECT_TRUE(decide_send(P, h, T0 + seconds(30)).allowed);
}

TEST(OtpSend, FivePerNumberPerHour) {
  SendHistory h;
  for (int i = 0; i < 5; ++i) h.number_sends.push_back(T0 + minutes(i));
  auto d = decide_send(P, h, T0 + minutes(10));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_at, T0 + hours(1));  // when the oldest send leaves the window
  EXPECT_FALSE(decide_send(P, h, T0 + hours(1) - 1).allowed);
  EXPECT_TRUE(decide_send(P, h, T0 + hours(1)).allowed);
  h.number_sends.pop_back();
  EXPECT_TRUE(decide_send(P, h, T0 + minutes(10)).allowed);
}

TEST(OtpSend, ThirtyPerAddressPerTenMinutes) {
  SendHistory h;
  for (int i = 0; i < 30; ++i) h.address_sends.push_back(T0 + seconds(i));
  EXPECT_FALSE(decide_send(P, h, T0 + minutes(1)).allowed);
  EXPECT_TRUE(decide_send(P, h, T0 + minutes(10) + seconds(1)).allowed);
}

TEST(OtpVerify, ExpiryAtTenMinutes) {
  ChallengeState c{T0, 0, false};
  EXPECT_EQ(decide_verify(P, c, T0 + minutes(10) - 1), VerifyOutcome::check_code);
  EXPECT_EQ(decide_verify(P, c, T0 + minutes(10)), VerifyOutcome::expired);
}

TEST(OtpVerify, FiveWrongTriesLock) {
  ChallengeState c{T0, 4, false};
  EXPECT_EQ(decide_verify(P, c, T0), VerifyOutcome::check_code);
  c.wrong_attempts = 5;
  EXPECT_EQ(attempts_left_after_wrong(P, c), 0);
  EXPECT_EQ(decide_verify(P, c, T0), VerifyOutcome::locked);
  // Locked wins over expired: the failure count is never reset.
  EXPECT_EQ(decide_verify(P, c, T0 + hours(1)), VerifyOutcome::locked);
}

TEST(OtpVerify, UsedCodeNeverWorksAgain) {
  EXPECT_EQ(decide_verify(P, {T0, 0, true}, T0), VerifyOutcome::used);
}

TEST(OtpCode, SixDigitsFromBytesWithoutBias) {
  std::uint8_t bytes[kOtpRandomBytes] = {0, 0, 0, 7};
  EXPECT_EQ(code_from_random(P, bytes, sizeof bytes), "000007");
  // A word at or above the largest multiple of 10^6 is rejected; the next is used.
  std::uint8_t high[8] = {0xff, 0xff, 0xff, 0xff, 0, 0x0f, 0x42, 0x3f};
  EXPECT_EQ(code_from_random(P, high, sizeof high), "999999");
  std::uint8_t all_high[4] = {0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(code_from_random(P, all_high, 4), "");
}

TEST(OtpCode, VariesWithInput) {
  std::set<std::string> codes;
  for (int i = 0; i < 100; ++i) {
    std::uint8_t b[4] = {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i * 7), 3, static_cast<std::uint8_t>(i * 13)};
    const auto c = code_from_random(P, b, 4);
    EXPECT_EQ(c.size(), 6u);
    codes.insert(c);
  }
  EXPECT_GT(codes.size(), 90u);
}
