// The open case merges what the live stream says with what loads bring:
// a message arrives once however many ways it comes, a reconnect loads only
// what is newer, summaries move cases between lists and count unread.
#include "harness.hpp"

namespace foxo::client::test {
namespace {

LiveEvent live(const std::string& case_id, const foxo::Message& m) {
  return LiveEvent{LiveEvent::Kind::message, "e" + std::to_string(m.seq), live_message_data(case_id, m).dump()};
}
LiveEvent live_case(const foxo::CaseSummary& s) { return LiveEvent{LiveEvent::Kind::case_, "e", json(s).dump()}; }

TEST(ClientMerge, LiveMessageAndLoadedHistoryKeepEachSeqOnceInOrder) {
  Harness h;
  open_guest_chat(h, "c-1", {wire_message(1, "guest", "Nguyễn", "Xin chào"), wire_message(2, "staff", "王芳", "您好")});
  h.on(live("c-1", wire_message(4, "staff", "王芳", "请稍等")));
  h.on(live("c-1", wire_message(2, "staff", "王芳", "您好")));  // replayed after a reconnect
  // A later load overlaps both.
  h.answer(Call::case_get, 200,
           json(wire_case("c-1", "active", {wire_message(2, "staff", "王芳", "您好"), wire_message(3, "guest", "Nguyễn", "Cảm ơn"),
                                            wire_message(4, "staff", "王芳", "请稍等")})),
           "c-1");
  std::vector<std::int64_t> seqs;
  for (const auto& [seq, msg] : h.m().open_case.messages) seqs.push_back(seq);
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(h.m().open_case.messages.at(3).body, "Cảm ơn");
  EXPECT_EQ(h.m().open_case.messages.at(4).time_text, "09:15");
  EXPECT_EQ(h.m().open_case.messages.at(4).day_key, 20261203);
}

TEST(ClientMerge, MessageOfAnotherCaseIsNotShownHereButCountsUnreadThere) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.answer(Call::guest_cases, 200, json{{"cases", {wire_summary("c-1", "active"), wire_summary("c-2", "active")}}});
  h.on(live("c-2", wire_message(9, "staff", "Παπαδόπουλος", "Καλημέρα", "", "2026-12-03T10:00:00.000Z")));
  EXPECT_TRUE(h.m().open_case.messages.empty());
  const auto& c2 = *std::find_if(h.m().cases.begin(), h.m().cases.end(), [](auto& c) { return c.id == "c-2"; });
  EXPECT_EQ(c2.unread, 1);
  EXPECT_EQ(c2.updated_at, "2026-12-03T10:00:00.000Z");
  EXPECT_EQ(title(h.m()), "(1) Foxo");
  // The same event again (a replay) is not a second unread.
  h.on(live("c-2", wire_message(9, "staff", "Παπαδόπουλος", "Καλημέρα", "", "2026-12-03T10:00:00.000Z")));
  EXPECT_EQ(title(h.m()), "(2) Foxo") << "the guest's list is not the open case: replays count until the relay's summary";
  h.on(live_case(wire_summary("c-2", "active", "2026-12-03T10:00:00.000Z", 1)));
  EXPECT_EQ(title(h.m()), "(1) Foxo") << "the relay's summary is the truth";
}

TEST(ClientMerge, OwnMessagesAndTheCaseOnScreenAreNotUnread) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.answer(Call::guest_cases, 200, json{{"cases", {wire_summary("c-1", "active"), wire_summary("c-2", "active")}}});
  h.on(live("c-2", wire_message(3, "guest", "Nguyễn", "mine")));
  h.on(live("c-1", wire_message(4, "staff", "Al-Hassan", "on screen")));
  EXPECT_EQ(title(h.m()), "Foxo");
}

TEST(ClientMerge, OnScreenMessagesAreMarkedSeenOnceWhileVisible) {
  Harness h;
  open_guest_chat(h, "c-1", {wire_message(1, "staff", "Al-Hassan", "مرحبا")});
  h.tick(2000, /*visible=*/false).frame();
  EXPECT_FALSE(h.requested(Call::case_seen)) << "a hidden page has not seen it";
  h.tick(3000, true).frame();
  const auto seen = h.request(Call::case_seen);
  EXPECT_EQ(seen.path, "/api/v1/cases/c-1/seen");
  EXPECT_EQ(json::parse(seen.body)["seq"], 1);
  h.on(live("c-1", wire_message(2, "staff", "Al-Hassan", "هل أنت هنا؟")));
  h.frame();
  EXPECT_FALSE(h.requested(Call::case_seen)) << "one mark in flight at a time";
  h.answer(Call::case_seen, 204, nullptr, "c-1");
  h.frame();
  EXPECT_EQ(json::parse(h.request(Call::case_seen).body)["seq"], 2);
  h.frame();
  EXPECT_FALSE(h.requested(Call::case_seen));
}

TEST(ClientMerge, ReconnectReloadsListsAndOnlyNewerMessages) {
  Harness h;
  open_guest_chat(h, "c-1", {wire_message(1, "guest", "Nguyễn", "a"), wire_message(5, "staff", "王芳", "b")});
  h.on(LiveEvent{LiveEvent::Kind::open, "", ""});
  EXPECT_EQ(h.m().live, Live::open);
  EXPECT_TRUE(h.requested(Call::guest_cases));
  EXPECT_EQ(h.request(Call::case_get).path, "/api/v1/cases/c-1?after=5");
  h.on(LiveEvent{LiveEvent::Kind::down, "", ""});
  EXPECT_EQ(h.m().live, Live::reconnecting);
}

TEST(ClientMerge, StatusChangeOfTheOpenCaseReloadsItForTheAssignee) {
  Harness h;
  open_guest_chat(h, "c-1", {wire_message(3, "guest", "Nguyễn", "hi")}, "waiting");
  h.on(live_case(wire_summary("c-1", "active")));
  EXPECT_EQ(h.m().open_case.status, CaseStatus::active);
  EXPECT_EQ(h.request(Call::case_get).path, "/api/v1/cases/c-1?after=3");
  h.on(live_case(wire_summary("c-1", "close_requested")));
  EXPECT_EQ(live_lines(h.m()).back(), "The team asked to close this chat.");
  h.on(live_case(wire_summary("c-1", "close_requested")));
  EXPECT_FALSE(h.requested(Call::case_get)) << "no change, no load";
}

TEST(ClientMerge, StaffSummariesMoveBetweenTheQueueAndTheLists) {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  h.answer(Call::staff_me, 200, json{{"staff", StaffInfo{"s-1", "Zoë", "z@example.org", {"intake"}, false}}});
  auto a = wire_summary("c-a", "waiting");
  a.created_at = "2026-12-03T09:05:00.000Z";
  a.guest = Guest{"", "أحمد", "Al-Hassan", ""};
  a.identifiers = {{"file_no", "٣٤٥"}};
  auto b = wire_summary("c-b", "waiting");
  b.created_at = "2026-12-03T09:01:00.000Z";
  h.answer(Call::staff_queue, 200, json{{"cases", {a, b}}});
  ASSERT_EQ(h.m().queue.size(), 2u);
  EXPECT_EQ(h.m().queue[0].guest_name, "أحمد Al-Hassan");
  auto c = wire_summary("c-c", "waiting");
  c.created_at = "2026-12-03T09:30:00.000Z";
  h.on(live_case(c));
  ASSERT_EQ(h.m().queue.size(), 3u);
  EXPECT_EQ(h.m().queue.front().id, "c-b") << "oldest first";
  h.on(live_case(wire_summary("c-b", "active", "2026-12-03T11:00:00.000Z")));
  EXPECT_EQ(h.m().queue.size(), 2u);
  ASSERT_EQ(h.m().active_cases.size(), 1u);
  EXPECT_EQ(h.m().active_cases[0].state, CaseStatus::active);
  h.on(live_case(wire_summary("c-b", "closed")));
  EXPECT_TRUE(h.m().active_cases.empty());
  EXPECT_EQ(h.m().closed_cases.size(), 1u);
  // A status the client does not know is not read at all.
  auto odd = wire_summary("c-x", "archived");
  h.on(live_case(odd));
  EXPECT_EQ(h.m().queue.size() + h.m().active_cases.size() + h.m().closing_cases.size() + h.m().closed_cases.size(), 3u);
}

TEST(ClientMerge, StaffListsSortNewestActivityFirst) {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  h.answer(Call::staff_me, 200, json{{"staff", StaffInfo{"s-1", "Zoë", "z@example.org", {}, false}}});
  h.answer(Call::staff_cases, 200,
           json{{"cases",
                 {wire_summary("old", "active", "2026-12-03T08:00:00.000Z"),
                  wire_summary("new", "active", "2026-12-03T12:00:00.000Z"),
                  wire_summary("asked", "close_requested"), wire_summary("done", "closed"),
                  wire_summary("queued", "waiting")}}},
           "all");
  ASSERT_EQ(h.m().active_cases.size(), 2u);
  EXPECT_EQ(h.m().active_cases[0].id, "new");
  EXPECT_EQ(h.m().closing_cases.size(), 1u);
  EXPECT_EQ(h.m().closed_cases.size(), 1u);
  EXPECT_TRUE(h.m().lists_loaded);
}

TEST(ClientMerge, ClaimAnswerIsTheCaseAndAsksForItsTeamsLabelsOnce) {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  h.answer(Call::staff_me, 200, json{{"staff", StaffInfo{"s-1", "Zoë", "z@example.org", {}, false}}});
  h.answer(Call::staff_queue, 200, json{{"cases", {wire_summary("c-1", "waiting")}}});
  EXPECT_EQ(h.request(Call::team_fields).tag, "intake") << "asked as soon as a list shows the team";
  h.intent(intent::OpenCase{"c-1"});
  h.answer(Call::case_get, 200, json(wire_case("c-1", "waiting")), "c-1");
  EXPECT_FALSE(can_write(h.m()));
  h.intent(intent::Claim{});
  EXPECT_EQ(h.request(Call::staff_claim).path, "/api/v1/staff/cases/c-1/claim");
  auto claimed = wire_case("c-1", "active");
  claimed.assignee = Assignee{"s-1", "Zoë"};
  h.answer(Call::staff_claim, 200, json(claimed), "c-1");
  EXPECT_FALSE(h.m().claiming);
  EXPECT_EQ(h.m().open_case.assignee_name, "Zoë");
  EXPECT_TRUE(h.m().queue.empty());
  ASSERT_EQ(h.m().active_cases.size(), 1u);
  EXPECT_TRUE(can_write(h.m()));
  EXPECT_FALSE(h.requested(Call::team_fields)) << "labels are asked once per team";
}

TEST(ClientMerge, ClaimLostToSomeoneElseSaysSoAndReloads) {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  h.answer(Call::staff_me, 200, json{{"staff", StaffInfo{"s-1", "Zoë", "z@example.org", {}, false}}});
  h.intent(intent::OpenCase{"c-1"});
  h.answer(Call::case_get, 200, json(wire_case("c-1", "waiting")), "c-1");
  h.intent(intent::Claim{});
  h.answer(Call::staff_claim, 409, json{{"error", {{"code", "already_claimed"}, {"message", "taken"}}}}, "c-1");
  EXPECT_EQ(h.m().case_problem, "Someone else claimed this case first.");
  EXPECT_EQ(h.request(Call::case_get).path, "/api/v1/cases/c-1");
}

}  // namespace
}  // namespace foxo::client::test
