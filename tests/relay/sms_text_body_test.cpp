// The relay's SMS bodies (relay/services/notifications.cpp, guest_auth.cpp):
// nothing a guest or the staff wrote, the organisation and the link whole, one
// segment in the encoding they need for a name in any script.
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

TEST(SmsBodies, TheActivitySmsNamesTheOrganisationAndNothingElse) {
  EXPECT_EQ(NotificationService::sms_body("Demo Health", kLink), "Demo Health: you have a new message. Open: " + kLink);
  // In UCS-2 (70 units) a shorter wording keeps the name and the link whole.
  EXPECT_EQ(NotificationService::sms_body("Κλινική", kLink), "Κλινική: new message " + kLink);  // 70 units
  EXPECT_EQ(NotificationService::sms_body("Phòng khám Nguyễn", kLink), "Phòng khám Nguyễn: " + kLink);
  for (const std::string org : {std::string("Demo Health"), std::string("Phòng khám Nguyễn"), std::string("Κλινική"),
                                std::string("عيادة الحسن"), times(8, "診")}) {
    const std::string body = NotificationService::sms_body(org, kLink);
    EXPECT_TRUE(foxo::sms_fits_one_segment(body)) << body;
    EXPECT_EQ(body.rfind(org + ": ", 0), 0u) << body;
    EXPECT_EQ(body.substr(body.size() - kLink.size()), kLink) << body;
  }
}

TEST(SmsBodies, ANameTooLongForOneSegmentGoesOutWholeAndSplit) {
  // The guest must recognise who writes and the link must work: neither is cut.
  const std::string longer = times(40, "国");
  EXPECT_EQ(NotificationService::sms_body(longer, kLink), longer + ": you have a new message. Open: " + kLink);
}

TEST(SmsBodies, TheCodeSmsHoldsTheCodeTheOrganisationAndTheAutofillLine) {
  const foxo::OtpPolicy policy;
  EXPECT_EQ(foxo::relay::services::otp_sms_body("Demo Health", "123456", policy, "chat.example.org"),
            "123456 is your Demo Health code. It expires in 10 minutes.\n\n@chat.example.org #123456");
  EXPECT_EQ(foxo::relay::services::otp_sms_body("Demo Health", "123456", policy),
            "123456 is your Demo Health code. It expires in 10 minutes.");
  for (const std::string org : {std::string("Phòng khám Đa khoa Quốc tế Sài Gòn và Hà Nội — Chi nhánh Melbourne"),
                                times(60, "診"), times(200, "a")}) {
    const std::string body = foxo::relay::services::otp_sms_body(org, "123456", policy, "chat.example.org");
    EXPECT_TRUE(foxo::sms_fits_one_segment(body)) << body;
    EXPECT_EQ(body.rfind("123456 is your ", 0), 0u) << body;
    EXPECT_NE(body.find(" code. It expires in 10 minutes.\n\n@chat.example.org #123456"), std::string::npos) << body;
  }
}

TEST(SmsBodies, TheAutofillLineNamesTheHostWithoutPortOrPath) {
  using foxo::relay::services::host_of;
  EXPECT_EQ(host_of("https://chat.example.org"), "chat.example.org");
  EXPECT_EQ(host_of("https://chat.example.org:8443/foxo/"), "chat.example.org");
  EXPECT_EQ(host_of("http://127.0.0.1:40123"), "127.0.0.1");
  EXPECT_EQ(host_of("http://[::1]:8080/"), "[::1]");
  EXPECT_EQ(host_of("https://user:pw@chat.example.org/x?y#z"), "chat.example.org");
}
