// The conversation (issue 22): internal notes no guest can see by any path,
// typing and seen signals that reach only the other side of a case and only
// sessions allowed to see it, the live queue position of waiting guests, and
// canned replies per team with admin-only editing. One relay for the whole
// file (its streams keep alive every 50 ms, so a closed client is noticed at once).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

constexpr const char* kPassword = "a long enough secret";

class Conversation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    relay_ = new RelayProcess(fast_keepalive());
    relay_->stop();
    const std::string pw = std::string(kPassword) + "\n";
    auto admin = [&](const std::string& args, const std::string& input = "") {
      EXPECT_EQ(run_admin(relay_->data_dir(), args, input, relay_->store_url()), 0) << args;
    };
    admin("create-team demo-health queue-team 'Hàng đợi · قائمة الانتظار' 'Results query'");
    admin("create-staff demo-health layla@demo.test 'ليلى الحسن' --team intake", pw);
    admin("create-staff demo-health fang@demo.test '王芳 🌸' --team queue-team", pw);
    admin("create-staff demo-health giorgos@demo.test 'Γιώργος Παπαδόπουλος' --team results", pw);
    relay_->restart();
  }
  static void TearDownTestSuite() {
    delete relay_;
    relay_ = nullptr;
  }
  static RelayProcess& relay() { return *relay_; }
  // A staff session: the seed's members have the demo password, those made above kPassword.
  static std::string staff(const std::string& email) {
    const bool made_here = email == "layla@demo.test" || email == "fang@demo.test" || email == "giorgos@demo.test";
    return made_here ? relay().staff_cookie(email, kPassword) : relay().staff_cookie(email);
  }
  // A guest signed in by code with a world name, with one open case of `team`.
  static std::pair<std::string, std::string> guest_with_case(const std::string& first, const std::string& last,
                                                             const std::string& e164, const std::string& team,
                                                             const std::string& subject) {
    const std::string cookie = verified_guest(relay(), team, first, last, e164, e164);
    const auto c = relay().post("/api/v1/guest/cases",
                                {{"team", team}, {"subject", subject}, {"identifiers", {{"practice_name", "Harbour GP"}}}},
                                cookie);
    EXPECT_EQ(c.status, 201) << c.raw;
    return {cookie, c.body.value("id", std::string())};
  }
  static Reply note(const std::string& case_id, const std::string& client_id, const std::string& body,
                    const std::string& cookie) {
    return relay().post("/api/v1/staff/cases/" + case_id + "/notes", message_body(client_id, body), cookie);
  }
  static Reply typing(const std::string& case_id, const std::string& cookie) {
    return relay().post("/api/v1/cases/" + case_id + "/typing", json::object(), cookie);
  }
  static RelayProcess* relay_;
};
RelayProcess* Conversation::relay_ = nullptr;

std::vector<SseClient::Event> of_kind(const std::vector<SseClient::Event>& evs, const std::string& kind) {
  std::vector<SseClient::Event> out;
  for (const auto& e : evs)
    if (e.event == kind) out.push_back(e);
  return out;
}

std::vector<std::int64_t> seqs(const json& detail) {
  std::vector<std::int64_t> out;
  for (const auto& m : detail["messages"]) out.push_back(m["seq"]);
  return out;
}

bool has_seen(const std::vector<SseClient::Event>& evs, const std::string& case_id, const std::string& side,
              std::int64_t seq) {
  for (const auto& e : of_kind(evs, "seen"))
    if (e.data == json{{"case_id", case_id}, {"side", side}, {"seq", seq}}) return true;
  return false;
}

std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

// ---- Internal notes ---------------------------------------------------------------------

TEST_F(Conversation, AGuestNeverSeesAnInternalNoteByAnyPath) {
  const auto g = load_guests(relay(), "intake", 1, "intake1@demo.test")[0];
  const std::string phone = guest_phone(relay(), g.cookie);
  const std::string ivy = staff("intake1@demo.test"), layla = staff("layla@demo.test");
  SseClient guest_stream(relay().port(), g.cookie);
  SseClient staff_stream(relay().port(), ivy);
  ASSERT_TRUE(guest_stream.wait_connected());
  ASSERT_TRUE(staff_stream.wait_connected());
  const std::string note_text = "Gọi lại cho bác sĩ — اتصل بالطبيب 📞 王";

  staff_message(relay(), ivy, g.case_id, "m1", "Chào bạn 👋");
  const auto guest_list_before = relay().get("/api/v1/guest/cases", g.cookie).body["cases"][0];
  // A colleague who does not hold the case may leave a note.
  const auto n = note(g.case_id, "n1", note_text, layla);
  ASSERT_EQ(n.status, 201) << n.raw;
  EXPECT_EQ(n.body["internal"], true);
  EXPECT_EQ(n.body["seq"], 2);
  EXPECT_EQ(n.body["author"]["name"], "ليلى الحسن");
  const auto again = note(g.case_id, "n1", "a different body", layla);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, n.body);
  // The guest's list: no unread, no activity from the note.
  const auto guest_list_after = relay().get("/api/v1/guest/cases", g.cookie).body["cases"][0];
  EXPECT_EQ(guest_list_after["unread"], 1);
  EXPECT_EQ(guest_list_after["updated_at"], guest_list_before["updated_at"]);
  staff_message(relay(), ivy, g.case_id, "m2", "Kết quả đã có");

  // Streams: staff get all three (the note marked), the guest two.
  ASSERT_TRUE(staff_stream.wait_for([&](const auto& evs) { return message_seqs(evs, g.case_id).size() == 3; }));
  ASSERT_TRUE(guest_stream.wait_for([&](const auto& evs) {
    const auto s = message_seqs(evs, g.case_id);
    return !s.empty() && s.back() == 3;
  })) << guest_stream.raw();
  EXPECT_EQ(message_seqs(guest_stream.events(), g.case_id), (std::vector<std::int64_t>{1, 3}));
  for (const auto& e : of_kind(staff_stream.events(), "message"))
    EXPECT_EQ(e.data["message"]["internal"], e.data["message"]["seq"] == 2) << e.data.dump();
  EXPECT_EQ(guest_stream.raw().find(note_text), std::string::npos);
  // Replayed from the start: still not there.
  {
    SseClient replay(relay().port(), g.cookie, {{"Last-Event-ID", "0"}});
    ASSERT_TRUE(replay.wait_for([&](const auto& evs) {
      const auto s = message_seqs(evs, g.case_id);
      return !s.empty() && s.back() == 3;
    }));
    EXPECT_EQ(message_seqs(replay.events(), g.case_id), (std::vector<std::int64_t>{1, 3}));
    EXPECT_EQ(replay.raw().find(note_text), std::string::npos);
  }

  // Detail, whole and paged: staff see the note, the guest does not.
  const auto staff_view = relay().get("/api/v1/cases/" + g.case_id, ivy);
  EXPECT_EQ(seqs(staff_view.body), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(staff_view.body["messages"][1]["body"], note_text);
  EXPECT_EQ(staff_view.body["messages"][1]["internal"], true);
  EXPECT_EQ(staff_view.body["messages"][0]["internal"], false);
  for (const std::string q : {"", "?limit=2", "?after=1", "?limit=5&before=3"}) {
    const auto r = relay().get("/api/v1/cases/" + g.case_id + q, g.cookie);
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.raw.find(note_text), std::string::npos) << q;
    for (const auto& m : r.body["messages"]) EXPECT_EQ(m["internal"], false) << q;
  }
  EXPECT_EQ(seqs(relay().get("/api/v1/cases/" + g.case_id + "?limit=2", g.cookie).body),
            (std::vector<std::int64_t>{1, 3}));

  // The guest's seen mark never lands on a note: asked to mark one, it stops at the message before.
  ASSERT_EQ(note(g.case_id, "n2", "Second note", ivy).status, 201);  // seq 4
  ASSERT_EQ(relay().post("/api/v1/cases/" + g.case_id + "/seen", {{"seq", 4}}, g.cookie).status, 204);
  EXPECT_EQ(relay().get("/api/v1/cases/" + g.case_id, ivy).body["seen"], (json{{"guest", 3}, {"staff", 0}}));
  EXPECT_EQ(relay().get("/api/v1/guest/cases", g.cookie).body["cases"][0]["unread"], 0);

  // SMS: with no stream of the guest open, a note sends nothing; a staff message does.
  guest_stream.stop();
  ASSERT_TRUE(wait_open_streams(relay(), 1));
  ASSERT_EQ(note(g.case_id, "n3", "Third note, nobody reads it but staff", ivy).status, 201);
  relay().advance_clock(10 * kMinute);
  EXPECT_TRUE(link_sms_to(relay(), phone).empty());
  staff_message(relay(), ivy, g.case_id, "m3", "Please call us");
  relay().advance_clock(10 * kMinute);
  EXPECT_EQ(link_sms_to(relay(), phone).size(), 1u);

  // Audited as notes.
  int notes = 0;
  const auto audit = relay().get("/api/v1/admin/audit?case_id=" + g.case_id, staff("admin@demo.test"));
  for (const auto& e : audit.body["entries"])
    if (e["action"] == "case.note") ++notes;
  EXPECT_EQ(notes, 3);
}

TEST_F(Conversation, OnlyStaffOfTheCaseAddNotesAndBadNotesChangeNothing) {
  const auto g = load_guests(relay(), "intake", 1, "intake1@demo.test")[0];
  const std::string ivy = staff("intake1@demo.test");
  const auto unknown = note("no-such-case", "x1", "Hello", ivy);
  EXPECT_EQ(unknown.status, 404);
  // The guest (of this very case) and nobody: 401; staff of another team or organisation: the same 404.
  EXPECT_EQ(note(g.case_id, "x1", "Hello", g.cookie).status, 401);
  EXPECT_EQ(note(g.case_id, "x1", "Hello", "").status, 401);
  for (const auto& cookie : {staff("giorgos@demo.test"), staff("other1@demo.test")}) {
    const auto r = note(g.case_id, "x1", "Hello", cookie);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, unknown.body);
  }
  // Bad bodies: 400 naming the field.
  for (const auto& [body, field] : std::vector<std::pair<json, std::string>>{
           {json{{"body", "No id"}}, "client_id"},
           {json{{"client_id", "bad id!"}, {"body", "x"}}, "client_id"},
           {json{{"client_id", "x2"}, {"body", "   "}}, "body"},
           {json{{"client_id", "x3"}, {"body", std::string(10001, 'a')}}, "body"},
           {json{{"client_id", "x4"}, {"body", "ok \u202e evil"}}, "body"}}) {
    const auto r = relay().post("/api/v1/staff/cases/" + g.case_id + "/notes", body, ivy);
    EXPECT_EQ(r.status, 400) << r.raw;
    EXPECT_EQ(r.body["error"]["field"], field) << r.raw;
  }
  EXPECT_EQ(relay().post_raw("/api/v1/staff/cases/" + g.case_id + "/notes", "{not json", "application/json", ivy).status,
            400);
  EXPECT_TRUE(relay().get("/api/v1/cases/" + g.case_id, ivy).body["messages"].empty());
  // A closed case takes no more notes.
  ASSERT_EQ(relay().post("/api/v1/cases/" + g.case_id + "/close", json::object(), g.cookie).status, 200);
  const auto closed = note(g.case_id, "x5", "Too late", ivy);
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(closed.error_code(), "case_closed");
}

// ---- Typing and seen ----------------------------------------------------------------------

TEST_F(Conversation, TypingAndSeenReachOnlyTheOtherSideOfTheCase) {
  const auto [thao, case_id] = guest_with_case("Thảo", "Nguyễn", "+61412000101", "intake", "Kết quả xét nghiệm");
  const std::string ivy = staff("intake1@demo.test"), layla = staff("layla@demo.test");
  const std::string rita = staff("results1@demo.test"), otto = staff("other1@demo.test");
  ASSERT_EQ(relay().post("/api/v1/staff/cases/" + case_id + "/claim", json::object(), ivy).status, 200);
  const auto other_guest = load_guests(relay(), "intake", 1, "intake1@demo.test")[0];
  const auto results_case = load_guests(relay(), "results", 1, "results1@demo.test")[0];
  const auto other_org_case = load_guests(relay(), "other", 1, "other1@demo.test")[0];

  SseClient g1(relay().port(), thao), g2(relay().port(), other_guest.cookie);
  SseClient s_ivy(relay().port(), ivy), s_layla(relay().port(), layla), s_rita(relay().port(), rita),
      s_otto(relay().port(), otto);
  for (auto* s : {&g1, &g2, &s_ivy, &s_layla, &s_rita, &s_otto}) ASSERT_TRUE(s->wait_connected());

  // The guest types twice at once: one signal; then marks seen (the marker).
  EXPECT_EQ(typing(case_id, thao).status, 204);
  EXPECT_EQ(typing(case_id, thao).status, 204);
  staff_message(relay(), ivy, case_id, "s1", "Xin chào Thảo");
  ASSERT_EQ(relay().post("/api/v1/cases/" + case_id + "/seen", {{"seq", 1}}, thao).status, 204);
  for (auto* s : {&s_ivy, &s_layla}) {
    ASSERT_TRUE(s->wait_for([&](const auto& evs) { return has_seen(evs, case_id, "guest", 1); })) << s->raw();
    const auto t = of_kind(s->events(), "typing");
    ASSERT_EQ(t.size(), 1u) << s->raw();
    EXPECT_EQ(t[0].data, (json{{"case_id", case_id}, {"side", "guest"}, {"name", "Thảo"}}));
    EXPECT_EQ(t[0].id, 0);  // not in the events log
  }
  // Two seconds later (the relay's clock) the next one goes through.
  relay().advance_clock(2);
  EXPECT_EQ(typing(case_id, thao).status, 204);
  ASSERT_TRUE(s_ivy.wait_for([&](const auto& evs) { return of_kind(evs, "typing").size() == 2; }));

  // Staff type: the assignee's signal reaches the guest; a colleague only reading is not forwarded.
  EXPECT_EQ(typing(case_id, layla).status, 204);
  EXPECT_EQ(typing(case_id, ivy).status, 204);
  ASSERT_EQ(relay().post("/api/v1/cases/" + case_id + "/messages", message_body("g1", "Cảm ơn"), thao).status, 201);
  ASSERT_EQ(relay().post("/api/v1/cases/" + case_id + "/seen", {{"seq", 2}}, ivy).status, 204);
  ASSERT_TRUE(g1.wait_for([&](const auto& evs) { return has_seen(evs, case_id, "staff", 2); })) << g1.raw();
  const auto t = of_kind(g1.events(), "typing");
  ASSERT_EQ(t.size(), 1u) << g1.raw();
  EXPECT_EQ(t[0].data, (json{{"case_id", case_id}, {"side", "staff"}, {"name", "Ivy Intake"}}));
  // A side never hears its own signals.
  for (const auto& e : g1.events())
    if (e.event == "typing" || e.event == "seen") EXPECT_EQ(e.data["side"], "staff");
  for (auto* s : {&s_ivy, &s_layla})
    for (const auto& e : s->events())
      if (e.event == "typing" || e.event == "seen") EXPECT_EQ(e.data["side"], "guest") << s->raw();
  // The detail carries both marks.
  EXPECT_EQ(relay().get("/api/v1/cases/" + case_id, ivy).body["seen"], (json{{"guest", 1}, {"staff", 2}}));

  // Those who may not see the case heard nothing: each gets a marker of its own first.
  staff_message(relay(), ivy, other_guest.case_id, "o1", "Một tin khác");
  staff_message(relay(), rita, results_case.case_id, "r1", "Αποτελέσματα");
  staff_message(relay(), otto, other_org_case.case_id, "x1", "مرحبا");
  const std::vector<std::pair<SseClient*, std::string>> outsiders{
      {&g2, other_guest.case_id}, {&s_rita, results_case.case_id}, {&s_otto, other_org_case.case_id}};
  for (const auto& [s, marker] : outsiders) {
    ASSERT_TRUE(s->wait_for([&](const auto& evs) { return !message_seqs(evs, marker).empty(); })) << s->raw();
    EXPECT_TRUE(of_kind(s->events(), "typing").empty()) << s->raw();
    EXPECT_TRUE(of_kind(s->events(), "seen").empty()) << s->raw();
  }
  // Nor may they signal on it.
  for (const auto& cookie : {other_guest.cookie, rita, otto}) EXPECT_EQ(typing(case_id, cookie).status, 404);
  EXPECT_EQ(typing(case_id, "").status, 401);
  EXPECT_EQ(typing("no-such-case", ivy).status, 404);
}

// ---- Queue position ---------------------------------------------------------------------------

TEST_F(Conversation, FiveWaitingGuestsSeeTheirPlaceMoveLive) {
  const std::string fang = staff("fang@demo.test");
  const auto guests = load_guests(relay(), "queue-team", 5);
  // The queue's own order (oldest first) is the order of positions.
  const auto queue = relay().get("/api/v1/staff/queue", fang);
  ASSERT_EQ(queue.body["cases"].size(), 5u);
  std::vector<FixtureGuest> ordered;
  for (const auto& c : queue.body["cases"]) {
    EXPECT_FALSE(c.contains("queue_position"));  // staff see the queue itself
    for (const auto& g : guests)
      if (g.case_id == c["id"]) ordered.push_back(g);
  }
  ASSERT_EQ(ordered.size(), 5u);
  std::vector<std::unique_ptr<SseClient>> streams;
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const auto list = relay().get("/api/v1/guest/cases", ordered[i].cookie);
    EXPECT_EQ(list.body["cases"][0]["queue_position"], i + 1) << list.raw;
    EXPECT_EQ(relay().get("/api/v1/cases/" + ordered[i].case_id, ordered[i].cookie).body["queue_position"], i + 1);
    streams.push_back(std::make_unique<SseClient>(relay().port(), ordered[i].cookie));
    ASSERT_TRUE(streams.back()->wait_connected());
  }

  // The first is claimed: everyone behind moves up, live.
  ASSERT_EQ(relay().post("/api/v1/staff/cases/" + ordered[0].case_id + "/claim", json::object(), fang).status, 200);
  ASSERT_TRUE(streams[0]->wait_for([&](const auto& evs) {
    for (const auto& e : of_kind(evs, "case"))
      if (e.data["status"] == "active" && !e.data.contains("queue_position")) return true;
    return false;
  })) << streams[0]->raw();
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    ASSERT_TRUE(streams[i]->wait_for([&](const auto& evs) {
      for (const auto& e : of_kind(evs, "case"))
        if (e.data["id"] == ordered[i].case_id && e.data["queue_position"] == i) return true;
      return false;
    })) << i << ": " << streams[i]->raw();
    EXPECT_EQ(relay().get("/api/v1/guest/cases", ordered[i].cookie).body["cases"][0]["queue_position"], i);
  }
  // Returned to the queue, it takes its place first again and the others move back down.
  ASSERT_EQ(relay().post("/api/v1/staff/cases/" + ordered[0].case_id + "/release", json::object(), fang).status, 200);
  ASSERT_TRUE(streams[4]->wait_for([&](const auto& evs) {
    const auto c = of_kind(evs, "case");
    return !c.empty() && c.back().data["queue_position"] == 5;
  })) << streams[4]->raw();
  EXPECT_EQ(relay().get("/api/v1/guest/cases", ordered[0].cookie).body["cases"][0]["queue_position"], 1);
  // Each guest heard only of their own case.
  for (std::size_t i = 0; i < ordered.size(); ++i)
    for (const auto& e : of_kind(streams[i]->events(), "case")) EXPECT_EQ(e.data["id"], ordered[i].case_id);
}

// ---- Canned replies -----------------------------------------------------------------------------

TEST_F(Conversation, CannedRepliesPerTeamOnlyAnAdminEditsThem) {
  const std::string ada = staff("admin@demo.test"), ivy = staff("intake1@demo.test");
  const std::string giorgos = staff("giorgos@demo.test"), otto = staff("other1@demo.test");
  const json intake{{"replies",
                     {{{"title", "Chào"}, {"body", "Xin chào {guest_first_name}, tôi là {staff_name}."}},
                      {{"title", "مرحبا"}, {"body", "مرحبا {guest_first_name} 👋\nسنتصل بك قريبا"}}}}};
  const json results{{"replies", {{{"title", "Αποτελέσματα"}, {"body", "Τα αποτελέσματά σας είναι έτοιμα · 王"}}}}};
  const auto put = [&](const std::string& team, const json& body, const std::string& cookie) {
    return relay().put("/api/v1/admin/teams/" + team + "/replies", body, cookie);
  };
  const auto r1 = put("intake", intake, ada);
  ASSERT_EQ(r1.status, 200) << r1.raw;
  ASSERT_EQ(r1.body["replies"].size(), 2u);
  EXPECT_EQ(r1.body["replies"][1]["title"], "مرحبا");
  EXPECT_EQ(r1.body["replies"][1]["team"], "intake");
  ASSERT_EQ(put("results", results, ada).status, 200);

  const auto titles = [&](const std::string& cookie) {
    std::vector<std::string> out;
    const auto r = relay().get("/api/v1/staff/replies", cookie);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& x : r.body["replies"]) out.push_back(x["team"].get<std::string>() + "/" + x["title"].get<std::string>());
    return out;
  };
  EXPECT_EQ(titles(ivy), (std::vector<std::string>{"intake/Chào", "intake/مرحبا"}));
  EXPECT_EQ(titles(giorgos), (std::vector<std::string>{"results/Αποτελέσματα"}));
  EXPECT_EQ(titles(ada), (std::vector<std::string>{"intake/Chào", "intake/مرحبا", "results/Αποτελέσματα"}));
  EXPECT_TRUE(titles(otto).empty());
  const auto full = relay().get("/api/v1/staff/replies", ivy).body["replies"][0];
  EXPECT_EQ(full["body"], "Xin chào {guest_first_name}, tôi là {staff_name}.");  // filled in by the client
  EXPECT_FALSE(full["id"].get<std::string>().empty());

  // Who may: staff who are not admins 403, guests and nobody 401, another organisation's team 404.
  const auto g = load_guests(relay(), "intake", 1, "intake1@demo.test")[0];
  EXPECT_EQ(put("intake", results, ivy).status, 403);
  EXPECT_EQ(put("intake", results, ivy).error_code(), "forbidden");
  EXPECT_EQ(put("intake", results, g.cookie).status, 401);
  EXPECT_EQ(put("intake", results, "").status, 401);
  EXPECT_EQ(relay().get("/api/v1/staff/replies", g.cookie).status, 401);
  EXPECT_EQ(put("other", results, ada).status, 404);
  EXPECT_EQ(put("no-such-team", results, ada).status, 404);

  // Bad lists: 400 naming the field, and nothing changes.
  json many = json::array();
  for (int i = 0; i < 101; ++i) many.push_back({{"title", "t" + std::to_string(i)}, {"body", "b"}});
  for (const auto& [body, field] : std::vector<std::pair<json, std::string>>{
           {json{{"replies", "Chào"}}, "replies"},
           {json::object(), "replies"},
           {json{{"replies", many}}, "replies"},
           {json{{"replies", {"just text"}}}, "replies[0]"},
           {json{{"replies", {{{"body", "no title"}}}}}, "replies[0].title"},
           {json{{"replies", {{{"title", std::string(81, 'x')}, {"body", "b"}}}}}, "replies[0].title"},
           {json{{"replies", {{{"title", "ok"}, {"body", "b"}}, {{"title", "  "}, {"body", "b"}}}}}, "replies[1].title"},
           {json{{"replies", {{{"title", "a\nb"}, {"body", "b"}}}}}, "replies[0].title"},
           {json{{"replies", {{{"title", "ok"}, {"body", "   "}}}}}, "replies[0].body"},
           {json{{"replies", {{{"title", "ok"}, {"body", std::string(10001, 'b')}}}}}, "replies[0].body"},
           {json{{"replies", {{{"title", "ok"}, {"body", 7}}}}}, "replies[0].body"}}) {
    const auto r = put("intake", body, ada);
    EXPECT_EQ(r.status, 400) << r.raw;
    EXPECT_EQ(r.error_code(), "invalid_field") << r.raw;
    EXPECT_EQ(r.body["error"]["field"], field) << r.raw;
  }
  {
    auto cli = relay().client();
    const auto r = cli.Put("/api/v1/admin/teams/intake/replies", {{"Cookie", ada}}, "[", "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
  }
  EXPECT_EQ(titles(ivy), (std::vector<std::string>{"intake/Chào", "intake/مرحبا"}));

  // An empty list clears the team's replies.
  ASSERT_EQ(put("results", json{{"replies", json::array()}}, ada).status, 200);
  EXPECT_TRUE(titles(giorgos).empty());

  // Audited with the lists before and after (sizes and digests, not the text).
  std::vector<std::string> objects;
  const auto audit = relay().get("/api/v1/admin/audit", ada);
  for (const auto& e : audit.body["entries"])
    if (e["action"] == "team.replies") objects.push_back(e["object"]);
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(objects[0].rfind("team:intake before:0:sha256:", 0), 0u) << objects[0];
  EXPECT_NE(objects[0].find(" after:2:sha256:"), std::string::npos) << objects[0];
  EXPECT_EQ(objects[2].rfind("team:results before:1:sha256:", 0), 0u) << objects[2];
  for (const auto& o : objects) EXPECT_EQ(o.find("Chào"), std::string::npos);

  // Sealed at rest (SQLite: the database files hold no reply text in clear).
  if (relay().store_url().empty()) {
    const std::string db = read_all(relay().data_dir() + "/foxo.db") + read_all(relay().data_dir() + "/foxo.db-wal");
    EXPECT_EQ(db.find("tôi là {staff_name}"), std::string::npos);
  }
}

