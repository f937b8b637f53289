// Staff two-factor sign-in in the client core (app/update_mfa.cpp): the code
// half after a right password, recovery codes, a half sign-in that ran out,
// enrolment from the console and when the organisation requires it (right
// after sign-in and at start), the recovery codes shown once.
#include "harness.hpp"

namespace foxo::client::test {
namespace {

const StaffInfo kThao{"s-7", "Nguyễn Thảo", "thao@demo.test", {"intake"}, false};

Harness at_staff_login() {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  h.answer(Call::staff_me, 401, nullptr);
  h.intent(intent::StaffSignIn{"thao@demo.test", "a long enough secret"});
  return h;
}

json error(const char* code) { return json{{"error", {{"code", code}, {"message", "no"}}}}; }

MfaEnrolment enrolment() {
  MfaEnrolment e;
  e.secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  e.otpauth_uri = "otpauth://totp/Demo%20Health:Nguy%E1%BB%85n?secret=" + e.secret;
  e.qr = QrModules{21, std::string(21 * 21, '0')};
  e.qr.modules[0] = '1';
  return e;
}

TEST(ClientMfa, ACodeIsAskedForAfterTheRightPassword) {
  Harness h = at_staff_login();
  h.answer(Call::staff_login, 200, json{{"mfa_required", true}});
  EXPECT_EQ(h.m().nav.screen, Screen::staff_mfa_code);
  EXPECT_EQ(screen_name(h.m().nav.screen), "staff_mfa_code");
  EXPECT_EQ(h.state.ui.focus_next, "Two-factor code");
  EXPECT_FALSE(h.requested(Call::staff_queue)) << "no session yet";
  EXPECT_EQ(h.all<effect::OpenStream>().size(), 0u);

  h.intent(intent::MfaSignInCode{" 123456 "});
  const auto req = h.request(Call::staff_login_mfa);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/api/v1/staff/login/mfa");
  EXPECT_EQ(json::parse(req.body), json({{"code", "123456"}}));
  EXPECT_TRUE(h.m().mfa.busy);
  h.intent(intent::MfaSignInCode{"123456"});
  EXPECT_FALSE(h.requested(Call::staff_login_mfa)) << "one at a time";

  h.answer(Call::staff_login_mfa, 401, error("mfa_invalid"));
  EXPECT_EQ(h.m().nav.screen, Screen::staff_mfa_code);
  EXPECT_EQ(h.m().mfa.error.field, "code");
  EXPECT_FALSE(h.m().mfa.error.message.empty());
  EXPECT_FALSE(h.m().mfa.busy);

  h.intent(intent::MfaSignInCode{"abcd-efgh-jklm"});  // a recovery code goes the same way
  EXPECT_EQ(json::parse(h.request(Call::staff_login_mfa).body), json({{"code", "abcd-efgh-jklm"}}));
  h.answer(Call::staff_login_mfa, 200, json{{"staff", kThao}});
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue);
  EXPECT_EQ(h.m().staff_name, "Nguyễn Thảo");
  EXPECT_TRUE(h.requested(Call::staff_queue));
  EXPECT_EQ(h.all<effect::OpenStream>().size(), 1u);
}

TEST(ClientMfa, TooManyWrongCodesSayWhenToTryAgain) {
  Harness h = at_staff_login();
  h.answer(Call::staff_login, 200, json{{"mfa_required", true}});
  h.intent(intent::MfaSignInCode{"000000"});
  h.on(Response{Call::staff_login_mfa, 0, "", 429, error("rate_limited").dump(), "120"});
  EXPECT_NE(h.m().mfa.error.message.find("120 seconds"), std::string::npos) << h.m().mfa.error.message;
}

TEST(ClientMfa, AHalfSignInThatRanOutGoesBackToThePassword) {
  Harness h = at_staff_login();
  h.answer(Call::staff_login, 200, json{{"mfa_required", true}});
  h.intent(intent::MfaSignInCode{"123456"});
  h.answer(Call::staff_login_mfa, 401, error("unauthenticated"));
  EXPECT_EQ(h.m().nav.screen, Screen::staff_login);
  EXPECT_FALSE(h.m().staff_error.message.empty());
  h.intent(intent::MfaSignInCode{"123456"});
  EXPECT_FALSE(h.requested(Call::staff_login_mfa)) << "not from the sign-in screen";
}

TEST(ClientMfa, EnrolFromTheConsoleShowsTheKeyThenTheRecoveryCodesOnce) {
  Harness h = at_staff_login();
  h.answer(Call::staff_login, 200, json{{"staff", kThao}});
  ASSERT_EQ(h.m().nav.screen, Screen::staff_queue);
  h.intent(intent::OpenMfaEnrolment{});
  EXPECT_EQ(h.m().nav.screen, Screen::staff_mfa_enrol);
  EXPECT_EQ(h.all<effect::CloseStream>().size(), 1u);
  const auto req = h.request(Call::staff_mfa_enrol);
  EXPECT_EQ(req.path, "/api/v1/staff/mfa/enrol");
  EXPECT_TRUE(h.m().mfa.busy);

  h.answer(Call::staff_mfa_enrol, 200, json(enrolment()));
  EXPECT_EQ(h.m().mfa.secret, enrolment().secret);
  EXPECT_EQ(h.m().mfa.qr.size, 21);
  EXPECT_EQ(h.m().mfa.qr.modules, enrolment().qr.modules);
  EXPECT_EQ(h.state.ui.focus_next, "Authenticator code");

  h.intent(intent::MfaConfirm{"654321"});
  EXPECT_EQ(json::parse(h.request(Call::staff_mfa_confirm).body), json({{"code", "654321"}}));
  h.answer(Call::staff_mfa_confirm, 401, error("mfa_invalid"));
  EXPECT_EQ(h.m().mfa.error.field, "code");
  EXPECT_TRUE(h.m().mfa.recovery_codes.empty());

  std::vector<std::string> codes;
  for (int i = 0; i < 10; ++i) codes.push_back("AAAA-BBBB-CCC" + std::to_string(i));
  h.intent(intent::MfaConfirm{"123456"});
  h.answer(Call::staff_mfa_confirm, 200, json{{"recovery_codes", codes}});
  EXPECT_EQ(h.m().mfa.recovery_codes, codes);
  EXPECT_TRUE(h.m().mfa.secret.empty()) << "the key is not kept once it is on";
  EXPECT_EQ(h.m().nav.screen, Screen::staff_mfa_enrol);

  h.intent(intent::MfaDone{});
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue);
  EXPECT_TRUE(h.m().mfa.recovery_codes.empty()) << "shown once";
  EXPECT_TRUE(h.requested(Call::staff_queue));
}

TEST(ClientMfa, AnUnreadableEnrolmentAnswerShowsAnError) {
  Harness h = at_staff_login();
  h.answer(Call::staff_login, 200, json{{"staff", kThao}});
  h.intent(intent::OpenMfaEnrolment{});
  json bad = json(enrolment());
  bad["qr"]["modules"] = "0101";  // not size*size
  h.answer(Call::staff_mfa_enrol, 200, bad);
  EXPECT_TRUE(h.m().mfa.secret.empty());
  EXPECT_TRUE(h.m().mfa.error.any());
  h.intent(intent::MfaConfirm{"123456"});
  EXPECT_FALSE(h.requested(Call::staff_mfa_confirm));
}

TEST(ClientMfa, RequiredEnrolmentComesRightAfterSignInAndCannotBeSkipped) {
  Harness h = at_staff_login();
  h.answer(Call::staff_login, 200, json{{"staff", kThao}, {"mfa_enrolment_required", true}});
  EXPECT_EQ(h.m().nav.screen, Screen::staff_mfa_enrol);
  EXPECT_TRUE(h.m().mfa.required);
  EXPECT_TRUE(h.requested(Call::staff_mfa_enrol));
  EXPECT_FALSE(h.requested(Call::staff_queue));
  h.intent(intent::MfaDone{});
  EXPECT_EQ(h.m().nav.screen, Screen::staff_mfa_enrol) << "no cancelling a required enrolment";
  h.answer(Call::staff_mfa_enrol, 200, json(enrolment()));
  h.intent(intent::MfaConfirm{"123456"});
  h.answer(Call::staff_mfa_confirm, 200, json{{"recovery_codes", std::vector<std::string>(10, "ABCD-EFGH-JKLM")}});
  EXPECT_FALSE(h.m().mfa.required);
  h.intent(intent::MfaDone{});
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue);
}

TEST(ClientMfa, AtStartASessionThatMustEnrolOpensEnrolment) {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  h.answer(Call::staff_me, 403, error("mfa_enrolment_required"));
  EXPECT_EQ(h.m().nav.screen, Screen::staff_mfa_enrol);
  EXPECT_TRUE(h.m().mfa.required);
  EXPECT_TRUE(h.requested(Call::staff_mfa_enrol));
  // Any other 403 is not this.
  Harness other;
  other.on(event::Started{"/staff", false, ""});
  other.answer(Call::staff_me, 403, error("forbidden"));
  EXPECT_EQ(other.m().nav.screen, Screen::staff_login);
}

TEST(ClientMfa, RequiredMidSessionOpensEnrolment) {
  Harness h = at_staff_login();
  h.answer(Call::staff_login, 200, json{{"staff", kThao}});
  ASSERT_EQ(h.m().nav.screen, Screen::staff_queue);
  h.answer(Call::staff_queue, 403, error("forbidden"));
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue) << "another 403 is not this";
  h.answer(Call::staff_queue, 403, error("mfa_enrolment_required"));
  EXPECT_EQ(h.m().nav.screen, Screen::staff_mfa_enrol);
  EXPECT_TRUE(h.m().mfa.required);
  EXPECT_TRUE(h.requested(Call::staff_mfa_enrol));
}

TEST(ClientMfa, NavigationOnlyFromTheRightScreens) {
  NavState s;
  s.side = Side::staff;
  s.screen = Screen::staff_queue;
  EXPECT_EQ(update(s, nav::MfaCodeRequired{}).screen, Screen::staff_queue);
  EXPECT_EQ(update(s, nav::MfaEnrolmentDone{}).screen, Screen::staff_queue);
  s.screen = Screen::staff_mfa_code;
  EXPECT_EQ(update(s, nav::Back{}).screen, Screen::staff_login);
  EXPECT_EQ(update(s, nav::StaffSignedIn{}).screen, Screen::staff_queue);
  NavState guest;
  guest.screen = Screen::home;
  EXPECT_EQ(update(guest, nav::MfaEnrolmentOpened{}).screen, Screen::home);
}

}  // namespace
}  // namespace foxo::client::test
