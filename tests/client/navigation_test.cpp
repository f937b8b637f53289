// Start-up and navigation: which requests a route starts, how answers move
// between screens, what entering a screen resets, the live stream's state.
#include "harness.hpp"

namespace foxo::client::test {
namespace {

TEST(ClientNavigation, TeamLinkAsksForTheTeamAndTheSessionThenShowsRegistration) {
  Harness h;
  h.on(event::Started{"/t/intake", false, ""});
  EXPECT_EQ(h.m().nav.screen, Screen::loading);
  ASSERT_EQ(h.requests().size(), 3u);
  EXPECT_EQ(h.requests()[0].path, "/api/v1/health");
  EXPECT_EQ(h.requests()[1], (effect::Request{Call::team, "GET", "/api/v1/teams/intake", "", ""}));
  EXPECT_EQ(h.requests()[2].path, "/api/v1/guest/me");

  TeamEntry t;
  t.organisation = {"org", "Stadt Zürich"};
  t.team = {"intake", "Aufnahme Ω"};
  t.subjects = {"Visa", "住房"};
  t.identifiers = {IdentifierField{"file_no", "رقم الملف", true, 20, ""}};
  h.answer(Call::team, 200, json(t));
  EXPECT_TRUE(h.m().team_loaded);
  EXPECT_EQ(h.m().organisation_name, "Stadt Zürich");
  EXPECT_EQ(h.m().subjects, (std::vector<std::string>{"Visa", "住房"}));
  ASSERT_EQ(h.m().identifiers.size(), 1u);
  EXPECT_EQ(h.m().identifiers[0].label, "رقم الملف");

  h.answer(Call::guest_me, 401, json{{"error", {{"code", "unauthenticated"}, {"message", "Sign in"}}}});
  EXPECT_EQ(h.m().nav.screen, Screen::guest_register);
  EXPECT_EQ(h.state.ui.focus_next, "First name");
  EXPECT_TRUE(h.all<effect::OpenStream>().empty()) << "not signed in: no live stream";
}

TEST(ClientNavigation, DevRelayTurnsOnTheTestHook) {
  Harness h;
  h.on(event::Started{"/t/intake", false, ""});
  h.answer(Call::health, 200, json{{"status", "ok"}, {"version", "0.1.0"}, {"dev", false}});
  EXPECT_FALSE(h.m().dev);
  h.answer(Call::health, 200, json{{"status", "ok"}, {"version", "0.1.0"}, {"dev", true}, {"max_streams", 4000}});
  EXPECT_TRUE(h.m().dev);
  Harness refused;
  refused.on(event::Started{"/t/intake", false, ""});
  refused.answer(Call::health, 503, json{{"dev", true}});
  EXPECT_FALSE(refused.m().dev) << "only a healthy relay's answer counts";
}

TEST(ClientNavigation, SlugIsEscapedInThePath) {
  Harness h;
  h.on(event::Started{"/t/caf%C3%A9", false, ""});
  const auto team = h.request(Call::team);
  EXPECT_EQ(team.path.rfind("/api/v1/teams/", 0), 0u);
  EXPECT_EQ(team.path.find_first_of(" /", 14), std::string::npos) << team.path;
}

TEST(ClientNavigation, NoAnswerAtAllShowsTheConnectionProblemAndRetryAsksAgain) {
  Harness h;
  h.on(event::Started{"/t/intake", false, ""});
  h.answer(Call::guest_me, 0, nullptr);
  EXPECT_EQ(h.m().nav.screen, Screen::loading);
  EXPECT_EQ(h.m().connection_problem, "Cannot reach the service. Check your connection.");
  h.intent(intent::Retry{});
  EXPECT_TRUE(h.m().connection_problem.empty());
  EXPECT_TRUE(h.requested(Call::guest_me));
  EXPECT_TRUE(h.requested(Call::health));
}

TEST(ClientNavigation, CodeFlowFromSendToVerifiedOpensHomeAndTheLiveStream) {
  Harness h;
  h.on(event::Started{"/t/intake", false, ""});
  h.tick(5000);
  h.answer(Call::guest_me, 401, nullptr);
  h.intent(intent::SendCode{"Nguyễn", "Thị Minh Khai", "+61 412 345 678"});
  EXPECT_TRUE(h.m().sending_code);
  const auto otp = h.request(Call::guest_otp);
  EXPECT_EQ(json::parse(otp.body)["first_name"], "Nguyễn");
  EXPECT_FALSE(json::parse(otp.body).contains("challenge_id"));
  h.intent(intent::SendCode{"Nguyễn", "Thị Minh Khai", "+61 412 345 678"});
  EXPECT_TRUE(h.requests().empty()) << "a double tap sends one code";

  h.answer(Call::guest_otp, 202, json(OtpChallenge{"ch-1", 600, 30}));
  EXPECT_EQ(h.m().nav.screen, Screen::code);
  EXPECT_EQ(h.m().nav.challenge_id, "ch-1");
  EXPECT_EQ(h.m().resend_at_ms, 5000 + 30000);
  EXPECT_EQ(h.m().code_expires_at_ms, 5000 + 600000);

  h.intent(intent::ResendCode{});
  EXPECT_TRUE(h.requests().empty()) << "before the resend countdown ends";
  h.tick(5000 + 30000);
  h.intent(intent::ResendCode{});
  EXPECT_EQ(json::parse(h.request(Call::guest_otp).body)["challenge_id"], "ch-1") << "a resend stays on its challenge";
  h.answer(Call::guest_otp, 202, json(OtpChallenge{"ch-1", 600, 30}));

  h.intent(intent::VerifyCode{"123456"});
  EXPECT_EQ(json::parse(h.request(Call::guest_verify).body),
            (json{{"challenge_id", "ch-1"}, {"code", "123456"}}));
  h.answer(Call::guest_verify, 200, json{{"guest", Guest{"g1", "Nguyễn", "Thị Minh Khai", "+61412345678"}}});
  EXPECT_EQ(h.m().nav.screen, Screen::home);
  EXPECT_EQ(h.m().guest_name, "Nguyễn");
  EXPECT_TRUE(h.requested(Call::guest_cases)) << "home lists the guest's chats";
  EXPECT_EQ(h.all<effect::OpenStream>(), (std::vector<effect::OpenStream>{{"/api/v1/events"}}));
  EXPECT_EQ(h.m().live, Live::connecting);
}

TEST(ClientNavigation, WrongCodeSaysHowManyTriesAreLeftThenLocks) {
  Harness h;
  h.on(event::Started{"/t/intake", false, ""});
  h.answer(Call::guest_me, 401, nullptr);
  h.intent(intent::SendCode{"王", "小明", "+61412345678"});
  h.answer(Call::guest_otp, 202, json(OtpChallenge{"ch-王", 600, 30}));
  h.intent(intent::VerifyCode{"000000"});
  h.answer(Call::guest_verify, 400,
           json{{"error", {{"code", "otp_invalid"}, {"message", "Wrong code"}, {"attempts_left", 2}}}});
  EXPECT_EQ(h.m().attempts_left, 2);
  EXPECT_EQ(h.m().code_error.field, "code");
  EXPECT_EQ(h.m().code_error.message, "That code is not right.");
  EXPECT_FALSE(h.m().verifying);
  h.intent(intent::VerifyCode{"000001"});
  h.answer(Call::guest_verify, 429, json{{"error", {{"code", "otp_locked"}, {"message", "Locked"}}}});
  EXPECT_TRUE(h.m().code_locked);
  EXPECT_EQ(h.m().attempts_left, 0);
  EXPECT_EQ(h.m().nav.screen, Screen::code);
}

TEST(ClientNavigation, ResumeLinkNotSignedInGoesToTheCodeAndResendPostsTheTokenAgain) {
  Harness h;
  h.on(event::Started{"/r/tok-αβγ", false, ""});
  EXPECT_EQ(json::parse(h.request(Call::guest_resume).body)["token"], "tok-αβγ");
  EXPECT_FALSE(h.requested(Call::guest_me));
  h.answer(Call::guest_resume, 200,
           json{{"case_id", "c-1"}, {"authenticated", false}, {"challenge_id", "ch-9"},
                {"phone_hint", "+61******678"}, {"expires_in", 600}, {"resend_in", 0}});
  EXPECT_EQ(h.m().nav.screen, Screen::code);
  EXPECT_EQ(h.m().phone_hint, "+61******678");
  EXPECT_EQ(live_lines(h.m()).front(), "We sent a code to +61******678.");
  h.intent(intent::ResendCode{});
  const auto resend = h.request(Call::guest_resume);
  EXPECT_EQ(resend.tag, "resend");
  EXPECT_EQ(json::parse(resend.body)["token"], "tok-αβγ");
  h.answer(Call::guest_resume, 404, json{{"error", {{"code", "not_found"}, {"message", "gone"}}}}, "resend");
  EXPECT_EQ(h.m().code_error.message, "This link has expired or is not valid. Ask the team for a new one.");
  EXPECT_FALSE(h.m().sending_code);
}

TEST(ClientNavigation, ExpiredResumeLinkExplainsAndLeavesTheLoadingScreen) {
  Harness h;
  h.on(event::Started{"/r/expired", false, ""});
  h.answer(Call::guest_resume, 429, json{{"error", {{"code", "rate_limited"}, {"message", "slow"}}}});
  EXPECT_NE(h.m().team_problem.find("Wait a minute"), std::string::npos) << h.m().team_problem;
  EXPECT_TRUE(h.m().resume_token.empty());
}

TEST(ClientNavigation, OpeningACaseLoadsItAndLeavingItClosesItButKeepsTheStream) {
  Harness h;
  open_guest_chat(h, "c-1", {wire_message(1, "guest", "Nguyễn", "Xin chào")});
  EXPECT_EQ(h.m().nav.screen, Screen::chat);
  EXPECT_TRUE(h.m().open_case.loaded);
  EXPECT_EQ(h.m().open_case.status, CaseStatus::active);
  EXPECT_EQ(h.m().open_case.team_name, "Aufnahme Ω");
  ASSERT_EQ(h.m().open_case.identifiers.size(), 1u);
  EXPECT_EQ(h.m().open_case.identifiers[0].second, "王-2026-٣");
  h.intent(intent::Back{});
  EXPECT_EQ(h.m().nav.screen, Screen::home);
  EXPECT_TRUE(h.m().open_case.id.empty());
  EXPECT_TRUE(h.all<effect::CloseStream>().empty());
}

TEST(ClientNavigation, AnswerForACaseTheUserLeftIsIgnored) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::Back{});
  h.intent(intent::OpenCase{"c-2"});
  EXPECT_EQ(h.request(Call::case_get).path, "/api/v1/cases/c-2");
  h.answer(Call::case_get, 200, json(wire_case("c-1", "active", {wire_message(1, "staff", "Al-Hassan", "مرحبا")})),
           "c-1");
  EXPECT_FALSE(h.m().open_case.loaded);
  EXPECT_TRUE(h.m().open_case.messages.empty());
}

TEST(ClientNavigation, SignedOutAnywhereClosesTheStream) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.answer(Call::case_get, 401, nullptr, "c-1");
  EXPECT_EQ(h.m().nav.screen, Screen::guest_register);
  EXPECT_EQ(h.all<effect::CloseStream>().size(), 1u);
  EXPECT_EQ(h.m().live, Live::off);
}

TEST(ClientNavigation, StaffSignInThenQueueListsAndLabels) {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  EXPECT_TRUE(h.requested(Call::staff_me));
  h.answer(Call::staff_me, 401, nullptr);
  EXPECT_EQ(h.m().nav.screen, Screen::staff_login);
  EXPECT_EQ(h.state.ui.focus_next, "Email");
  h.intent(intent::StaffSignIn{"zoë@example.org", "pässwörd"});
  h.answer(Call::staff_login, 401, json{{"error", {{"code", "unauthenticated"}, {"message", "no"}}}});
  EXPECT_EQ(h.m().staff_error.field, "password");
  h.intent(intent::StaffSignIn{"zoë@example.org", "pässwörd"});
  StaffInfo s{"s-1", "Zoë Παπαδοπούλου", "zoë@example.org", {"intake"}, false};
  h.answer(Call::staff_login, 200, json{{"staff", s}});
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue);
  EXPECT_EQ(h.m().staff_name, "Zoë Παπαδοπούλου");
  EXPECT_TRUE(h.requested(Call::staff_queue));
  EXPECT_EQ(h.request(Call::staff_cases).path, "/api/v1/staff/cases?status=all&limit=50");
}

}  // namespace
}  // namespace foxo::client::test
