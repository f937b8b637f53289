// Staff alerts (issue 20): a new guest in the queue, or a guest writing in
// one of my cases, plays a sound and shows a notification while the tab is
// hidden, never the message's text; the title counts waiting guests plus my
// unread; the switches are remembered and the permission is asked once, on
// the person's click.
#include "harness.hpp"

namespace foxo::client::test {
namespace {

const StaffInfo kMe{"st-1", "Nguyễn Thị Hoa", "hoa@demo.test", {"intake"}, false};

LiveEvent live_case(const json& summary) { return LiveEvent{LiveEvent::Kind::case_, "e1", summary.dump()}; }
LiveEvent live_message(const std::string& case_id, const foxo::Message& m) {
  return LiveEvent{LiveEvent::Kind::message, "e" + std::to_string(m.seq), live_message_data(case_id, m).dump()};
}

json staff_summary(const std::string& id, const std::string& status, const std::string& first,
                   const std::string& assignee = {}) {
  foxo::CaseSummary s = wire_summary(id, status);
  s.guest = Guest{"", first, "Al-Hassan", ""};
  json j = s;
  if (!assignee.empty()) j["assignee"] = {{"id", assignee}, {"name", "Someone"}};
  return j;
}

// A signed-in console with one guest waiting (q-1) and my active case (c-5,
// "assignee" in the summary) and a colleague's (c-6).
// Desktop alerts turned on earlier in this browser, and allowed.
Harness console(const std::string& settings = R"({"desktop":true})", const std::string& permission = "granted") {
  Harness h;
  h.on(event::Started{"/staff", false, "", settings, permission});
  h.tick(1000);
  h.answer(Call::staff_me, 200, signed_in_body("staff", kMe, "s-st1", "k-st1"));
  h.on(unsealed("s-st1"));
  h.answer(Call::staff_queue, 200, json{{"cases", {staff_summary("q-1", "waiting", "Ελένη")}}});
  h.answer(Call::staff_cases, 200,
           json{{"cases", {staff_summary("c-5", "active", "Thảo", "st-1"), staff_summary("c-6", "active", "王", "st-2")}}},
           "all");  // the lists' filter tag (update_lists.cpp)
  return h;
}

template <class E>
std::size_t count(const Harness& h) { return h.all<E>().size(); }

TEST(ClientAlerts, ANewGuestInTheQueueAlertsOnlyWhileHidden) {
  Harness h = console();
  EXPECT_EQ(title(h.m()), "(1) Foxo");
  h.tick(2000, /*visible=*/false);
  h.on(live_case(staff_summary("q-2", "waiting", "Ánh 🌸")));
  EXPECT_EQ(count<effect::PlaySound>(h), 1u);
  ASSERT_EQ(count<effect::Notify>(h), 1u);
  EXPECT_EQ(h.all<effect::Notify>()[0], (effect::Notify{"New guest waiting: Παπαδόπουλος: passport 🛂", "case-q-2"}));
  EXPECT_EQ(title(h.m()), "(2) Foxo");

  h.on(live_case(staff_summary("q-2", "waiting", "Ánh 🌸")));  // replayed after a reconnect
  EXPECT_EQ(count<effect::PlaySound>(h) + count<effect::Notify>(h), 0u) << "already in the queue";

  h.tick(3000, /*visible=*/true);
  h.on(live_case(staff_summary("q-3", "waiting", "Omar")));
  EXPECT_EQ(count<effect::PlaySound>(h) + count<effect::Notify>(h), 0u) << "looking at the console: the list says it";
  EXPECT_EQ(title(h.m()), "(3) Foxo") << "the title counts whether hidden or not";

  h.tick(4000, false);
  h.on(live_case(staff_summary("q-1", "active", "Ελένη", "st-2")));  // claimed by a colleague
  EXPECT_EQ(count<effect::PlaySound>(h), 0u);
  EXPECT_EQ(title(h.m()), "(2) Foxo");
}

TEST(ClientAlerts, AGuestWritingInMyCaseAlertsWithoutTheMessage) {
  Harness h = console();
  h.tick(2000, false);
  const std::string secret = "Kết quả xét nghiệm HIV của tôi 🙏";
  h.on(live_message("c-5", wire_message(7, "guest", "Thảo Al-Hassan", secret)));
  EXPECT_EQ(count<effect::PlaySound>(h), 1u);
  ASSERT_EQ(count<effect::Notify>(h), 1u);
  const effect::Notify n = h.all<effect::Notify>()[0];
  EXPECT_EQ(n.title, "Thảo: new message");
  EXPECT_EQ(n.title.find("xét"), std::string::npos) << "no message text in a notification";
  EXPECT_EQ(title(h.m()), "(2) Foxo") << "the waiting guest and my unread message";

  h.on(live_message("c-5", wire_message(7, "guest", "Thảo Al-Hassan", secret)));  // replayed
  EXPECT_EQ(count<effect::PlaySound>(h) + count<effect::Notify>(h), 0u);
  h.on(live_message("c-5", wire_message(8, "staff", "Nguyễn Thị Hoa", "Chào chị")));  // my own reply
  EXPECT_EQ(count<effect::PlaySound>(h) + count<effect::Notify>(h), 0u);
  const std::string before = title(h.m());
  h.on(live_message("c-6", wire_message(3, "guest", "王", "你好")));  // a colleague's case
  EXPECT_EQ(count<effect::PlaySound>(h) + count<effect::Notify>(h), 0u);
  EXPECT_EQ(title(h.m()), before) << "a colleague's unread does not call me";
}

TEST(ClientAlerts, ACaseIClaimedIsMineWithoutAnAssigneeInTheSummaries) {
  Harness h;
  h.on(event::Started{"/staff", false, "", R"({"desktop":true})", "granted"});
  h.tick(1000);
  h.answer(Call::staff_me, 200, signed_in_body("staff", kMe, "s-st1", "k-st1"));
  h.answer(Call::staff_queue, 200, json{{"cases", {json(wire_summary("q-1", "waiting"))}}});
  h.answer(Call::staff_cases, 200, json{{"cases", json::array()}});
  h.intent(intent::OpenCase{"q-1"});
  CaseDetail d = wire_case("q-1", "active");
  d.assignee = Assignee{"st-1", "Nguyễn Thị Hoa"};
  h.intent(intent::Claim{});
  h.answer(Call::staff_claim, 200, json(d), "q-1");
  h.intent(intent::Back{});
  h.tick(2000, false);
  h.on(live_message("q-1", wire_message(4, "guest", "Nguyễn", "Cảm ơn")));
  ASSERT_EQ(count<effect::Notify>(h), 1u);
  EXPECT_EQ(h.all<effect::Notify>()[0].title, "Nguyễn: new message") << "the case's guest first name";
}

TEST(ClientAlerts, EachSwitchTurnsItsAlertOffAndIsRemembered) {
  Harness h = console("", "default");
  EXPECT_TRUE(h.m().alert_sound);
  EXPECT_FALSE(h.m().alert_desktop) << "no notifications before the person asks for them";
  h.tick(2000, false);
  h.on(live_case(staff_summary("q-2", "waiting", "Ánh")));
  EXPECT_EQ(count<effect::PlaySound>(h), 1u);
  EXPECT_EQ(count<effect::Notify>(h), 0u);

  h.intent(intent::SetDesktopAlerts{true});
  EXPECT_EQ(count<effect::AskNotifyPermission>(h), 1u) << "asked on the click";
  EXPECT_TRUE(h.m().asking_permission);
  h.intent(intent::SetDesktopAlerts{true});
  EXPECT_EQ(count<effect::AskNotifyPermission>(h), 0u) << "once";
  h.on(event::AlertPermission{"granted"});
  EXPECT_TRUE(h.m().alert_desktop);
  EXPECT_EQ(h.all<effect::SaveAlertSettings>(), (std::vector<effect::SaveAlertSettings>{{true, true}}));

  h.intent(intent::SetSoundAlerts{false});
  EXPECT_EQ(h.all<effect::SaveAlertSettings>(), (std::vector<effect::SaveAlertSettings>{{false, true}}));
  h.on(live_case(staff_summary("q-3", "waiting", "Omar")));
  EXPECT_EQ(count<effect::PlaySound>(h), 0u);
  EXPECT_EQ(count<effect::Notify>(h), 1u);

  h.intent(intent::SetDesktopAlerts{false});
  EXPECT_EQ(h.all<effect::SaveAlertSettings>(), (std::vector<effect::SaveAlertSettings>{{false, false}}));
  h.on(live_case(staff_summary("q-4", "waiting", "Zoë")));
  EXPECT_EQ(count<effect::PlaySound>(h) + count<effect::Notify>(h), 0u);

  // The next page load reads them back.
  Harness again = console(R"({"sound":false,"desktop":true})", "granted");
  EXPECT_FALSE(again.m().alert_sound);
  EXPECT_TRUE(again.m().alert_desktop);
  Harness blocked = console(R"({"sound":true,"desktop":true})", "denied");
  EXPECT_FALSE(blocked.m().alert_desktop) << "blocked since in the browser's settings";
}

TEST(ClientAlerts, ABlockedOrMissingPermissionIsExplainedNotAsked) {
  Harness h = console("", "denied");
  h.intent(intent::SetDesktopAlerts{true});
  EXPECT_EQ(count<effect::AskNotifyPermission>(h), 0u);
  EXPECT_FALSE(h.m().alert_desktop);
  EXPECT_NE(h.m().alerts_problem.find("blocks notifications"), std::string::npos);

  Harness none = console("", "unsupported");
  none.intent(intent::SetDesktopAlerts{true});
  EXPECT_EQ(count<effect::AskNotifyPermission>(none), 0u);
  EXPECT_FALSE(none.m().alerts_problem.empty());

  Harness refused = console("", "default");
  refused.intent(intent::SetDesktopAlerts{true});
  refused.on(event::AlertPermission{"denied"});
  EXPECT_FALSE(refused.m().alert_desktop);
  EXPECT_FALSE(refused.m().alerts_problem.empty());
}

TEST(ClientAlerts, GuestsGetNoAlerts) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.tick(2000, false);
  h.on(live_message("c-2", wire_message(3, "staff", "Al-Hassan", "مرحبا")));
  EXPECT_EQ(count<effect::PlaySound>(h) + count<effect::Notify>(h), 0u);
}

}  // namespace
}  // namespace foxo::client::test
