// TOTP (core/totp.hpp) against RFC 6238's test vectors, with the clock given:
// drift of one step either side, each code once, nothing but six ASCII digits.
#include "core/totp.hpp"

#include <gtest/gtest.h>

namespace foxo::relay::totp {
namespace {

// RFC 6238 Appendix B: the SHA-1 seed, ASCII "12345678901234567890".
const std::string kRfcSecret = "12345678901234567890";

TEST(Totp, MatchesTheRfc6238Vectors) {
  // The RFC lists 8-digit codes; a 6-digit code is their last six digits.
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
      {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
  };
  for (const auto& [t, code] : vectors) EXPECT_EQ(code_at(kRfcSecret, t), code) << "T=" << t;
}

TEST(Totp, AcceptsTheCurrentStepAndOneStepOfDriftEitherSide) {
  const std::int64_t now = 1234567890;
  const std::int64_t step = now / kStepSeconds;
  EXPECT_EQ(accept(kRfcSecret, code_at(kRfcSecret, now), now, -1), step);
  EXPECT_EQ(accept(kRfcSecret, code_at(kRfcSecret, now - kStepSeconds), now, -1), step - 1);
  EXPECT_EQ(accept(kRfcSecret, code_at(kRfcSecret, now + kStepSeconds), now, -1), step + 1);
  EXPECT_EQ(accept(kRfcSecret, code_at(kRfcSecret, now - 2 * kStepSeconds), now, -1), std::nullopt);
  EXPECT_EQ(accept(kRfcSecret, code_at(kRfcSecret, now + 2 * kStepSeconds), now, -1), std::nullopt);
}

TEST(Totp, EachCodeIsGoodOnceAndNeverAfterANewerOne) {
  const std::int64_t now = 2000000000;
  const std::string code = code_at(kRfcSecret, now);
  const auto used = accept(kRfcSecret, code, now, -1);
  ASSERT_TRUE(used);
  EXPECT_EQ(accept(kRfcSecret, code, now, *used), std::nullopt) << "a replay";
  EXPECT_EQ(accept(kRfcSecret, code, now + 10, *used), std::nullopt) << "a replay later in the same step";
  const std::string older = code_at(kRfcSecret, now - kStepSeconds);
  EXPECT_EQ(accept(kRfcSecret, older, now, *used), std::nullopt) << "an older code after a newer one";
  const std::string next = code_at(kRfcSecret, now + kStepSeconds);
  EXPECT_EQ(accept(kRfcSecret, next, now + kStepSeconds, *used), *used + 1);
}

TEST(Totp, RefusesAnythingButSixAsciiDigits) {
  const std::int64_t now = 59;
  for (const char* code : {"", "28708", "2870820", "94287082", "28708a", " 287082", "287 082",
                           "٢٨٧٠٨٢",  // the right code in Arabic-Indic digits
                           "２８７０８２"})  // and in full-width digits
    EXPECT_EQ(accept(kRfcSecret, code, now, -1), std::nullopt) << code;
  EXPECT_EQ(accept(kRfcSecret, "287082", now, -1), now / kStepSeconds);
}

TEST(Totp, AnotherSecretsCodeIsRefused) {
  const std::string other = "Παπαδόπουλος-王-🔑";
  const std::int64_t now = 1111111111;
  EXPECT_NE(code_at(other, now), code_at(kRfcSecret, now));
  EXPECT_EQ(accept(other, code_at(kRfcSecret, now), now, -1), std::nullopt);
}

TEST(Totp, TheSecretAndLinkAreWhatAuthenticatorAppsRead) {
  // RFC 4648 base32, unpadded.
  EXPECT_EQ(base32(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(base32("f"), "MY");
  EXPECT_EQ(otpauth_uri("Demo Health", "ivy@demo.test", kRfcSecret),
            "otpauth://totp/Demo%20Health:ivy%40demo.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Demo%20Health&algorithm=SHA1&digits=6&period=30");
  // Non-Latin names travel as percent-encoded UTF-8.
  const std::string uri = otpauth_uri("Phòng khám Nguyễn", "thảo@demo.test", kRfcSecret);
  EXPECT_EQ(uri.rfind("otpauth://totp/Ph%C3%B2ng%20kh%C3%A1m%20Nguy%E1%BB%85n:th%E1%BA%A3o%40demo.test?", 0), 0u)
      << uri;
}

}  // namespace
}  // namespace foxo::relay::totp
