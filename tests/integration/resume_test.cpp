// Resume links (docs/API.md "Notifications and resume links"): the owner's browser
// goes straight in, a stranger's browser gets a code sent to the owner's phone
// and lands in the case after verifying, unknown and expired tokens are 404,
// and GET /r/{token} consumes and reveals nothing.
#include <gtest/gtest.h>

#include "foxo/time.hpp"
#include "foxo/validation.hpp"
#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

const std::string kIvy = "intake1@demo.test";

struct Linked {
  FixtureGuest g;
  std::string phone, staff, token;
};

// A guest with a notification SMS in the dev outbox; returns its token.
Linked linked(const RelayProcess& relay) {
  Linked l;
  l.g = load_guests(relay, "intake", 1, kIvy)[0];
  l.phone = guest_phone(relay, l.g.cookie);
  l.staff = relay.staff_cookie(kIvy);
  staff_message(relay, l.staff, l.g.case_id, "s1");
  relay.advance_clock(5 * kMinute);
  const auto sms = link_sms_to(relay, l.phone);
  if (sms.size() != 1) throw std::runtime_error("expected one notification SMS");
  l.token = link_token(sms[0]);
  return l;
}

int codes_to(const RelayProcess& relay, const std::string& phone) {
  int n = 0;
  for (const auto& m : relay.dev_sms())
    if (m["to"] == phone && m["body"].get<std::string>().find(" code. It expires in ") != std::string::npos) ++n;
  return n;
}

Reply resume(const RelayProcess& relay, const std::string& token, const std::string& cookie = "") {
  return relay.post("/api/v1/guest/resume", {{"token", token}}, cookie);
}

}  // namespace

TEST(Resume, TheOwnersBrowserWithALiveSessionGoesStraightToTheCase) {
  RelayProcess relay;
  const auto l = linked(relay);
  ASSERT_EQ(l.token.size(), 22u);  // 128 bits, base64url
  const auto r = resume(relay, l.token, l.g.cookie);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["case_id"], l.g.case_id);
  EXPECT_EQ(r.body["authenticated"], true);
  EXPECT_FALSE(r.body.contains("challenge_id"));
  EXPECT_EQ(codes_to(relay, l.phone), 0);  // no code needed
  EXPECT_EQ(relay.get("/api/v1/cases/" + l.g.case_id, l.g.cookie).status, 200);
}

TEST(Resume, AStrangersBrowserGetsACodeOnTheOwnersPhoneAndLandsInTheCase) {
  RelayProcess relay;
  const auto l = linked(relay);
  // No cookie at all.
  auto r = resume(relay, l.token);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["case_id"], l.g.case_id);
  EXPECT_EQ(r.body["authenticated"], false);
  EXPECT_EQ(r.body["phone_hint"], foxo::mask_phone(l.phone));
  EXPECT_EQ(r.body["phone_hint"].get<std::string>().find(l.phone.substr(4, 5)), std::string::npos);
  ASSERT_TRUE(r.body["challenge_id"].is_string());
  EXPECT_EQ(codes_to(relay, l.phone), 1);
  const auto v = relay.post("/api/v1/guest/otp/verify",
                            {{"challenge_id", r.body["challenge_id"]}, {"code", relay.last_code_for(l.phone)}});
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_EQ(v.body["case_id"], l.g.case_id);  // the client opens that case
  EXPECT_EQ(v.body["guest"]["phone"], l.phone);
  const auto cookie = v.set_cookie("foxo_guest");
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(relay.get("/api/v1/cases/" + l.g.case_id, cookie).status, 200);
  // That browser now goes straight in.
  EXPECT_EQ(resume(relay, l.token, cookie).body["authenticated"], true);

  // Another guest's browser: not that guest's case, so a code to the owner's phone.
  const auto other = load_guests(relay, "intake", 1)[0];
  const auto other_phone = guest_phone(relay, other.cookie);
  relay.advance_clock(31);  // the 30 s between codes to one number still holds
  r = resume(relay, l.token, other.cookie);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["authenticated"], false);
  EXPECT_EQ(codes_to(relay, l.phone), 2);
  EXPECT_EQ(codes_to(relay, other_phone), 0);
  // A staff session is no guest session either.
  relay.advance_clock(31);
  r = resume(relay, l.token, l.staff);
  EXPECT_EQ(r.body["authenticated"], false);
  // The normal code limits apply: another one within 30 s is refused.
  r = resume(relay, l.token);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "rate_limited");
  EXPECT_FALSE(r.header("Retry-After").empty());
}

TEST(Resume, UnknownTokensAre404) {
  RelayProcess relay;
  const auto l = linked(relay);
  auto r = resume(relay, "AAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  r = resume(relay, l.token.substr(0, 21) + (l.token.back() == 'A' ? "B" : "A"), l.g.cookie);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(resume(relay, "").status, 400);
  EXPECT_EQ(relay.post("/api/v1/guest/resume", json::object()).status, 400);
  EXPECT_EQ(codes_to(relay, l.phone), 0);
}

TEST(Resume, ALinkExpiresThirtyDaysAfterItsCaseCloses) {
  RelayProcess relay;
  const auto l = linked(relay);
  // An open case's link does not expire.
  relay.advance_clock(40 * kDay);
  auto r = resume(relay, l.token);
  ASSERT_EQ(r.status, 200) << r.raw;
  // Closed (here by the guest, signing in from the link), then 30 days.
  const auto v = relay.post("/api/v1/guest/otp/verify",
                            {{"challenge_id", r.body["challenge_id"]}, {"code", relay.last_code_for(l.phone)}});
  ASSERT_EQ(v.status, 200) << v.raw;
  const auto closed = relay.post("/api/v1/cases/" + l.g.case_id + "/close", json::object(), v.set_cookie("foxo_guest"));
  ASSERT_EQ(closed.status, 200) << closed.raw;
  const auto closed_at = *foxo::parse_rfc3339(closed.body["closed_at"].get<std::string>());
  auto adv = relay.post("/api/v1/dev/clock/advance", {{"seconds", 30 * kDay - 1}});
  ASSERT_LT(*foxo::parse_rfc3339(adv.body["now"].get<std::string>()), closed_at + foxo::days(30));
  r = resume(relay, l.token);
  EXPECT_EQ(r.status, 200) << r.raw;  // still valid (a closed chat can be read)
  adv = relay.post("/api/v1/dev/clock/advance", {{"seconds", 2}});  // closed + 30 days + 1 s
  r = resume(relay, l.token);
  EXPECT_EQ(r.status, 404) << r.raw;
  EXPECT_EQ(r.error_code(), "not_found");
}

TEST(Resume, GettingTheLinkPageChangesNothingAndRevealsNothing) {
  RelayProcess relay;
  const auto l = linked(relay);
  const auto admin = relay.staff_cookie("admin@demo.test");
  const auto audit_before = relay.get("/api/v1/admin/audit?case_id=" + l.g.case_id, admin).body["entries"].size();
  const auto all_audit_before = relay.get("/api/v1/admin/audit", admin).body["entries"].size();
  const auto sms_before = relay.dev_sms().size();
  // A link scanner fetches the link (twice), and a made-up one.
  const auto page = relay.get("/r/" + l.token);
  const auto again = relay.get("/r/" + l.token);
  const auto made_up = relay.get("/r/AAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_NE(page.status, 404);
  EXPECT_EQ(page.status, made_up.status);
  EXPECT_EQ(page.raw, made_up.raw);  // the same page shell: nothing about the case
  EXPECT_EQ(page.raw, again.raw);
  EXPECT_EQ(page.raw.find(l.g.case_id), std::string::npos);
  EXPECT_EQ(relay.dev_sms().size(), sms_before);  // no code sent
  EXPECT_EQ(relay.get("/api/v1/admin/audit?case_id=" + l.g.case_id, admin).body["entries"].size(), audit_before);
  EXPECT_EQ(relay.get("/api/v1/admin/audit", admin).body["entries"].size(), all_audit_before);
  // The link still works afterwards, and for its owner without a code.
  const auto r = resume(relay, l.token, l.g.cookie);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["authenticated"], true);
}
