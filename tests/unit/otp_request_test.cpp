// The optional challenge_id of POST /api/v1/guest/otp (a resend on the same
// challenge; docs/API.md).
#include <gtest/gtest.h>

#include "foxo/protocol.hpp"

using namespace foxo;

TEST(OtpRequest, ChallengeIdIsOptional) {
  auto r = parse_otp_request(R"({"team":"intake","first_name":"Ann","last_name":"Lee","phone":"0412 345 678"})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value->challenge_id.empty());
  r = parse_otp_request(
      R"({"team":"intake","first_name":"Ann","last_name":"Lee","phone":"0412 345 678","challenge_id":null})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value->challenge_id.empty());
}

TEST(OtpRequest, ChallengeIdIsKeptForAResend) {
  const auto r = parse_otp_request(
      R"({"team":"intake","first_name":"Ann","last_name":"Lee","phone":"+61412345678","challenge_id":"abc-DEF_1"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->challenge_id, "abc-DEF_1");
  EXPECT_EQ(r.value->phone, "+61412345678");
}

TEST(OtpRequest, BadChallengeIdNamesTheField) {
  auto r = parse_otp_request(R"({"team":"intake","first_name":"Ann","last_name":"Lee","phone":"0412345678","challenge_id":7})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.code, ErrorCode::invalid_field);
  EXPECT_EQ(r.error.field, "challenge_id");
  r = parse_otp_request(R"({"team":"intake","first_name":"Ann","last_name":"Lee","phone":"0412345678","challenge_id":")" +
                        std::string(129, 'a') + R"("})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.field, "challenge_id");
}
