#include <gtest/gtest.h>

#include <set>

#include "foxo/errors.hpp"

using namespace foxo;

TEST(Errors, ContractCodesAndStatuses) {
  EXPECT_EQ(to_string(ErrorCode::otp_locked), "otp_locked");
  EXPECT_EQ(http_status(ErrorCode::otp_locked), 429);
  EXPECT_EQ(http_status(ErrorCode::otp_invalid), 401);
  EXPECT_EQ(http_status(ErrorCode::otp_expired), 410);
  EXPECT_EQ(http_status(ErrorCode::invalid_identifier), 422);
  EXPECT_EQ(http_status(ErrorCode::already_claimed), 409);
  EXPECT_EQ(http_status(ErrorCode::case_closed), 409);
  EXPECT_EQ(http_status(ErrorCode::bad_origin), 403);
  EXPECT_EQ(http_status(ErrorCode::too_large), 413);
  EXPECT_EQ(http_status(ErrorCode::unsupported_type), 415);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(to_string(ErrorCode::mfa_invalid), "mfa_invalid");
  EXPECT_EQ(http_status(ErrorCode::mfa_invalid), 401);
  EXPECT_EQ(to_string(ErrorCode::mfa_enrolment_required), "mfa_enrolment_required");
  EXPECT_EQ(http_status(ErrorCode::mfa_enrolment_required), 403);
}

TEST(Errors, NamesAreUniqueSnakeCase) {
  std::set<std::string> seen;
  for (int i = 0; i <= static_cast<int>(ErrorCode::unavailable); ++i) {
    const std::string s(to_string(static_cast<ErrorCode>(i)));
    EXPECT_TRUE(seen.insert(s).second) << s;
    for (char c : s) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << s;
  }
}
