// The authorisation matrix (issue 10): every route of the relay (from
// relay/http/routes_*.cpp) against seven callers, with the status each one
// must get. Cases and attachments a caller may not see answer 404 (never 403:
// no existence leak); routes that need a session answer 401 without one (or
// with the other kind); admin-only routes answer 403 to other staff.
//
// Each cell runs on fresh fixture guests and a fresh case, so no cell depends
// on what another one changed (a claim, a close, a logout). A failure names
// the cell: "ROUTE as CALLER".
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <map>

#include "case_helpers.hpp"
#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

enum Who { kAnonymous, kGuestA, kGuestB, kStaffSameTeam, kStaffOtherTeam, kStaffOtherOrg, kAdmin, kWhoCount };
const char* const kWhoNames[kWhoCount] = {"anonymous",          "guest A (owner)",          "guest B",
                                          "staff same team (assignee)", "staff other team (results)",
                                          "staff other organisation", "organisation admin"};
const char* const kStaffEmail[kWhoCount] = {"", "", "", "intake1@demo.test", "results1@demo.test", "other1@demo.test",
                                            "admin@demo.test"};

// What one cell starts from: guest A's case (active and assigned to intake1,
// or waiting in the queue), guest B with a case of their own, and what the
// row asked for besides.
struct Cell {
  FixtureGuest a, b;
  std::string attachment_id;  // uploaded by guest A into A's case
  std::string resume_token;   // a real link to A's case from a notification SMS
};

struct Needs {
  bool waiting = false;      // A's case unclaimed
  bool attachment = false;
  bool resume_token = false;
  bool fresh_staff = false;  // the row ends the staff session (logout)
};

struct Row {
  std::string route;
  Needs needs;
  std::function<Reply(const RelayProcess&, const Cell&, const std::string& cookie, Who who)> call;
  std::array<int, kWhoCount> expect;
};

const std::string kBoundary = "----foxo-authz-boundary";

Reply upload_pdf(const RelayProcess& relay, const std::string& case_id, const std::string& cookie) {
  const std::string pdf =
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
      "endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  const std::string body = "--" + kBoundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"letter.pdf\"\r\n\r\n" + pdf +
                           "\r\n--" + kBoundary + "--\r\n";
  return relay.post_raw("/api/v1/cases/" + case_id + "/attachments", body,
                        "multipart/form-data; boundary=" + kBoundary, cookie);
}

// Status of the event stream's answer (the stream itself is then dropped).
Reply open_events(const RelayProcess& relay, const std::string& cookie) {
  SseClient sse(relay.port(), cookie);
  Reply r;
  r.status = sse.wait_status();
  sse.stop();
  return r;
}

const json kIdentifiers = {{"practice_name", "Harbour Medical"}};

std::vector<Row> rows() {
  using R = const RelayProcess&;
  using C = const Cell&;
  using S = const std::string&;
  const auto case_path = [](C c) { return "/api/v1/cases/" + c.a.case_id; };
  std::vector<Row> out;
  //                                                                 anon  A    B    same other org  admin
  out.push_back({"GET /api/v1/health", {}, [](R r, C, S k, Who) { return r.get("/api/v1/health", k); },
                 {200, 200, 200, 200, 200, 200, 200}});
  out.push_back({"GET /api/v1/teams/intake", {}, [](R r, C, S k, Who) { return r.get("/api/v1/teams/intake", k); },
                 {200, 200, 200, 200, 200, 200, 200}});
  out.push_back({"POST /api/v1/guest/otp", {},
                 [](R r, C, S k, Who w) {
                   // A distinct number per caller: the per-number cooldown is not what is tested here.
                   const std::string phone = "+6141255500" + std::to_string(static_cast<int>(w));
                   return r.post("/api/v1/guest/otp",
                                 {{"team", "intake"}, {"first_name", "Ιωάννα"}, {"last_name", "Παπαδόπουλος"}, {"phone", phone}}, k);
                 },
                 {202, 202, 202, 202, 202, 202, 202}});
  out.push_back({"POST /api/v1/guest/otp/verify (unknown challenge)", {},
                 [](R r, C, S k, Who) {
                   return r.post("/api/v1/guest/otp/verify", {{"challenge_id", "no-such-challenge"}, {"code", "123456"}},
                                 k);
                 },
                 {404, 404, 404, 404, 404, 404, 404}});
  out.push_back({"GET /api/v1/guest/me", {}, [](R r, C, S k, Who) { return r.get("/api/v1/guest/me", k); },
                 {401, 200, 200, 401, 401, 401, 401}});
  out.push_back({"POST /api/v1/guest/logout", {},
                 [](R r, C, S k, Who) { return r.post_raw("/api/v1/guest/logout", "", "application/json", k); },
                 {204, 204, 204, 204, 204, 204, 204}});
  out.push_back({"POST /api/v1/staff/login", {},
                 [](R r, C, S k, Who) {
                   return r.post("/api/v1/staff/login", {{"email", "intake2@demo.test"}, {"password", "demo-password"}},
                                 k);
                 },
                 {200, 200, 200, 200, 200, 200, 200}});
  out.push_back({"GET /api/v1/staff/me", {}, [](R r, C, S k, Who) { return r.get("/api/v1/staff/me", k); },
                 {401, 401, 401, 200, 200, 200, 200}});
  out.push_back({"POST /api/v1/staff/logout", Needs{false, false, false, true},
                 [](R r, C, S k, Who) { return r.post_raw("/api/v1/staff/logout", "", "application/json", k); },
                 {204, 204, 204, 204, 204, 204, 204}});
  // Staff two-factor sign-in (issue 18). Confirm comes before any enrolment
  // here, so staff have nothing pending to confirm (409); a code half with no
  // half sign-in is 401 for everyone; a reset of an unknown id is 403 even
  // for an admin (no probing of other organisations' ids).
  out.push_back({"POST /api/v1/staff/mfa/confirm", {},
                 [](R r, C, S k, Who) { return r.post("/api/v1/staff/mfa/confirm", {{"code", "123456"}}, k); },
                 {401, 401, 401, 409, 409, 409, 409}});
  out.push_back({"POST /api/v1/staff/mfa/enrol", {},
                 [](R r, C, S k, Who) { return r.post("/api/v1/staff/mfa/enrol", json::object(), k); },
                 {401, 401, 401, 200, 200, 200, 200}});
  out.push_back({"POST /api/v1/staff/login/mfa", {},
                 [](R r, C, S k, Who) { return r.post("/api/v1/staff/login/mfa", {{"code", "123456"}}, k); },
                 {401, 401, 401, 401, 401, 401, 401}});
  out.push_back({"POST /api/v1/admin/staff/{id}/mfa/reset", {},
                 [](R r, C, S k, Who) { return r.post("/api/v1/admin/staff/no-such-id/mfa/reset", json::object(), k); },
                 {401, 401, 401, 403, 403, 403, 403}});
  out.push_back({"GET /api/v1/guest/cases", {}, [](R r, C, S k, Who) { return r.get("/api/v1/guest/cases", k); },
                 {401, 200, 200, 401, 401, 401, 401}});
  out.push_back({"POST /api/v1/guest/cases", {},
                 [](R r, C, S k, Who) {
                   return r.post("/api/v1/guest/cases",
                                 {{"team", "intake"}, {"subject", "Missing Report"}, {"identifiers", kIdentifiers}}, k);
                 },
                 {401, 201, 201, 401, 401, 401, 401}});
  out.push_back({"GET /api/v1/cases/{id}", {}, [case_path](R r, C c, S k, Who) { return r.get(case_path(c), k); },
                 {401, 200, 404, 200, 404, 404, 200}});
  out.push_back({"GET /api/v1/cases/{id}?after=0", {},
                 [case_path](R r, C c, S k, Who) { return r.get(case_path(c) + "?after=0", k); },
                 {401, 200, 404, 200, 404, 404, 200}});
  // The admin is in the team but not the assignee: may read, may not write.
  out.push_back({"POST /api/v1/cases/{id}/messages", {},
                 [case_path](R r, C c, S k, Who) {
                   return r.post(case_path(c) + "/messages", message_body("m-1", "Xin chào 👋 谢谢 👍🏽"), k);
                 },
                 {401, 201, 404, 201, 404, 404, 409}});
  out.push_back({"POST /api/v1/cases/{id}/attachments", {},
                 [](R r, C c, S k, Who) { return upload_pdf(r, c.a.case_id, k); },
                 {401, 201, 404, 201, 404, 404, 409}});
  out.push_back({"GET /api/v1/attachments/{id}", {false, true},
                 [](R r, C c, S k, Who) { return r.get("/api/v1/attachments/" + c.attachment_id, k); },
                 {401, 200, 404, 200, 404, 404, 200}});
  out.push_back({"GET /api/v1/attachments/{unknown id}", {},
                 [](R r, C, S k, Who) { return r.get("/api/v1/attachments/no-such-attachment", k); },
                 {401, 404, 404, 404, 404, 404, 404}});
  out.push_back({"POST /api/v1/cases/{id}/seen", {},
                 [case_path](R r, C c, S k, Who) { return r.post(case_path(c) + "/seen", {{"seq", 0}}, k); },
                 {401, 204, 404, 204, 404, 404, 204}});
  // Closing is the guest's: a staff session is the wrong kind (401).
  out.push_back({"POST /api/v1/cases/{id}/close", {},
                 [case_path](R r, C c, S k, Who) { return r.post_raw(case_path(c) + "/close", "", "application/json", k); },
                 {401, 200, 404, 401, 401, 401, 401}});
  out.push_back({"GET /api/v1/cases/{unknown id}", {},
                 [](R r, C, S k, Who) { return r.get("/api/v1/cases/no-such-case", k); },
                 {401, 404, 404, 404, 404, 404, 404}});
  // PDF transcripts (issue 22): each kind has its own route; the other kind is 401.
  out.push_back({"GET /api/v1/staff/cases/{id}/transcript.pdf", {},
                 [](R r, C c, S k, Who) { return r.get("/api/v1/staff/cases/" + c.a.case_id + "/transcript.pdf", k); },
                 {401, 401, 401, 200, 404, 404, 200}});
  out.push_back({"GET /api/v1/guest/cases/{id}/transcript.pdf", {},
                 [](R r, C c, S k, Who) { return r.get("/api/v1/guest/cases/" + c.a.case_id + "/transcript.pdf", k); },
                 {401, 200, 404, 401, 401, 401, 401}});
  out.push_back({"GET /api/v1/staff/queue", {}, [](R r, C, S k, Who) { return r.get("/api/v1/staff/queue", k); },
                 {401, 401, 401, 200, 200, 200, 200}});
  out.push_back({"GET /api/v1/staff/cases?status=all", {},
                 [](R r, C, S k, Who) { return r.get("/api/v1/staff/cases?status=all", k); },
                 {401, 401, 401, 200, 200, 200, 200}});
  out.push_back({"POST /api/v1/staff/cases/{id}/claim (waiting)", {true},
                 [](R r, C c, S k, Who) {
                   return r.post_raw("/api/v1/staff/cases/" + c.a.case_id + "/claim", "", "application/json", k);
                 },
                 {401, 401, 401, 200, 404, 404, 200}});
  out.push_back({"POST /api/v1/staff/cases/{id}/request-close", {},
                 [](R r, C c, S k, Who) {
                   return r.post_raw("/api/v1/staff/cases/" + c.a.case_id + "/request-close", "", "application/json", k);
                 },
                 {401, 401, 401, 200, 404, 404, 409}});
  out.push_back({"GET /api/v1/events", {}, [](R r, C, S k, Who) { return open_events(r, k); },
                 {401, 200, 200, 200, 200, 200, 200}});
  out.push_back({"GET /api/v1/admin/audit?case_id={id}", {},
                 [](R r, C c, S k, Who) { return r.get("/api/v1/admin/audit?case_id=" + c.a.case_id, k); },
                 {401, 401, 401, 403, 403, 403, 200}});
  out.push_back({"PUT /api/v1/admin/identifiers", {},
                 [](R r, C, S k, Who) {
                   const auto team = r.get("/api/v1/teams/intake");
                   return r.put("/api/v1/admin/identifiers", {{"identifiers", team.body["identifiers"]}}, k);
                 },
                 {401, 401, 401, 403, 403, 403, 200}});
  // A real link: only guest A's own session signs straight in; everyone else
  // is answered 200 with a fresh code sent to A's phone (nothing of A's shown).
  out.push_back({"POST /api/v1/guest/resume", {false, false, true},
                 [](R r, C c, S k, Who) { return r.post("/api/v1/guest/resume", {{"token", c.resume_token}}, k); },
                 {200, 200, 200, 200, 200, 200, 200}});
  out.push_back({"POST /api/v1/guest/resume (unknown token)", {},
                 [](R r, C, S k, Who) {
                   return r.post("/api/v1/guest/resume", {{"token", "AAAAAAAAAAAAAAAAAAAAAA"}}, k);
                 },
                 {404, 404, 404, 404, 404, 404, 404}});
  // Dev-only routes are open to everyone on a --dev relay (404 without --dev: system_test.cpp).
  out.push_back({"GET /api/v1/dev/sms", {}, [](R r, C, S k, Who) { return r.get("/api/v1/dev/sms", k); },
                 {200, 200, 200, 200, 200, 200, 200}});
  out.push_back({"POST /api/v1/dev/clock/advance", {},
                 [](R r, C, S k, Who) { return r.post("/api/v1/dev/clock/advance", {{"seconds", 1}}, k); },
                 {200, 200, 200, 200, 200, 200, 200}});
  out.push_back({"POST /api/v1/dev/load-fixture", {},
                 [](R r, C, S k, Who) { return r.post("/api/v1/dev/load-fixture", {{"team", "intake"}, {"guests", 1}}, k); },
                 {200, 200, 200, 200, 200, 200, 200}});
  return out;
}

std::string expected_code(int status) {
  switch (status) {
    case 401: return "unauthenticated";
    case 403: return "forbidden";
    case 404: return "not_found";
    default: return "";
  }
}

Cell make_cell(const RelayProcess& relay, const Needs& n, const std::string& intake1) {
  Cell c;
  const auto guests = load_guests(relay, "intake", 2, n.waiting ? "" : "intake1@demo.test");
  c.a = guests[0];
  c.b = guests[1];
  if (n.attachment) {
    const auto up = upload_pdf(relay, c.a.case_id, c.a.cookie);
    if (up.status != 201) throw std::runtime_error("upload: " + up.raw);
    c.attachment_id = up.body["attachment"]["id"];
  }
  if (n.resume_token) {
    // Unseen Team activity while A has no stream: one SMS with a link.
    const std::string phone = guest_phone(relay, c.a.cookie);
    staff_message(relay, intake1, c.a.case_id, "staff-news");
    relay.advance_clock(5 * kMinute);
    const auto sms = link_sms_to(relay, phone);
    if (sms.empty()) throw std::runtime_error("no notification SMS to " + phone);
    c.resume_token = link_token(sms.back());
  }
  return c;
}

}  // namespace

TEST(AuthzMatrix, EveryRouteAgainstEveryKindOfCaller) {
  RelayProcess relay;
  std::map<Who, std::string> staff;
  for (int w = kStaffSameTeam; w < kWhoCount; ++w) staff[Who(w)] = relay.staff_cookie(kStaffEmail[w]);
  int cells = 0;
  for (const auto& row : rows()) {
    for (int w = 0; w < kWhoCount; ++w) {
      const Who who = Who(w);
      const Cell cell = make_cell(relay, row.needs, staff[kStaffSameTeam]);
      std::string cookie;
      if (who == kGuestA) cookie = cell.a.cookie;
      else if (who == kGuestB) cookie = cell.b.cookie;
      else if (who >= kStaffSameTeam) cookie = row.needs.fresh_staff ? relay.staff_cookie(kStaffEmail[w]) : staff[who];
      const Reply r = row.call(relay, cell, cookie, who);
      const int want = row.expect[static_cast<std::size_t>(w)];
      ++cells;
      EXPECT_EQ(r.status, want) << "cell: " << row.route << " as " << kWhoNames[w] << " -> " << r.raw;
      if (r.status == want && !expected_code(want).empty() && row.route != "GET /api/v1/events")
        EXPECT_EQ(r.error_code(), expected_code(want)) << "cell: " << row.route << " as " << kWhoNames[w];
      if (row.route == "POST /api/v1/guest/resume" && r.status == 200) {
        // Only the link's own guest is signed straight in; nobody else learns more than a masked hint.
        EXPECT_EQ(r.body.value("authenticated", false), who == kGuestA) << "cell: " << row.route << " as " << kWhoNames[w];
        EXPECT_EQ(r.body.contains("challenge_id"), who != kGuestA) << "cell: " << row.route << " as " << kWhoNames[w];
      }
    }
  }
  EXPECT_EQ(cells, static_cast<int>(rows().size()) * kWhoCount);
}

// The same not-found body for a case someone may not see as for one that does
// not exist, on every route under it (no existence leak through the message).
TEST(AuthzMatrix, HiddenCasesAnswerExactlyLikeMissingOnes) {
  RelayProcess relay;
  const auto guests = load_guests(relay, "intake", 2, "intake1@demo.test");
  const std::string outsider = relay.staff_cookie("other1@demo.test");
  for (const std::string& suffix : {"", "/messages", "/seen"}) {
    const std::string hidden = "/api/v1/cases/" + guests[0].case_id + suffix;
    const std::string missing = "/api/v1/cases/no-such-case" + suffix;
    for (const std::string& cookie : {guests[1].cookie, outsider}) {
      const json body = suffix == "/seen" ? json{{"seq", 0}} : message_body("m-1", "Xin chào 👋 谢谢 👍🏽");
      const Reply a = suffix.empty() ? relay.get(hidden, cookie) : relay.post(hidden, body, cookie);
      const Reply b = suffix.empty() ? relay.get(missing, cookie) : relay.post(missing, body, cookie);
      EXPECT_EQ(a.status, 404) << hidden;
      EXPECT_EQ(a.raw, b.raw) << hidden;
    }
  }
}
