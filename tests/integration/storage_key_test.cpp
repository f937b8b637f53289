// The browser's storage key (docs/API.md "Browser storage key"): handed in
// every signed-in answer (verify, me, an authenticated resume, staff login and
// me), the same for one person across sessions and relay restarts, different
// between guests and from staff, never without a session, never cached.
#include <gtest/gtest.h>

#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

const std::string kPhoneA = "+61412345601";
const std::string kPhoneB = "+61412345602";

struct Grant {
  std::string key, id;
};

Grant grant_of(const Reply& r) {
  EXPECT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  const std::string key = r.body.value("storage_key", std::string());
  const std::string id = r.body.value("storage_id", std::string());
  EXPECT_EQ(key.size(), 43u) << r.raw;
  EXPECT_EQ(id.size(), 22u) << r.raw;
  return {key, id};
}

// Verifies a code for `phone`; the whole answer.
Reply verify_answer(const RelayProcess& relay, const std::string& phone, const std::string& first) {
  const auto otp = relay.post("/api/v1/guest/otp",
                              {{"team", "intake"}, {"first_name", first}, {"last_name", "Ngô"}, {"phone", phone}});
  EXPECT_EQ(otp.status, 202) << otp.raw;
  return relay.post("/api/v1/guest/otp/verify",
                    {{"challenge_id", otp.body["challenge_id"]}, {"code", relay.last_code_for(phone)}});
}

TEST(StorageKey, SameForOneGuestAcrossSessionsDifferentBetweenGuestsAndStaff) {
  RelayProcess relay;
  const Reply v1 = verify_answer(relay, kPhoneA, "Thảo");
  const Grant a1 = grant_of(v1);
  const std::string cookie1 = v1.set_cookie("foxo_guest");
  EXPECT_EQ(grant_of(relay.get("/api/v1/guest/me", cookie1)).key, a1.key);

  // A second session of the same guest (the first signed out).
  ASSERT_EQ(relay.post("/api/v1/guest/logout", json::object(), cookie1).status, 204);
  EXPECT_EQ(relay.get("/api/v1/guest/me", cookie1).status, 401);
  relay.advance_clock(60);  // past the resend cooldown
  const Reply v2 = verify_answer(relay, kPhoneA, "Θεοδώρα 👩🏽‍⚕️");
  const Grant a2 = grant_of(v2);
  EXPECT_EQ(a2.key, a1.key);
  EXPECT_EQ(a2.id, a1.id);
  EXPECT_NE(v2.set_cookie("foxo_guest"), cookie1) << "a new session all the same";

  const Grant b = grant_of(verify_answer(relay, kPhoneB, "Minh"));
  EXPECT_NE(b.key, a1.key);
  EXPECT_NE(b.id, a1.id);

  const Reply login = relay.post("/api/v1/staff/login", {{"email", "intake1@demo.test"}, {"password", "demo-password"}});
  const Grant s = grant_of(login);
  EXPECT_NE(s.key, a1.key);
  EXPECT_NE(s.key, b.key);
  EXPECT_NE(s.id, a1.id);
  const std::string staff_cookie = login.set_cookie("foxo_staff");
  EXPECT_EQ(grant_of(relay.get("/api/v1/staff/me", staff_cookie)).key, s.key);
  const Grant s2 = grant_of(relay.post("/api/v1/staff/login", {{"email", "intake2@demo.test"}, {"password", "demo-password"}}));
  EXPECT_NE(s2.key, s.key);

  // A restart derives the same keys from the same data dir.
  relay.restart();
  EXPECT_EQ(grant_of(relay.get("/api/v1/guest/me", v2.set_cookie("foxo_guest"))).key, a1.key);
  EXPECT_EQ(grant_of(relay.get("/api/v1/staff/me", staff_cookie)).key, s.key);
}

TEST(StorageKey, AnAuthenticatedResumeCarriesItAndAStrangersDoesNot) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const std::string phone = guest_phone(relay, g.cookie);
  const Grant mine = grant_of(relay.get("/api/v1/guest/me", g.cookie));
  staff_message(relay, relay.staff_cookie("intake1@demo.test"), g.case_id, "s1");
  relay.advance_clock(5 * 60);
  const auto sms = link_sms_to(relay, phone);
  ASSERT_EQ(sms.size(), 1u);
  const std::string token = link_token(sms[0]);

  const Reply own = relay.post("/api/v1/guest/resume", {{"token", token}}, g.cookie);
  EXPECT_EQ(own.body["authenticated"], true);
  EXPECT_EQ(grant_of(own).key, mine.key);

  const Reply stranger = relay.post("/api/v1/guest/resume", {{"token", token}});
  ASSERT_EQ(stranger.status, 200) << stranger.raw;
  EXPECT_EQ(stranger.body["authenticated"], false);
  EXPECT_FALSE(stranger.body.contains("storage_key"));
  EXPECT_FALSE(stranger.body.contains("storage_id"));
}

TEST(StorageKey, NoRouteHandsItWithoutASession) {
  RelayProcess relay;
  const Reply v = verify_answer(relay, kPhoneA, "Thảo");
  const Grant a = grant_of(v);
  const std::string cookie = v.set_cookie("foxo_guest");
  const std::string staff = relay.staff_cookie("intake1@demo.test");

  std::vector<Reply> replies{
      relay.get("/api/v1/guest/me"),
      relay.get("/api/v1/staff/me"),
      relay.get("/api/v1/guest/me", staff),   // the other kind
      relay.get("/api/v1/staff/me", cookie),
      relay.post("/api/v1/guest/otp", {{"team", "intake"}, {"first_name", "A"}, {"last_name", "B"}, {"phone", kPhoneA}}),
      relay.post("/api/v1/guest/otp/verify", {{"challenge_id", "nope"}, {"code", "123456"}}),
      relay.post("/api/v1/staff/login", {{"email", "intake1@demo.test"}, {"password", "wrong-password"}}),
      relay.get("/api/v1/teams/intake"),
      relay.get("/api/v1/health"),
      relay.get("/api/v1/guest/cases", cookie),
  };
  for (const auto& r : replies) {
    EXPECT_EQ(r.raw.find("storage_key"), std::string::npos) << r.raw;
    EXPECT_EQ(r.raw.find(a.key), std::string::npos) << r.raw;
  }
  EXPECT_EQ(replies[0].status, 401);
  EXPECT_EQ(replies[1].status, 401);
  EXPECT_EQ(replies[2].status, 401);
  EXPECT_EQ(replies[3].status, 401);

  // After logout the cookie gets nothing.
  ASSERT_EQ(relay.post("/api/v1/guest/logout", json::object(), cookie).status, 204);
  const Reply after = relay.get("/api/v1/guest/me", cookie);
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.raw.find(a.key), std::string::npos);
}

}  // namespace
