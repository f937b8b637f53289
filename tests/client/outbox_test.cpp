// The outbox: a message is kept (and stored) before it is sent, retried with
// the same client_id after a growing delay while the relay cannot have it,
// given up when the relay refuses it for good, and dropped once the relay has
// it, whichever way that is learned (the answer, the live event, a reload).
#include "app/outbox.hpp"
#include "harness.hpp"

namespace foxo::client::test {
namespace {

// The outbox as last sealed among the last effects (null: not saved).
json stored(const Harness& h) {
  std::vector<effect::SaveSealed> saves;
  for (const auto& s : h.all<effect::SaveSealed>())
    if (s.record == effect::Record::outbox) saves.push_back(s);
  if (saves.empty()) return nullptr;
  EXPECT_EQ(saves.back().storage_id, "s-g1");
  EXPECT_EQ(saves.back().key, "k-g1");
  return saves.back().text.empty() ? json::array() : json::parse(saves.back().text);
}

TEST(ClientOutbox, MessageIsStoredBeforeItIsSentAndForgottenOnceAcknowledged) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SendMessage{"  مرحبا، أحتاج مساعدة 🙏  "});
  ASSERT_EQ(h.m().outbox.size(), 1u);
  const Outgoing& o = h.m().outbox[0];
  EXPECT_EQ(o.client_id, "cid1");
  EXPECT_EQ(o.body, "مرحبا، أحتاج مساعدة 🙏") << "trimmed";
  EXPECT_TRUE(o.in_flight);
  EXPECT_EQ(o.attempts, 1);
  // Stored first, then sent: a reload in between still has it.
  ASSERT_EQ(h.effects.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<effect::SaveSealed>(h.effects[0]));
  EXPECT_EQ(stored(h), (json::array({{{"case_id", "c-1"}, {"client_id", "cid1"}, {"body", o.body}}})));
  const auto post = h.request(Call::case_message);
  EXPECT_EQ(post.path, "/api/v1/cases/c-1/messages");
  EXPECT_EQ(post.tag, "cid1");
  EXPECT_EQ(json::parse(post.body), (json{{"client_id", "cid1"}, {"body", o.body}}));

  h.answer(Call::case_message, 201, json(wire_message(2, "guest", "Al-Hassan", o.body, "cid1")), "cid1");
  EXPECT_TRUE(h.m().outbox.empty());
  EXPECT_EQ(stored(h), json::array()) << "the stored outbox is emptied";
  ASSERT_EQ(h.m().open_case.messages.count(2), 1u);
  EXPECT_EQ(h.m().open_case.messages.at(2).body, "مرحبا، أحتاج مساعدة 🙏");
}

TEST(ClientOutbox, BlankMessageOrClosedChatSendsNothing) {
  Harness h;
  open_guest_chat(h, "c-1", {}, "closed");
  h.intent(intent::SendMessage{"נשלח?"});
  EXPECT_TRUE(h.effects.empty());
  EXPECT_TRUE(h.m().outbox.empty());
  Harness h2;
  open_guest_chat(h2, "c-1", {});
  h2.intent(intent::SendMessage{" \t\n "});
  EXPECT_TRUE(h2.effects.empty());
}

TEST(ClientOutbox, UnreachableRelayIsRetriedWithTheSameIdAfterGrowingDelays) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.tick(10000);
  h.intent(intent::SendMessage{"Γεια σας"});
  h.answer(Call::case_message, 0, nullptr, "cid1");
  ASSERT_EQ(h.m().outbox.size(), 1u);
  EXPECT_FALSE(h.m().outbox[0].in_flight);
  EXPECT_EQ(h.m().outbox[0].problem, "Not sent yet. Retrying…");
  EXPECT_EQ(h.m().outbox[0].retry_at_ms, 10000 + 1000);
  EXPECT_EQ(next_wakeup_ms(h.m()), 11000) << "the frame loop wakes for the retry";

  h.frame();
  EXPECT_FALSE(h.requested(Call::case_message)) << "not before its time";
  h.tick(11000).frame();
  EXPECT_EQ(h.request(Call::case_message).tag, "cid1") << "the same client_id: the relay stores it once";
  EXPECT_EQ(h.m().outbox[0].attempts, 2);
  h.answer(Call::case_message, 503, json{{"error", {{"code", "unavailable"}, {"message", "busy"}}}}, "cid1");
  EXPECT_EQ(h.m().outbox[0].retry_at_ms, 11000 + 2000);
  h.tick(13000).frame();
  h.answer(Call::case_message, 429, nullptr, "cid1");
  EXPECT_EQ(h.m().outbox[0].retry_at_ms, 13000 + 4000);
}

TEST(ClientOutbox, RetryDelayDoublesUpToThirtySeconds) {
  EXPECT_EQ(retry_delay_ms(0), 1000);
  EXPECT_EQ(retry_delay_ms(1), 1000);
  EXPECT_EQ(retry_delay_ms(2), 2000);
  EXPECT_EQ(retry_delay_ms(5), 16000);
  EXPECT_EQ(retry_delay_ms(6), 30000);
  EXPECT_EQ(retry_delay_ms(40), 30000);
}

TEST(ClientOutbox, RefusedForGoodIsShownNotRetriedAndNotStored) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SendMessage{"还在吗？"});
  h.answer(Call::case_message, 409, json{{"error", {{"code", "case_closed"}, {"message", "closed"}}}}, "cid1");
  ASSERT_EQ(h.m().outbox.size(), 1u);
  EXPECT_TRUE(h.m().outbox[0].given_up);
  EXPECT_EQ(h.m().outbox[0].problem, "Not sent: this chat is closed.");
  EXPECT_EQ(stored(h), json::array());
  h.tick(1e9).frame();
  EXPECT_FALSE(h.requested(Call::case_message));
  EXPECT_EQ(next_wakeup_ms(h.m()), 0);
  EXPECT_EQ(live_lines(h.m()).back(), "Not sent yet: 还在吗？");
}

TEST(ClientOutbox, SignedOutWhileSendingKeepsTheMessageForLater) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SendMessage{"Dziękuję"});
  h.answer(Call::case_message, 401, nullptr, "cid1");
  EXPECT_EQ(h.m().nav.screen, Screen::guest_register);
  ASSERT_EQ(h.m().outbox.size(), 1u);
  EXPECT_EQ(h.m().outbox[0].problem, "Not sent: sign in again.");
  EXPECT_FALSE(h.m().outbox[0].given_up);
}

TEST(ClientOutbox, LiveEventWithItsClientIdDeliversItEvenWithoutTheAnswer) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SendMessage{"Привет"});
  h.on(LiveEvent{LiveEvent::Kind::message, "e1",
                 live_message_data("c-1", wire_message(7, "guest", "Nguyễn", "Привет", "cid1")).dump()});
  EXPECT_TRUE(h.m().outbox.empty());
  EXPECT_EQ(stored(h), json::array());
  EXPECT_EQ(h.m().open_case.messages.size(), 1u);
  // The answer arriving after that changes nothing.
  h.answer(Call::case_message, 201, json(wire_message(7, "guest", "Nguyễn", "Привет", "cid1")), "cid1");
  EXPECT_TRUE(h.effects.empty());
  EXPECT_EQ(h.m().open_case.messages.size(), 1u);
}

TEST(ClientOutbox, TheClearOutboxOfEarlierVersionsIsTakenOverAtTheFirstSignIn) {
  // "foxo.outbox.v1", kept in clear by earlier versions: nothing is sent or
  // shown before someone signs in; the first person to sign in takes it over
  // (sealed under their key), then the clear copy is removed.
  const std::string kept =
      json::array({{{"case_id", "c-1"}, {"client_id", "c42"}, {"body", "שלום 👋"}},
                   {{"case_id", "c-1"}, {"client_id", ""}, {"body", "no id: dropped"}},
                   "not an object"})
          .dump();
  Harness h;
  h.on(event::Started{"/t/intake", false, kept});
  EXPECT_TRUE(h.m().outbox.empty()) << "nothing of it in memory before a session";
  h.frame();
  EXPECT_FALSE(h.requested(Call::case_message)) << "only once signed in";
  h.answer(Call::guest_me, 200, signed_in_body("guest", Guest{"g1", "Ali", "Al-Hassan", "+61412345678"}));
  EXPECT_TRUE(h.all<effect::SaveSealed>().empty()) << "nothing replaces the stored outbox before it is read";
  h.on(unsealed("s-g1", json::array({{{"case_id", "c-2"}, {"client_id", "c7"}, {"body", "Ελένη"}}}).dump()));
  ASSERT_EQ(h.m().outbox.size(), 2u);
  EXPECT_EQ(h.m().outbox[0].client_id, "c7") << "what was sealed first";
  EXPECT_EQ(h.m().outbox[1].body, "שלום 👋");
  EXPECT_EQ(stored(h).size(), 2u) << "sealed under the person's key";
  ASSERT_EQ(h.effects.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<effect::SaveSealed>(h.effects[0])) << "sealed before the clear copy goes";
  EXPECT_EQ(std::get<effect::ForgetStored>(h.effects[1]), (effect::ForgetStored{"s-g1", true}));
  h.frame();
  EXPECT_EQ(h.requests().size(), 2u);
  EXPECT_EQ(h.request(Call::case_message).tag, "c42");
}

TEST(ClientOutbox, TextRoundTripsAndGivenUpIsNotKept) {
  std::vector<Outgoing> box(2);
  box[0] = Outgoing{"c-1", "c1", "Ünïcödé ✓", true, 3, 0, "", false};
  box[1] = Outgoing{"c-1", "c2", "refused", false, 1, 0, "closed", true};
  const auto back = outbox_from_text(outbox_text(box));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].client_id, "c1");
  EXPECT_EQ(back[0].body, "Ünïcödé ✓");
  EXPECT_FALSE(back[0].in_flight) << "a reload sends it again";
  EXPECT_EQ(back[0].attempts, 0);
  EXPECT_EQ(outbox_text({box[1]}), "") << "nothing left: the key is removed";
  EXPECT_TRUE(outbox_from_text("{oops").empty());
}

}  // namespace
}  // namespace foxo::client::test
