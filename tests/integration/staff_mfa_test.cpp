// Staff two-factor sign-in (issue 18; docs/API.md "Staff two-factor sign-in"):
// enrolment and confirm, the code half of a sign-in (one step of drift, each
// code once, recovery codes once), wrong codes limited like passwords, an
// organisation's require_mfa, and an admin's reset, on the real relay. Codes
// are computed here from the enrolment's base32 secret with liboath at the
// relay's dev clock, which the tests move past step boundaries when needed.
// Staff with non-Latin names are added with `foxo-relay admin`.
#include <gtest/gtest.h>
#include <liboath/oath.h>

#include <cstdlib>
#include <set>

#include "foxo/time.hpp"
#include "relay_process.hpp"

using namespace foxo::test;

namespace {

constexpr const char* kPassword = "demo-password";
constexpr const char* kThao = "thao@demo.test";  // Nguyễn Thảo, team intake
constexpr const char* kFang = "fang@demo.test";  // 王芳, team results
constexpr const char* kStaffPassword = "a long enough secret";

// The demo seed, plus two members with non-Latin names and an admin at the other organisation.
struct MfaRelay {
  RelayProcess relay;
  MfaRelay() {
    relay.stop();
    auto admin = [&](const std::string& args, const std::string& input = "") {
      EXPECT_EQ(run_admin(relay.data_dir(), args, input, relay.store_url()), 0) << args;
    };
    admin("create-staff demo-health thao@demo.test 'Nguyễn Thảo' --team intake", std::string(kStaffPassword) + "\n");
    admin("create-staff demo-health fang@demo.test '王芳' --team results", std::string(kStaffPassword) + "\n");
    admin("create-staff other-clinic boss@other.test 'Olga Boss' --admin --team other",
          std::string(kStaffPassword) + "\n");
    relay.restart();
  }
};

Reply login(const RelayProcess& r, const std::string& email, const std::string& password = kStaffPassword) {
  return r.post("/api/v1/staff/login", {{"email", email}, {"password", password}});
}

std::string session_of(const RelayProcess& r, const std::string& email, const std::string& password = kStaffPassword) {
  const auto reply = login(r, email, password);
  EXPECT_EQ(reply.status, 200) << reply.raw;
  EXPECT_FALSE(reply.body.contains("mfa_required")) << reply.raw;
  return reply.set_cookie("foxo_staff");
}

// The relay's clock in seconds, moved on to just after a step boundary when
// less than 15 s of the current step are left (so a test's codes stay current).
std::int64_t relay_now(const RelayProcess& r, std::int64_t advance = 0) {
  const auto a = r.post("/api/v1/dev/clock/advance", {{"seconds", advance}});
  EXPECT_EQ(a.status, 200) << a.raw;
  return *foxo::parse_rfc3339(a.body["now"].get<std::string>()) / 1000;
}
std::int64_t early_in_a_step(const RelayProcess& r) {
  const std::int64_t now = relay_now(r);
  if (now % 30 < 15) return now;
  return relay_now(r, 30 - now % 30 + 1);
}

// The TOTP code of `base32_secret` at `t` (liboath, RFC 6238: SHA-1, 30 s, 6 digits).
std::string totp(const std::string& base32_secret, std::int64_t t) {
  char* secret = nullptr;
  std::size_t n = 0;
  EXPECT_EQ(oath_base32_decode(base32_secret.data(), base32_secret.size(), &secret, &n), OATH_OK);
  char out[7] = {};
  EXPECT_EQ(oath_totp_generate2(secret, n, static_cast<time_t>(t), 30, 0, 6, 0, out), OATH_OK);
  std::free(secret);
  return out;
}

struct Enrolled {
  std::string secret, uri;
  std::vector<std::string> recovery;
  std::int64_t confirmed_at = 0;  // relay seconds of the confirming code
};

Enrolled enrol(const RelayProcess& r, const std::string& cookie) {
  Enrolled e;
  const auto en = r.post("/api/v1/staff/mfa/enrol", json::object(), cookie);
  EXPECT_EQ(en.status, 200) << en.raw;
  e.secret = en.body.value("secret", "");
  e.uri = en.body.value("otpauth_uri", "");
  e.confirmed_at = early_in_a_step(r);
  const auto c = r.post("/api/v1/staff/mfa/confirm", {{"code", totp(e.secret, e.confirmed_at)}}, cookie);
  EXPECT_EQ(c.status, 200) << c.raw;
  for (const auto& code : c.body["recovery_codes"]) e.recovery.push_back(code.get<std::string>());
  return e;
}

// A sign-in's password half: the half sign-in's cookie ("foxo_staff_mfa=...").
std::string half_sign_in(const RelayProcess& r, const std::string& email) {
  const auto reply = login(r, email);
  EXPECT_EQ(reply.status, 200) << reply.raw;
  EXPECT_EQ(reply.body, json({{"mfa_required", true}}));
  EXPECT_EQ(reply.set_cookie("foxo_staff"), "") << "no session before the code";
  return reply.set_cookie("foxo_staff_mfa");
}

Reply code_half(const RelayProcess& r, const std::string& half, const std::string& code) {
  return r.post("/api/v1/staff/login/mfa", {{"code", code}}, half);
}

std::string full_set_cookie(const Reply& reply, const std::string& name) {
  auto range = reply.headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it)
    if (it->second.rfind(name + "=", 0) == 0) return it->second;
  return {};
}

json audit_actions(const RelayProcess& r, const std::string& admin_cookie = "") {
  const auto a = r.get("/api/v1/admin/audit",
                       admin_cookie.empty() ? r.staff_cookie("admin@demo.test", kPassword) : admin_cookie);
  EXPECT_EQ(a.status, 200) << a.raw;
  return a.body["entries"];
}

Reply patch(const RelayProcess& r, const std::string& path, const json& body, const std::string& cookie) {
  auto cli = r.client();
  httplib::Headers h{{"Cookie", cookie}};
  const auto res = cli.Patch(path.c_str(), h, body.dump(), "application/json");
  Reply out;
  if (!res) return out;
  out.status = res->status;
  out.raw = res->body;
  out.body = json::parse(res->body, nullptr, false);
  return out;
}

}  // namespace

TEST(StaffMfa, EnrolConfirmThenSignInWithACode) {
  MfaRelay m;
  const RelayProcess& relay = m.relay;
  const std::string cookie = session_of(relay, kThao);

  const auto en = relay.post("/api/v1/staff/mfa/enrol", json::object(), cookie);
  ASSERT_EQ(en.status, 200) << en.raw;
  const std::string secret = en.body["secret"];
  EXPECT_EQ(secret.size(), 32u);  // 160 bits of base32, unpadded
  EXPECT_EQ(secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
  // The organisation and the member's name, percent-encoded as UTF-8.
  EXPECT_EQ(en.body["otpauth_uri"],
            "otpauth://totp/Demo%20Health:Nguy%E1%BB%85n%20Th%E1%BA%A3o%20(thao%40demo.test)?secret=" + secret +
                "&issuer=Demo%20Health&algorithm=SHA1&digits=6&period=30");
  const int size = en.body["qr"]["size"];
  EXPECT_GE(size, 21);
  EXPECT_EQ((size - 17) % 4, 0);  // a QR version's size
  EXPECT_EQ(en.body["qr"]["modules"].get<std::string>().size(), static_cast<std::size_t>(size * size));

  // Until confirmed, the password alone still signs in.
  EXPECT_EQ(login(relay, kThao).set_cookie("foxo_staff").empty(), false);

  const std::int64_t t0 = early_in_a_step(relay);
  const std::string right = totp(secret, t0);
  const std::string wrong = right == "000000" ? "111111" : "000000";
  const auto bad = relay.post("/api/v1/staff/mfa/confirm", {{"code", wrong}}, cookie);
  EXPECT_EQ(bad.status, 401) << bad.raw;
  EXPECT_EQ(bad.error_code(), "mfa_invalid");
  const auto ok = relay.post("/api/v1/staff/mfa/confirm", {{"code", right}}, cookie);
  ASSERT_EQ(ok.status, 200) << ok.raw;
  ASSERT_EQ(ok.body["recovery_codes"].size(), 10u);
  std::set<std::string> distinct;
  for (const auto& c : ok.body["recovery_codes"]) distinct.insert(c.get<std::string>());
  EXPECT_EQ(distinct.size(), 10u);
  // Enrolling again while it is on is refused (an admin resets it first).
  EXPECT_EQ(relay.post("/api/v1/staff/mfa/enrol", json::object(), cookie).status, 409);

  // The password now leads to a half sign-in, whose cookie opens nothing else.
  const auto half_reply = login(relay, kThao);
  ASSERT_EQ(half_reply.status, 200) << half_reply.raw;
  EXPECT_EQ(half_reply.body, json({{"mfa_required", true}}));
  EXPECT_EQ(half_reply.set_cookie("foxo_staff"), "");
  const std::string half_full = full_set_cookie(half_reply, "foxo_staff_mfa");
  EXPECT_NE(half_full.find("; Path=/api/v1/staff/login/mfa"), std::string::npos) << half_full;
  EXPECT_NE(half_full.find("; HttpOnly"), std::string::npos) << half_full;
  EXPECT_NE(half_full.find("; SameSite=Strict"), std::string::npos) << half_full;
  EXPECT_NE(half_full.find("; Max-Age=300"), std::string::npos) << half_full;
  const std::string half = half_reply.set_cookie("foxo_staff_mfa");
  const std::string token = half.substr(half.find('=') + 1);
  EXPECT_EQ(relay.get("/api/v1/staff/me", half).status, 401);
  EXPECT_EQ(relay.get("/api/v1/staff/me", "foxo_staff=" + token).status, 401);
  EXPECT_EQ(relay.get("/api/v1/staff/queue", "foxo_staff=" + token).status, 401);
  EXPECT_EQ(relay.post("/api/v1/staff/mfa/enrol", json::object(), "foxo_staff=" + token).status, 401);

  // The confirming code was step S: the same code again is a replay.
  const auto replay = code_half(relay, half, right);
  EXPECT_EQ(replay.status, 401) << replay.raw;
  EXPECT_EQ(replay.error_code(), "mfa_invalid");

  // Three steps on: two steps back is too old; one step back (drift) and the current step work, once each.
  const std::int64_t t = relay_now(relay, 90);
  ASSERT_EQ(t / 30, t0 / 30 + 3);
  EXPECT_EQ(code_half(relay, half, totp(secret, t - 60)).status, 401) << "two steps away";
  const auto drift = code_half(relay, half, totp(secret, t - 30));
  ASSERT_EQ(drift.status, 200) << drift.raw;
  EXPECT_EQ(drift.body["staff"]["email"], kThao);
  EXPECT_EQ(drift.body["staff"]["name"], "Nguyễn Thảo");
  const std::string session = drift.set_cookie("foxo_staff");
  EXPECT_EQ(relay.get("/api/v1/staff/me", session).status, 200);
  EXPECT_EQ(relay.get("/api/v1/staff/queue", session).status, 200);
  EXPECT_NE(full_set_cookie(drift, "foxo_staff_mfa").find("Max-Age=0"), std::string::npos) << "spent";
  // The half sign-in is spent: its cookie does not sign in twice.
  EXPECT_EQ(code_half(relay, half, totp(secret, t)).status, 401);

  const std::string half2 = half_sign_in(relay, kThao);
  const auto now_code = code_half(relay, half2, totp(secret, t));
  ASSERT_EQ(now_code.status, 200) << now_code.raw;
  const std::string half3 = half_sign_in(relay, kThao);
  EXPECT_EQ(code_half(relay, half3, totp(secret, t)).error_code(), "mfa_invalid") << "a replay";
  EXPECT_EQ(code_half(relay, half3, totp(secret, t - 30)).error_code(), "mfa_invalid") << "older than the last used";
  // No half sign-in at all.
  EXPECT_EQ(code_half(relay, "", totp(secret, t + 30)).error_code(), "unauthenticated");

  // Audited, without a code or the secret.
  const json entries = audit_actions(relay);
  std::set<std::string> actions;
  for (const auto& e : entries) actions.insert(e["action"].get<std::string>());
  for (const char* a : {"staff.mfa_enrol", "staff.mfa_confirm", "staff.mfa_failed", "staff.login_mfa"})
    EXPECT_TRUE(actions.count(a)) << a;
  const std::string dump = entries.dump();
  EXPECT_EQ(dump.find(secret), std::string::npos);
  EXPECT_EQ(dump.find(right), std::string::npos);
}

TEST(StaffMfa, AHalfSignInExpiresAfterFiveMinutes) {
  MfaRelay m;
  const auto e = enrol(m.relay, session_of(m.relay, kThao));
  const std::string half = half_sign_in(m.relay, kThao);
  const std::int64_t t = relay_now(m.relay, 301);
  EXPECT_EQ(code_half(m.relay, half, totp(e.secret, t)).error_code(), "unauthenticated");
}

TEST(StaffMfa, RecoveryCodesWorkOnce) {
  MfaRelay m;
  const RelayProcess& relay = m.relay;
  const auto e = enrol(relay, session_of(relay, kFang));
  ASSERT_EQ(e.recovery.size(), 10u);
  EXPECT_EQ(e.uri.rfind("otpauth://totp/Demo%20Health:%E7%8E%8B%E8%8A%B3%20(fang%40demo.test)?secret=" + e.secret, 0), 0u)
      << e.uri;
  const auto first = code_half(relay, half_sign_in(relay, kFang), e.recovery[3]);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["staff"]["name"], "王芳");
  EXPECT_EQ(relay.get("/api/v1/staff/me", first.set_cookie("foxo_staff")).status, 200);
  const auto again = code_half(relay, half_sign_in(relay, kFang), e.recovery[3]);
  EXPECT_EQ(again.status, 401) << again.raw;
  EXPECT_EQ(again.error_code(), "mfa_invalid");
  // Another one, typed in lower case without dashes, still works.
  std::string typed;
  for (char c : e.recovery[4])
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(code_half(relay, half_sign_in(relay, kFang), typed).status, 200);
  bool audited = false;
  for (const auto& entry : audit_actions(relay)) audited = audited || entry["action"] == "staff.login_recovery_code";
  EXPECT_TRUE(audited);
}

TEST(StaffMfa, WrongCodesAreLimitedLikePasswords) {
  MfaRelay m;
  const RelayProcess& relay = m.relay;
  const auto e = enrol(relay, session_of(relay, kThao));
  const std::string half = half_sign_in(relay, kThao);
  const std::int64_t t = relay_now(relay, 30);
  std::string wrong = "000000";
  for (std::int64_t d = -30; d <= 30; d += 30)
    if (totp(e.secret, t + d) == wrong) wrong = "111111";
  for (int i = 0; i < 10; ++i) {
    const auto r = code_half(relay, half, wrong);
    ASSERT_EQ(r.status, 401) << i << r.raw;
  }
  // The eleventh is refused whatever it holds, the right code included, and so is the password.
  const auto limited = code_half(relay, half, totp(e.secret, t));
  EXPECT_EQ(limited.status, 429) << limited.raw;
  EXPECT_EQ(limited.error_code(), "rate_limited");
  EXPECT_GT(std::stoll(limited.header("Retry-After")), 0);
  EXPECT_EQ(login(relay, kThao).status, 429);
  // Other members are not affected.
  EXPECT_EQ(login(relay, kFang).status, 200);
  // After the window, the right code works.
  const std::int64_t later = relay_now(relay, 15 * 60);
  EXPECT_EQ(code_half(relay, half_sign_in(relay, kThao), totp(e.secret, later)).status, 200);
}

TEST(StaffMfa, RequireMfaOpensOnlyEnrolmentUntilEnrolled) {
  MfaRelay m;
  const RelayProcess& relay = m.relay;
  const std::string admin = relay.staff_cookie("admin@demo.test", kPassword);
  const std::string intake = relay.staff_cookie("intake1@demo.test", kPassword);
  // Only an admin sets it, and only require_mfa is built.
  EXPECT_EQ(patch(relay, "/api/v1/admin/organisation", {{"require_mfa", true}}, intake).status, 403);
  const auto other_field = patch(relay, "/api/v1/admin/organisation", {{"name", "X"}}, admin);
  EXPECT_EQ(other_field.status, 400) << other_field.raw;
  const auto on = patch(relay, "/api/v1/admin/organisation", {{"require_mfa", true}}, admin);
  ASSERT_EQ(on.status, 200) << on.raw;
  EXPECT_EQ(on.body["require_mfa"], true);

  // A session of a member without MFA now opens only enrolment, confirm and sign-out.
  const auto r = login(relay, kFang);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["mfa_enrolment_required"], true);
  const std::string cookie = r.set_cookie("foxo_staff");
  for (const char* path : {"/api/v1/staff/me", "/api/v1/staff/queue", "/api/v1/staff/cases?status=all",
                           "/api/v1/events"}) {
    const auto g = relay.get(path, cookie);
    EXPECT_EQ(g.status, 403) << path << g.raw;
    EXPECT_EQ(g.error_code(), "mfa_enrolment_required") << path;
  }
  EXPECT_EQ(relay.get("/api/v1/staff/me", intake).error_code(), "mfa_enrolment_required") << "existing sessions too";
  // Admins too; the setting is changed back by nobody without MFA then, so the admin enrols first below.
  EXPECT_EQ(relay.get("/api/v1/admin/audit", admin).error_code(), "mfa_enrolment_required");
  // Other organisations are not affected; guests neither.
  EXPECT_EQ(relay.get("/api/v1/staff/me", relay.staff_cookie("other1@demo.test", kPassword)).status, 200);

  enrol(relay, cookie);
  EXPECT_EQ(relay.get("/api/v1/staff/me", cookie).status, 200);
  EXPECT_EQ(relay.get("/api/v1/staff/queue", cookie).status, 200);
  EXPECT_EQ(relay.post("/api/v1/staff/logout", json::object(), cookie).status, 204);

  // Off again (by an admin who enrolled): members without MFA are back to normal.
  enrol(relay, admin);
  EXPECT_EQ(patch(relay, "/api/v1/admin/organisation", {{"require_mfa", false}}, admin).status, 200);
  EXPECT_EQ(relay.get("/api/v1/staff/me", intake).status, 200);
}

TEST(StaffMfa, AdminResetsAMembersSecondFactor) {
  MfaRelay m;
  const RelayProcess& relay = m.relay;
  const auto thao = login(relay, kThao);
  const std::string thao_id = thao.body["staff"]["id"];
  enrol(relay, thao.set_cookie("foxo_staff"));
  ASSERT_EQ(login(relay, kThao).body, json({{"mfa_required", true}}));

  const std::string path = "/api/v1/admin/staff/" + thao_id + "/mfa/reset";
  const auto other_admin = relay.post(path, json::object(), session_of(relay, "boss@other.test"));
  EXPECT_EQ(other_admin.status, 403) << other_admin.raw;
  EXPECT_EQ(other_admin.error_code(), "forbidden");
  EXPECT_EQ(relay.post(path, json::object(), relay.staff_cookie("intake2@demo.test", kPassword)).status, 403);
  EXPECT_EQ(relay.post("/api/v1/admin/staff/no-such-id/mfa/reset", json::object(),
                       relay.staff_cookie("admin@demo.test", kPassword))
                .status,
            403);
  ASSERT_EQ(login(relay, kThao).body, json({{"mfa_required", true}})) << "still on after refused resets";

  const auto ok = relay.post(path, json::object(), relay.staff_cookie("admin@demo.test", kPassword));
  ASSERT_EQ(ok.status, 200) << ok.raw;
  const auto after = login(relay, kThao);
  EXPECT_EQ(after.status, 200);
  EXPECT_TRUE(after.body.contains("staff")) << after.raw;  // the password alone again
  bool audited = false;
  for (const auto& e : audit_actions(relay))
    audited = audited || (e["action"] == "staff.mfa_reset" && e["object"] == "staff:" + thao_id);
  EXPECT_TRUE(audited);
  // The member can enrol again.
  enrol(relay, after.set_cookie("foxo_staff"));
  EXPECT_EQ(login(relay, kThao).body, json({{"mfa_required", true}}));
}

TEST(StaffMfa, AdminCliRequiresAndResets) {
  MfaRelay m;
  RelayProcess& relay = m.relay;
  enrol(relay, session_of(relay, kThao));
  relay.stop();
  auto admin = [&](const std::string& args) { return run_admin(relay.data_dir(), args, "", relay.store_url()); };
  EXPECT_NE(admin("set-require-mfa no-such-org on"), 0);
  EXPECT_NE(admin("set-require-mfa demo-health maybe"), 0);
  EXPECT_NE(admin("reset-mfa nobody@demo.test"), 0);
  ASSERT_EQ(admin("set-require-mfa demo-health on"), 0);
  ASSERT_EQ(admin("reset-mfa THAO@demo.test"), 0);
  relay.restart();
  const auto r = login(relay, kThao);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["mfa_enrolment_required"], true);  // reset, and required
  EXPECT_EQ(relay.get("/api/v1/staff/me", r.set_cookie("foxo_staff")).error_code(), "mfa_enrolment_required");
  bool audited = false;
  const std::string admin_cookie = relay.staff_cookie("admin@demo.test", kPassword);
  enrol(relay, admin_cookie);
  for (const auto& e : audit_actions(relay, admin_cookie))
    audited = audited || (e["action"] == "staff.mfa_reset" && e["actor"] == "operator");
  EXPECT_TRUE(audited);
}
