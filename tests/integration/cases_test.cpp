// Cases over HTTP: team entry, creation and its validation, messages (seq,
// idempotency, ?after, closed), lifecycle, seen/unread, history order, the
// staff queue and lists, admin identifiers and the audit trail.
#include <gtest/gtest.h>

#include "case_helpers.hpp"

using namespace foxo::test;

namespace {

json new_case(const std::string& team, const std::string& subject, json identifiers) {
  return json{{"team", team}, {"subject", subject}, {"identifiers", std::move(identifiers)}};
}

std::vector<std::int64_t> seqs(const json& detail) {
  std::vector<std::int64_t> out;
  for (const auto& m : detail["messages"]) out.push_back(m["seq"].get<std::int64_t>());
  return out;
}

const json* find_case(const json& list, const std::string& id) {
  for (const auto& c : list["cases"])
    if (c["id"] == id) return &c;
  return nullptr;
}

std::vector<std::string> ids(const json& list) {
  std::vector<std::string> out;
  for (const auto& c : list["cases"]) out.push_back(c["id"]);
  return out;
}

}  // namespace

TEST(TeamEntry, ShowsOrganisationIdentifiersAndSubjects) {
  RelayProcess relay;
  const auto r = relay.get("/api/v1/teams/intake");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["organisation"]["slug"], "demo-health");
  EXPECT_EQ(r.body["organisation"]["name"], "Demo Health");
  EXPECT_EQ(r.body["team"]["slug"], "intake");
  EXPECT_EQ(r.body["team"]["name"], "Intake Team");
  ASSERT_EQ(r.body["identifiers"].size(), 2u);
  EXPECT_EQ(r.body["identifiers"][0]["key"], "provider_number");
  EXPECT_FALSE(r.body["identifiers"][0]["required"].get<bool>());
  EXPECT_EQ(r.body["identifiers"][0]["max_length"], 16);
  EXPECT_EQ(r.body["identifiers"][1]["key"], "practice_name");
  EXPECT_TRUE(r.body["identifiers"][1]["required"].get<bool>());
  EXPECT_FALSE(r.body["subjects"].empty());
  EXPECT_EQ(r.body["subjects"][0], "Missing Report");

  const auto unknown = relay.get("/api/v1/teams/nope");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.error_code(), "not_found");
}

TEST(CaseCreation, CopiesTheVerifiedGuestAndWaitsInTheQueue) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];
  const auto first = relay.get("/api/v1/cases/" + g.case_id, g.cookie);
  ASSERT_EQ(first.status, 200) << first.raw;

  const auto r = relay.post("/api/v1/guest/cases",
                            new_case("intake", "  Missing Report ",
                                     {{"practice_name", "  Phòng khám Cảng 港口 "}, {"provider_number", "2345678A"}}),
                            g.cookie);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_FALSE(r.body["id"].get<std::string>().empty());
  EXPECT_NE(r.body["id"], g.case_id);
  EXPECT_EQ(r.body["status"], "waiting");
  EXPECT_EQ(r.body["subject"], "Missing Report");
  EXPECT_EQ(r.body["team"]["slug"], "intake");
  EXPECT_EQ(r.body["guest"], first.body["guest"]);  // name and phone from the verified guest
  EXPECT_EQ(r.body["guest"]["phone"].get<std::string>().rfind("+61", 0), 0u);
  EXPECT_FALSE(r.body["guest"].contains("id"));
  EXPECT_EQ(r.body["identifiers"], (json{{"practice_name", "Phòng khám Cảng 港口"}, {"provider_number", "2345678A"}}));
  EXPECT_TRUE(r.body["assignee"].is_null());
  EXPECT_TRUE(r.body["closed_at"].is_null());
  EXPECT_TRUE(r.body["messages"].empty());

  // It is in the intake queue, not in results'.
  const auto queue = relay.get("/api/v1/staff/queue", relay.staff_cookie("intake1@demo.test"));
  ASSERT_EQ(queue.status, 200);
  const json* queued = find_case(queue.body, r.body["id"]);
  ASSERT_NE(queued, nullptr);
  // Staff see who is waiting and the identifiers in the queue itself.
  EXPECT_EQ((*queued)["guest"]["first_name"], first.body["guest"]["first_name"]);
  EXPECT_EQ((*queued)["identifiers"]["practice_name"], "Phòng khám Cảng 港口");
  // The guest's own list carries neither.
  const auto mine = relay.get("/api/v1/guest/cases", g.cookie);
  const json* own = find_case(mine.body, r.body["id"]);
  ASSERT_NE(own, nullptr);
  EXPECT_FALSE(own->contains("guest"));
  EXPECT_FALSE(own->contains("identifiers"));
  const auto other_queue = relay.get("/api/v1/staff/queue", relay.staff_cookie("results1@demo.test"));
  EXPECT_EQ(find_case(other_queue.body, r.body["id"]), nullptr);
}

TEST(CaseCreation, EachValidationErrorNamesItsField) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];
  auto post = [&](const json& body, const std::string& cookie) { return relay.post("/api/v1/guest/cases", body, cookie); };

  struct Case {
    json identifiers;
    std::string field;
  };
  const std::vector<Case> bad{
      {json::object(), "practice_name"},                                        // mandatory missing
      {{{"practice_name", "   "}}, "practice_name"},                           // blank after trimming
      {{{"practice_name", std::string(121, 'x')}}, "practice_name"},          // over max length
      {{{"practice_name", "Clinic"}, {"provider_number", std::string(17, '1')}}, "provider_number"},
      {{{"practice_name", "Clinic"}, {"favourite_colour", "blue"}}, "favourite_colour"},  // unknown key
      {{{"practice_name", 42}}, "practice_name"},                              // not text
      {{{"practice_name", "Clinic\u202Eevil"}}, "practice_name"},              // bidi override
  };
  for (const auto& b : bad) {
    const auto r = post(new_case("intake", "Missing Report", b.identifiers), g.cookie);
    EXPECT_EQ(r.status, 422) << b.identifiers.dump() << " " << r.raw;
    EXPECT_EQ(r.error_code(), "invalid_identifier") << b.identifiers.dump();
    EXPECT_EQ(r.body["error"].value("field", ""), b.field) << b.identifiers.dump();
  }

  const json ok_ids{{"practice_name", "Clinic"}};
  auto r = post(new_case("intake", "", ok_ids), g.cookie);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "invalid_field");
  EXPECT_EQ(r.body["error"]["field"], "subject");
  r = post(json{{"subject", "x"}, {"identifiers", ok_ids}}, g.cookie);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "team");
  r = relay.post_raw("/api/v1/guest/cases", "{nope", "application/json", g.cookie);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "invalid_json");

  // Unknown team, and a team of another organisation: both plain 404.
  r = post(new_case("nope", "Missing Report", ok_ids), g.cookie);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
  r = post(new_case("other", "Missing Report", ok_ids), g.cookie);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");

  // Guests only: nobody, or a staff session, is unauthenticated here.
  EXPECT_EQ(post(new_case("intake", "Missing Report", ok_ids), "").status, 401);
  r = post(new_case("intake", "Missing Report", ok_ids), relay.staff_cookie("intake1@demo.test"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthenticated");

  // Nothing was created by any refused request.
  const auto list = relay.get("/api/v1/guest/cases", g.cookie);
  EXPECT_EQ(list.body["cases"].size(), 1u);
}

TEST(Messages, SeqCountsFromOneAndAfterReturnsOnlyLaterOnes) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto staff = relay.staff_cookie("intake1@demo.test");
  const std::string path = "/api/v1/cases/" + g.case_id;
  for (int i = 1; i <= 6; ++i) {
    const auto& who = i % 2 ? g.cookie : staff;
    const auto r = relay.post(path + "/messages", message_body("m" + std::to_string(i), "body " + std::to_string(i)), who);
    ASSERT_EQ(r.status, 201) << r.raw;
    EXPECT_EQ(r.body["seq"], i);
    EXPECT_EQ(r.body["author"]["kind"], i % 2 ? "guest" : "staff");
    EXPECT_EQ(r.body["author"]["name"], i % 2 ? "Load Guest 0" : "Ivy Intake");
    EXPECT_EQ(r.body["client_id"], "m" + std::to_string(i));
    EXPECT_TRUE(r.body["attachment"].is_null());
    EXPECT_FALSE(r.body["created_at"].get<std::string>().empty());
  }
  const auto all = relay.get(path, g.cookie);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(seqs(all.body), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));  // history in order
  EXPECT_EQ(all.body["messages"][3]["body"], "body 4");
  const auto later = relay.get(path + "?after=4", staff);
  ASSERT_EQ(later.status, 200);
  EXPECT_EQ(seqs(later.body), (std::vector<std::int64_t>{5, 6}));
  EXPECT_TRUE(relay.get(path + "?after=6", staff).body["messages"].empty());
  EXPECT_EQ(relay.get(path + "?after=abc", staff).status, 400);
  EXPECT_EQ(relay.get(path + "?after=-1", staff).status, 400);
}

TEST(Messages, ARetryWithTheSameClientIdReturnsTheFirstMessage) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto staff = relay.staff_cookie("intake1@demo.test");
  const std::string path = "/api/v1/cases/" + g.case_id + "/messages";
  const auto first = relay.post(path, message_body("retry-1", "xin chào 👋"), g.cookie);
  ASSERT_EQ(first.status, 201);
  const auto again = relay.post(path, message_body("retry-1", "xin chào, đã sửa ✏️"), g.cookie);
  EXPECT_EQ(again.status, 200);  // found, not created
  EXPECT_EQ(again.body, first.body);
  // client_id is per author: staff may use the same one.
  const auto staff_msg = relay.post(path, message_body("retry-1", "回复 👍🏽"), staff);
  EXPECT_EQ(staff_msg.status, 201);
  EXPECT_EQ(staff_msg.body["seq"], 2);
  const auto detail = relay.get("/api/v1/cases/" + g.case_id, g.cookie);
  EXPECT_EQ(seqs(detail.body), (std::vector<std::int64_t>{1, 2}));
  // Bad client ids and bodies are refused before anything is stored.
  EXPECT_EQ(relay.post(path, message_body("has space", "x"), g.cookie).status, 400);
  EXPECT_EQ(relay.post(path, message_body("ok", ""), g.cookie).status, 400);
  EXPECT_EQ(relay.post(path, message_body("ok", std::string(10001, 'a')), g.cookie).status, 400);
}

TEST(Messages, AClosedCaseRefusesNewMessagesWith409) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto staff = relay.staff_cookie("intake1@demo.test");
  const std::string base = "/api/v1/cases/" + g.case_id;
  ASSERT_EQ(relay.post(base + "/messages", message_body("before", "สวัสดี"), g.cookie).status, 201);
  const auto closed = relay.post(base + "/close", json::object(), g.cookie);
  ASSERT_EQ(closed.status, 200) << closed.raw;
  EXPECT_EQ(closed.body["status"], "closed");
  EXPECT_FALSE(closed.body["closed_at"].is_null());
  const auto& last = closed.body["messages"].back();
  EXPECT_EQ(last["author"]["kind"], "system");
  EXPECT_EQ(last["body"], "Load Guest 0 closed this chat");

  auto r = relay.post(base + "/messages", message_body("after", "สวัสดีอีกครั้ง"), g.cookie);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "case_closed");
  r = relay.post(base + "/messages", message_body("after-staff", "สวัสดี"), staff);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "case_closed");
  r = relay.post(base + "/close", json::object(), g.cookie);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "case_closed");
  // A retry of a message accepted before the close still gets its answer.
  r = relay.post(base + "/messages", message_body("before", "สวัสดี"), g.cookie);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["seq"], 1);
  // Staff cannot close for the guest: that route is the guest's.
  EXPECT_EQ(relay.post(base + "/close", json::object(), staff).status, 401);
}

TEST(Lifecycle, StaffClaimFirstThenOnlyTheAssigneeWorksTheCase) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  const auto ian = relay.staff_cookie("intake2@demo.test");
  const std::string base = "/api/v1/cases/" + g.case_id;
  // The guest may write while waiting; staff must claim first.
  EXPECT_EQ(relay.post(base + "/messages", message_body("g1", "có ai không? 🇻🇳"), g.cookie).status, 201);
  auto r = relay.post(base + "/messages", message_body("s1", "xin chào 👋"), ivy);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "conflict");
  EXPECT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy).status, 409);

  r = relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), ivy);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "active");
  EXPECT_EQ(r.body["assignee"]["name"], "Ivy Intake");
  EXPECT_EQ(seqs(r.body), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(relay.post(base + "/messages", message_body("s1", "xin chào 👋"), ivy).status, 201);
  r = relay.post(base + "/messages", message_body("s2", "我也是"), ian);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "already_claimed");
  r = relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), ian);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "already_claimed");
}

TEST(Lifecycle, RequestCloseThenAGuestReplyMakesTheCaseActiveAgain) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  const std::string base = "/api/v1/cases/" + g.case_id;
  auto r = relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "close_requested");
  ASSERT_EQ(r.body["messages"].size(), 1u);
  EXPECT_EQ(r.body["messages"][0]["author"]["kind"], "system");
  EXPECT_EQ(r.body["messages"][0]["body"], "Ivy Intake asked to close this chat");
  // Asking again changes nothing.
  r = relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["messages"].size(), 1u);
  // Staff may still write without reopening.
  ASSERT_EQ(relay.post(base + "/messages", message_body("s1", "هل من شيء آخر؟"), ivy).status, 201);
  EXPECT_EQ(relay.get(base, g.cookie).body["status"], "close_requested");
  // The guest replies: active again.
  ASSERT_EQ(relay.post(base + "/messages", message_body("g1", "עוד דבר אחד"), g.cookie).status, 201);
  EXPECT_EQ(relay.get(base, g.cookie).body["status"], "active");
  // The guest may close from any open status.
  EXPECT_EQ(relay.post(base + "/close", json::object(), g.cookie).body["status"], "closed");
}

TEST(Unread, EachSideCountsTheOtherSidesMessagesUntilSeen) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  const std::string base = "/api/v1/cases/" + g.case_id;
  auto unread_in = [&](const json& list) {
    const json* c = find_case(list, g.case_id);
    return c ? (*c)["unread"] : json();
  };
  auto guest_unread = [&] { return unread_in(relay.get("/api/v1/guest/cases", g.cookie).body); };
  auto staff_unread = [&] { return unread_in(relay.get("/api/v1/staff/cases?status=all", ivy).body); };
  EXPECT_EQ(guest_unread(), 0);
  EXPECT_EQ(staff_unread(), 0);
  ASSERT_EQ(relay.post(base + "/messages", message_body("s1", "a"), ivy).status, 201);  // 1
  ASSERT_EQ(relay.post(base + "/messages", message_body("s2", "b"), ivy).status, 201);  // 2
  ASSERT_EQ(relay.post(base + "/messages", message_body("g1", "c"), g.cookie).status, 201);  // 3
  EXPECT_EQ(guest_unread(), 2);
  EXPECT_EQ(staff_unread(), 1);

  auto r = relay.post(base + "/seen", {{"seq", 1}}, g.cookie);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(guest_unread(), 1);
  EXPECT_EQ(staff_unread(), 1);  // per side
  EXPECT_EQ(relay.post(base + "/seen", {{"seq", 3}}, ivy).status, 204);
  EXPECT_EQ(staff_unread(), 0);
  EXPECT_EQ(guest_unread(), 1);
  // Seen never goes back, and never past the last message.
  EXPECT_EQ(relay.post(base + "/seen", {{"seq", 2}}, g.cookie).status, 204);
  EXPECT_EQ(relay.post(base + "/seen", {{"seq", 0}}, g.cookie).status, 204);
  EXPECT_EQ(guest_unread(), 0);
  EXPECT_EQ(relay.post(base + "/seen", {{"seq", 999}}, g.cookie).status, 204);
  ASSERT_EQ(relay.post(base + "/messages", message_body("s3", "d"), ivy).status, 201);  // 4
  EXPECT_EQ(guest_unread(), 1);
  // System messages count for the guest only.
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy).status, 200);
  EXPECT_EQ(guest_unread(), 2);
  EXPECT_EQ(staff_unread(), 0);
  // Malformed seen.
  EXPECT_EQ(relay.post(base + "/seen", {{"seq", -1}}, g.cookie).status, 400);
  EXPECT_EQ(relay.post(base + "/seen", {{"seq", "3"}}, g.cookie).status, 400);
}

TEST(History, GuestCasesAreListedNewestActivityFirstOpenAndClosed) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const json ids_ok{{"practice_name", "Clinic"}};
  relay.advance_clock(1);
  const auto b = relay.post("/api/v1/guest/cases", new_case("intake", "Lần thứ hai 二", ids_ok), g.cookie);
  ASSERT_EQ(b.status, 201);
  relay.advance_clock(1);
  const auto c = relay.post("/api/v1/guest/cases", new_case("results", "Τρίτο 🇬🇷", ids_ok), g.cookie);
  ASSERT_EQ(c.status, 201);
  EXPECT_EQ(ids(relay.get("/api/v1/guest/cases", g.cookie).body),
            (std::vector<std::string>{c.body["id"], b.body["id"], g.case_id}));
  relay.advance_clock(1);
  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("x", "news"), g.cookie).status, 201);
  relay.advance_clock(1);
  ASSERT_EQ(relay.post("/api/v1/cases/" + b.body["id"].get<std::string>() + "/close", json::object(), g.cookie).status,
            200);
  const auto list = relay.get("/api/v1/guest/cases", g.cookie);
  EXPECT_EQ(ids(list.body), (std::vector<std::string>{b.body["id"], g.case_id, c.body["id"]}));
  EXPECT_EQ(list.body["cases"][0]["status"], "closed");
  EXPECT_EQ(list.body["cases"][1]["status"], "active");
  EXPECT_EQ(list.body["cases"][2]["status"], "waiting");
  EXPECT_EQ(list.body["cases"][2]["team"]["slug"], "results");
  for (const auto& s : list.body["cases"])
    for (const char* k : {"id", "subject", "status", "team", "created_at", "updated_at", "unread"})
      EXPECT_TRUE(s.contains(k)) << k;
  // Another guest's history is their own.
  const auto other = load_guests(relay, "intake", 1)[0];
  EXPECT_EQ(ids(relay.get("/api/v1/guest/cases", other.cookie).body), (std::vector<std::string>{other.case_id}));
  EXPECT_EQ(relay.get("/api/v1/guest/cases").status, 401);
}

TEST(Staff, QueueIsOldestFirstAndListsFilterByStatus) {
  RelayProcess relay;
  const auto guests = load_guests(relay, "intake", 3);
  const json ids_ok{{"practice_name", "Clinic"}};
  std::vector<std::string> created;
  for (const auto& g : guests) {
    relay.advance_clock(1);
    const auto r = relay.post("/api/v1/guest/cases", new_case("intake", "Đang chờ", ids_ok), g.cookie);
    ASSERT_EQ(r.status, 201);
    created.push_back(r.body["id"]);
  }
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  auto queue = relay.get("/api/v1/staff/queue", ivy);
  ASSERT_EQ(queue.status, 200);
  auto q = ids(queue.body);
  ASSERT_EQ(q.size(), 6u);  // three fixture cases (same instant), then the three created in order
  EXPECT_EQ(std::vector<std::string>(q.begin() + 3, q.end()), created);
  for (const auto& c : queue.body["cases"]) EXPECT_EQ(c["status"], "waiting");

  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + created[1] + "/claim", json::object(), ivy).status, 200);
  q = ids(relay.get("/api/v1/staff/queue", ivy).body);
  EXPECT_EQ(std::count(q.begin(), q.end(), created[1]), 0);
  EXPECT_EQ(ids(relay.get("/api/v1/staff/cases?status=active", ivy).body), (std::vector<std::string>{created[1]}));
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + created[1] + "/request-close", json::object(), ivy).status, 200);
  EXPECT_TRUE(relay.get("/api/v1/staff/cases?status=active", ivy).body["cases"].empty());
  EXPECT_EQ(ids(relay.get("/api/v1/staff/cases?status=close_requested", ivy).body),
            (std::vector<std::string>{created[1]}));
  ASSERT_EQ(relay.post("/api/v1/cases/" + created[0] + "/close", json::object(), guests[0].cookie).status, 200);
  EXPECT_EQ(ids(relay.get("/api/v1/staff/cases?status=closed", ivy).body), (std::vector<std::string>{created[0]}));
  EXPECT_EQ(relay.get("/api/v1/staff/cases?status=all", ivy).body["cases"].size(), 6u);
  EXPECT_EQ(relay.get("/api/v1/staff/cases", ivy).body["cases"].size(), 6u);
  EXPECT_EQ(relay.get("/api/v1/staff/cases?status=bogus", ivy).status, 400);
  // Another team sees none of it; guests are not staff.
  const auto rita = relay.staff_cookie("results1@demo.test");
  EXPECT_TRUE(relay.get("/api/v1/staff/queue", rita).body["cases"].empty());
  EXPECT_TRUE(relay.get("/api/v1/staff/cases?status=all", rita).body["cases"].empty());
  EXPECT_EQ(relay.get("/api/v1/staff/queue", guests[0].cookie).status, 401);
}

TEST(Admin, IdentifiersPutThenTeamEntryShowsThemAndCasesUseThem) {
  RelayProcess relay;
  const auto admin = relay.staff_cookie("admin@demo.test");
  const json schema{{"identifiers",
                     {{{"key", "medicare"}, {"label", "Medicare number"}, {"required", true}, {"max_length", 10},
                       {"pattern", "^[0-9]{10}$"}},
                      {{"key", "practice_name"}, {"label", "Practice name"}, {"required", false}, {"max_length", 60}}}}};
  auto r = relay.put("/api/v1/admin/identifiers", schema, admin);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["identifiers"].size(), 2u);

  const auto entry = relay.get("/api/v1/teams/results");  // every team of the organisation
  ASSERT_EQ(entry.status, 200);
  ASSERT_EQ(entry.body["identifiers"].size(), 2u);
  EXPECT_EQ(entry.body["identifiers"][0]["key"], "medicare");
  EXPECT_EQ(entry.body["identifiers"][0]["label"], "Medicare number");
  EXPECT_TRUE(entry.body["identifiers"][0]["required"].get<bool>());
  EXPECT_EQ(entry.body["identifiers"][0]["max_length"], 10);
  EXPECT_EQ(entry.body["identifiers"][0]["pattern"], "^[0-9]{10}$");
  EXPECT_FALSE(entry.body["identifiers"][1]["required"].get<bool>());
  // Another organisation is untouched.
  EXPECT_TRUE(relay.get("/api/v1/teams/other").body["identifiers"].empty());

  // New cases follow the new schema.
  const auto g = load_guests(relay, "intake", 1)[0];
  auto c = relay.post("/api/v1/guest/cases", new_case("intake", "x", {{"medicare", "12345"}}), g.cookie);
  EXPECT_EQ(c.status, 422);
  EXPECT_EQ(c.body["error"]["field"], "medicare");
  c = relay.post("/api/v1/guest/cases", new_case("intake", "x", {{"practice_name", "Clinic"}}), g.cookie);
  EXPECT_EQ(c.status, 422);
  EXPECT_EQ(c.body["error"]["field"], "medicare");
  c = relay.post("/api/v1/guest/cases", new_case("intake", "x", {{"medicare", "1234567890"}}), g.cookie);
  EXPECT_EQ(c.status, 201) << c.raw;

  // Only organisation admins.
  r = relay.put("/api/v1/admin/identifiers", schema, relay.staff_cookie("intake1@demo.test"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "forbidden");
  r = relay.put("/api/v1/admin/identifiers", schema, g.cookie);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthenticated");
  EXPECT_EQ(relay.put("/api/v1/admin/identifiers", schema, "").status, 401);
  // A bad schema is refused and changes nothing.
  r = relay.put("/api/v1/admin/identifiers", {{"identifiers", {{{"key", "Bad Key"}, {"label", "x"}}}}}, admin);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "invalid_field");
  r = relay.put("/api/v1/admin/identifiers",
                {{"identifiers", {{{"key", "k"}, {"label", "x"}, {"pattern", "([unclosed"}}}}}, admin);
  EXPECT_EQ(r.status, 400);
  // Patterns outside the linear-time subset are refused, naming what is not supported.
  for (const char* pattern : {"(a)\\1", "(?=a)a", "a{7777777777777777777}", "a*?"}) {
    r = relay.put("/api/v1/admin/identifiers",
                  {{"identifiers", {{{"key", "k"}, {"label", "x"}, {"pattern", pattern}}}}}, admin);
    EXPECT_EQ(r.status, 400) << pattern;
    EXPECT_EQ(r.error_code(), "invalid_field") << pattern;
    EXPECT_EQ(r.body["error"]["field"], "identifiers") << pattern;
    EXPECT_NE(r.body["error"]["message"].get<std::string>().find("is not supported"), std::string::npos) << r.raw;
  }
  EXPECT_EQ(relay.get("/api/v1/teams/intake").body["identifiers"][0]["key"], "medicare");
}

TEST(Audit, EveryCaseViewAndClaimWritesAnAuditRow) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), ivy).status, 200);
  ASSERT_EQ(relay.get("/api/v1/cases/" + g.case_id, ivy).status, 200);
  ASSERT_EQ(relay.get("/api/v1/cases/" + g.case_id + "?after=0", g.cookie).status, 200);
  const auto admin = relay.staff_cookie("admin@demo.test");
  const auto r = relay.get("/api/v1/admin/audit?case_id=" + g.case_id, admin);
  ASSERT_EQ(r.status, 200) << r.raw;
  int claims = 0, staff_views = 0, guest_views = 0;
  for (const auto& e : r.body["entries"]) {
    EXPECT_EQ(e["object"], "case:" + g.case_id);
    EXPECT_FALSE(e["at"].get<std::string>().empty());
    const std::string actor = e["actor"];
    if (e["action"] == "case.claim") ++claims;
    if (e["action"] == "case.view" && actor.rfind("staff:", 0) == 0) ++staff_views;
    if (e["action"] == "case.view" && actor.rfind("guest:", 0) == 0) ++guest_views;
    EXPECT_EQ(e.dump().find("+614"), std::string::npos);  // no phone numbers
  }
  EXPECT_EQ(claims, 1);
  EXPECT_EQ(staff_views, 1);
  EXPECT_EQ(guest_views, 1);
  EXPECT_EQ(relay.get("/api/v1/admin/audit?case_id=" + g.case_id, ivy).status, 403);
  EXPECT_EQ(relay.get("/api/v1/admin/audit?case_id=" + g.case_id, g.cookie).status, 401);
}

// API.md "Text in every language": limits count code points, never bytes, and
// what is accepted comes back byte for byte; malformed UTF-8 is 400
// invalid_field naming the field.
TEST(WorldText, LimitsCountCodePointsAndTextComesBackByteForByte) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto repeat = [](const std::string& unit, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += unit;
    return s;
  };
  const json ids{{"practice_name", repeat("診", 120)}, {"provider_number", repeat("👍🏽", 8)}};  // 120 and 16 code points
  // 200 code points (100 thumbs-up with a skin tone: 800 bytes) is a subject; 201 is not.
  const std::string subject = repeat("👍🏽", 100);
  auto r = relay.post("/api/v1/guest/cases", new_case("intake", subject, ids), g.cookie);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["subject"], subject);
  EXPECT_EQ(r.body["identifiers"], ids);
  r = relay.post("/api/v1/guest/cases", new_case("intake", subject + "王", ids), g.cookie);
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.body["error"].value("field", ""), "subject");
  r = relay.post("/api/v1/guest/cases",
                 new_case("intake", "Kết quả", {{"practice_name", "Phòng khám"}, {"provider_number", repeat("👍", 17)}}),
                 g.cookie);
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["error"].value("field", ""), "provider_number");

  // A message of 10,000 code points of families (ZWJ sequences of 7) and RTL text.
  const std::string family = "👨\u200D👩\u200D👧\u200D👦";  // 7 code points, 25 bytes
  const std::string body = repeat(family, 1428) + "حسن ";     // 9,996 + 4 = 10,000 code points
  const std::string path = "/api/v1/cases/" + g.case_id + "/messages";
  r = relay.post(path, message_body("w1", body), g.cookie);
  ASSERT_EQ(r.status, 201) << r.raw.substr(0, 200);
  EXPECT_EQ(r.body["body"], body);
  EXPECT_EQ(relay.post(path, message_body("w2", body + "!"), g.cookie).status, 400);
  const std::string decomposed = "Nguye\xCC\x82\xCC\x83n ok \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD thanks \xF0\x9F\x87\xA6\xF0\x9F\x87\xBA";
  r = relay.post(path, message_body("w3", decomposed), g.cookie);
  ASSERT_EQ(r.status, 201) << r.raw;
  const auto read = relay.get("/api/v1/cases/" + g.case_id, g.cookie);
  EXPECT_EQ(read.body["messages"].back()["body"], decomposed);  // not normalised, not replaced

  // Malformed UTF-8 (a cut 3-byte sequence) straight in the JSON.
  r = relay.post_raw(path, "{\"client_id\":\"w4\",\"body\":\"Th\xE1\xBA\"}", "application/json", g.cookie);
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.error_code(), "invalid_field");
  EXPECT_EQ(r.body["error"].value("field", ""), "body");
  r = relay.post_raw("/api/v1/guest/cases", "{\"team\":\"intake\",\"subject\":\"\xF0\x9F\x91\"}", "application/json",
                     g.cookie);
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.body["error"].value("field", ""), "subject");
}
