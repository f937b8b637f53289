// The client's navigation state machine: every screen of docs/API.md's test hook is
// reached from a route plus events, and events that arrive on the wrong screen
// change nothing.
#include "foxo/navigation.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

using namespace foxo;

namespace {

NavState run(std::string path, std::initializer_list<NavEvent> events) {
  NavState s = update(NavState{}, nav::RouteOpened{std::move(path)});
  for (const auto& e : events) s = update(s, e);
  return s;
}

}  // namespace

TEST(Navigation, ScreenNamesMatchTheBrowserTestHook) {
  EXPECT_EQ(screen_name(Screen::guest_register), "register");
  EXPECT_EQ(screen_name(Screen::code), "code");
  EXPECT_EQ(screen_name(Screen::home), "home");
  EXPECT_EQ(screen_name(Screen::new_chat), "new_chat");
  EXPECT_EQ(screen_name(Screen::identifiers), "identifiers");
  EXPECT_EQ(screen_name(Screen::chat), "chat");
  EXPECT_EQ(screen_name(Screen::staff_login), "staff_login");
  EXPECT_EQ(screen_name(Screen::staff_queue), "staff_queue");
  EXPECT_EQ(screen_name(Screen::staff_case), "staff_case");
  EXPECT_EQ(screen_name(Screen::loading), "loading");
}

TEST(Navigation, RoutesPickSideTeamAndToken) {
  auto team = run("/t/intake", {});
  EXPECT_EQ(team.screen, Screen::loading);
  EXPECT_EQ(team.side, Side::guest);
  EXPECT_EQ(team.team, "intake");

  EXPECT_EQ(run("/t/intake/?x=1", {}).team, "intake");
  EXPECT_EQ(run("/staff", {}).side, Side::staff);
  EXPECT_EQ(run("/staff/", {}).side, Side::staff);
  EXPECT_EQ(run("/staffroom", {}).side, Side::guest);

  auto resume = run("/r/abc123", {});
  EXPECT_EQ(resume.resume_token, "abc123");
  EXPECT_EQ(resume.side, Side::guest);

  auto root = run("/", {});
  EXPECT_TRUE(root.team.empty());
  EXPECT_EQ(root.side, Side::guest);
}

TEST(Navigation, GuestWithoutSessionRegistersThenVerifiesToHome) {
  auto s = run("/t/intake", {nav::SessionChecked{false}});
  EXPECT_EQ(s.screen, Screen::guest_register);
  s = update(s, nav::CodeSent{"ch1"});
  EXPECT_EQ(s.screen, Screen::code);
  EXPECT_EQ(s.challenge_id, "ch1");
  s = update(s, nav::CodeSent{"ch2"});  // a resend keeps the code screen
  EXPECT_EQ(s.screen, Screen::code);
  EXPECT_EQ(s.challenge_id, "ch2");
  s = update(s, nav::CodeVerified{});
  EXPECT_EQ(s.screen, Screen::home);
  EXPECT_TRUE(s.challenge_id.empty());
  EXPECT_EQ(s.team, "intake");
}

TEST(Navigation, GuestWithSessionGoesStraightHome) {
  EXPECT_EQ(run("/t/intake", {nav::SessionChecked{true}}).screen, Screen::home);
}

TEST(Navigation, NewChatSubjectIdentifiersChat) {
  auto s = run("/t/intake", {nav::SessionChecked{true}, nav::NewChatRequested{}});
  EXPECT_EQ(s.screen, Screen::new_chat);
  EXPECT_EQ(update(s, nav::SubjectChosen{""}), s);  // a subject is required
  s = update(s, nav::SubjectChosen{"Missing Report"});
  EXPECT_EQ(s.screen, Screen::identifiers);
  EXPECT_EQ(s.subject, "Missing Report");
  auto back = update(s, nav::Back{});
  EXPECT_EQ(back.screen, Screen::new_chat);
  s = update(s, nav::CaseCreated{"case-1"});
  EXPECT_EQ(s.screen, Screen::chat);
  EXPECT_EQ(s.case_id, "case-1");
  s = update(s, nav::Back{});
  EXPECT_EQ(s.screen, Screen::home);
  EXPECT_TRUE(s.case_id.empty());
}

TEST(Navigation, EarlierChatOpensFromTheMenu) {
  auto s = run("/t/intake", {nav::SessionChecked{true}, nav::CaseOpened{"old"}});
  EXPECT_EQ(s.screen, Screen::chat);
  EXPECT_EQ(s.case_id, "old");
  s = update(s, nav::CaseOpened{"older"});
  EXPECT_EQ(s.case_id, "older");
}

TEST(Navigation, ChangeNumberReturnsToRegister) {
  auto s = run("/t/intake", {nav::SessionChecked{false}, nav::CodeSent{"c"}, nav::ChangeNumber{}});
  EXPECT_EQ(s.screen, Screen::guest_register);
  EXPECT_TRUE(s.challenge_id.empty());
  auto b = run("/t/intake", {nav::SessionChecked{false}, nav::CodeSent{"c"}, nav::Back{}});
  EXPECT_EQ(b, s);
}

TEST(Navigation, ResumeLinkWithSessionOpensTheChat) {
  auto s = run("/r/tok", {nav::SessionChecked{true}});  // ignored: resume decides
  EXPECT_EQ(s.screen, Screen::loading);
  s = update(s, nav::ResumeAnswered{"case-9", true, ""});
  EXPECT_EQ(s.screen, Screen::chat);
  EXPECT_EQ(s.case_id, "case-9");
  EXPECT_TRUE(s.resume_token.empty());
}

TEST(Navigation, ResumeLinkWithoutSessionVerifiesThenOpensTheChat) {
  auto s = run("/r/tok", {nav::ResumeAnswered{"case-9", false, "ch"}});
  EXPECT_EQ(s.screen, Screen::code);
  EXPECT_EQ(s.challenge_id, "ch");
  s = update(s, nav::CodeVerified{});
  EXPECT_EQ(s.screen, Screen::chat);
  EXPECT_EQ(s.case_id, "case-9");
}

TEST(Navigation, UnknownResumeLinkFallsBackToRegister) {
  EXPECT_EQ(run("/r/bad", {nav::ResumeFailed{}}).screen, Screen::guest_register);
}

TEST(Navigation, StaffLoginQueueCase) {
  auto s = run("/staff", {nav::SessionChecked{false}});
  EXPECT_EQ(s.screen, Screen::staff_login);
  s = update(s, nav::StaffSignedIn{});
  EXPECT_EQ(s.screen, Screen::staff_queue);
  s = update(s, nav::CaseOpened{"c1"});
  EXPECT_EQ(s.screen, Screen::staff_case);
  EXPECT_EQ(s.case_id, "c1");
  s = update(s, nav::Back{});
  EXPECT_EQ(s.screen, Screen::staff_queue);
  EXPECT_EQ(run("/staff", {nav::SessionChecked{true}}).screen, Screen::staff_queue);
}

TEST(Navigation, SignedOutKeepsSideAndTeam) {
  auto g = run("/t/results", {nav::SessionChecked{true}, nav::CaseOpened{"c"}, nav::SignedOut{}});
  EXPECT_EQ(g.screen, Screen::guest_register);
  EXPECT_EQ(g.team, "results");
  EXPECT_TRUE(g.case_id.empty());
  auto st = run("/staff", {nav::SessionChecked{true}, nav::CaseOpened{"c"}, nav::SignedOut{}});
  EXPECT_EQ(st.screen, Screen::staff_login);
  EXPECT_EQ(st.side, Side::staff);
}

TEST(Navigation, EventsOnTheWrongScreenChangeNothing) {
  auto reg = run("/t/intake", {nav::SessionChecked{false}});
  for (const NavEvent& e : std::initializer_list<NavEvent>{
           nav::CodeVerified{}, nav::NewChatRequested{}, nav::SubjectChosen{"x"},
           nav::CaseCreated{"c"}, nav::CaseOpened{"c"}, nav::StaffSignedIn{},
           nav::ResumeAnswered{"c", true, ""}, nav::SessionChecked{true}, nav::Back{}}) {
    EXPECT_EQ(update(reg, e), reg) << e.index();
  }
  auto home = run("/t/intake", {nav::SessionChecked{true}});
  EXPECT_EQ(update(home, nav::CodeSent{"late"}), home);  // a late answer after sign-in
  auto queue = run("/staff", {nav::SessionChecked{true}});
  EXPECT_EQ(update(queue, nav::NewChatRequested{}), queue);
  EXPECT_EQ(update(queue, nav::CodeSent{"x"}), queue);
}
