// Closing (docs/API.md "Closing"): staff request close, the guest's Close Chat from
// every open status, a guest reply undoing a request, read-only closed cases,
// and the 7-day auto-close on the dev clock: the exact boundary, and due work
// found again after a restart and done once.
#include <gtest/gtest.h>

#include "foxo/time.hpp"
#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

const std::string kIvy = "intake1@demo.test";

json case_of(const RelayProcess& relay, const std::string& id, const std::string& cookie) {
  const auto r = relay.get("/api/v1/cases/" + id, cookie);
  if (r.status != 200) throw std::runtime_error("case: " + r.raw);
  return r.body;
}

int count_bodies(const json& c, const std::string& body) {
  int n = 0;
  for (const auto& m : c["messages"])
    if (m["body"] == body) ++n;
  return n;
}

const std::string kAutoCloseText = "This chat was closed automatically after 7 days without a reply";

}  // namespace

TEST(Closing, StaffRequestCloseAddsASystemMessageAndTellsTheGuestLive) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, kIvy)[0];
  const auto ivy = relay.staff_cookie(kIvy);
  SseClient guest(relay.port(), g.cookie);
  ASSERT_TRUE(guest.wait_connected());
  const auto r = relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "close_requested");
  EXPECT_TRUE(r.body["closed_at"].is_null());
  const auto& last = r.body["messages"].back();
  EXPECT_EQ(last["author"]["kind"], "system");
  EXPECT_EQ(last["body"], "Ivy Intake asked to close this chat");
  // The guest's stream gets the system message and the status change (the banner).
  ASSERT_TRUE(guest.wait_for([&](const auto& evs) {
    bool msg = false, status = false;
    for (const auto& e : evs) {
      if (e.event == "message" && e.data["message"]["author"]["kind"] == "system") msg = true;
      if (e.event == "case" && e.data["id"] == g.case_id && e.data["status"] == "close_requested") status = true;
    }
    return msg && status;
  }));
}

TEST(Closing, TheGuestClosesFromEveryOpenStatusAndTheCaseBecomesReadOnly) {
  RelayProcess relay;
  const auto ivy = relay.staff_cookie(kIvy);
  const auto waiting = load_guests(relay, "intake", 1)[0];
  const auto active = load_guests(relay, "intake", 1, kIvy)[0];
  const auto requested = load_guests(relay, "intake", 1, kIvy)[0];
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + requested.case_id + "/request-close", json::object(), ivy).status, 200);

  for (const auto* g : {&waiting, &active, &requested}) {
    SCOPED_TRACE(g->case_id);
    const auto r = relay.post("/api/v1/cases/" + g->case_id + "/close", json::object(), g->cookie);
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.body["status"], "closed");
    EXPECT_FALSE(r.body["closed_at"].is_null());
    EXPECT_EQ(r.body["messages"].back()["author"]["kind"], "system");
    // Read-only for both sides, still readable by both.
    auto w = relay.post("/api/v1/cases/" + g->case_id + "/messages", message_body("late-g", "xin chào?"), g->cookie);
    EXPECT_EQ(w.status, 409);
    EXPECT_EQ(w.error_code(), "case_closed");
    w = relay.post("/api/v1/cases/" + g->case_id + "/messages", message_body("late-s", "xin chào?"), ivy);
    EXPECT_EQ(w.status, 409);
    EXPECT_EQ(w.error_code(), "case_closed");
    w = relay.post("/api/v1/cases/" + g->case_id + "/close", json::object(), g->cookie);
    EXPECT_EQ(w.error_code(), "case_closed");
    w = relay.post("/api/v1/staff/cases/" + g->case_id + "/request-close", json::object(), ivy);
    EXPECT_EQ(w.error_code(), "case_closed");
    w = relay.post("/api/v1/staff/cases/" + g->case_id + "/claim", json::object(), ivy);
    EXPECT_EQ(w.error_code(), "case_closed");
    EXPECT_EQ(case_of(relay, g->case_id, g->cookie)["status"], "closed");
    EXPECT_EQ(case_of(relay, g->case_id, ivy)["status"], "closed");
    // Still in the guest's menu.
    const auto list = relay.get("/api/v1/guest/cases", g->cookie).body["cases"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["status"], "closed");
  }
  // And in the staff's closed list.
  const auto closed = relay.get("/api/v1/staff/cases?status=closed", ivy).body["cases"];
  EXPECT_EQ(closed.size(), 3u);
}

TEST(Closing, AGuestReplyMakesTheCaseActiveAgainAndCancelsTheAutoClose) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, kIvy)[0];
  const auto phone = guest_phone(relay, g.cookie);
  auto ivy = relay.staff_cookie(kIvy);
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy).status, 200);
  relay.advance_clock(3 * kDay);
  // Three days later the guest comes back (signing in again) and replies.
  const auto cookie = sign_in(relay, phone);
  auto r = relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("g-late", "Còn một câu hỏi nữa 🙏🏽"), cookie);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(case_of(relay, g.case_id, cookie)["status"], "active");
  // Eight days after the request: nothing closed it.
  relay.advance_clock(5 * kDay);
  ivy = relay.staff_cookie(kIvy);
  auto c = case_of(relay, g.case_id, ivy);
  EXPECT_EQ(c["status"], "active");
  EXPECT_EQ(count_bodies(c, kAutoCloseText), 0);
  // A new request starts a new 7 days.
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy).status, 200);
  relay.advance_clock(6 * kDay);
  ivy = relay.staff_cookie(kIvy);
  EXPECT_EQ(case_of(relay, g.case_id, ivy)["status"], "close_requested");
  relay.advance_clock(1 * kDay);
  ivy = relay.staff_cookie(kIvy);
  EXPECT_EQ(case_of(relay, g.case_id, ivy)["status"], "closed");
}

TEST(AutoClose, ClosesExactlySevenDaysAfterTheRequestBySystemWithAMessageAndAnEvent) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, kIvy)[0];
  auto ivy = relay.staff_cookie(kIvy);
  const auto req = relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy);
  ASSERT_EQ(req.status, 200);
  const auto requested_at = foxo::parse_rfc3339(req.body["messages"].back()["created_at"].get<std::string>());
  ASSERT_TRUE(requested_at);
  const foxo::TimeMs due = *requested_at + foxo::days(7);

  // 7 days minus 1 s (the dev clock also runs with real time: well under a second here).
  auto adv = relay.post("/api/v1/dev/clock/advance", {{"seconds", 7 * kDay - 1}});
  ASSERT_EQ(adv.status, 200);
  ASSERT_LT(*foxo::parse_rfc3339(adv.body["now"].get<std::string>()), due);
  ivy = relay.staff_cookie(kIvy);  // the first session idled out over the days, and with it its streams
  SseClient staff(relay.port(), ivy);
  ASSERT_TRUE(staff.wait_connected());
  auto c = case_of(relay, g.case_id, ivy);
  EXPECT_EQ(c["status"], "close_requested");
  EXPECT_TRUE(c["closed_at"].is_null());

  // 7 days: closed before the clock route answers.
  adv = relay.post("/api/v1/dev/clock/advance", {{"seconds", 1}});
  ASSERT_GE(*foxo::parse_rfc3339(adv.body["now"].get<std::string>()), due);
  c = case_of(relay, g.case_id, ivy);
  EXPECT_EQ(c["status"], "closed");
  ASSERT_FALSE(c["closed_at"].is_null());
  EXPECT_GE(*foxo::parse_rfc3339(c["closed_at"].get<std::string>()), due);
  const auto& last = c["messages"].back();
  EXPECT_EQ(last["author"]["kind"], "system");
  EXPECT_EQ(last["body"], kAutoCloseText);
  EXPECT_EQ(count_bodies(c, kAutoCloseText), 1);
  // Live: a `case` event with the closed status, and the system message.
  EXPECT_TRUE(staff.wait_for([&](const auto& evs) {
    bool closed = false, msg = false;
    for (const auto& e : evs) {
      if (e.event == "case" && e.data["id"] == g.case_id && e.data["status"] == "closed") closed = true;
      if (e.event == "message" && e.data["message"]["body"] == kAutoCloseText) msg = true;
    }
    return closed && msg;
  }));
  // Closed by system: the audit trail says so.
  const auto admin = relay.staff_cookie("admin@demo.test");
  const auto audit = relay.get("/api/v1/admin/audit?case_id=" + g.case_id, admin);
  ASSERT_EQ(audit.status, 200);
  int auto_closes = 0;
  for (const auto& e : audit.body["entries"])
    if (e["action"] == "case.auto_close") {
      ++auto_closes;
      EXPECT_EQ(e["actor"], "system");
    }
  EXPECT_EQ(auto_closes, 1);
  // Closed stays closed, and nothing closes twice.
  relay.advance_clock(kDay);
  c = case_of(relay, g.case_id, relay.staff_cookie(kIvy));
  EXPECT_EQ(count_bodies(c, kAutoCloseText), 1);
}

TEST(AutoClose, WorkDueWhileTheRelayWasDownIsDoneOnceAfterARestart) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, kIvy)[0];
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(),
                       relay.staff_cookie(kIvy))
                .status,
            200);
  relay.restart();  // same data dir; the dev clock starts again from real time
  relay.advance_clock(7 * kDay);
  auto c = case_of(relay, g.case_id, relay.staff_cookie(kIvy));
  EXPECT_EQ(c["status"], "closed");
  EXPECT_EQ(count_bodies(c, kAutoCloseText), 1);
  // Again after another restart and more time: still closed once.
  relay.restart();
  relay.advance_clock(8 * kDay);
  c = case_of(relay, g.case_id, relay.staff_cookie(kIvy));
  EXPECT_EQ(c["status"], "closed");
  EXPECT_EQ(count_bodies(c, kAutoCloseText), 1);
}

TEST(AutoClose, OnlyCloseRequestedCasesClose) {
  RelayProcess relay;
  const auto waiting = load_guests(relay, "intake", 1)[0];
  const auto active = load_guests(relay, "intake", 1, kIvy)[0];
  relay.advance_clock(30 * kDay);
  const auto ivy = relay.staff_cookie(kIvy);
  EXPECT_EQ(case_of(relay, waiting.case_id, ivy)["status"], "waiting");
  EXPECT_EQ(case_of(relay, active.case_id, ivy)["status"], "active");
}
