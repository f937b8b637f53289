// Guest verification (docs/API.md "Guest verification", both parts):
// codes by SMS, resends, lockout, expiry, rate limits, sessions, cookies,
// the Origin check and enumeration, against the real relay binary. Time moves
// only through the dev clock.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "relay_process.hpp"

using namespace foxo::test;

namespace {

constexpr const char* kPhone = "+61412345678";

json otp_body(const std::string& phone, const std::string& challenge_id = "", const std::string& team = "intake") {
  json b{{"team", team}, {"first_name", "Thảo"}, {"last_name", "Nguyễn"}, {"phone", phone}};
  if (!challenge_id.empty()) b["challenge_id"] = challenge_id;
  return b;
}

Reply ask_code(const RelayProcess& r, const std::string& phone, const std::string& challenge_id = "") {
  return r.post("/api/v1/guest/otp", otp_body(phone, challenge_id));
}

Reply verify(const RelayProcess& r, const std::string& challenge_id, const std::string& code,
             const std::string& cookie = "") {
  return r.post("/api/v1/guest/otp/verify", {{"challenge_id", challenge_id}, {"code", code}}, cookie);
}

// A 6-digit code that is surely not `code`.
std::string other_code(const std::string& code) {
  std::string c = code;
  c[0] = c[0] == '9' ? '0' : static_cast<char>(c[0] + 1);
  return c;
}

// Asks for a code and returns the challenge id (asserting 202).
std::string challenge_for(const RelayProcess& r, const std::string& phone) {
  const auto a = ask_code(r, phone);
  EXPECT_EQ(a.status, 202) << a.raw;
  return a.body.value("challenge_id", std::string());
}

// A verified guest's cookie ("foxo_guest=...").
std::string sign_in(const RelayProcess& r, const std::string& phone, const std::string& old_cookie = "") {
  const std::string id = challenge_for(r, phone);
  const auto v = verify(r, id, r.last_code_for(phone), old_cookie);
  EXPECT_EQ(v.status, 200) << v.raw;
  return v.set_cookie("foxo_guest");
}

// The whole Set-Cookie header for a cookie name.
std::string full_set_cookie(const Reply& reply, const std::string& name) {
  auto range = reply.headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it)
    if (it->second.rfind(name + "=", 0) == 0) return it->second;
  return {};
}

std::int64_t retry_after(const Reply& r) {
  const std::string h = r.header("Retry-After");
  return h.empty() ? -1 : std::stoll(h);
}

std::string phone_n(int n) {  // +614000000NN..., distinct Australian mobiles
  char buf[20];
  std::snprintf(buf, sizeof buf, "+6140000%04d", n);
  return buf;
}

}  // namespace

// ---- Happy path, cookie, me ---------------------------------------------------------

TEST(GuestAuth, CodeBySmsThenVerifySetsASessionCookie) {
  RelayProcess relay;
  const auto a = relay.post("/api/v1/guest/otp", otp_body("0412 345 678"));  // national format
  ASSERT_EQ(a.status, 202) << a.raw;
  EXPECT_FALSE(a.body["challenge_id"].get<std::string>().empty());
  EXPECT_EQ(a.body["expires_in"], 600);
  EXPECT_EQ(a.body["resend_in"], 30);

  const json sms = relay.dev_sms();
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_EQ(sms[0]["to"], kPhone);  // normalised to E.164
  const std::string body = sms[0]["body"];
  EXPECT_NE(body.find("Demo Health"), std::string::npos) << body;
  EXPECT_NE(body.find("10 minutes"), std::string::npos) << body;
  const std::string code = relay.last_code_for(kPhone);
  ASSERT_EQ(code.size(), 6u);

  const auto v = verify(relay, a.body["challenge_id"], code);
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_FALSE(v.body["guest"]["id"].get<std::string>().empty());
  EXPECT_EQ(v.body["guest"]["first_name"], "Thảo");
  EXPECT_EQ(v.body["guest"]["last_name"], "Nguyễn");
  EXPECT_EQ(v.body["guest"]["phone"], kPhone);

  const std::string cookie = v.set_cookie("foxo_guest");
  ASSERT_FALSE(cookie.empty());
  EXPECT_GE(cookie.size(), std::string("foxo_guest=").size() + 43);  // 256-bit token
  const auto me = relay.get("/api/v1/guest/me", cookie);
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_EQ(me.body["guest"], v.body["guest"]);
}

TEST(GuestAuth, CookieIsHttpOnlySameSiteStrictAndNotSecureOverPlainHttp) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, kPhone);
  const auto v = verify(relay, id, relay.last_code_for(kPhone));
  ASSERT_EQ(v.status, 200);
  const std::string c = full_set_cookie(v, "foxo_guest");
  EXPECT_NE(c.find("; HttpOnly"), std::string::npos) << c;
  EXPECT_NE(c.find("; SameSite=Strict"), std::string::npos) << c;
  EXPECT_NE(c.find("; Path=/"), std::string::npos) << c;
  EXPECT_NE(c.find("; Max-Age=1209600"), std::string::npos) << c;  // 14 days, the absolute limit
  EXPECT_EQ(c.find("Secure"), std::string::npos) << c;            // plain HTTP: Secure only under TLS
}

TEST(GuestAuth, MeWithoutOrWithABadCookieIs401) {
  RelayProcess relay;
  auto r = relay.get("/api/v1/guest/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthenticated");
  r = relay.get("/api/v1/guest/me", "foxo_guest=not-a-token");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthenticated");
}

// ---- Errors of the request ------------------------------------------------------------

TEST(GuestAuth, BadFieldsAre400WithTheFieldAndSendNothing) {
  RelayProcess relay;
  struct Case {
    json body;
    std::string field;
  };
  const std::vector<Case> cases{
      {{{"team", "intake"}, {"last_name", "Nguyễn"}, {"phone", kPhone}}, "first_name"},
      {{{"team", "intake"}, {"first_name", ""}, {"last_name", "Nguyễn"}, {"phone", kPhone}}, "first_name"},
      {{{"team", "intake"}, {"first_name", "Thảo"}, {"last_name", 7}, {"phone", kPhone}}, "last_name"},
      {{{"team", "intake"}, {"first_name", "Thảo"}, {"last_name", "Nguyễn"}}, "phone"},
      {{{"team", "intake"}, {"first_name", "Thảo"}, {"last_name", "Nguyễn"}, {"phone", "12"}}, "phone"},
      {{{"team", "intake"}, {"first_name", "Thảo"}, {"last_name", "Nguyễn"}, {"phone", "(02) 9876 5432"}}, "phone"},
      {{{"first_name", "Thảo"}, {"last_name", "Nguyễn"}, {"phone", kPhone}}, "team"},
      {{{"team", "intake"}, {"first_name", "Thảo"}, {"last_name", "Nguyễn"}, {"phone", kPhone}, {"challenge_id", 5}},
       "challenge_id"},
  };
  for (const auto& c : cases) {
    const auto r = relay.post("/api/v1/guest/otp", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " " << r.raw;
    EXPECT_EQ(r.error_code(), "invalid_field") << r.raw;
    EXPECT_EQ(r.body["error"].value("field", ""), c.field) << r.raw;
    EXPECT_FALSE(r.body["error"].value("message", "").empty());
  }
  auto r = relay.post_raw("/api/v1/guest/otp", "{\"team\":", "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "invalid_json");

  // Verify: a code is 6 digits, a challenge id is required.
  r = relay.post("/api/v1/guest/otp/verify", {{"challenge_id", "x"}, {"code", "12345"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"].value("field", ""), "code");
  r = relay.post("/api/v1/guest/otp/verify", {{"challenge_id", "x"}, {"code", "12a456"}});
  EXPECT_EQ(r.body["error"].value("field", ""), "code");
  r = relay.post("/api/v1/guest/otp/verify", {{"code", "123456"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"].value("field", ""), "challenge_id");
  EXPECT_EQ(relay.dev_sms().size(), 0u);
}

TEST(GuestAuth, UnknownTeamIs404AndSendsNothing) {
  RelayProcess relay;
  const auto r = relay.post("/api/v1/guest/otp", otp_body(kPhone, "", "no-such-team"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  EXPECT_EQ(relay.dev_sms().size(), 0u);
}

TEST(GuestAuth, UnknownChallengeIs404) {
  RelayProcess relay;
  const auto r = verify(relay, "no-such-challenge", "123456");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
}

// ---- Wrong codes, lockout, expiry, single use --------------------------------------------

TEST(GuestAuth, WrongCodesCountDownThenTheChallengeLocks) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, kPhone);
  const std::string code = relay.last_code_for(kPhone);
  for (int left = 4; left >= 1; --left) {
    const auto r = verify(relay, id, other_code(code));
    ASSERT_EQ(r.status, 401) << r.raw;
    EXPECT_EQ(r.error_code(), "otp_invalid");
    EXPECT_EQ(r.body["error"]["attempts_left"], left);
    EXPECT_EQ(r.body["error"].value("field", ""), "code");
  }
  // The fifth wrong code locks the challenge...
  auto r = verify(relay, id, other_code(code));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "otp_locked");
  EXPECT_EQ(r.body["error"]["attempts_left"], 0);
  // ...so even the right code is refused now,
  r = verify(relay, id, code);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "otp_locked");
  EXPECT_TRUE(r.set_cookie("foxo_guest").empty());
  // and a resend on it would not reset the failures: refused without an SMS.
  relay.advance_clock(30);
  const std::size_t sent = relay.dev_sms().size();
  r = ask_code(relay, kPhone, id);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "otp_locked");
  EXPECT_EQ(relay.dev_sms().size(), sent);
  // A new challenge for the number works (within the per-number limit).
  EXPECT_FALSE(sign_in(relay, kPhone).empty());
}

TEST(GuestAuth, ParallelWrongGuessesCannotExceedFiveTries) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, kPhone);
  const std::string code = relay.last_code_for(kPhone);
  std::vector<std::thread> threads;
  std::vector<int> statuses(12);
  for (int i = 0; i < 12; ++i)
    threads.emplace_back([&, i] { statuses[i] = verify(relay, id, other_code(code)).status; });
  for (auto& t : threads) t.join();
  // Attempts 1-4 answer otp_invalid, the 5th and every later one otp_locked.
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 4);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), 8);
  EXPECT_EQ(verify(relay, id, code).error_code(), "otp_locked");
}

TEST(GuestAuth, CodeExpiresAfterTenMinutes) {
  RelayProcess relay;
  const std::string a = challenge_for(relay, phone_n(1));
  const std::string b = challenge_for(relay, phone_n(2));
  relay.advance_clock(599);
  auto r = verify(relay, a, relay.last_code_for(phone_n(1)));
  EXPECT_EQ(r.status, 200) << r.raw;
  relay.advance_clock(1);
  r = verify(relay, b, relay.last_code_for(phone_n(2)));
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(r.error_code(), "otp_expired");
  EXPECT_TRUE(r.set_cookie("foxo_guest").empty());
}

TEST(GuestAuth, ACodeWorksOnce) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, kPhone);
  const std::string code = relay.last_code_for(kPhone);
  ASSERT_EQ(verify(relay, id, code).status, 200);
  const auto again = verify(relay, id, code);
  EXPECT_EQ(again.status, 410);
  EXPECT_EQ(again.error_code(), "otp_expired");
  EXPECT_TRUE(again.set_cookie("foxo_guest").empty());
}

TEST(GuestAuth, ParallelUseOfOneCodeSignsInOnce) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, kPhone);
  const std::string code = relay.last_code_for(kPhone);
  std::vector<std::thread> threads;
  std::vector<int> statuses(8);
  for (int i = 0; i < 8; ++i) threads.emplace_back([&, i] { statuses[i] = verify(relay, id, code).status; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 410), 7);
}

TEST(GuestAuth, ACodeIsBoundToItsChallenge) {
  RelayProcess relay;
  const std::string a = challenge_for(relay, phone_n(1));
  const std::string b = challenge_for(relay, phone_n(2));
  const std::string code_a = relay.last_code_for(phone_n(1));
  if (code_a == relay.last_code_for(phone_n(2))) GTEST_SKIP() << "both codes drew the same digits (1 in a million)";
  const auto r = verify(relay, b, code_a);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "otp_invalid");
}

TEST(GuestAuth, ANewTokenAtEachVerificationAndTheOldOneIsRevoked) {
  RelayProcess relay;
  const std::string first = sign_in(relay, kPhone);
  relay.advance_clock(30);
  const std::string second = sign_in(relay, kPhone, first);  // the browser sends its cookie along
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first, second);
  EXPECT_EQ(relay.get("/api/v1/guest/me", second).status, 200);
  EXPECT_EQ(relay.get("/api/v1/guest/me", first).status, 401);
  // Same number, same organisation: the same guest.
  relay.advance_clock(30);
  const std::string third = sign_in(relay, kPhone);
  EXPECT_EQ(relay.get("/api/v1/guest/me", third).body["guest"]["id"],
            relay.get("/api/v1/guest/me", second).body["guest"]["id"]);
}

// ---- Resend ------------------------------------------------------------------------------

TEST(GuestAuth, ResendGivesANewCodeOnTheSameChallengeAndKeepsTheFailures) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, kPhone);
  const std::string code1 = relay.last_code_for(kPhone);
  ASSERT_EQ(verify(relay, id, other_code(code1)).body["error"]["attempts_left"], 4);
  ASSERT_EQ(verify(relay, id, other_code(code1)).body["error"]["attempts_left"], 3);

  // Too soon: 30 s between codes to a number.
  auto r = ask_code(relay, kPhone, id);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "rate_limited");
  EXPECT_GE(retry_after(r), 29);
  EXPECT_LE(retry_after(r), 30);
  EXPECT_EQ(relay.dev_sms().size(), 1u);

  relay.advance_clock(30);
  r = ask_code(relay, kPhone, id);
  ASSERT_EQ(r.status, 202) << r.raw;
  EXPECT_EQ(r.body["challenge_id"], id);
  EXPECT_EQ(r.body["expires_in"], 600);
  EXPECT_EQ(r.body["resend_in"], 30);
  ASSERT_EQ(relay.dev_sms().size(), 2u);
  const std::string code2 = relay.last_code_for(kPhone);

  if (code1 != code2) {
    // The earlier code is gone; the failure count was not reset (5 - 3 = 2 left).
    r = verify(relay, id, code1);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.body["error"]["attempts_left"], 2);
  }
  r = verify(relay, id, code2);
  EXPECT_EQ(r.status, 200) << r.raw;
}

TEST(GuestAuth, ResendRenewsTheExpiry) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, kPhone);
  relay.advance_clock(600);
  EXPECT_EQ(verify(relay, id, relay.last_code_for(kPhone)).status, 410);
  const auto r = ask_code(relay, kPhone, id);
  ASSERT_EQ(r.status, 202) << r.raw;
  relay.advance_clock(599);
  EXPECT_EQ(verify(relay, id, relay.last_code_for(kPhone)).status, 200);
}

TEST(GuestAuth, ResendNeedsALiveChallengeForTheSameNumber) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, phone_n(1));
  relay.advance_clock(30);
  // Unknown challenge, or another number's challenge: not found, no SMS.
  auto r = ask_code(relay, phone_n(1), "no-such-challenge");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  r = ask_code(relay, phone_n(2), id);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  EXPECT_EQ(relay.dev_sms().size(), 1u);
  // A used challenge is finished.
  ASSERT_EQ(verify(relay, id, relay.last_code_for(phone_n(1))).status, 200);
  r = ask_code(relay, phone_n(1), id);
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(r.error_code(), "otp_expired");
  EXPECT_EQ(relay.dev_sms().size(), 1u);
}

// ---- Rate limits ---------------------------------------------------------------------------

TEST(GuestAuth, AtMostFiveCodesPerNumberPerHourThirtySecondsApart) {
  RelayProcess relay;
  EXPECT_EQ(ask_code(relay, kPhone).status, 202);
  // A second challenge right away is still a code to the same number: 30 s apart.
  auto r = ask_code(relay, kPhone);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "rate_limited");
  EXPECT_GE(retry_after(r), 29);
  for (int i = 1; i < 5; ++i) {
    relay.advance_clock(30);
    ASSERT_EQ(ask_code(relay, kPhone).status, 202) << i;
  }
  relay.advance_clock(30);  // 150 s after the first
  r = ask_code(relay, kPhone);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "rate_limited");
  EXPECT_GE(retry_after(r), 3440);
  EXPECT_LE(retry_after(r), 3450);
  EXPECT_EQ(relay.dev_sms().size(), 5u);
  // Another number is not affected.
  EXPECT_EQ(ask_code(relay, phone_n(1)).status, 202);
  relay.advance_clock(3449);
  EXPECT_EQ(ask_code(relay, kPhone).status, 429);
  relay.advance_clock(1);  // the first send left the hour
  EXPECT_EQ(ask_code(relay, kPhone).status, 202);
}

TEST(GuestAuth, AtMostThirtyCodesPerClientAddressPerTenMinutes) {
  RelayProcess relay;
  // Refused or malformed requests do not count.
  for (int i = 0; i < 40; ++i) {
    ASSERT_EQ(relay.post("/api/v1/guest/otp", otp_body("12")).status, 400);
    ASSERT_EQ(relay.post("/api/v1/guest/otp", otp_body(phone_n(i), "", "no-such-team")).status, 404);
  }
  for (int i = 0; i < 30; ++i) ASSERT_EQ(ask_code(relay, phone_n(i)).status, 202) << i;
  auto r = ask_code(relay, phone_n(30));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "rate_limited");
  EXPECT_GT(retry_after(r), 590);
  EXPECT_LE(retry_after(r), 600);
  EXPECT_EQ(relay.dev_sms().size(), 30u);
  relay.advance_clock(600);
  EXPECT_EQ(ask_code(relay, phone_n(30)).status, 202);
}

TEST(GuestAuth, RestartKeepsTheCountersAndTheChallenges) {
  RelayProcess relay;
  std::string last_id;
  for (int i = 0; i < 5; ++i) {
    if (i) relay.advance_clock(30);
    last_id = challenge_for(relay, kPhone);
  }
  for (int i = 0; i < 25; ++i) ASSERT_EQ(ask_code(relay, phone_n(i)).status, 202) << i;
  const std::string code = relay.last_code_for(kPhone);
  relay.restart();  // same data dir; the dev clock starts again from the system time
  auto r = ask_code(relay, kPhone);
  EXPECT_EQ(r.status, 429) << "per-number count lost in the restart";
  r = ask_code(relay, phone_n(99));
  EXPECT_EQ(r.status, 429) << "per-address count lost in the restart";
  EXPECT_EQ(r.error_code(), "rate_limited");
  // A challenge made before the restart still verifies.
  EXPECT_EQ(verify(relay, last_id, code).status, 200);
}

// ---- Enumeration ---------------------------------------------------------------------------

TEST(GuestAuth, KnownAndUnknownNumbersGetTheSameAnswers) {
  RelayProcess relay;
  const std::string known = phone_n(1), unknown = phone_n(2);
  ASSERT_FALSE(sign_in(relay, known).empty());
  relay.advance_clock(30);

  const auto a = ask_code(relay, known);
  const auto b = ask_code(relay, unknown);
  ASSERT_EQ(a.status, 202);
  ASSERT_EQ(b.status, 202);
  std::set<std::string> ka, kb;
  for (auto it = a.body.begin(); it != a.body.end(); ++it) ka.insert(it.key());
  for (auto it = b.body.begin(); it != b.body.end(); ++it) kb.insert(it.key());
  EXPECT_EQ(ka, kb);
  EXPECT_EQ(a.body["expires_in"], b.body["expires_in"]);
  EXPECT_EQ(a.body["resend_in"], b.body["resend_in"]);
  EXPECT_EQ(a.body["challenge_id"].get<std::string>().size(), b.body["challenge_id"].get<std::string>().size());
  EXPECT_EQ(a.set_cookie("foxo_guest"), b.set_cookie("foxo_guest"));
  // The SMS differs only by its code (which it holds twice: for the guest
  // and for the phone's autofill line).
  auto without_code = [](std::string body, const std::string& code) {
    int n = 0;
    for (auto at = body.find(code); at != std::string::npos; at = body.find(code), ++n) body.replace(at, 6, "CODE");
    EXPECT_EQ(n, 2) << body;
    return body;
  };
  EXPECT_EQ(without_code(relay.dev_sms()[relay.dev_sms().size() - 2]["body"], relay.last_code_for(known)),
            without_code(relay.dev_sms().back()["body"], relay.last_code_for(unknown)));

  // Wrong codes answer alike too.
  const auto wa = verify(relay, a.body["challenge_id"], other_code(relay.last_code_for(known)));
  const auto wb = verify(relay, b.body["challenge_id"], other_code(relay.last_code_for(unknown)));
  EXPECT_EQ(wa.status, wb.status);
  EXPECT_EQ(wa.body, wb.body);
  // And rate limits.
  const auto ra = ask_code(relay, known), rb = ask_code(relay, unknown);
  EXPECT_EQ(ra.status, 429);
  EXPECT_EQ(ra.body, rb.body);
}

// ---- Logout, Origin, session kinds, timeouts -------------------------------------------------

TEST(GuestAuth, LogoutKillsTheTokenServerSide) {
  RelayProcess relay;
  const std::string cookie = sign_in(relay, kPhone);
  ASSERT_EQ(relay.get("/api/v1/guest/me", cookie).status, 200);
  const auto out = relay.post("/api/v1/guest/logout", json::object(), cookie);
  EXPECT_EQ(out.status, 204);
  const std::string cleared = full_set_cookie(out, "foxo_guest");
  EXPECT_EQ(cleared.rfind("foxo_guest=;", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  // Replaying the old cookie does not work: the session is gone on the relay.
  const auto me = relay.get("/api/v1/guest/me", cookie);
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(me.error_code(), "unauthenticated");
  // Logging out without a session is harmless.
  EXPECT_EQ(relay.post("/api/v1/guest/logout", json::object()).status, 204);
}

TEST(GuestAuth, CrossOriginStateChangesAre403) {
  RelayProcess relay;
  const httplib::Headers evil{{"Origin", "https://evil.example"}};
  auto r = relay.post("/api/v1/guest/otp", otp_body(kPhone), "", evil);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "bad_origin");
  EXPECT_EQ(relay.dev_sms().size(), 0u);

  r = relay.post("/api/v1/guest/otp", otp_body(kPhone), "", {{"Origin", relay.base_url()}});
  ASSERT_EQ(r.status, 202);
  const std::string id = r.body["challenge_id"];
  const std::string code = relay.last_code_for(kPhone);
  r = relay.post("/api/v1/guest/otp/verify", {{"challenge_id", id}, {"code", code}}, "", evil);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "bad_origin");
  r = relay.post("/api/v1/guest/otp/verify", {{"challenge_id", id}, {"code", code}}, "", {{"Origin", relay.base_url()}});
  ASSERT_EQ(r.status, 200);  // the refused try did not use the code
  const std::string cookie = r.set_cookie("foxo_guest");
  r = relay.post("/api/v1/guest/logout", json::object(), cookie, evil);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(relay.get("/api/v1/guest/me", cookie).status, 200);
}

TEST(GuestAuth, GuestAndStaffSessionsAreNotInterchangeable) {
  RelayProcess relay;
  const std::string guest = sign_in(relay, kPhone);
  const std::string staff = relay.staff_cookie("intake1@demo.test");
  const std::string guest_token = guest.substr(guest.find('=') + 1);
  const std::string staff_token = staff.substr(staff.find('=') + 1);
  auto r = relay.get("/api/v1/staff/me", guest);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthenticated");
  EXPECT_EQ(relay.get("/api/v1/guest/me", staff).status, 401);
  // Even with the cookie names swapped.
  EXPECT_EQ(relay.get("/api/v1/staff/me", "foxo_staff=" + guest_token).status, 401);
  EXPECT_EQ(relay.get("/api/v1/guest/me", "foxo_guest=" + staff_token).status, 401);
  EXPECT_EQ(relay.get("/api/v1/guest/me", guest).status, 200);
  EXPECT_EQ(relay.get("/api/v1/staff/me", staff).status, 200);
}

TEST(GuestAuth, GuestSessionIdlesOutAfterEightHours) {
  RelayProcess relay;
  const std::string cookie = sign_in(relay, kPhone);
  relay.advance_clock(8 * 3600 - 60);
  EXPECT_EQ(relay.get("/api/v1/guest/me", cookie).status, 200);  // use refreshes the idle timer
  relay.advance_clock(8 * 3600 - 60);
  EXPECT_EQ(relay.get("/api/v1/guest/me", cookie).status, 200);
  relay.advance_clock(8 * 3600);
  EXPECT_EQ(relay.get("/api/v1/guest/me", cookie).status, 401);
}

TEST(GuestAuth, GuestSessionEndsAfterFourteenDaysEvenWhenUsed) {
  RelayProcess relay;
  const std::string cookie = sign_in(relay, kPhone);
  for (int i = 1; i <= 47; ++i) {  // every 7 h, 329 h in all
    relay.advance_clock(7 * 3600);
    ASSERT_EQ(relay.get("/api/v1/guest/me", cookie).status, 200) << "after " << 7 * i << " h";
  }
  relay.advance_clock(7 * 3600);  // 336 h = 14 days
  EXPECT_EQ(relay.get("/api/v1/guest/me", cookie).status, 401);
}

// ---- Audit -------------------------------------------------------------------------------

TEST(GuestAuth, SendsAndCodeChecksAreAuditedWithoutSecrets) {
  RelayProcess relay;
  const std::string id = challenge_for(relay, kPhone);
  const std::string code = relay.last_code_for(kPhone);
  ASSERT_EQ(verify(relay, id, other_code(code)).status, 401);
  const auto v = verify(relay, id, code);
  ASSERT_EQ(v.status, 200);
  const std::string cookie = v.set_cookie("foxo_guest");
  const std::string token = cookie.substr(cookie.find('=') + 1);

  const auto audit = relay.get("/api/v1/admin/audit", relay.staff_cookie("admin@demo.test"));
  ASSERT_EQ(audit.status, 200) << audit.raw;
  std::multiset<std::string> actions;
  for (const auto& e : audit.body["entries"]) actions.insert(e.value("action", ""));
  EXPECT_EQ(actions.count("otp.send"), 1u) << audit.raw;
  EXPECT_EQ(actions.count("otp.verify_failed"), 1u) << audit.raw;
  EXPECT_EQ(actions.count("otp.verify"), 1u) << audit.raw;
  EXPECT_EQ(audit.raw.find("412345678"), std::string::npos) << "full phone number in the audit";
  EXPECT_EQ(audit.raw.find(code), std::string::npos) << "code in the audit";
  EXPECT_EQ(audit.raw.find(token), std::string::npos) << "token in the audit";
  EXPECT_NE(audit.raw.find("+61******678"), std::string::npos) << "masked phone expected";
  // The relay's console shows the code only through the dev outbox line.
  const std::string out = relay.stdout_text();
  std::size_t lines_with_code = 0;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.find(code) != std::string::npos) {
      ++lines_with_code;
      EXPECT_EQ(line.rfind("[dev sms] to ", 0), 0u) << line;
    }
  EXPECT_EQ(lines_with_code, 1u) << out;
  EXPECT_EQ(out.find(token), std::string::npos);
}

// ---- Gateway failures (production relay, Twilio pointed at a local fake) ----------------------

namespace {

// A stand-in for api.twilio.com answering by recipient.
class FakeTwilio {
 public:
  FakeTwilio() {
    server_.Post(R"(/2010-04-01/Accounts/[^/]+/Messages\.json)", [this](const httplib::Request& req,
                                                                       httplib::Response& res) {
      const std::string to = req.get_param_value("To");
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++requests_[to];
      }
      auto error = [&](int status, int code) {
        res.status = status;
        res.set_content(R"({"code":)" + std::to_string(code) + R"(,"message":"refused","more_info":"x","status":)" +
                            std::to_string(status) + "}",
                        "application/json");
      };
      if (to == "+61400000001") return error(400, 21211);
      if (to == "+61400000002") return error(400, 21610);
      if (to == "+61400000003") return error(503, 20500);
      res.status = 201;
      res.set_content(R"({"sid":"SM0123456789abcdef0123456789abcdef","status":"queued"})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    // Bound and listening already: requests queue until the thread accepts them.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeTwilio() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  int requests(const std::string& to) {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_[to];
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::map<std::string, int> requests_;
};

}  // namespace

TEST(GuestAuth, GatewayRefusalsAreFieldErrorsOrUnavailableAndDoNotCount) {
  FakeTwilio twilio;
  char tmpl[] = "/tmp/foxo-it-gw-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  const std::string store = test_store_url();  // a fresh database in the pg run
  ASSERT_EQ(run_admin(dir, "create-org acme 'Acme Clinic'", "", store), 0);
  ASSERT_EQ(run_admin(dir, "create-team acme front 'Front Desk'", "", store), 0);
  {
    RelayProcess::Options o;
    o.dev = false;
    o.data_dir = dir;
    o.store_url = store;
    o.extra_args = {"--host", "127.0.0.1", "--public-url", "https://chat.example.org"};
    o.env = {{"FOXO_TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"},
             {"FOXO_TWILIO_AUTH_TOKEN", "token"},
             {"FOXO_TWILIO_FROM", "+61400000000"},
             {"FOXO_TWILIO_BASE_URL", "http://127.0.0.1:" + std::to_string(twilio.port())}};
    RelayProcess relay(o);
    auto send = [&](const std::string& phone) { return relay.post("/api/v1/guest/otp", otp_body(phone, "", "front")); };

    // 21211 and 21610: the number's fault, said next to the phone field; never
    // counted, so trying again at once is not rate limited.
    for (int i = 0; i < 6; ++i) {
      const auto r = send("+61400000001");
      ASSERT_EQ(r.status, 400) << r.raw;
      EXPECT_EQ(r.error_code(), "invalid_field");
      EXPECT_EQ(r.body["error"].value("field", ""), "phone");
    }
    EXPECT_EQ(twilio.requests("+61400000001"), 6);  // no retries on a 4xx
    auto r = send("+61400000002");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body["error"].value("field", ""), "phone");
    EXPECT_NE(r.body["error"].value("message", "").find("STOP"), std::string::npos) << r.raw;

    // Twilio down: 503 unavailable, after the gateway's bounded retries.
    r = send("+61400000003");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.error_code(), "unavailable");
    EXPECT_GT(twilio.requests("+61400000003"), 1);
    EXPECT_EQ(r.raw.find("20500"), std::string::npos) << "provider internals leaked";

    // A deliverable number works, and the organisation comes from the team.
    r = send("+61400000004");
    EXPECT_EQ(r.status, 202) << r.raw;
    EXPECT_EQ(twilio.requests("+61400000004"), 1);
  }
  std::filesystem::remove_all(dir);
}
