// Staff sign-in (docs/API.md "Staff"): Argon2id passwords, one answer for an
// unknown email and a wrong password, failure-only rate limits, sessions with
// idle and absolute limits, logout, cookie flags, and `foxo-relay admin`.
// Time moves only through the dev clock.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "relay_process.hpp"

using namespace foxo::test;

namespace {

constexpr const char* kStaff = "intake1@demo.test";
constexpr const char* kPassword = "demo-password";

Reply login(const RelayProcess& r, const std::string& email, const std::string& password) {
  return r.post("/api/v1/staff/login", {{"email", email}, {"password", password}});
}

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

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/foxo-it-admin-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST(StaffAuth, SignInSetsASessionCookieAndMeAnswers) {
  RelayProcess relay;
  const auto r = login(relay, "  Intake1@Demo.TEST ", kPassword);  // trimmed, case-insensitive
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["staff"]["email"], kStaff);
  EXPECT_EQ(r.body["staff"]["name"], "Ivy Intake");
  EXPECT_EQ(r.body["staff"]["teams"], json::array({"intake"}));
  EXPECT_EQ(r.body["staff"]["admin"], false);
  EXPECT_FALSE(r.body["staff"]["id"].get<std::string>().empty());
  EXPECT_EQ(r.raw.find("password"), std::string::npos);

  const std::string c = full_set_cookie(r, "foxo_staff");
  EXPECT_NE(c.find("; HttpOnly"), std::string::npos) << c;
  EXPECT_NE(c.find("; SameSite=Strict"), std::string::npos) << c;
  EXPECT_NE(c.find("; Path=/"), std::string::npos) << c;
  EXPECT_NE(c.find("; Max-Age=43200"), std::string::npos) << c;  // 12 h, the absolute limit
  EXPECT_EQ(c.find("Secure"), std::string::npos) << c;           // plain HTTP
  EXPECT_GE(r.set_cookie("foxo_staff").size(), std::string("foxo_staff=").size() + 43);  // 256-bit token

  const auto me = relay.get("/api/v1/staff/me", r.set_cookie("foxo_staff"));
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_EQ(me.body["staff"], r.body["staff"]);
  const auto admin = login(relay, "admin@demo.test", kPassword);
  ASSERT_EQ(admin.status, 200);
  EXPECT_EQ(admin.body["staff"]["admin"], true);
  EXPECT_EQ(admin.body["staff"]["teams"].size(), 2u);
}

TEST(StaffAuth, ANewTokenAtEachSignIn) {
  RelayProcess relay;
  const std::string a = relay.staff_cookie(kStaff);
  const std::string b = relay.staff_cookie(kStaff);
  EXPECT_NE(a, b);
  EXPECT_EQ(relay.get("/api/v1/staff/me", a).status, 200);
  EXPECT_EQ(relay.get("/api/v1/staff/me", b).status, 200);
}

TEST(StaffAuth, UnknownEmailAndWrongPasswordGetTheSameAnswer) {
  RelayProcess relay;
  const auto wrong = login(relay, kStaff, "not-the-password");
  const auto unknown = login(relay, "nobody@demo.test", kPassword);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.error_code(), "bad_credentials");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_TRUE(wrong.set_cookie("foxo_staff").empty());
  EXPECT_TRUE(unknown.set_cookie("foxo_staff").empty());
}

TEST(StaffAuth, BadFieldsAre400WithTheField) {
  RelayProcess relay;
  auto r = relay.post("/api/v1/staff/login", {{"password", kPassword}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "invalid_field");
  EXPECT_EQ(r.body["error"].value("field", ""), "email");
  r = relay.post("/api/v1/staff/login", {{"email", "no-at-sign"}, {"password", kPassword}});
  EXPECT_EQ(r.body["error"].value("field", ""), "email");
  r = relay.post("/api/v1/staff/login", {{"email", kStaff}, {"password", ""}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"].value("field", ""), "password");
  r = relay.post("/api/v1/staff/login", {{"email", kStaff}, {"password", 5}});
  EXPECT_EQ(r.body["error"].value("field", ""), "password");
  r = relay.post_raw("/api/v1/staff/login", "[1,", "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "invalid_json");
}

TEST(StaffAuth, TenFailuresPerEmailLockThatEmailForFifteenMinutes) {
  RelayProcess relay;
  // Malformed requests do not count.
  for (int i = 0; i < 12; ++i) ASSERT_EQ(relay.post("/api/v1/staff/login", {{"email", kStaff}}).status, 400);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(login(relay, kStaff, "wrong-" + std::to_string(i)).status, 401) << i;
  // Now even the right password waits.
  auto r = login(relay, kStaff, kPassword);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "rate_limited");
  // Real time passes while ten Argon2 checks run (minutes on a loaded machine),
  // so only the bounds are checked here; the clock advances below prove the
  // 15 minutes exactly.
  EXPECT_GT(retry_after(r), 0);
  EXPECT_LE(retry_after(r), 900);
  EXPECT_TRUE(r.set_cookie("foxo_staff").empty());
  // Other people at the same address are not affected.
  EXPECT_EQ(login(relay, "intake2@demo.test", kPassword).status, 200);
  // Refused attempts do not extend the lock.
  relay.advance_clock(600);
  EXPECT_EQ(login(relay, kStaff, kPassword).status, 429);
  relay.advance_clock(300);
  EXPECT_EQ(login(relay, kStaff, kPassword).status, 200);
}

TEST(StaffAuth, FiftyFailuresPerAddressLockTheAddress) {
  RelayProcess relay;
  for (int i = 0; i < 50; ++i)  // 5 each on 10 emails: below the per-email limit
    ASSERT_EQ(login(relay, "nobody" + std::to_string(i % 10) + "@demo.test", "x").status, 401) << i;
  auto r = login(relay, kStaff, kPassword);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "rate_limited");
  EXPECT_GT(retry_after(r), 0);
  EXPECT_LE(retry_after(r), 900);
  relay.advance_clock(900);
  EXPECT_EQ(login(relay, kStaff, kPassword).status, 200);
}

TEST(StaffAuth, SuccessfulSignInsAreNeverLimited) {
  RelayProcess relay;
  // More than both limits (10 per email, 50 per address), all from one address.
  for (int i = 0; i < 55; ++i) ASSERT_EQ(login(relay, kStaff, kPassword).status, 200) << i;
  // Nor do they wipe failures: ten failures after them still lock the email.
  for (int i = 0; i < 10; ++i) ASSERT_EQ(login(relay, kStaff, "wrong").status, 401);
  EXPECT_EQ(login(relay, kStaff, kPassword).status, 429);
}

TEST(StaffAuth, RestartKeepsTheFailureCounts) {
  RelayProcess relay;
  for (int i = 0; i < 10; ++i) ASSERT_EQ(login(relay, kStaff, "wrong").status, 401);
  relay.restart();
  EXPECT_EQ(login(relay, kStaff, kPassword).status, 429);
}

TEST(StaffAuth, LogoutKillsTheTokenServerSide) {
  RelayProcess relay;
  const std::string cookie = relay.staff_cookie(kStaff);
  const auto out = relay.post("/api/v1/staff/logout", json::object(), cookie);
  EXPECT_EQ(out.status, 204);
  const std::string cleared = full_set_cookie(out, "foxo_staff");
  EXPECT_EQ(cleared.rfind("foxo_staff=;", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  const auto me = relay.get("/api/v1/staff/me", cookie);  // replayed
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(me.error_code(), "unauthenticated");
  EXPECT_EQ(relay.get("/api/v1/staff/queue", cookie).status, 401);
}

TEST(StaffAuth, CrossOriginSignInAndLogoutAre403) {
  RelayProcess relay;
  const httplib::Headers evil{{"Origin", "http://127.0.0.1.evil.example"}};
  auto r = relay.post("/api/v1/staff/login", {{"email", kStaff}, {"password", kPassword}}, "", evil);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "bad_origin");
  const std::string cookie = relay.staff_cookie(kStaff);
  r = relay.post("/api/v1/staff/logout", json::object(), cookie, evil);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(relay.get("/api/v1/staff/me", cookie).status, 200);
}

TEST(StaffAuth, StaffSessionIdlesOutAfterOneHour) {
  RelayProcess relay;
  const std::string cookie = relay.staff_cookie(kStaff);
  relay.advance_clock(3540);
  EXPECT_EQ(relay.get("/api/v1/staff/me", cookie).status, 200);  // use refreshes the idle timer
  relay.advance_clock(3540);
  EXPECT_EQ(relay.get("/api/v1/staff/me", cookie).status, 200);
  relay.advance_clock(3600);
  EXPECT_EQ(relay.get("/api/v1/staff/me", cookie).status, 401);
}

TEST(StaffAuth, StaffSessionEndsAfterTwelveHoursEvenWhenUsed) {
  RelayProcess relay;
  const std::string cookie = relay.staff_cookie(kStaff);
  for (int i = 1; i <= 14; ++i) {  // every 50 min: 11 h 40 min in all
    relay.advance_clock(50 * 60);
    ASSERT_EQ(relay.get("/api/v1/staff/me", cookie).status, 200) << "after " << 50 * i << " min";
  }
  relay.advance_clock(20 * 60);  // 12 h
  EXPECT_EQ(relay.get("/api/v1/staff/me", cookie).status, 401);
}

TEST(StaffAuth, SignInsAreAuditedWithoutSecrets) {
  RelayProcess relay;
  ASSERT_EQ(login(relay, kStaff, "wrong-password-1").status, 401);
  ASSERT_EQ(login(relay, kStaff, kPassword).status, 200);
  const auto audit = relay.get("/api/v1/admin/audit", relay.staff_cookie("admin@demo.test"));
  ASSERT_EQ(audit.status, 200) << audit.raw;
  std::multiset<std::string> actions;
  for (const auto& e : audit.body["entries"]) actions.insert(e.value("action", ""));
  EXPECT_EQ(actions.count("staff.login_failed"), 1u) << audit.raw;
  EXPECT_EQ(actions.count("staff.login"), 2u) << audit.raw;  // intake1 and admin
  EXPECT_EQ(audit.raw.find("wrong-password-1"), std::string::npos);
  EXPECT_EQ(audit.raw.find(kPassword), std::string::npos);
}

// ---- foxo-relay admin -----------------------------------------------------------------------

TEST(StaffAuth, AdminCliCreatesAnOrganisationTeamAndStaffWhoCanSignIn) {
  TempDir dir;
  const std::string store = test_store_url();  // a fresh database in the pg run
  auto admin = [&](const std::string& args, const std::string& input = "") {
    return run_admin(dir.path, args, input, store);
  };
  ASSERT_EQ(admin("create-org acme 'Acme Clinic'"), 0);
  EXPECT_NE(admin("create-org acme 'Acme Again'"), 0);  // exists
  ASSERT_EQ(admin("create-team acme front 'Front Desk' 'Missing Report'"), 0);
  EXPECT_NE(admin("create-team nope x 'X'"), 0);  // no such organisation
  // The password comes from standard input, never from a flag; too short is refused.
  EXPECT_NE(admin("create-staff acme Kim@Acme.test 'Kim Lee' --team front", "short\n"), 0);
  ASSERT_EQ(admin("create-staff acme Kim@Acme.test 'Kim Lee' --admin --team front", "a long enough secret\n"), 0);
  EXPECT_NE(admin("create-staff acme kim@acme.test 'Kim Again'", "a long enough secret\n"), 0);
  ASSERT_EQ(admin("create-staff acme pat@acme.test 'Pat Doe' --team front", "another secret!!\n"), 0);

  RelayProcess::Options o;
  o.data_dir = dir.path;  // --dev seeds only an empty store: this one is not
  o.store_url = store;
  RelayProcess relay(o);
  EXPECT_EQ(login(relay, kStaff, kPassword).status, 401);  // no demo seed
  auto r = login(relay, "kim@acme.test", "a long enough secret");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["staff"]["name"], "Kim Lee");
  EXPECT_EQ(r.body["staff"]["teams"], json::array({"front"}));
  EXPECT_EQ(r.body["staff"]["admin"], true);
  EXPECT_EQ(login(relay, "kim@acme.test", "short").status, 401);
  r = login(relay, "pat@acme.test", "another secret!!");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["staff"]["admin"], false);

  // A guest reaches the new team, and the SMS names the new organisation.
  r = relay.post("/api/v1/guest/otp", {{"team", "front"}, {"first_name", "Ann"}, {"last_name", "Lee"},
                                       {"phone", "+61412345678"}});
  ASSERT_EQ(r.status, 202) << r.raw;
  EXPECT_NE(relay.dev_sms().back()["body"].get<std::string>().find("Acme Clinic"), std::string::npos);

  // set-password works on the same data dir while the relay runs.
  ASSERT_EQ(admin("set-password pat@acme.test", "a brand new secret\n"), 0);
  EXPECT_EQ(login(relay, "pat@acme.test", "another secret!!").status, 401);
  EXPECT_EQ(login(relay, "pat@acme.test", "a brand new secret").status, 200);
}
