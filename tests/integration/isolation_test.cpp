// Isolation: another guest, another team and another organisation get 404 for
// a case and everything under it, and its live events never reach them.
#include <gtest/gtest.h>

#include "case_helpers.hpp"

using namespace foxo::test;

namespace {

struct World {
  RelayProcess relay;
  FixtureGuest owner, other_guest, foreign_guest;
  std::string ivy, rita, otto, admin;
  World() {
    owner = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
    other_guest = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
    foreign_guest = load_guests(relay, "other", 1, "other1@demo.test")[0];  // another organisation
    ivy = relay.staff_cookie("intake1@demo.test");
    rita = relay.staff_cookie("results1@demo.test");   // another team
    otto = relay.staff_cookie("other1@demo.test");     // another organisation
    admin = relay.staff_cookie("admin@demo.test");
  }
};

// Every route under a case answers 404 not_found to `cookie`, exactly as for a case that does not exist.
void expect_all_404(const RelayProcess& relay, const std::string& case_id, const std::string& cookie,
                    const std::string& who) {
  const auto missing = relay.get("/api/v1/cases/doesnotexist", cookie);
  ASSERT_EQ(missing.status, 404) << who;
  const std::string base = "/api/v1/cases/" + case_id;
  std::vector<Reply> replies{
      relay.get(base, cookie),
      relay.get(base + "?after=0", cookie),
      relay.post(base + "/messages", message_body("x1", "你好？"), cookie),
      relay.post(base + "/seen", {{"seq", 1}}, cookie),
  };
  for (std::size_t i = 0; i < replies.size(); ++i) {
    EXPECT_EQ(replies[i].status, 404) << who << " request " << i << ": " << replies[i].raw;
    EXPECT_EQ(replies[i].error_code(), "not_found") << who << " request " << i;
    EXPECT_EQ(replies[i].raw, missing.raw) << who << " request " << i;  // no existence leak
  }
}

}  // namespace

TEST(Isolation, AnotherGuestGets404ForTheCaseAndEverythingUnderIt) {
  World w;
  ASSERT_EQ(w.relay.post("/api/v1/cases/" + w.owner.case_id + "/messages", message_body("m1", "riêng tư 🔒"), w.owner.cookie)
                .status,
            201);
  expect_all_404(w.relay, w.owner.case_id, w.other_guest.cookie, "other guest");
  const auto close = w.relay.post("/api/v1/cases/" + w.owner.case_id + "/close", json::object(), w.other_guest.cookie);
  EXPECT_EQ(close.status, 404);
  // Nothing they did reached the case.
  const auto d = w.relay.get("/api/v1/cases/" + w.owner.case_id, w.owner.cookie);
  EXPECT_EQ(d.body["messages"].size(), 1u);
  EXPECT_EQ(d.body["status"], "active");
}

TEST(Isolation, AnotherTeamGets404) {
  World w;
  expect_all_404(w.relay, w.owner.case_id, w.rita, "other team");
  EXPECT_EQ(w.relay.post("/api/v1/staff/cases/" + w.owner.case_id + "/claim", json::object(), w.rita).status, 404);
  EXPECT_EQ(w.relay.post("/api/v1/staff/cases/" + w.owner.case_id + "/request-close", json::object(), w.rita).status,
            404);
  EXPECT_TRUE(w.relay.get("/api/v1/staff/cases?status=all", w.rita).body["cases"].empty());
  // The admin is in both teams: sees it.
  EXPECT_EQ(w.relay.get("/api/v1/cases/" + w.owner.case_id, w.admin).status, 200);
}

TEST(Isolation, AnotherOrganisationGets404) {
  World w;
  expect_all_404(w.relay, w.owner.case_id, w.otto, "other organisation's staff");
  expect_all_404(w.relay, w.owner.case_id, w.foreign_guest.cookie, "other organisation's guest");
  EXPECT_EQ(w.relay.post("/api/v1/staff/cases/" + w.owner.case_id + "/claim", json::object(), w.otto).status, 404);
  // And the other way round: our admin cannot see theirs.
  expect_all_404(w.relay, w.foreign_guest.case_id, w.admin, "our admin on their case");
  expect_all_404(w.relay, w.foreign_guest.case_id, w.owner.cookie, "our guest on their case");
  // Their staff lists hold only their cases.
  // The reply is kept in a local: a range-for over a member of the temporary
  // would iterate freed memory (ASan found it).
  const auto theirs = w.relay.get("/api/v1/staff/cases?status=all", w.otto);
  ASSERT_EQ(theirs.status, 200);
  ASSERT_FALSE(theirs.body.at("cases").empty());
  for (const auto& c : theirs.body.at("cases")) EXPECT_EQ(c["team"]["slug"], "other");
  // A guest of another organisation cannot open a case with our teams.
  const auto r = w.relay.post("/api/v1/guest/cases",
                              {{"team", "intake"}, {"subject", "x"}, {"identifiers", {{"practice_name", "y"}}}},
                              w.foreign_guest.cookie);
  EXPECT_EQ(r.status, 404);
}

TEST(Isolation, LiveEventsNeverLeak) {
  World w;
  const int port = w.relay.port();
  SseClient owner(port, w.owner.cookie), ivy(port, w.ivy);
  SseClient other_guest(port, w.other_guest.cookie), rita(port, w.rita), otto(port, w.otto),
      foreign_guest(port, w.foreign_guest.cookie);
  for (auto* s : {&owner, &ivy, &other_guest, &rita, &otto, &foreign_guest}) ASSERT_TRUE(s->wait_connected());

  // Everything that can happen to the owner's case.
  const std::string base = "/api/v1/cases/" + w.owner.case_id;
  ASSERT_EQ(w.relay.post(base + "/messages", message_body("g1", "secret 1 bí mật 🤫"), w.owner.cookie).status, 201);
  ASSERT_EQ(w.relay.post(base + "/messages", message_body("s1", "secret 2 秘密"), w.ivy).status, 201);
  ASSERT_EQ(w.relay.post("/api/v1/staff/cases/" + w.owner.case_id + "/request-close", json::object(), w.ivy).status, 200);
  ASSERT_EQ(w.relay.post(base + "/close", json::object(), w.owner.cookie).status, 200);
  // A new waiting case for intake (the queue): intake staff see it, nobody else.
  const auto queued = w.relay.post("/api/v1/guest/cases",
                                   {{"team", "intake"}, {"subject", "đang chờ ⏳"}, {"identifiers", {{"practice_name", "y"}}}},
                                   w.owner.cookie);
  ASSERT_EQ(queued.status, 201);

  // Then one sentinel event each of the others may see; events arrive in id
  // order, so once a stream has its sentinel, anything leaked would be there.
  ASSERT_EQ(w.relay.post("/api/v1/cases/" + w.other_guest.case_id + "/messages", message_body("sent", "mine"),
                         w.other_guest.cookie).status, 201);
  ASSERT_EQ(w.relay.post("/api/v1/cases/" + w.foreign_guest.case_id + "/messages", message_body("sent", "mine"),
                         w.foreign_guest.cookie).status, 201);
  const auto rita_case = load_guests(w.relay, "results", 1)[0];
  ASSERT_EQ(w.relay.post("/api/v1/cases/" + rita_case.case_id + "/close", json::object(), rita_case.cookie).status, 200);

  auto has_case = [](const std::string& id) {
    return [id](const std::vector<SseClient::Event>& evs) {
      for (const auto& e : evs)
        if ((e.event == "message" ? e.data.value("case_id", "") : e.data.value("id", "")) == id) return true;
      return false;
    };
  };
  ASSERT_TRUE(other_guest.wait_for(has_case(w.other_guest.case_id)));
  ASSERT_TRUE(otto.wait_for(has_case(w.foreign_guest.case_id)));
  ASSERT_TRUE(foreign_guest.wait_for(has_case(w.foreign_guest.case_id)));
  ASSERT_TRUE(rita.wait_for(has_case(rita_case.case_id)));
  ASSERT_TRUE(ivy.wait_for(has_case(w.other_guest.case_id)));  // intake sees intake's cases
  ASSERT_TRUE(ivy.wait_for(has_case(queued.body["id"])));
  ASSERT_TRUE(owner.wait_for(has_case(queued.body["id"])));

  const std::string secret = w.owner.case_id;
  for (auto* s : {&other_guest, &rita, &otto, &foreign_guest}) {
    EXPECT_FALSE(has_case(secret)(s->events()));
    EXPECT_EQ(s->raw().find("secret"), std::string::npos);
    EXPECT_EQ(s->raw().find(secret), std::string::npos);
  }
  for (auto* s : {&rita, &otto, &foreign_guest, &other_guest}) EXPECT_FALSE(has_case(queued.body["id"])(s->events()));
  EXPECT_FALSE(has_case(rita_case.case_id)(ivy.events()));
  EXPECT_FALSE(has_case(rita_case.case_id)(owner.events()));
  EXPECT_TRUE(has_case(secret)(owner.events()));
  EXPECT_TRUE(has_case(secret)(ivy.events()));

  // Replaying the whole log leaks nothing either: each replay ends with that
  // stream's own latest event, so waiting for it means the replay is complete.
  const std::vector<std::pair<std::string, std::string>> replays{
      {w.other_guest.cookie, w.other_guest.case_id},
      {w.rita, rita_case.case_id},
      {w.otto, w.foreign_guest.case_id},
      {w.foreign_guest.cookie, w.foreign_guest.case_id}};
  for (const auto& [cookie, own] : replays) {
    SseClient replay(port, cookie, {{"Last-Event-ID", "0"}});
    ASSERT_TRUE(replay.wait_for(has_case(own)));
    EXPECT_EQ(replay.raw().find(secret), std::string::npos);
    EXPECT_EQ(replay.raw().find("secret"), std::string::npos);
  }
}
