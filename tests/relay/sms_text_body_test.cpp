// The relay's SMS bodies in any script: one segment in the encoding they need,
// the organisation and link whole (relay/services/notifications.cpp,
// guest_auth.cpp).
#include <gtest/gtest.h>

#include <string>

#include "foxo/otp_policy.hpp"
#include "foxo/sms_text.hpp"
#include "services/guest_auth.hpp"
#include "services/notifications.hpp"

using foxo::relay::services::NotificationService;

namespace {
const std::string kLink = "https://chat.example.org/r/AbCdEfGhIjKlMnOpQrStUv";

std::string times(int n, const std::string& s) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}
}  // namespace

TEST(SmsBodies, AShortSubjectKeepsTheFullWording) {
  EXPECT_EQ(NotificationService::sms_body("Demo Health", "Missing Report", kLink),
            "Demo Health: there is news in your chat \"Missing Report\". Open it here: " + kLink);
  // Whole in UCS-2 too when it fits in 70 units with the short wording.
  EXPECT_EQ(NotificationService::sms_body("Demo", "Kết quả", kLink), "Demo: \"Kết quả\" " + kLink);
}

TEST(SmsBodies, LongSubjectsAreShortenedToOneSegment) {
  for (const std::string subject :
       {times(20, "Kết quả xét nghiệm 👍🏽 "), times(40, "王芳 "), times(30, "🇦🇺👨\u200D👩\u200D👧\u200D👦"),
        times(20, "Request for the results ")}) {
    const std::string body = NotificationService::sms_body("Demo Health", subject, kLink);
    EXPECT_TRUE(foxo::sms_fits_one_segment(body)) << body;
    EXPECT_EQ(body.rfind("Demo Health: ", 0), 0u) << body;
    EXPECT_EQ(body.substr(body.size() - kLink.size()), kLink) << body;
    EXPECT_TRUE(foxo::utf8_length(body).has_value()) << body;
  }
}

TEST(SmsBodies, TheSubjectIsLeftOutWhenTheOrganisationAndLinkFillTheSegment) {
  const std::string org = times(15, "国");  // 15 units of UCS-2 beside a 49-character link: 66 with ": "
  const std::string body = NotificationService::sms_body(org, "Kết quả", kLink);
  EXPECT_EQ(body, org + ": " + kLink);  // no subject, name and link whole
  // Longer still: sent split rather than cut.
  const std::string longer = times(40, "国");
  EXPECT_EQ(NotificationService::sms_body(longer, "Kết quả", kLink), longer + ": " + kLink);
}

TEST(SmsBodies, TheCodeSmsIsOneSegmentWhateverTheOrganisation) {
  const foxo::OtpPolicy policy;
  EXPECT_EQ(foxo::relay::services::otp_sms_body("Demo Health", "123456", policy).rfind("Your Foxo code for Demo Health is 123456. ", 0), 0u);
  for (const std::string org : {std::string("Phòng khám Đa khoa Quốc tế Sài Gòn và Hà Nội — Chi nhánh Melbourne"),
                                times(60, "診"), times(200, "a")}) {
    const std::string body = foxo::relay::services::otp_sms_body(org, "123456", policy);
    EXPECT_TRUE(foxo::sms_fits_one_segment(body)) << body;
    EXPECT_NE(body.find(" is 123456. It expires in "), std::string::npos) << body;
  }
}
