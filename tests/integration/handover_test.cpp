// Hand-over on the staff console (issue 20): assign, release and transfer a
// case, and the colleagues directory. Every kind of caller, bad bodies that
// change nothing, the system messages and audit rows, the live events each
// team and the guest receive (and replay), and hand-overs racing: on one relay,
// and across two relays sharing PostgreSQL in the pg run.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "case_helpers.hpp"

using namespace foxo::test;

namespace {

constexpr const char* kPassword = "a long enough secret";
const std::string kNewTeamName = "Xét nghiệm · المختبر 🧪";

// The demo seed plus members and a team with the world's names:
//   intake:     Ivy Intake, Ian Intake, Ada Admin (admin), Nguyễn Thảo, ليلى الحسن
//   results:    Rita Results, Ada Admin, Γιώργος Παπαδόπουλος
//   xet-nghiem: 王芳 🌸
//   other-clinic/other: Otto Other
struct HandoverRelay {
  RelayProcess relay;
  std::string thao, layla, fang, giorgos, ivy, ada, rita, otto;  // cookies
  HandoverRelay() {
    relay.stop();
    auto admin = [&](const std::string& args, const std::string& input = "") {
      EXPECT_EQ(run_admin(relay.data_dir(), args, input, relay.store_url()), 0) << args;
    };
    const std::string pw = std::string(kPassword) + "\n";
    admin("create-team demo-health xet-nghiem '" + kNewTeamName + "' 'Results query'");
    admin("create-staff demo-health thao@demo.test 'Nguyễn Thảo' --team intake", pw);
    admin("create-staff demo-health layla@demo.test 'ليلى الحسن' --team intake", pw);
    admin("create-staff demo-health fang@demo.test '王芳 🌸' --team xet-nghiem", pw);
    admin("create-staff demo-health giorgos@demo.test 'Γιώργος Παπαδόπουλος' --team results", pw);
    relay.restart();
    thao = relay.staff_cookie("thao@demo.test", kPassword);
    layla = relay.staff_cookie("layla@demo.test", kPassword);
    fang = relay.staff_cookie("fang@demo.test", kPassword);
    giorgos = relay.staff_cookie("giorgos@demo.test", kPassword);
    ivy = relay.staff_cookie("intake1@demo.test");
    ada = relay.staff_cookie("admin@demo.test");
    rita = relay.staff_cookie("results1@demo.test");
    otto = relay.staff_cookie("other1@demo.test");
  }
  std::string id_of(const std::string& cookie) const {
    const auto me = relay.get("/api/v1/staff/me", cookie);
    EXPECT_EQ(me.status, 200) << me.raw;
    return me.body["staff"]["id"];
  }
  Reply assign(const std::string& case_id, const std::string& staff_id, const std::string& cookie) const {
    return relay.post("/api/v1/staff/cases/" + case_id + "/assign", {{"staff_id", staff_id}}, cookie);
  }
  Reply release(const std::string& case_id, const std::string& cookie) const {
    return relay.post("/api/v1/staff/cases/" + case_id + "/release", json::object(), cookie);
  }
  Reply transfer(const std::string& case_id, const std::string& team, const std::string& cookie) const {
    return relay.post("/api/v1/staff/cases/" + case_id + "/transfer", {{"team", team}}, cookie);
  }
  json detail(const std::string& case_id) const {
    const auto r = relay.get("/api/v1/cases/" + case_id, ada);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
  // Audit rows of the case with `action`.
  std::vector<json> audit(const std::string& case_id, const std::string& action) const {
    std::vector<json> out;
    const auto r = relay.get("/api/v1/admin/audit?case_id=" + case_id, ada);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& e : r.body["entries"])
      if (e["action"] == action) out.push_back(e);
    return out;
  }
};

std::vector<std::string> system_texts(const json& detail) {
  std::vector<std::string> out;
  for (const auto& m : detail["messages"])
    if (m["author"]["kind"] == "system") out.push_back(m["body"]);
  return out;
}

bool has_case_event(const std::vector<SseClient::Event>& evs, const std::string& case_id,
                    const std::function<bool(const json&)>& pred = nullptr) {
  for (const auto& e : evs)
    if (e.event == "case" && e.data.value("id", std::string()) == case_id && (!pred || pred(e.data))) return true;
  return false;
}

bool has_message_text(const std::vector<SseClient::Event>& evs, const std::string& case_id, const std::string& text) {
  for (const auto& e : evs)
    if (e.event == "message" && e.data.value("case_id", std::string()) == case_id &&
        e.data["message"]["body"] == text)
      return true;
  return false;
}

int case_events(const std::vector<SseClient::Event>& evs, const std::string& case_id) {
  int n = 0;
  for (const auto& e : evs)
    if (e.event == "case" && e.data.value("id", std::string()) == case_id) ++n;
  return n;
}

}  // namespace

TEST(Handover, TheAssigneeHandsTheChatToAColleagueOfItsTeam) {
  HandoverRelay h;
  const auto g = load_guests(h.relay, "intake", 1, "thao@demo.test")[0];
  const std::string layla_id = h.id_of(h.layla);
  SseClient intake(h.relay.port(), h.ivy);
  SseClient guest(h.relay.port(), g.cookie);
  ASSERT_TRUE(intake.wait_connected());
  ASSERT_TRUE(guest.wait_connected());

  const auto r = h.assign(g.case_id, layla_id, h.thao);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "active");
  EXPECT_EQ(r.body["assignee"]["id"], layla_id);
  EXPECT_EQ(r.body["assignee"]["name"], "ليلى الحسن");
  const std::string text = "Nguyễn Thảo handed this chat to ليلى الحسن";
  EXPECT_EQ(system_texts(r.body), (std::vector<std::string>{text}));
  EXPECT_EQ(r.body["messages"].back()["author"]["name"], "Foxo");

  // The team's consoles and the guest hear of it.
  for (auto* s : {&intake, &guest})
    ASSERT_TRUE(s->wait_for([&](const auto& evs) {
      return has_message_text(evs, g.case_id, text) && has_case_event(evs, g.case_id);
    })) << s->raw();

  // Layla works the case now; Nguyễn Thảo no longer may.
  EXPECT_EQ(h.relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("l1", "مرحبا"), h.layla).status, 201);
  EXPECT_EQ(h.relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("t1", "Chào"), h.thao).error_code(),
            "already_claimed");
  EXPECT_EQ(h.relay.get("/api/v1/cases/" + g.case_id, g.cookie).body["assignee"]["name"], "ليلى الحسن");

  // Audited with who, what, from and to.
  const auto rows = h.audit(g.case_id, "case.assign");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["actor"], "staff:" + h.id_of(h.thao));
  EXPECT_EQ(rows[0]["object"], "case:" + g.case_id + " from:staff:" + h.id_of(h.thao) + " to:staff:" + layla_id);

  // Handing it to its assignee again: 200, nothing written, nothing audited.
  const auto before = h.detail(g.case_id);
  const auto again = h.assign(g.case_id, layla_id, h.layla);
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["messages"].size(), before["messages"].size());
  EXPECT_EQ(h.audit(g.case_id, "case.assign").size(), 1u);

  // An admin takes it over (and may hand it on).
  const auto over = h.assign(g.case_id, h.id_of(h.ada), h.ada);
  ASSERT_EQ(over.status, 200) << over.raw;
  EXPECT_EQ(system_texts(over.body).back(), "Ada Admin took over this chat");
  const auto on = h.assign(g.case_id, h.id_of(h.thao), h.ada);
  ASSERT_EQ(on.status, 200) << on.raw;
  EXPECT_EQ(system_texts(on.body).back(), "Ada Admin handed this chat to Nguyễn Thảo");
  EXPECT_EQ(h.audit(g.case_id, "case.assign").size(), 3u);
}

TEST(Handover, EveryKindOfCallerGetsWhatTheContractSays) {
  HandoverRelay h;
  const auto g = load_guests(h.relay, "intake", 1, "thao@demo.test")[0];
  const std::string layla_id = h.id_of(h.layla);
  const auto routes = [&](const std::string& cookie) {
    return std::vector<Reply>{h.assign(g.case_id, layla_id, cookie), h.release(g.case_id, cookie),
                              h.transfer(g.case_id, "results", cookie)};
  };
  // A colleague of the team who does not hold it: 403.
  for (const auto& r : routes(h.layla)) {
    EXPECT_EQ(r.status, 403) << r.raw;
    EXPECT_EQ(r.error_code(), "forbidden");
  }
  // Staff of another team, another organisation's staff: the same 404 as an unknown case.
  const auto unknown = h.relay.post("/api/v1/staff/cases/no-such-case/release", json::object(), h.thao);
  EXPECT_EQ(unknown.status, 404);
  for (const auto* cookie : {&h.rita, &h.giorgos, &h.fang, &h.otto})
    for (const auto& r : routes(*cookie)) {
      EXPECT_EQ(r.status, 404) << r.raw;
      EXPECT_EQ(r.body, unknown.body);
    }
  for (const auto& r : {h.assign("no-such-case", layla_id, h.thao), h.transfer("no-such-case", "results", h.thao)})
    EXPECT_EQ(r.status, 404);
  // The guest (even of this case) and no cookie: 401.
  for (const auto* cookie : {&g.cookie, static_cast<const std::string*>(nullptr)})
    for (const auto& r : routes(cookie ? *cookie : "")) {
      EXPECT_EQ(r.status, 401) << r.raw;
      EXPECT_EQ(r.error_code(), "unauthenticated");
    }
  EXPECT_EQ(h.relay.get("/api/v1/staff/colleagues", g.cookie).status, 401);
  EXPECT_EQ(h.relay.get("/api/v1/staff/colleagues").status, 401);

  // Nothing of that changed the case.
  const auto unchanged = h.detail(g.case_id);
  EXPECT_EQ(unchanged["status"], "active");
  EXPECT_EQ(unchanged["assignee"]["name"], "Nguyễn Thảo");
  EXPECT_TRUE(unchanged["messages"].empty());

  // The assignee and an admin may (checked in the other tests); an admin of
  // the organisation who is not in the case's team cannot see it: there is
  // none in the seed, so the admin here is in both teams.
  const auto ok = h.release(g.case_id, h.ada);
  EXPECT_EQ(ok.status, 200) << ok.raw;
}

TEST(Handover, BadBodiesAreRefusedAndChangeNothing) {
  HandoverRelay h;
  const auto g = load_guests(h.relay, "intake", 1, "thao@demo.test")[0];
  const std::string path = "/api/v1/staff/cases/" + g.case_id;
  const auto expect = [](const Reply& r, int status, const std::string& code, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.raw;
    EXPECT_EQ(r.error_code(), code) << r.raw;
    if (!field.empty()) EXPECT_EQ(r.body["error"]["field"], field) << r.raw;
  };
  // Shapes: 400.
  expect(h.relay.post(path + "/assign", json::object(), h.thao), 400, "invalid_field", "staff_id");
  expect(h.relay.post(path + "/assign", {{"staff_id", ""}}, h.thao), 400, "invalid_field", "staff_id");
  expect(h.relay.post(path + "/assign", {{"staff_id", 42}}, h.thao), 400, "invalid_field", "staff_id");
  expect(h.relay.post(path + "/assign", {{"staff_id", nullptr}}, h.thao), 400, "invalid_field", "staff_id");
  expect(h.relay.post(path + "/assign", {{"staff_id", "王芳 🌸"}}, h.thao), 400, "invalid_field", "staff_id");
  expect(h.relay.post(path + "/assign", {{"staff_id", std::string(65, 'a')}}, h.thao), 400, "invalid_field",
         "staff_id");
  expect(h.relay.post_raw(path + "/assign", "{\"staff_id\": ", "application/json", h.thao), 400, "invalid_json", "");
  expect(h.relay.post_raw(path + "/assign", "[\"x\"]", "application/json", h.thao), 400, "invalid_json", "");
  expect(h.relay.post(path + "/transfer", json::object(), h.thao), 400, "invalid_field", "team");
  expect(h.relay.post(path + "/transfer", {{"team", json::array()}}, h.thao), 400, "invalid_field", "team");
  expect(h.relay.post_raw(path + "/transfer", "not json at all", "application/json", h.thao), 400, "invalid_json",
         "");
  // Well-formed, but nobody the case may go to: 422.
  expect(h.assign(g.case_id, "no-such-staff-member", h.thao), 422, "invalid_field", "staff_id");
  expect(h.assign(g.case_id, h.id_of(h.rita), h.thao), 422, "invalid_field", "staff_id");    // another team
  expect(h.assign(g.case_id, h.id_of(h.fang), h.thao), 422, "invalid_field", "staff_id");    // another team
  expect(h.assign(g.case_id, h.id_of(h.otto), h.thao), 422, "invalid_field", "staff_id");    // another organisation
  expect(h.transfer(g.case_id, "no-such-team", h.thao), 422, "invalid_field", "team");
  expect(h.transfer(g.case_id, "other", h.thao), 422, "invalid_field", "team");  // another organisation's team
  expect(h.transfer(g.case_id, "intake", h.thao), 422, "invalid_field", "team");  // where it is

  const auto d = h.detail(g.case_id);
  EXPECT_EQ(d["status"], "active");
  EXPECT_EQ(d["team"]["slug"], "intake");
  EXPECT_EQ(d["assignee"]["name"], "Nguyễn Thảo");
  EXPECT_TRUE(d["messages"].empty());
  for (const char* action : {"case.assign", "case.release", "case.transfer"})
    EXPECT_TRUE(h.audit(g.case_id, action).empty()) << action;
}

TEST(Handover, ReleaseReturnsTheChatToTheQueueAndDropsTheCloseRequest) {
  HandoverRelay h;
  const auto g = load_guests(h.relay, "intake", 1, "thao@demo.test")[0];
  ASSERT_EQ(h.relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), h.thao).status, 200);
  SseClient intake(h.relay.port(), h.layla);
  SseClient guest(h.relay.port(), g.cookie);
  ASSERT_TRUE(intake.wait_connected());
  ASSERT_TRUE(guest.wait_connected());

  const auto r = h.release(g.case_id, h.thao);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "waiting");
  EXPECT_TRUE(r.body["assignee"].is_null());
  const std::string text = "Nguyễn Thảo returned this chat to the queue";
  EXPECT_EQ(system_texts(r.body).back(), text);
  for (auto* s : {&intake, &guest})
    ASSERT_TRUE(s->wait_for([&](const auto& evs) {
      return has_message_text(evs, g.case_id, text) &&
             has_case_event(evs, g.case_id, [](const json& c) { return c["status"] == "waiting"; });
    })) << s->raw();
  const auto queue = h.relay.get("/api/v1/staff/queue", h.layla);
  ASSERT_EQ(queue.body["cases"].size(), 1u);
  EXPECT_EQ(queue.body["cases"][0]["id"], g.case_id);
  const auto rows = h.audit(g.case_id, "case.release");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["object"], "case:" + g.case_id + " from:staff:" + h.id_of(h.thao));

  // Released twice: Nguyễn Thảo no longer holds it (403); for an admin it is already waiting (409).
  EXPECT_EQ(h.release(g.case_id, h.thao).status, 403);
  const auto twice = h.release(g.case_id, h.ada);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.error_code(), "conflict");
  EXPECT_EQ(h.assign(g.case_id, h.id_of(h.layla), h.ada).error_code(), "conflict");  // claim, not assign

  // The close request went with it: eight days on, the case still waits.
  h.relay.advance_clock(8 * 86400);
  const auto admin = h.relay.staff_cookie("admin@demo.test");
  EXPECT_EQ(h.relay.get("/api/v1/cases/" + g.case_id, admin).body["status"], "waiting");
  // And it is claimed like any waiting case.
  const auto claimed = h.relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), admin);
  EXPECT_EQ(claimed.status, 200) << claimed.raw;
}

TEST(Handover, TransferMovesTheChatAndEachSideHearsWhatItMay) {
  HandoverRelay h;
  const auto g = load_guests(h.relay, "intake", 1, "thao@demo.test")[0];
  const auto marker = load_guests(h.relay, "intake", 1)[0];  // claimed later: an event after everything else
  // Something said before, so the replay below has old messages to withhold.
  ASSERT_EQ(h.relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("g1", "Γεια σας"), g.cookie).status,
            201);
  SseClient intake(h.relay.port(), h.layla);
  SseClient lab(h.relay.port(), h.fang);
  SseClient guest(h.relay.port(), g.cookie);
  for (auto* s : {&intake, &lab, &guest}) ASSERT_TRUE(s->wait_connected());

  const auto r = h.transfer(g.case_id, "xet-nghiem", h.thao);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "waiting");
  EXPECT_TRUE(r.body["assignee"].is_null());
  EXPECT_EQ(r.body["team"], (json{{"slug", "xet-nghiem"}, {"name", kNewTeamName}}));
  const std::string text = "Nguyễn Thảo transferred this chat from Intake Team to " + kNewTeamName;
  EXPECT_EQ(system_texts(r.body).back(), text);

  const auto moved = [&](const json& c) { return c["team"]["slug"] == "xet-nghiem" && c["status"] == "waiting"; };
  // The old team learns the case left (its summary names the new team), without the message.
  ASSERT_TRUE(intake.wait_for([&](const auto& evs) { return has_case_event(evs, g.case_id, moved); })) << intake.raw();
  // The new team gets it as a waiting case, with the message.
  ASSERT_TRUE(lab.wait_for([&](const auto& evs) {
    return has_message_text(evs, g.case_id, text) && has_case_event(evs, g.case_id, moved);
  })) << lab.raw();
  // The guest sees the new team's name, once.
  ASSERT_TRUE(guest.wait_for([&](const auto& evs) {
    return has_message_text(evs, g.case_id, text) &&
           has_case_event(evs, g.case_id, [&](const json& c) { return c["team"]["name"] == kNewTeamName; });
  })) << guest.raw();
  // The departure came before the message, so a second case event for the guest would be here by now.
  EXPECT_EQ(case_events(guest.events(), g.case_id), 1);
  // A later event of the old team: once it arrived, the message would have too.
  ASSERT_EQ(h.relay.post("/api/v1/staff/cases/" + marker.case_id + "/claim", json::object(), h.ivy).status, 200);
  ASSERT_TRUE(intake.wait_for([&](const auto& evs) { return has_case_event(evs, marker.case_id); }));
  EXPECT_FALSE(has_message_text(intake.events(), g.case_id, text)) << intake.raw();
  EXPECT_EQ(case_events(intake.events(), g.case_id), 1);

  // Views: the guest's summary and detail name the new team; the old team
  // (and the former assignee) can no longer see the case; the new one can.
  EXPECT_EQ(h.relay.get("/api/v1/guest/cases", g.cookie).body["cases"][0]["team"]["name"], kNewTeamName);
  EXPECT_EQ(h.relay.get("/api/v1/cases/" + g.case_id, g.cookie).body["team"]["name"], kNewTeamName);
  EXPECT_EQ(h.relay.get("/api/v1/cases/" + g.case_id, h.thao).status, 404);
  EXPECT_EQ(h.relay.get("/api/v1/cases/" + g.case_id, h.layla).status, 404);
  EXPECT_TRUE(h.relay.get("/api/v1/staff/queue", h.layla).body["cases"].empty());
  const auto lab_queue = h.relay.get("/api/v1/staff/queue", h.fang);
  ASSERT_EQ(lab_queue.body["cases"].size(), 1u);
  EXPECT_EQ(lab_queue.body["cases"][0]["id"], g.case_id);

  const auto rows = h.audit(g.case_id, "case.transfer");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["object"], "case:" + g.case_id + " from:team:intake to:team:xet-nghiem assignee:staff:" +
                                   h.id_of(h.thao));

  // Replay of the whole log (Last-Event-ID: 0): the old team gets the
  // departure and none of the case's messages (it may no longer see them);
  // the new team the case as it may see it now; the guest its own, once.
  const httplib::Headers from_start{{"Last-Event-ID", "0"}};
  SseClient intake_again(h.relay.port(), h.layla, from_start);
  SseClient lab_again(h.relay.port(), h.fang, from_start);
  SseClient guest_again(h.relay.port(), g.cookie, from_start);
  ASSERT_TRUE(lab_again.wait_for([&](const auto& evs) {
    return has_message_text(evs, g.case_id, text) && has_case_event(evs, g.case_id, moved);
  })) << lab_again.raw();
  ASSERT_TRUE(guest_again.wait_for([&](const auto& evs) {
    return has_message_text(evs, g.case_id, text) && has_case_event(evs, g.case_id);
  })) << guest_again.raw();
  EXPECT_EQ(case_events(guest_again.events(), g.case_id), 1);
  // The marker's claim is the newest event: once it arrived, the replay is complete.
  ASSERT_TRUE(intake_again.wait_for([&](const auto& evs) { return has_case_event(evs, marker.case_id); }))
      << intake_again.raw();
  EXPECT_TRUE(message_seqs(intake_again.events(), g.case_id).empty()) << intake_again.raw();
  EXPECT_EQ(case_events(intake_again.events(), g.case_id), 1);
  EXPECT_TRUE(has_case_event(intake_again.events(), g.case_id, moved));
  EXPECT_FALSE(has_case_event(lab_again.events(), marker.case_id));  // not theirs

  // The new team works it as any waiting case.
  EXPECT_EQ(h.relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), h.fang).status, 200);
}

TEST(Handover, AnyMemberOfItsTeamMayTransferAWaitingChat) {
  HandoverRelay h;
  const auto g = load_guests(h.relay, "intake", 1)[0];  // waiting, nobody holds it
  const auto r = h.transfer(g.case_id, "results", h.layla);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(system_texts(r.body).back(), "ليلى الحسن transferred this chat from Intake Team to Results Team");
  // And back by a member of the new team.
  const auto back = h.transfer(g.case_id, "intake", h.giorgos);
  ASSERT_EQ(back.status, 200) << back.raw;
  EXPECT_EQ(system_texts(back.body).back(),
            "Γιώργος Παπαδόπουλος transferred this chat from Results Team to Intake Team");
  EXPECT_EQ(h.audit(g.case_id, "case.transfer").size(), 2u);

  // Once claimed, only its assignee or an admin.
  ASSERT_EQ(h.relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), h.thao).status, 200);
  EXPECT_EQ(h.transfer(g.case_id, "results", h.layla).status, 403);
  // Closed: the lifecycle's refusal for every hand-over, whoever asks.
  ASSERT_EQ(h.relay.post("/api/v1/cases/" + g.case_id + "/close", json::object(), g.cookie).status, 200);
  for (const auto& closed : {h.assign(g.case_id, h.id_of(h.layla), h.thao), h.release(g.case_id, h.thao),
                             h.transfer(g.case_id, "results", h.thao), h.transfer(g.case_id, "results", h.ada)}) {
    EXPECT_EQ(closed.status, 409) << closed.raw;
    EXPECT_EQ(closed.error_code(), "case_closed");
  }
}

TEST(Handover, ColleaguesListsEveryTeamOfTheOrganisationInNameOrder) {
  HandoverRelay h;
  const auto r = h.relay.get("/api/v1/staff/colleagues", h.thao);
  ASSERT_EQ(r.status, 200) << r.raw;
  const json expected = {
      {"teams",
       {{{"slug", "intake"},
         {"name", "Intake Team"},
         {"members",
          {{{"id", h.id_of(h.ada)}, {"name", "Ada Admin"}},
           {{"id", h.id_of(h.relay.staff_cookie("intake2@demo.test"))}, {"name", "Ian Intake"}},
           {{"id", h.id_of(h.ivy)}, {"name", "Ivy Intake"}},
           {{"id", h.id_of(h.thao)}, {"name", "Nguyễn Thảo"}},
           {{"id", h.id_of(h.layla)}, {"name", "ليلى الحسن"}}}}},
        {{"slug", "results"},
         {"name", "Results Team"},
         {"members",
          {{{"id", h.id_of(h.ada)}, {"name", "Ada Admin"}},
           {{"id", h.id_of(h.rita)}, {"name", "Rita Results"}},
           {{"id", h.id_of(h.giorgos)}, {"name", "Γιώργος Παπαδόπουλος"}}}}},
        {{"slug", "xet-nghiem"},
         {"name", kNewTeamName},
         {"members", {{{"id", h.id_of(h.fang)}, {"name", "王芳 🌸"}}}}}}}};
  EXPECT_EQ(r.body, expected) << r.body.dump(2);
  // The same for every member; another organisation sees only its own.
  EXPECT_EQ(h.relay.get("/api/v1/staff/colleagues", h.fang).body, expected);
  const auto other = h.relay.get("/api/v1/staff/colleagues", h.otto);
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.body, (json{{"teams",
                               {{{"slug", "other"},
                                 {"name", "Other Team"},
                                 {"members", {{{"id", h.id_of(h.otto)}, {"name", "Otto Other"}}}}}}}}));
}

// Hand-overs racing on one case: Mai, who holds it (in both teams, not an
// admin, so she can still see the case wherever it goes), hands it to Ian,
// returns it to the queue and transfers it, all at once, from several
// connections (and in the pg run through two relays on one database).
// Whatever the timing, exactly one changes the case: the others find it
// changed hands (409) or that Mai no longer holds it (403).
TEST(Handover, ConcurrentHandOversHaveExactlyOneWinner) {
  const bool pg = !test_pg_server().empty();
  RelayProcess::Options o;
  if (pg) o.store_url = create_test_database();  // two relays on one PostgreSQL database
  auto a = std::make_unique<RelayProcess>(o);
  a->stop();
  ASSERT_EQ(run_admin(a->data_dir(),
                      "create-staff demo-health mai@demo.test 'Mai Nguyễn 🌿' --team intake --team results",
                      std::string(kPassword) + "\n", a->store_url()),
            0);
  a->restart();
  // SQLite: one relay (two cannot share its file). The second opens the
  // first's sealed text with the first's key.
  std::unique_ptr<RelayProcess> b;
  if (pg) {
    o.extra_args = {"--attachment-key-file", a->data_dir() + "/attachment.key"};
    b = std::make_unique<RelayProcess>(o);
  }
  const std::vector<const RelayProcess*> relays = pg ? std::vector<const RelayProcess*>{a.get(), b.get()}
                                                     : std::vector<const RelayProcess*>{a.get()};
  std::vector<std::string> mai;  // Mai's session on each relay
  for (const auto* r : relays) mai.push_back(r->staff_cookie("mai@demo.test", kPassword));
  const std::string ian_id = a->get("/api/v1/staff/me", a->staff_cookie("intake2@demo.test")).body["staff"]["id"];
  const std::string ada = a->staff_cookie("admin@demo.test");

  constexpr int kRounds = 12;
  constexpr int kRequests = 9;  // three of each hand-over
  const auto guests = load_guests(*a, "intake", kRounds, "mai@demo.test");
  for (const auto& g : guests) {
    std::latch start(kRequests);
    std::vector<int> status(kRequests, 0);
    std::vector<std::string> code(kRequests);
    std::vector<std::thread> threads;
    for (int i = 0; i < kRequests; ++i) {
      threads.emplace_back([&, i] {
        const std::size_t k = static_cast<std::size_t>(i) % relays.size();
        httplib::Client c("127.0.0.1", relays[k]->port());
        c.set_read_timeout(60);
        const httplib::Headers hd{{"Cookie", mai[k]}};
        const std::string base = "/api/v1/staff/cases/" + g.case_id;
        start.arrive_and_wait();  // all fire together
        const auto res = [&] {
          switch (i % 3) {
            case 0: return c.Post(base + "/assign", hd, json{{"staff_id", ian_id}}.dump(), "application/json");
            case 1: return c.Post(base + "/release", hd, "{}", "application/json");
            default: return c.Post(base + "/transfer", hd, json{{"team", "results"}}.dump(), "application/json");
          }
        }();
        if (!res) return;
        status[static_cast<std::size_t>(i)] = res->status;
        const auto body = json::parse(res->body, nullptr, false);
        if (body.is_object() && body.contains("error")) code[static_cast<std::size_t>(i)] = body["error"]["code"];
      });
    }
    for (auto& t : threads) t.join();

    int winners = 0;
    for (int i = 0; i < kRequests; ++i) {
      const int s = status[static_cast<std::size_t>(i)];
      if (s == 200) {
        ++winners;
        continue;
      }
      EXPECT_TRUE(s == 409 || s == 403) << "request " << i << ": " << s << " " << code[static_cast<std::size_t>(i)];
      if (s == 409) EXPECT_EQ(code[static_cast<std::size_t>(i)], "conflict") << "request " << i;
    }
    EXPECT_EQ(winners, 1) << "case " << g.case_id;
    // One change: one system message, one audit row.
    const auto d = a->get("/api/v1/cases/" + g.case_id, ada);
    ASSERT_EQ(d.status, 200) << d.raw;
    EXPECT_EQ(system_texts(d.body).size(), 1u) << d.raw;
    int rows = 0;
    const auto audit = a->get("/api/v1/admin/audit?case_id=" + g.case_id, ada);  // kept: the loop reads into it
    for (const auto& e : audit.body["entries"])
      if (e["action"] == "case.assign" || e["action"] == "case.release" || e["action"] == "case.transfer") ++rows;
    EXPECT_EQ(rows, 1) << audit.raw;
  }
}

// A claim racing a transfer of the same waiting case: whichever commits
// first, the case ends consistent — claimed by Ivy in her team, or waiting in
// the other team with nobody holding it — never claimed by an intake member
// after it moved to results. The loser gets 409, or 403 (the transfer, when
// the case is already claimed), or 404 (the claim, read after the case left
// Ivy's team: she can no longer see it).
TEST(Handover, AClaimAndATransferRacingLeaveTheCaseConsistent) {
  RelayProcess relay;
  const std::string ivy = relay.staff_cookie("intake1@demo.test");
  const std::string ian = relay.staff_cookie("intake2@demo.test");
  const std::string ada = relay.staff_cookie("admin@demo.test");
  constexpr int kRounds = 10;
  int claims_won = 0, transfers_won = 0;
  for (const auto& g : load_guests(relay, "intake", kRounds)) {
    std::latch start(2);
    int claim_status = 0, transfer_status = 0;
    std::thread claim([&] {
      auto c = relay.client();
      c.set_read_timeout(60);
      start.arrive_and_wait();
      const httplib::Headers hd{{"Cookie", ivy}};
      const auto r = c.Post("/api/v1/staff/cases/" + g.case_id + "/claim", hd, "{}", "application/json");
      if (r) claim_status = r->status;
    });
    std::thread transfer([&] {
      auto c = relay.client();
      c.set_read_timeout(60);
      start.arrive_and_wait();
      const httplib::Headers hd{{"Cookie", ian}};
      const std::string body = json{{"team", "results"}}.dump();
      const auto r = c.Post("/api/v1/staff/cases/" + g.case_id + "/transfer", hd, body, "application/json");
      if (r) transfer_status = r->status;
    });
    claim.join();
    transfer.join();
    EXPECT_EQ((claim_status == 200) + (transfer_status == 200), 1) << claim_status << " " << transfer_status;
    const auto d = relay.get("/api/v1/cases/" + g.case_id, ada).body;
    if (claim_status == 200) {
      ++claims_won;
      EXPECT_TRUE(transfer_status == 409 || transfer_status == 403) << transfer_status;
      EXPECT_EQ(d["status"], "active");
      EXPECT_EQ(d["team"]["slug"], "intake");
      EXPECT_EQ(d["assignee"]["name"], "Ivy Intake");
    } else {
      ++transfers_won;
      EXPECT_TRUE(claim_status == 409 || claim_status == 404) << claim_status;
      EXPECT_EQ(d["status"], "waiting");
      EXPECT_EQ(d["team"]["slug"], "results");
      EXPECT_TRUE(d["assignee"].is_null());
    }
  }
  EXPECT_EQ(claims_won + transfers_won, kRounds);
}
