// What the browser keeps for the signed-in person (issue 18, "The browser
// keeps nothing after sign-out"): nothing is opened before the relay hands
// the session its key; then the person's sealed records are read back and
// their messages sent; drafts are kept per case; another person signing in
// removes everyone else's records; sign-out asks first when messages are
// unsent, removes every record, calls the logout route and returns to the
// sign-in screen.
#include "app/outbox.hpp"
#include "app/storage.hpp"
#include "harness.hpp"

namespace foxo::client::test {
namespace {

const Guest kThao{"g1", "Thảo", "Nguyễn", "+61412345678"};
const Guest kEleni{"g2", "Ελένη", "Παπαδοπούλου 🌿", "+61487654321"};

template <class E>
bool has(const Harness& h, const E& want) {
  for (const auto& e : h.all<E>())
    if (e == want) return true;
  return false;
}

std::vector<effect::SaveSealed> sealed(const Harness& h, effect::Record r) {
  std::vector<effect::SaveSealed> out;
  for (const auto& s : h.all<effect::SaveSealed>())
    if (s.record == r) out.push_back(s);
  return out;
}

TEST(ClientStorage, NothingIsOpenedBeforeTheKeyThenTheOutboxIsRestoredAndSent) {
  Harness h;
  h.on(event::Started{"/t/intake", false, ""});
  EXPECT_TRUE(h.all<effect::LoadSealed>().empty()) << "no key yet: nothing is opened";
  h.tick(1000);
  h.answer(Call::guest_me, 200, signed_in_body("guest", kThao, "s-thao", "k-thao"));
  EXPECT_TRUE(has(h, effect::ForgetStored{"s-thao", false})) << "everyone else's records go";
  EXPECT_TRUE(has(h, effect::LoadSealed{"s-thao", "k-thao"}));
  h.frame();
  EXPECT_FALSE(h.requested(Call::case_message));

  // A late answer for someone else changes nothing.
  h.on(unsealed("s-other", json::array({{{"case_id", "c-9"}, {"client_id", "x"}, {"body", "not mine"}}}).dump()));
  EXPECT_TRUE(h.m().outbox.empty());

  const std::string box = json::array({{{"case_id", "c-1"}, {"client_id", "c5"}, {"body", "Chào chị, tôi cần hỏi 🙏"}}}).dump();
  h.on(unsealed("s-thao", box, json{{"c-1", "còn nữa…"}}.dump()));
  ASSERT_EQ(h.m().outbox.size(), 1u);
  EXPECT_EQ(h.m().outbox[0].body, "Chào chị, tôi cần hỏi 🙏");
  h.frame();
  const auto post = h.request(Call::case_message);
  EXPECT_EQ(post.tag, "c5") << "sent again with the same client_id";
  EXPECT_EQ(json::parse(post.body)["client_id"], "c5");

  // The draft comes back into the composer once its chat is open.
  h.intent(intent::OpenCase{"c-1"});
  EXPECT_EQ(h.state.ui.message, "");
  h.frame();
  EXPECT_EQ(h.state.ui.message, "còn nữa…");
}

TEST(ClientStorage, DraftsAreSealedPerCaseAndOnlyWhenTheyChange) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.frame();
  h.state.ui.message = "Παρακαλώ";
  h.frame();
  auto saves = sealed(h, effect::Record::drafts);
  ASSERT_EQ(saves.size(), 1u);
  EXPECT_EQ(json::parse(saves[0].text), (json{{"c-1", "Παρακαλώ"}}));
  EXPECT_EQ(saves[0].storage_id, "s-g1");
  EXPECT_EQ(saves[0].key, "k-g1");
  h.frame();
  EXPECT_TRUE(sealed(h, effect::Record::drafts).empty()) << "unchanged: not sealed again";
  h.intent(intent::SendMessage{h.state.ui.message});
  h.state.ui.message.clear();  // as the composer does
  h.frame();
  saves = sealed(h, effect::Record::drafts);
  ASSERT_EQ(saves.size(), 1u);
  EXPECT_EQ(saves[0].text, "") << "sent: the draft record is removed";
}

TEST(ClientStorage, AnotherPersonSigningInClearsThePreviousPersonsEntries) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SendMessage{"Tin nhắn của Thảo"});
  h.answer(Call::case_message, 401, nullptr, "cid1");  // the session ended: kept for later
  ASSERT_EQ(h.m().outbox.size(), 1u);
  EXPECT_EQ(h.m().nav.screen, Screen::guest_register);

  // Someone else signs in on the same page.
  h.intent(intent::SendCode{"Ελένη", "Παπαδοπούλου 🌿", "0487 654 321"});
  h.answer(Call::guest_otp, 202, json{{"challenge_id", "ch-2"}, {"expires_in", 600}, {"resend_in", 30}});
  h.intent(intent::VerifyCode{"123456"});
  h.answer(Call::guest_verify, 200, signed_in_body("guest", kEleni, "s-eleni", "k-eleni"));
  EXPECT_TRUE(h.m().outbox.empty()) << "nothing of Thảo's is sent under Ελένη's session";
  EXPECT_TRUE(has(h, effect::ForgetStored{"s-eleni", false})) << "Thảo's records are removed";
  EXPECT_TRUE(has(h, effect::LoadSealed{"s-eleni", "k-eleni"}));
  h.on(unsealed("s-eleni"));
  h.frame();
  EXPECT_FALSE(h.requested(Call::case_message));
}

TEST(ClientStorage, TheSamePersonAgainKeepsTheirOutbox) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SendMessage{"Xin chào"});
  h.answer(Call::case_message, 401, nullptr, "cid1");
  h.intent(intent::SendCode{"Văn An", "Nguyễn", "0412 345 678"});
  h.answer(Call::guest_otp, 202, json{{"challenge_id", "ch-3"}, {"expires_in", 600}, {"resend_in", 30}});
  h.intent(intent::VerifyCode{"123456"});
  h.answer(Call::guest_verify, 200, signed_in_body("guest", Guest{"g1", "Văn An", "Nguyễn", "+61412345678"}));
  EXPECT_TRUE(h.all<effect::ForgetStored>().empty());
  EXPECT_TRUE(h.all<effect::LoadSealed>().empty()) << "already open";
  ASSERT_EQ(h.m().outbox.size(), 1u);
  h.tick(60000);
  h.frame();
  EXPECT_EQ(h.request(Call::case_message).tag, "cid1");
}

TEST(ClientStorage, SignOutWithUnsentMessagesAsksFirst) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SendMessage{"Một"});
  h.answer(Call::case_message, 0, nullptr, "cid1");
  h.intent(intent::SendMessage{"Δύο 🌊"});
  h.answer(Call::case_message, 0, nullptr, "cid2");
  ASSERT_EQ(unsent_count(h.m()), 2);
  EXPECT_EQ(sign_out_question(unsent_count(h.m())), "2 messages have not been sent yet. Sign out anyway?");
  EXPECT_EQ(sign_out_question(1), "1 message has not been sent yet. Sign out anyway?");

  h.intent(intent::SignOut{false});
  EXPECT_TRUE(h.state.ui.confirm_sign_out);
  EXPECT_TRUE(h.effects.empty()) << "nothing happens before they confirm";
  h.intent(intent::CancelSignOut{});
  EXPECT_FALSE(h.state.ui.confirm_sign_out);
  EXPECT_EQ(h.m().outbox.size(), 2u);

  h.intent(intent::SignOut{false});
  h.intent(intent::SignOut{true});
  EXPECT_FALSE(h.state.ui.confirm_sign_out);
  EXPECT_TRUE(h.m().signing_out);
  EXPECT_TRUE(has(h, effect::ForgetStored{"", true})) << "every record, the clear v1 one too";
  const auto logout = h.request(Call::guest_logout);
  EXPECT_EQ(logout.method, "POST");
  EXPECT_EQ(logout.path, "/api/v1/guest/logout");
  EXPECT_TRUE(h.m().outbox.empty());
  EXPECT_EQ(h.state.books.store.key, "") << "the key is forgotten";
  h.frame();
  EXPECT_FALSE(h.requested(Call::case_message));
  EXPECT_TRUE(h.all<effect::SaveSealed>().empty()) << "nothing is written again";

  h.answer(Call::guest_logout, 204, nullptr);
  EXPECT_FALSE(h.m().signing_out);
  EXPECT_EQ(h.m().nav.screen, Screen::guest_register);
  EXPECT_EQ(h.m().nav.team, "intake");
  EXPECT_EQ(h.m().guest_phone, "");
  EXPECT_EQ(h.m().guest_first, "");
  EXPECT_TRUE(h.m().cases.empty());
  EXPECT_EQ(h.m().live, Live::off);
}

TEST(ClientStorage, SignOutWithNothingPendingGoesStraightOutAndSaysSoWhenTheRelayIsUnreachable) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SignOut{false});
  EXPECT_FALSE(h.state.ui.confirm_sign_out);
  EXPECT_TRUE(h.requested(Call::guest_logout));
  h.answer(Call::guest_logout, 0, nullptr);
  EXPECT_EQ(h.m().nav.screen, Screen::chat) << "still signed in on the relay";
  EXPECT_FALSE(h.m().sign_out_problem.empty());
  h.intent(intent::SignOut{false});
  h.answer(Call::guest_logout, 204, nullptr);
  EXPECT_EQ(h.m().nav.screen, Screen::guest_register);
  EXPECT_TRUE(h.m().sign_out_problem.empty());
}

TEST(ClientStorage, StaffSignOutCallsTheStaffRoute) {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  h.answer(Call::staff_me, 200,
           signed_in_body("staff", StaffInfo{"s-1", "Zoë", "z@example.org", {"intake"}, false}, "s-zoe", "k-zoe"));
  EXPECT_TRUE(has(h, effect::LoadSealed{"s-zoe", "k-zoe"}));
  h.on(unsealed("s-zoe"));
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue);
  h.intent(intent::SignOut{false});
  EXPECT_EQ(h.request(Call::staff_logout).path, "/api/v1/staff/logout");
  h.answer(Call::staff_logout, 204, nullptr);
  EXPECT_EQ(h.m().nav.screen, Screen::staff_login);
  EXPECT_EQ(h.m().staff_name, "");
  EXPECT_EQ(h.state.ui.focus_next, "Email");
}

TEST(ClientStorage, AnAuthenticatedResumeOpensTheRecordsAndAnUnauthenticatedOneDoesNot) {
  Harness h;
  h.on(event::Started{"/r/tok-1", false, ""});
  h.answer(Call::guest_resume, 200,
           json{{"case_id", "c-1"}, {"authenticated", false}, {"challenge_id", "ch-9"},
                {"phone_hint", "+61******678"}, {"expires_in", 600}, {"resend_in", 0}});
  EXPECT_TRUE(h.all<effect::LoadSealed>().empty());
  Harness owner;
  owner.on(event::Started{"/r/tok-1", false, ""});
  owner.answer(Call::guest_resume, 200,
               json{{"case_id", "c-1"}, {"authenticated", true}, {"storage_key", "k-r"}, {"storage_id", "s-r"}});
  EXPECT_TRUE(has(owner, effect::LoadSealed{"s-r", "k-r"}));
  EXPECT_EQ(owner.m().nav.screen, Screen::chat);
}

TEST(ClientStorage, DraftsTextRoundTrips) {
  const std::map<std::string, std::string> d{{"c-1", "Nguyễn 👋"}, {"c-2", ""}};
  EXPECT_EQ(drafts_from_text(drafts_text(d)), (std::map<std::string, std::string>{{"c-1", "Nguyễn 👋"}}));
  EXPECT_EQ(drafts_text({}), "");
  EXPECT_TRUE(drafts_from_text("[1]").empty());
}

}  // namespace
}  // namespace foxo::client::test
